import { performance } from 'node:perf_hooks';
import { type Send, userPath } from './client.js';
import type { Action, Command } from './scenario.js';

export interface ReplayResult {
  sent: number;
  /** Failed actions by command, then by status (or `timeout`, `connection error`). */
  errors: Map<Command, Map<string, number>>;
  errorCount: number;
  elapsedMs: number;
  /** Every request's latency in milliseconds, in the order sent. */
  latenciesMs: number[];
  /** How many actions of each command were sent, and their summed latency. */
  timeByCommand: Map<Command, CommandTime>;
}

export interface CommandTime {
  count: number;
  totalMs: number;
}

/** The mean latency of some actions; 0 when there were none. */
export const meanMs = ({ count, totalMs }: CommandTime) => (count === 0 ? 0 : totalMs / count);

function request(action: Action): { path: string; body: unknown } {
  const query = `?latest=${action.latest}`;
  switch (action.kind) {
    case 'register':
      return {
        path: `/register${query}`,
        body: { username: action.username, email: action.email, pwd: action.pwd },
      };
    case 'tweet':
      return { path: userPath('msgs', action.username, query), body: { content: action.content } };
    case 'follow':
      return { path: userPath('fllws', action.username, query), body: { follow: action.target } };
    case 'unfollow':
      return { path: userPath('fllws', action.username, query), body: { unfollow: action.target } };
  }
}

function failureOf(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  return name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'connection error';
}

/** Sends the actions one after another; every answer but 204 is an error. */
export async function replay(actions: readonly Action[], send: Send): Promise<ReplayResult> {
  const errors = new Map<Command, Map<string, number>>();
  const latenciesMs: number[] = [];
  const timeByCommand = new Map<Command, CommandTime>();
  let errorCount = 0;
  const started = performance.now();

  for (const action of actions) {
    const { path, body } = request(action);
    const sentAt = performance.now();
    let outcome: string;
    try {
      const response = await send('POST', path, body);
      outcome = String(response.status);
    } catch (error) {
      outcome = failureOf(error);
    }
    const latencyMs = performance.now() - sentAt;
    latenciesMs.push(latencyMs);
    const time = timeByCommand.get(action.kind) ?? { count: 0, totalMs: 0 };
    timeByCommand.set(action.kind, { count: time.count + 1, totalMs: time.totalMs + latencyMs });
    if (outcome !== '204') {
      errorCount++;
      const byStatus = errors.get(action.kind) ?? new Map<string, number>();
      byStatus.set(outcome, (byStatus.get(outcome) ?? 0) + 1);
      errors.set(action.kind, byStatus);
    }
  }

  return {
    sent: actions.length,
    errors,
    errorCount,
    elapsedMs: performance.now() - started,
    latenciesMs,
    timeByCommand,
  };
}
