import pg from 'pg';
import { Prisma } from './generated/prisma/client.js';

// Prisma's own codes for a server it cannot reach, a connection it lost, or
// one it could not get in time.
const unreachableCodes = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
// What the pg driver adapter reports for the same.
const unreachableKinds = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);
// PostgreSQL SQLSTATEs: the server is shutting down or starting up (57P0x), a
// statement ran past statement_timeout (57014), too many connections (53300).
const unavailableStates = new Set(['57P01', '57P02', '57P03', '57014', '53300']);
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

interface DriverAdapterCause {
  kind?: unknown;
  code?: unknown;
}

/**
 * What the pg driver adapter reported: in a Prisma error's meta, or as the
 * adapter's own error, which Prisma passes on unwrapped inside transactions.
 */
function driverAdapterCause(error: unknown): DriverAdapterCause | undefined {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    const meta = error.meta as { driverAdapterError?: { cause?: DriverAdapterCause } } | undefined;
    return meta?.driverAdapterError?.cause;
  }
  if (error instanceof Error && error.name === 'DriverAdapterError') {
    return error.cause as DriverAdapterCause | undefined;
  }
  return undefined;
}

/** Seconds a client should wait before retrying a request refused for `isDatabaseUnavailable`. */
export const unavailableRetrySeconds = 5;

/**
 * True when a query failed because the database is unreachable, restarting
 * or too slow to answer in time: not the request's fault, and worth retrying
 * later (503), unlike a bug (500).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError && unreachableCodes.has(error.code)) {
    return true;
  }
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  const cause = driverAdapterCause(error);
  if (cause) {
    const { kind, code } = cause;
    if (typeof kind === 'string' && unreachableKinds.has(kind)) return true;
    return kind === 'postgres' && isUnavailableState(code);
  }
  // What `DatabaseClient.sql` passes on from node-postgres as it is.
  if (error instanceof pg.DatabaseError) return isUnavailableState(error.code);
  if (!(error instanceof Error)) return false;
  if ('code' in error && typeof error.code === 'string' && networkCodes.has(error.code)) {
    return true;
  }
  return driverTimeouts.test(error.message);
}
