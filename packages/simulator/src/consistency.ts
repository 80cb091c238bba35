import { type Send, userPath } from './client.js';
import type { ExpectedState } from './scenario.js';

// The API's cap on `no`: users with more messages are compared on their newest.
const pageLimit = 1000;

export interface Difference {
  what: string;
  expected: string;
  found: string;
}

function parse<T>(body: string, isShape: (value: unknown) => value is T): T | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return isShape(value) ? value : undefined;
  } catch {
    return undefined;
  }
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

/**
 * Reads back, through the API, every user's messages and follows and the
 * latest action id, and lists where they differ from what the scenario implies.
 */
export async function checkConsistency(expected: ExpectedState, send: Send): Promise<Difference[]> {
  const differences: Difference[] = [];
  const differ = (what: string, wanted: string, found: string) =>
    differences.push({ what, expected: wanted, found });

  for (const username of expected.users) {
    const messages = await send('GET', userPath('msgs', username, `?no=${pageLimit}`));
    const list = messages.status === 200 ? parse(messages.body, isMessageList) : undefined;
    if (!list) {
      differ(
        `messages of ${username}`,
        'a list',
        `${messages.status} ${messages.body.slice(0, 80)}`,
      );
    } else {
      const wanted = (expected.messages.get(username) ?? []).slice(-pageLimit).reverse();
      const found = list.map((message) => message.content);
      if (JSON.stringify(found) !== JSON.stringify(wanted)) {
        differ(`messages of ${username}`, show(wanted), show(found));
      }
    }

    const follows = await send('GET', userPath('fllws', username, `?no=${pageLimit}`));
    const followed = follows.status === 200 ? parse(follows.body, isFollows) : undefined;
    if (!followed) {
      differ(
        `follows of ${username}`,
        'a follow list',
        `${follows.status} ${follows.body.slice(0, 80)}`,
      );
    } else {
      const wanted = [...(expected.follows.get(username) ?? [])].sort();
      const found = [...followed.follows].sort();
      if (JSON.stringify(found) !== JSON.stringify(wanted)) {
        differ(`follows of ${username}`, show(wanted), show(found));
      }
    }
  }

  const latest = await send('GET', '/latest');
  const value = latest.status === 200 ? parse(latest.body, isLatest) : undefined;
  if (value?.latest !== expected.latest) {
    differ('latest', String(expected.latest), `${latest.status} ${latest.body.slice(0, 80)}`);
  }
  return differences;
}
