import { setTimeout } from 'node:timers/promises';
import { percentile } from '@minitwit/simulator';

export interface Freshness {
  /** Messages written, and seen on the other replica. */
  written: number;
  seen: number;
  /** From the writer's answer to the other replica's first list that shows it. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface FreshnessProbe {
  /** The API replica written to, and its headers (credentials). */
  writer: string;
  headers: Record<string, string>;
  /** The message texts another replica shows now: polled back to back. */
  listed: () => Promise<string[]>;
  /** The author posted as. */
  username: string;
  writesPerSecond: number;
  seconds: number;
}

/**
 * How soon a message written through one replica is shown by another:
 * messages posted at a steady rate through `writer` while the other's list
 * (`listed`) is polled back to back; each message's delay runs from the
 * moment the writer answered (it was committed) to the first poll, sent
 * after that moment, whose list holds it.
 */
export async function measureFreshness({
  writer,
  headers,
  listed,
  username,
  writesPerSecond,
  seconds,
}: FreshnessProbe): Promise<Freshness> {
  const committedAt = new Map<string, number>();
  const delays = new Map<string, number>();
  let writing = true;
  let lastCommit = performance.now();

  const poll = async () => {
    while (writing || delays.size < committedAt.size) {
      const sentAt = performance.now();
      for (const content of await listed()) {
        const committed = committedAt.get(content);
        // Only a poll sent after the commit counts: an earlier one may have read before it.
        if (committed !== undefined && committed <= sentAt && !delays.has(content)) {
          delays.set(content, performance.now() - committed);
        }
      }
      if (!writing && performance.now() - lastCommit > 5_000) break;
    }
  };

  const write = async () => {
    const interval = 1000 / writesPerSecond;
    const start = performance.now();
    for (let index = 0; index < writesPerSecond * seconds; index++) {
      await setTimeout(Math.max(0, start + index * interval - performance.now()));
      const content = `freshness probe ${start.toFixed(0)}-${index}`;
      const response = await fetch(`${writer}/msgs/${username}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ content }),
      });
      if (response.status !== 204) throw new Error(`the probe's post failed: ${response.status}`);
      lastCommit = performance.now();
      committedAt.set(content, lastCommit);
    }
    writing = false;
  };

  await Promise.all([write(), poll()]);
  const measured = [...delays.values()];
  return {
    written: committedAt.size,
    seen: measured.length,
    p50Ms: percentile(measured, 0.5),
    p99Ms: percentile(measured, 0.99),
    maxMs: Math.max(...measured),
  };
}
