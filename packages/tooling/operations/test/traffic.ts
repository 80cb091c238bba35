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
 * Each writer posts messages one after another until `stop` is aborted (or
 * `enough` says so), keeping the contents the API acknowledged (204).
 */
export async function writeUntil(
  stop: AbortSignal,
  send: Send,
  writers: readonly string[],
  enough: (tally: WriteTally) => boolean = () => false,
) {
  const acknowledged = new Map<string, string[]>(writers.map((username) => [username, []]));
  const tally: WriteTally = { sent: 0, failed: 0, failures: {}, acknowledged: 0 };
  const write = async (username: string) => {
    while (!stop.aborted && !enough(tally)) {
      const content = `${username}: message ${tally.sent++}`;
      const status = await send('POST', messagesPath(username), { content })
        .then((response) => response.status)
        .catch(() => 0);
      if (status === 204) {
        acknowledged.get(username)?.push(content);
        tally.acknowledged++;
      } else countFailure(tally, status);
    }
  };
  await Promise.all(writers.map(write));
  return { ...tally, acknowledgedContents: acknowledged };
}

/** The messages a user has, through the API (its newest 1,000). */
export const messagesThroughApi = (send: Send) => async (username: string) => {
  const response = await send('GET', `${messagesPath(username)}?no=1000`);
  return (JSON.parse(response.body) as { content: string }[]).map(({ content }) => content);
};

/** How many acknowledged messages are not among those `stored` finds for their author. */
export async function lostWrites(
  acknowledged: Map<string, string[]>,
  stored: (username: string) => Promise<string[]>,
) {
  let lost = 0;
  for (const [username, contents] of acknowledged) {
    const found = new Set(await stored(username));
    lost += contents.filter((content) => !found.has(content)).length;
  }
  return lost;
}
