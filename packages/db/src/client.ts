import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.js';

export type DatabaseClient = PrismaClient;

export interface DatabaseClientOptions {
  /** A PostgreSQL connection URL. */
  url: string;
  /** The most connections this process holds open at once. */
  poolSize?: number;
  /** How long a query waits for a connection (a new one, or a free one from the pool). */
  connectTimeoutMs?: number;
  /** How long PostgreSQL lets one statement run before cancelling it. */
  statementTimeoutMs?: number;
}

/** A query the server should have cancelled by now has lost its server: give up a second later. */
const queryTimeoutMarginMs = 1_000;

/**
 * The one way both services open the database. Every wait is bounded, so an
 * unreachable or stuck database turns into an error within seconds (answered
 * 503) instead of requests piling up behind it.
 */
export function createDatabaseClient({
  url,
  poolSize = 10,
  connectTimeoutMs = 2_000,
  statementTimeoutMs = 5_000,
}: DatabaseClientOptions): DatabaseClient {
  const adapter = new PrismaPg({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: connectTimeoutMs,
    statement_timeout: statementTimeoutMs,
    query_timeout: statementTimeoutMs + queryTimeoutMarginMs,
  });
  return new PrismaClient({ adapter });
}
