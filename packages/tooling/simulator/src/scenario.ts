import { Random } from './random.js';
import { firstNames, lastNames, passwordCharacters, words } from './vocabulary.js';

export type Action =
  | { kind: 'register'; latest: number; username: string; email: string; pwd: string }
  | { kind: 'tweet'; latest: number; username: string; content: string }
  | { kind: 'follow' | 'unfollow'; latest: number; username: string; target: string };

export type Command = Action['kind'];

/** What the database must hold after every action of a scenario succeeded. */
export interface ExpectedState {
  users: string[];
  /** Each user's messages, oldest first. */
  messages: Map<string, string[]>;
  follows: Map<string, Set<string>>;
  latest: number;
}

export interface Scenario {
  actions: Action[];
  expected: ExpectedState;
}

export interface ScenarioOptions {
  /** How many actions. */
  actions: number;
  seed: number;
  /** Marks this run's usernames, so that runs against one database do not collide. */
  tag: string;
}

// The mix of real simulator traffic.
const mix: [Command, number][] = [
  ['register', 0.01],
  ['tweet', 0.44],
  ['follow', 0.38],
  ['unfollow', 0.17],
];

function chooseCommand(random: Random): Command {
  let roll = random.int(0, 9_999) / 10_000;
  for (const [command, share] of mix) {
    if (roll < share) return command;
    roll -= share;
  }
  return 'unfollow';
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Words up to `maxLength` characters, cut between characters as a person sees them. */
function randomText(random: Random, minWords: number, maxWords: number, maxLength: number): string {
  const count = random.int(minWords, maxWords);
  const text = Array.from({ length: count }, () => random.pick(words)).join(' ');
  const kept = Array.from(graphemes.segment(text), ({ segment }) => segment).slice(0, maxLength);
  return kept.join('').trim() || 'hello';
}

/**
 * A deterministic stream of simulator actions (the same options give the
 * same stream) and the state it leaves behind. Follows and tweets come from
 * registered users only; unfollows of users not followed are common, as in
 * real traffic.
 */
export function generateScenario({ actions: count, seed, tag }: ScenarioOptions): Scenario {
  const random = new Random(seed);
  const users: string[] = [];
  const messages = new Map<string, string[]>();
  const follows = new Map<string, Set<string>>();
  const actions: Action[] = [];

  const register = (latest: number): Action => {
    const username = `${random.pick(firstNames)} ${random.pick(lastNames)} ${tag}${users.length}`;
    const pwd = Array.from({ length: random.int(8, 24) }, () =>
      random.pick(passwordCharacters),
    ).join('');
    users.push(username);
    messages.set(username, []);
    follows.set(username, new Set());
    return {
      kind: 'register',
      latest,
      username,
      email: `user${users.length}.${tag}@example.org`,
      pwd,
    };
  };

  for (let latest = 1; latest <= count; latest++) {
    // Two users at least, so that every follow has someone to follow.
    const command = users.length < 2 ? 'register' : chooseCommand(random);
    if (command === 'register') {
      actions.push(register(latest));
      continue;
    }
    const username = random.pick(users);
    const followed = follows.get(username) ?? new Set<string>();
    if (command === 'tweet') {
      const content = randomText(random, 1, 50, 300);
      messages.get(username)?.push(content);
      actions.push({ kind: 'tweet', latest, username, content });
    } else if (command === 'follow') {
      const target = random.pick(users.filter((user) => user !== username));
      followed.add(target);
      actions.push({ kind: 'follow', latest, username, target });
    } else {
      const target =
        followed.size > 0 && random.chance(0.5) ? random.pick([...followed]) : random.pick(users);
      followed.delete(target);
      actions.push({ kind: 'unfollow', latest, username, target });
    }
  }

  return { actions, expected: { users, messages, follows, latest: count } };
}
