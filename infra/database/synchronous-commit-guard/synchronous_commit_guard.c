/*
 * synchronous_commit_guard: a transaction that wrote something may commit
 * only while synchronous_commit waits for the synchronous standby (on or
 * remote_apply), for every role but a superuser.
 *
 * With synchronous_mode_strict, Patroni never acknowledges a commit that one
 * host alone holds, but synchronous_commit is a setting any role may lower
 * (SET, set_config, PGOPTIONS, ALTER ROLE ... SET): a commit with 'local' or
 * 'off' returns at once, and a primary that has lost its lease then keeps
 * writes that pg_rewind discards when it rejoins. PostgreSQL cannot revoke
 * the right to set it, so this library checks it where it matters, as the
 * transaction commits, whichever way it was set. Superusers are exempt:
 * Patroni's bootstrap commits with 'local' before any standby exists, and a
 * superuser could unload this library anyway.
 *
 * Loaded through shared_preload_libraries (infra/database/patroni.yml).
 */
#include "postgres.h"

#include "access/xact.h"
#include "fmgr.h"
#include "miscadmin.h"

PG_MODULE_MAGIC;

void _PG_init(void);

static void
refuse_commit_without_standby(XactEvent event, void *arg)
{
	if (event != XACT_EVENT_PRE_COMMIT && event != XACT_EVENT_PRE_PREPARE)
		return;
	/* Autovacuum and other background processes commit with 'local' by design. */
	if (MyBackendType != B_BACKEND)
		return;
	if (synchronous_commit >= SYNCHRONOUS_COMMIT_REMOTE_FLUSH)
		return;
	/* Without a transaction id nothing is committed that a standby must hold. */
	if (!TransactionIdIsValid(GetTopTransactionIdIfAny()))
		return;
	if (superuser_arg(GetSessionUserId()))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("synchronous_commit may not be lowered below \"on\" for a write"),
			 errdetail("A commit that only this host holds can be lost in a failover."),
			 errhint("Leave synchronous_commit at its default.")));
}

void
_PG_init(void)
{
	RegisterXactCallback(refuse_commit_without_standby, NULL);
}
