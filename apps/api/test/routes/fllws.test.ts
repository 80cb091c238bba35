import { countRows } from '@minitwit/db';
import t from 'tap';
import { asSimulator, buildTestApp, registerUser, userUrl } from '../helper.js';
import type { App } from '../../src/app.js';

const follows = async (app: App, username: string, query = '') => {
  const response = await app.inject({
    url: userUrl('fllws', username, query),
    headers: asSimulator,
  });
  return response.json<{ follows: string[] }>().follows;
};

const change = (app: App, username: string, payload: object) =>
  app.inject({ method: 'POST', url: userUrl('fllws', username), headers: asSimulator, payload });

t.test('follow and unfollow, idempotently, with non-ASCII names', async (t) => {
  const app = await buildTestApp(t);
  const [roger, zoe, kim] = ['Roger Histand', 'Zoë Ångström', 'Kim'];
  for (const name of [roger, zoe, kim]) await registerUser(t, app, name);

  t.same(await follows(app, roger), [], 'nobody at first');
  for (const target of [zoe, zoe, kim]) {
    const response = await change(app, roger, { follow: target });
    t.equal(response.statusCode, 204);
    t.equal(response.body, '');
  }
  t.same(await follows(app, roger), [zoe, kim], 'a repeated follow adds nothing');
  t.equal(await countRows(app.database, 'follows'), 2, 'no duplicate rows');
  t.same(await follows(app, roger, '?no=1'), [zoe], 'no limits the list');

  for (const target of [zoe, zoe]) {
    const response = await change(app, roger, { unfollow: target });
    t.equal(response.statusCode, 204, 'unfollowing, even someone not followed, succeeds');
  }
  t.same(await follows(app, roger), [kim]);
  t.same(await follows(app, zoe), [], 'follows are one-way');
});

t.test('unknown users on either side are 404 and change nothing', async (t) => {
  const app = await buildTestApp(t);
  await registerUser(t, app, 'alice');
  const cases = [
    { user: 'nobody', payload: { follow: 'alice' }, missing: 'nobody' },
    { user: 'alice', payload: { follow: 'nobody' }, missing: 'nobody' },
    { user: 'alice', payload: { unfollow: 'ghost' }, missing: 'ghost' },
  ];
  for (const { user, payload, missing } of cases) {
    const response = await change(app, user, payload);
    t.equal(response.statusCode, 404);
    t.same(response.json(), { status: 404, error_msg: `Unknown user: ${missing}` });
  }
  const read = await app.inject({ url: '/fllws/nobody', headers: asSimulator });
  t.equal(read.statusCode, 404);
  t.equal(await countRows(app.database, 'follows'), 0);
});

t.test('a body with neither or both of follow and unfollow is a 400', async (t) => {
  const app = await buildTestApp(t);
  await registerUser(t, app, 'alice');
  await registerUser(t, app, 'bob');
  for (const payload of [{}, { other: 'bob' }, { follow: 'bob', unfollow: 'bob' }]) {
    const response = await change(app, 'alice', payload);
    t.equal(response.statusCode, 400, JSON.stringify(payload));
    t.same(response.json(), {
      status: 400,
      error_msg: 'Send exactly one of "follow" and "unfollow"',
    });
  }
  t.equal(await countRows(app.database, 'follows'), 0);
});

t.test('/fllws refuses requests without the simulator credentials', async (t) => {
  const app = await buildTestApp(t);
  await registerUser(t, app, 'alice');
  await registerUser(t, app, 'bob');
  const post = await app.inject({
    method: 'POST',
    url: '/fllws/alice',
    payload: { follow: 'bob' },
  });
  const read = await app.inject({ url: '/fllws/alice' });
  for (const response of [post, read]) {
    t.equal(response.statusCode, 403);
    t.same(response.json(), {
      status: 403,
      error_msg: 'You are not authorized to use this resource!',
    });
  }
  t.equal(await countRows(app.database, 'follows'), 0);
});
