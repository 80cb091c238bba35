import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eventually, freePort, startLocalPostgres } from '@minitwit/local-postgres';
import t from 'tap';
import { isDatabaseUnavailable, UnconfirmedCommitError } from '../src/index.js';
import { clientOn } from './helper.js';

// A primary whose synchronous standby is gone, as a failover or a partition
// leaves it: every commit waits for a standby that never answers. When that
// wait is cancelled, PostgreSQL keeps the commit on this host alone and
// reports success, with a warning. (The statement timeout does not end it:
// PostgreSQL stops that timer before it commits.)
const dataDir = await mkdtemp(path.join(tmpdir(), 'minitwit-no-standby-'));
const server = await startLocalPostgres({
  dataDir,
  port: await freePort(),
  throwaway: true,
  settings: { synchronous_commit: 'on', synchronous_standby_names: 'a_standby_that_never_comes' },
});
t.teardown(async () => {
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const db = clientOn(t, server.admin.url('postgres'), { poolSize: 1 });
const admin = clientOn(t, server.admin.url('postgres'), { poolSize: 1 });
// Set up without waiting (as Patroni's bootstrap does).
await db.sql`DO $$ BEGIN SET LOCAL synchronous_commit = local; CREATE TABLE writes (id int); END $$`;

t.test('a write the synchronous standby did not confirm is an error, not a success', async (t) => {
  const write = db.sql`INSERT INTO writes VALUES (1)`.then(
    () => undefined,
    (error: unknown) => error,
  );
  // An operator's pg_cancel_backend, or any cancel request, once the commit waits.
  const cancelled = await eventually(async () => {
    const { rows } = await admin.sql<{ cancelled: boolean }>`
      SELECT pg_cancel_backend(pid) AS cancelled FROM pg_stat_activity WHERE wait_event = 'SyncRep'`;
    return rows.length === 1;
  });
  t.ok(cancelled, 'the commit waited for the standby, and was cancelled');
  const failure = await write;
  t.type(failure, UnconfirmedCommitError, 'the statement throws');
  t.match(failure, { message: /outcome is unknown.*synchronous replication/ });
  t.ok(isDatabaseUnavailable(failure), 'answered 503, as a lost connection during COMMIT is');
  const reads = await db.sql<{ count: number }>`SELECT count(*)::int AS count FROM writes`;
  t.same(
    reads.rows,
    [{ count: 1 }],
    'the row is there on this host: why it is "unknown", not "failed"',
  );
});
