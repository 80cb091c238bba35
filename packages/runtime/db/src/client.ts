import pg from 'pg';
import { withConfirmedCommit } from './commit-confirmation.js';
import { Prisma } from './generated/prisma/client.js';

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
 * The database as both services use it: one node-postgres pool and `sql`,
 * the one way to run a statement (see README.md for why not Prisma's client).
 */
export class DatabaseClient {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /**
   * Runs one statement, its values passed as parameters (never spliced into
   * the text); fragments built with `Prisma.sql` may be nested. Values come
   * back as node-postgres parses them: timestamps as `Date`, bigints as strings.
   * A write whose commit the synchronous standby did not confirm throws
   * (UnconfirmedCommitError), never reports success.
   */
  async sql<Row>(strings: TemplateStringsArray, ...values: unknown[]): Promise<SqlResult<Row>> {
    const statement = Prisma.sql(strings, ...values);
    const connection = await this.#pool.connect();
    let failure: Error | undefined;
    // A connection that drops during the statement also emits 'error' (the
    // statement fails too); unheard, that event would end the process.
    const lost = (error: Error) => {
      failure = error;
    };
    connection.on('error', lost);
    try {
      const result = await withConfirmedCommit(connection, () =>
        connection.query(statement.text, statement.values),
      );
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
    } catch (error) {
      failure = error as Error;
      throw error;
    } finally {
      connection.off('error', lost);
      // As the pool's own query does: a connection that saw an error is not reused.
      connection.release(failure);
    }
  }

  /** Waits for the statements in flight, then closes every connection. */
  async close(): Promise<void> {
    if (!this.#pool.ended) await this.#pool.end();
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
