import { type Send, userPath } from './client.js';
import type { ExpectedState } from './scenario.js';

// The API's cap on `no`: users with more messages are compared on their newest.
const pageLimit = 1000;

export interface Difference {
  what: string;
  expected: string;
  found: string;
}

const isMessageList = (value: unknown): value is { content: string }[] =>
  Array.isArray(value) &&
  value.every((item) => typeof item === 'object' && item !== null && 'content' in item);

const isFollows = (value: unknown): value is { follows: string[] } =>
  typeof value === 'object' && value !== null && 'follows' in value && Array.isArray(value.follows);

const isLatest = (value: unknown): value is { latest: number } =>
  typeof value === 'object' && value !== null && 'latest' in value;

const show = (items: readonly string[]) =>
  items.length <= 3 ? JSON.stringify(items) : `${items.length} items`;

/** GETs `path` and returns its JSON body when it has the expected shape, else what came instead. */
async function read<T>(
  send: Send,
  path: string,
  isShape: (value: unknown) => value is T,
): Promise<T | { instead: string }> {
  const response = await send('GET', path);
  const instead = { instead: `${response.status} ${response.body.slice(0, 80)}` };
  if (response.status !== 200) return instead;
  try {
    const value: unknown = JSON.parse(response.body);
    return isShape(value) ? value : instead;
  } catch {
    return instead;
  }
}

/**
 * Reads back, through the API, every user's messages and follows and the
 * latest action id, and lists where they differ from what the scenario implies.
 */
export async function checkConsistency(expected: ExpectedState, send: Send): Promise<Difference[]> {
  const differences: Difference[] = [];
  const compare = (what: string, wanted: readonly string[], found: readonly string[]) => {
    if (JSON.stringify(found) !== JSON.stringify(wanted)) {
      differences.push({ what, expected: show(wanted), found: show(found) });
    }
  };

  for (const username of expected.users) {
    const what = `messages of ${username}`;
    const list = await read(send, userPath('msgs', username, `?no=${pageLimit}`), isMessageList);
    if ('instead' in list) differences.push({ what, expected: 'a list', found: list.instead });
    else
      compare(
        what,
        (expected.messages.get(username) ?? []).slice(-pageLimit).reverse(),
        list.map((message) => message.content),
      );
  }

  for (const username of expected.users) {
    const what = `follows of ${username}`;
    const follows = await read(send, userPath('fllws', username, `?no=${pageLimit}`), isFollows);
    if ('instead' in follows)
      differences.push({ what, expected: 'a list', found: follows.instead });
    else
      compare(
        what,
        [...(expected.follows.get(username) ?? [])].sort(),
        [...follows.follows].sort(),
      );
  }

  const latest = await read(send, '/latest', isLatest);
  const found = 'instead' in latest ? latest.instead : String(latest.latest);
  if (found !== String(expected.latest)) {
    differences.push({ what: 'latest', expected: String(expected.latest), found });
  }
  return differences;
}
