import pg from 'pg';
import { UnconfirmedCommitError } from './commit-confirmation.js';

// PostgreSQL SQLSTATEs: the server is shutting down or starting up (57P0x), a
// statement ran past statement_timeout (57014), too many connections (53300),
// a write reached a server that is (no longer) the primary (25006: during a
// failover, before the proxy in front has moved to the new one).
const unavailableStates = new Set(['57P01', '57P02', '57P03', '57014', '53300', '25006']);
const isUnavailableState = (code: unknown) =>
  typeof code === 'string' && (code.startsWith('08') || unavailableStates.has(code));
// How Node reports a server it cannot reach or a connection that broke.
const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// node-postgres gives these errors no code: a connection attempt or a query
// that timed out, or a connection that dropped.
const driverTimeouts =
  /^(Connection terminated|timeout exceeded when trying to connect|Query read timeout)/;

/** Seconds a client should wait before retrying a request refused for `isDatabaseUnavailable`. */
export const unavailableRetrySeconds = 5;

/**
 * True when a query failed because the database is unreachable, restarting
 * or too slow to answer in time: not the request's fault, and worth retrying
 * later (503), unlike a bug (500).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof UnconfirmedCommitError) return true;
  if (error instanceof pg.DatabaseError) return isUnavailableState(error.code);
  if (!(error instanceof Error)) return false;
  if ('code' in error && typeof error.code === 'string' && networkCodes.has(error.code)) {
    return true;
  }
  return driverTimeouts.test(error.message);
}

/** True when PostgreSQL itself ended the connection: it shuts down, or an operator ended it (57P01). */
export function isEndedByDatabase(error: unknown): boolean {
  return error instanceof pg.DatabaseError && error.code === '57P01';
}

/**
 * What an operator needs to read when a service cannot start because of its
 * database, in one line: node-postgres' own words (they name the host, the
 * user or the database), then what to check in `variable`, the setting that
 * holds the URL. Undefined when `error` is not about reaching the database.
 */
export function databaseStartupProblem(error: unknown, variable: string): string | undefined {
  if (error instanceof pg.DatabaseError && ['28P01', '28000'].includes(error.code ?? '')) {
    return `the database refused ${variable}'s user or password (${error.message}): check them`;
  }
  if (error instanceof pg.DatabaseError && error.code === '3D000') {
    return `${error.message}: create it, or name the right database in ${variable}`;
  }
  // A Unix socket that is not there (the proxy's) says ENOENT.
  const missingSocket = error instanceof Error && /ENOENT .*\.s\.PGSQL/.test(error.message);
  if (missingSocket || isDatabaseUnavailable(error)) {
    const reason = error instanceof Error ? error.message : String(error);
    return (
      `cannot reach the database of ${variable} (${reason}): is PostgreSQL running there, ` +
      `and are the URL's host and port right?`
    );
  }
  return undefined;
}

/** The error a service's start-up throws: `databaseStartupProblem` in its message (the cause kept), or `error` itself. */
export function databaseStartupError(error: unknown, variable: string): unknown {
  const problem = databaseStartupProblem(error, variable);
  return problem === undefined ? error : new Error(problem, { cause: error });
}
