import { countRows } from '@minitwit/db';
import {
  checkConsistency,
  generateScenario,
  replay,
  simulate,
  simulatorClient,
} from '@minitwit/simulator';
import t from 'tap';
import { buildTestApp } from './helper.js';
import type { App } from '../src/app.js';
import { defaultCredentials } from '@minitwit/simulator';

// Tests do not time things: the client's timeout is generous here. The
// simulator's own 0.3 s is measured by `pnpm simulate` against a running API.
const timeoutMs = 10_000;

async function listening(app: App) {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    ...defaultCredentials,
    timeoutMs,
  };
}

t.test('a simulator run over real HTTP ends with no errors and no differences', async (t) => {
  const app = await buildTestApp(t);
  const client = await listening(app);
  const report = await simulate({ ...client, actions: 1500, seed: 7, tag: 'sim' });
  t.equal(report.replay.sent, 1500);
  t.same([...report.replay.errors], [], 'every action answered 204');
  t.same(report.differences, [], 'the API holds what the scenario implies');
  const { actions, expected } = generateScenario({ actions: 1500, seed: 7, tag: 'sim' });
  for (const command of ['register', 'tweet', 'follow', 'unfollow'] as const) {
    const time = report.replay.timeByCommand.get(command);
    t.equal(
      time?.count,
      actions.filter(({ kind }) => kind === command).length,
      `every ${command} is timed`,
    );
    t.ok((time?.totalMs ?? 0) > 0, `${command}s took time`);
  }
  t.equal(
    await countRows(app.database, 'users'),
    expected.users.length,
    'every registration is stored',
  );
  const messages = [...expected.messages.values()].reduce((sum, list) => sum + list.length, 0);
  t.equal(await countRows(app.database, 'messages'), messages, 'every tweet is stored, once');
});

t.test('the consistency check reports what the database lost or gained', async (t) => {
  const app = await buildTestApp(t);
  const client = await listening(app);
  const { actions, expected } = generateScenario({ actions: 300, seed: 3, tag: 'tamper' });
  const send = simulatorClient(client);
  const result = await replay(actions, send);
  t.equal(result.errorCount, 0);
  t.same(await checkConsistency(expected, send), [], 'consistent before tampering');

  // Lose one message, gain one follow that the scenario never made.
  const {
    rows: [lost],
  } = await app.database.sql<{ author: string }>`
    DELETE FROM messages WHERE id = (SELECT min(id) FROM messages)
    RETURNING (SELECT username FROM users WHERE id = author_id) AS author`;
  if (!lost) throw new Error('no message to lose');
  const follower = expected.users.find(
    (user) => (expected.follows.get(user)?.size ?? 0) < expected.users.length - 1,
  );
  const followed = expected.users.find(
    (user) => user !== follower && !expected.follows.get(follower ?? '')?.has(user),
  );
  if (follower === undefined || followed === undefined) throw new Error('no follow left to add');
  await app.database.sql`
    INSERT INTO follows (follower_id, followed_id)
    SELECT a.id, b.id FROM users a, users b WHERE a.username = ${follower} AND b.username = ${followed}`;

  const differences = await checkConsistency({ ...expected, latest: expected.latest + 1 }, send);
  t.ok(
    differences.some((difference) => difference.what === `messages of ${lost.author}`),
    'the lost message is reported',
  );
  t.ok(
    differences.some((difference) => difference.what === `follows of ${follower}`),
    'the extra follow is reported',
  );
  t.ok(
    differences.some((difference) => difference.what === 'latest'),
    'a wrong latest is reported',
  );
});
