import t from 'tap';
import { generateScenario, type ScenarioOptions } from '../src/scenario.js';

const options = { actions: 20_000, seed: 11, tag: 't' };

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

// Scenarios are large: compare them as JSON, which tap's deep diff would take minutes over.
const asJson = (options: ScenarioOptions) => {
  const { actions, expected } = generateScenario(options);
  return JSON.stringify({
    actions,
    users: expected.users,
    messages: [...expected.messages],
    follows: [...expected.follows].map(([user, followed]) => [user, [...followed]]),
    latest: expected.latest,
  });
};

t.test('one seed gives one scenario, another seed another', async (t) => {
  t.ok(asJson(options) === asJson(options), 'the same seed, the same scenario');
  t.ok(asJson(options) !== asJson({ ...options, seed: 12 }), 'another seed, another scenario');
});

t.test('the command mix is that of real simulator traffic', async (t) => {
  const { actions } = generateScenario(options);
  t.equal(actions.length, options.actions);
  const share = (kind: string) =>
    actions.filter((action) => action.kind === kind).length / actions.length;
  t.ok(Math.abs(share('register') - 0.01) < 0.005, `register ${share('register')}`);
  t.ok(Math.abs(share('tweet') - 0.44) < 0.02, `tweet ${share('tweet')}`);
  t.ok(Math.abs(share('follow') - 0.38) < 0.02, `follow ${share('follow')}`);
  t.ok(Math.abs(share('unfollow') - 0.17) < 0.02, `unfollow ${share('unfollow')}`);
  t.ok(
    actions.every((action, i) => action.latest === i + 1),
    'latest numbers the actions in order',
  );
});

t.test('every action names users registered before it', async (t) => {
  const { actions, expected } = generateScenario(options);
  const registered = new Set<string>();
  let strangers = 0;
  for (const action of actions) {
    if (action.kind === 'register') {
      if (registered.has(action.username)) strangers++;
      registered.add(action.username);
    } else {
      if (!registered.has(action.username)) strangers++;
      if ('target' in action && !registered.has(action.target)) strangers++;
    }
  }
  t.equal(strangers, 0, 'unique usernames, each registered before it acts or is followed');
  t.same([...registered], expected.users);
  t.ok(expected.users.length >= 150, `a few hundred users (${expected.users.length})`);
});

t.test('the traffic has the shapes real simulators send', async (t) => {
  const { actions } = generateScenario(options);
  const usernames = actions.flatMap((action) =>
    action.kind === 'register' ? [action.username] : [],
  );
  t.ok(
    usernames.some((name) => /\s/.test(name)),
    'usernames with spaces',
  );
  t.ok(
    usernames.some((name) => /[^\p{ASCII}]/u.test(name)),
    'non-ASCII usernames',
  );
  const passwords = actions.flatMap((action) => (action.kind === 'register' ? [action.pwd] : []));
  t.ok(
    passwords.some((pwd) => /["'\\[\]]/.test(pwd)),
    'passwords with quotes, backslashes, brackets',
  );
  const tweets = actions.flatMap((action) => (action.kind === 'tweet' ? [action.content] : []));
  t.ok(
    tweets.every(
      (content) => content.length > 0 && Array.from(graphemes.segment(content)).length <= 300,
    ),
    'tweets of 1 to 300 characters',
  );
  t.ok(
    tweets.some((content) => /[<>&"]/.test(content)),
    'tweets with HTML-significant characters',
  );
});

t.test('the expected state follows every follow and unfollow in order', async (t) => {
  const { actions, expected } = generateScenario({ actions: 3000, seed: 5, tag: 'x' });
  const follows = new Map<string, Set<string>>();
  const messages = new Map<string, string[]>();
  let unfollowsOfStrangers = 0;
  for (const action of actions) {
    if (action.kind === 'tweet') {
      messages.set(action.username, [...(messages.get(action.username) ?? []), action.content]);
    } else if (action.kind === 'follow') {
      follows.set(action.username, (follows.get(action.username) ?? new Set()).add(action.target));
    } else if (action.kind === 'unfollow') {
      if (!follows.get(action.username)?.delete(action.target)) unfollowsOfStrangers++;
    }
  }
  const mismatches = expected.users.filter(
    (user) =>
      JSON.stringify([...(expected.follows.get(user) ?? [])].sort()) !==
        JSON.stringify([...(follows.get(user) ?? [])].sort()) ||
      JSON.stringify(expected.messages.get(user)) !== JSON.stringify(messages.get(user) ?? []),
  );
  t.same(mismatches, [], 'every user ends with the follows and messages the actions made');
  t.equal(expected.latest, 3000);
  t.ok(unfollowsOfStrangers > 0, 'some unfollows are of users not followed');
});
