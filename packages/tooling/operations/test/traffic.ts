// Traffic for the operations tests: readers, the simulator and writers that
// keep going until told to stop, each counting what it sent and what failed.
import { checkConsistency, generateScenario, replay, type Send } from '@minitwit/simulator';

export interface Tally {
  sent: number;
  failed: number;
  /** Failures by status (0: no answer), to tell a refusal from a timeout. */
  failures: Record<number, number>;
}

function countFailure(tally: Tally, status: number) {
  tally.failed++;
  tally.failures[status] = (tally.failures[status] ?? 0) + 1;
}

/** Sends `request` over and over until `stop` is aborted, counting what fails (anything but 200). */
export async function keepSending(stop: AbortSignal, request: () => Promise<number>) {
  const tally: Tally = { sent: 0, failed: 0, failures: {} };
  while (!stop.aborted) {
    tally.sent++;
    const status = await request().catch(() => 0);
    if (status !== 200) countFailure(tally, status);
  }
  return tally;
}

/**
 * The simulator, round after round of fresh users (named with `tag`), until
 * `stop` is aborted. `lost`: how the API's state differs from what the rounds wrote.
 */
export async function simulateUntil(stop: AbortSignal, send: Send, tag = 'r', actions = 300) {
  const result = { sent: 0, failed: 0, lost: 0 };
  for (let round = 0; round === 0 || !stop.aborted; round++) {
    const scenario = generateScenario({ actions, seed: round, tag: `${tag}${round}-` });
    const replayed = await replay(scenario.actions, send);
    const differences = await checkConsistency(scenario.expected, send);
    result.sent += replayed.sent;
    result.failed += replayed.errorCount;
    result.lost += differences.length;
  }
  return result;
}

const messagesPath = (username: string) => `/msgs/${encodeURIComponent(username)}`;

/** Registers `usernames` through the API (answered 204), for `writeUntil`. */
export async function registerWriters(send: Send, usernames: readonly string[]) {
  for (const username of usernames) {
    const { status } = await send('POST', '/register', {
      username,
      email: `${username.replaceAll(' ', '.')}@example.org`,
      pwd: 'irrelevant',
    });
    if (status !== 204) throw new Error(`registering ${username} answered ${status}`);
  }
}

export interface WriteTally extends Tally {
  acknowledged: number;
}

/**
 * What became of each write, as Jepsen's set checker records it:
 * acknowledged (204), failed (refused: the request's fault, 4xx, so surely
 * not stored) or unknown (5xx, or no answer: it may be stored or not).
 */
export interface WriteHistory {
  acknowledged: Map<string, string[]>;
  failed: Map<string, string[]>;
  unknown: Map<string, string[]>;
  /** When each acknowledgement came, by content (seconds of performance.now()). */
  acknowledgedAt: Map<string, number>;
}

const byWriter = (writers: readonly string[]) =>
  new Map<string, string[]>(writers.map((username) => [username, []]));

/**
 * Each writer posts messages one after another until `stop` is aborted (or
 * `enough` says so), recording what became of each.
 */
export async function writeUntil(
  stop: AbortSignal,
  send: Send,
  writers: readonly string[],
  enough: (tally: WriteTally) => boolean = () => false,
) {
  const history: WriteHistory = {
    acknowledged: byWriter(writers),
    failed: byWriter(writers),
    unknown: byWriter(writers),
    acknowledgedAt: new Map(),
  };
  const tally: WriteTally = { sent: 0, failed: 0, failures: {}, acknowledged: 0 };
  const write = async (username: string) => {
    while (!stop.aborted && !enough(tally)) {
      const content = `${username}: message ${tally.sent++}`;
      const status = await send('POST', messagesPath(username), { content })
        .then((response) => response.status)
        .catch(() => 0);
      if (status === 204) {
        history.acknowledged.get(username)?.push(content);
        history.acknowledgedAt.set(content, performance.now() / 1000);
        tally.acknowledged++;
      } else {
        countFailure(tally, status);
        const outcome = status >= 400 && status < 500 ? history.failed : history.unknown;
        outcome.get(username)?.push(content);
      }
    }
  };
  await Promise.all(writers.map(write));
  return { ...tally, history };
}

/** The most messages one API read returns (`no`): a user's newest. */
export const apiPageSize = 1_000;

/** The messages a user has, through the API (its newest `apiPageSize`). */
export const messagesThroughApi = (send: Send) => async (username: string) => {
  const response = await send('GET', `${messagesPath(username)}?no=${apiPageSize}`);
  return (JSON.parse(response.body) as { content: string }[]).map(({ content }) => content);
};

/** What a final read found against a write history. */
export interface WriteCheck {
  /** Acknowledged writes that are not stored. */
  lost: number;
  /** Stored messages no writer ever sent, or stored twice. */
  neverWritten: number;
  /** Refused writes (4xx) that are stored all the same. */
  failedButStored: number;
  /** Writes of unknown outcome that turned out stored. */
  unknownStored: number;
}

/** Checks every writer's stored messages (`stored`) against what became of its writes. */
export async function checkWrites(
  history: WriteHistory,
  stored: (username: string) => Promise<string[]>,
): Promise<WriteCheck> {
  const check: WriteCheck = { lost: 0, neverWritten: 0, failedButStored: 0, unknownStored: 0 };
  for (const [username, acknowledged] of history.acknowledged) {
    const found = await stored(username);
    const foundOnce = new Set(found);
    check.neverWritten += found.length - foundOnce.size;
    check.lost += acknowledged.filter((content) => !foundOnce.has(content)).length;
    const failed = new Set(history.failed.get(username));
    const unknown = new Set(history.unknown.get(username));
    const sent = new Set([...acknowledged, ...failed, ...unknown]);
    for (const content of foundOnce) {
      if (!sent.has(content)) check.neverWritten++;
      if (failed.has(content)) check.failedButStored++;
      if (unknown.has(content)) check.unknownStored++;
    }
  }
  return check;
}

/**
 * The longest time between two acknowledged writes, or between the start
 * (`from`) or end (`to`) and the nearest one: how long writes were unavailable.
 */
export function longestWriteGap(
  acknowledgedAt: Map<string, number>,
  from: number,
  to: number,
): number {
  const times = [from, ...[...acknowledgedAt.values()].sort((a, b) => a - b), to];
  let longest = 0;
  for (let i = 1; i < times.length; i++) {
    longest = Math.max(longest, (times[i] ?? 0) - (times[i - 1] ?? 0));
  }
  return longest;
}
