import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { Prisma, PrismaClient } from './generated/prisma/client.js';

export interface DatabaseClientOptions {
  /** A PostgreSQL connection URL. */
  url: string;
  /** The most connections this process holds open at once. */
  poolSize?: number;
  /** How long a query waits for a connection (a new one, or a free one from the pool). */
  connectTimeoutMs?: number;
  /** How long PostgreSQL lets one statement run before cancelling it. */
  statementTimeoutMs?: number;
  /**
   * Told when an idle connection drops (the database restarted, say). The
   * pool has already let it go and the next query opens a new one.
   */
  onIdleConnectionLost?: (error: Error) => void;
}

/** What one SQL statement gave: its rows, and how many rows it changed. */
export interface SqlResult<Row> {
  rows: Row[];
  rowCount: number;
}

/**
 * The Prisma client, plus `sql` for the hot paths: one statement straight on
 * the pool that Prisma itself uses. Prisma 6's client plans every query,
 * raw ones included, in WebAssembly on the event loop and then converts each
 * value; on a timeline of 100 messages that halved the API's throughput
 * (measured with `pnpm bench`), so the requests the simulator makes by the
 * thousand skip it.
 */
export class DatabaseClient extends PrismaClient {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    super({ adapter: new PrismaPg(pool) });
    this.#pool = pool;
  }

  /** Closes Prisma's side, then the pool, which is ours (Prisma may never have opened it). */
  override async $disconnect(): Promise<void> {
    await super.$disconnect();
    if (!this.#pool.ended) await this.#pool.end();
  }

  /**
   * Runs one statement, its values passed as parameters (never spliced into
   * the text); fragments built with `Prisma.sql` may be nested. Values come
   * back as node-postgres parses them: timestamps as `Date`, bigints as strings.
   */
  async sql<Row>(strings: TemplateStringsArray, ...values: unknown[]): Promise<SqlResult<Row>> {
    const statement = Prisma.sql(strings, ...values);
    const result = await this.#pool.query(statement.text, statement.values);
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
  }
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
  onIdleConnectionLost,
}: DatabaseClientOptions): DatabaseClient {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: connectTimeoutMs,
    statement_timeout: statementTimeoutMs,
    query_timeout: statementTimeoutMs + queryTimeoutMarginMs,
  });
  // Always listened to: unheard, this event would end the process.
  pool.on('error', (error) => onIdleConnectionLost?.(error));
  return new DatabaseClient(pool);
}
