import type { DatabaseClient } from './client.js';
import { Prisma } from './generated/prisma/client.js';

export interface RowCounts {
  users: number;
  messages: number;
  follows: number;
}

/**
 * How many users, messages and follows there are, cheaply: the planner's own
 * estimate (rows per page at the last ANALYZE times the table's pages now),
 * read from pg_class without touching the tables. A table with no estimate
 * (never analyzed, or empty when last analyzed) is counted exactly instead,
 * which is cheap just then: autovacuum analyzes a table soon after its first
 * 50 rows.
 */
export async function estimateRowCounts(db: DatabaseClient): Promise<RowCounts> {
  const { rows } = await db.sql<{ table: string; estimate: number | null }>`
    SELECT c.relname AS "table",
      CASE WHEN c.reltuples < 0 OR c.relpages = 0 THEN NULL
        ELSE c.reltuples / c.relpages
          * (pg_relation_size(c.oid) / current_setting('block_size')::integer)
      END::float8 AS estimate
    FROM pg_class c
    WHERE c.oid IN ('users'::regclass, 'messages'::regclass, 'follows'::regclass)`;
  const estimates = new Map(rows.map((row) => [row.table, row.estimate]));
  const countOf = async (table: keyof RowCounts) => {
    const estimate = estimates.get(table);
    return typeof estimate === 'number' ? Math.round(estimate) : countRows(db, table);
  };
  const [users, messages, follows] = await Promise.all([
    countOf('users'),
    countOf('messages'),
    countOf('follows'),
  ]);
  return { users, messages, follows };
}

/** How many rows a table has, exactly (a scan: cheap on small tables only). */
export async function countRows(db: DatabaseClient, table: keyof RowCounts): Promise<number> {
  // The name is one of three known tables, never a client's text.
  const { rows } = await db.sql<{ count: number }>`
    SELECT count(*)::integer AS count FROM ${Prisma.raw(table)}`;
  return rows[0]?.count ?? 0;
}

/** What the business gauges show beside the row counts: exact counts, of small sets. */
export interface AccountCounts {
  /** Users whose password hash is not argon2id yet (imported, not signed in since). */
  legacyPasswordHashes: number;
  /** Flags and unflags recorded. */
  flags: number;
  unflags: number;
}

/**
 * Counted exactly: the users (a scan of the one table that stays small next
 * to messages) and the moderation record (rare events).
 */
export async function countAccounts(db: DatabaseClient): Promise<AccountCounts> {
  const { rows } = await db.sql<AccountCounts>`
    SELECT
      (SELECT count(*) FROM users WHERE password_hash NOT LIKE '$argon2id$%')::integer
        AS "legacyPasswordHashes",
      (SELECT count(*) FROM moderation_actions WHERE flagged)::integer AS flags,
      (SELECT count(*) FROM moderation_actions WHERE NOT flagged)::integer AS unflags`;
  return rows[0] ?? { legacyPasswordHashes: 0, flags: 0, unflags: 0 };
}
