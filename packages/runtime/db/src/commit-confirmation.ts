import type pg from 'pg';

/**
 * PostgreSQL's warning when a commit stopped waiting for the synchronous
 * standby (a cancel, or the server terminating the connection; not the
 * statement timeout, whose timer stops before the commit): the transaction
 * has committed on this host alone, and the statement still reports success.
 */
const standbyWaitCancelled = 'wait for synchronous replication';

/**
 * A write PostgreSQL committed on one host without the synchronous standby
 * confirming it: it is lost if that host fails before the standby catches
 * up, so it must not be acknowledged. Answered as the database being
 * unavailable (503), like a connection lost during COMMIT.
 */
export class UnconfirmedCommitError extends Error {
  constructor(warning: string) {
    super(`the commit's outcome is unknown: ${warning}`);
    this.name = 'UnconfirmedCommitError';
  }
}

/**
 * Runs `statement` on `connection` and throws UnconfirmedCommitError when
 * its commit (an explicit COMMIT, or the implicit one of a single
 * statement) was not confirmed by the synchronous standby.
 */
export async function withConfirmedCommit<T>(
  connection: pg.ClientBase,
  statement: () => Promise<T>,
): Promise<T> {
  let warning: string | undefined;
  const listen = (notice: { message?: string }) => {
    if (notice.message?.includes(standbyWaitCancelled)) warning = notice.message;
  };
  connection.on('notice', listen);
  try {
    const result = await statement();
    if (warning !== undefined) throw new UnconfirmedCommitError(warning);
    return result;
  } finally {
    connection.off('notice', listen);
  }
}
