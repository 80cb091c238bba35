import {
  createDatabaseClient,
  homeTimelineQuery,
  type HomeTimelineWay,
  lateralAuthorLimit,
} from '@minitwit/db';
import { percentile } from '@minitwit/simulator';

/** One way of reading one user's home timeline, as EXPLAIN (ANALYZE, BUFFERS) measured it. */
export interface HomeStatement {
  username: string;
  /** The user and everyone they follow. */
  authors: number;
  way: HomeTimelineWay;
  /** Whether the web reads it this way (lateralAuthorLimit). */
  chosen: boolean;
  /** The median of `runs` executions, after one that warms the cache. */
  executionMs: number;
  /** Shared buffers hit or read by the last execution. */
  buffers: number;
}

const runs = 5;
const ways: HomeTimelineWay[] = ['one scan', 'each author'];

interface Plan {
  'Execution Time': number;
  Plan: { 'Shared Hit Blocks': number; 'Shared Read Blocks': number };
}

/**
 * Both ways of reading each user's first home page (31 messages, as the web
 * reads it), side by side: the measurement behind lateralAuthorLimit.
 */
export async function explainHomeTimelines(
  url: string,
  usernames: string[],
): Promise<HomeStatement[]> {
  const db = createDatabaseClient({ url, poolSize: 1, statementTimeoutMs: 60_000 });
  try {
    const measured: HomeStatement[] = [];
    for (const username of usernames) {
      const { rows } = await db.sql<{ id: number }>`
        SELECT id FROM users WHERE username = ${username}
        UNION ALL
        SELECT followed_id FROM follows
        WHERE follower_id = (SELECT id FROM users WHERE username = ${username})`;
      const authorIds = rows.map(({ id }) => id);
      for (const way of ways) {
        const executions: number[] = [];
        let buffers = 0;
        for (let run = 0; run <= runs; run++) {
          const { rows: explained } = await db.sql<{ 'QUERY PLAN': Plan[] }>`
            EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)
            ${homeTimelineQuery(authorIds, { limit: 31 }, way)}`;
          const plan = explained[0]?.['QUERY PLAN'][0];
          if (!plan) throw new Error('EXPLAIN returned no plan');
          if (run > 0) executions.push(plan['Execution Time']);
          buffers = plan.Plan['Shared Hit Blocks'] + plan.Plan['Shared Read Blocks'];
        }
        measured.push({
          username,
          authors: authorIds.length,
          way,
          chosen: (authorIds.length > lateralAuthorLimit ? 'one scan' : 'each author') === way,
          executionMs: percentile(executions, 0.5),
          buffers,
        });
      }
    }
    return measured;
  } finally {
    await db.close();
  }
}
