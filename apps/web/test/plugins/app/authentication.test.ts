import { userByUsername } from '@minitwit/db';
import type { SessionData } from '@fastify/secure-session';
import t, { type Test } from 'tap';
import type { App } from '../../../src/app.js';
import { Visitor, buildTestApp, signUp, testPassword } from '../../helper.js';

const day = 24 * 60 * 60;
const now = () => Math.floor(Date.now() / 1000);

/**
 * A session cookie sealed with the app's own key, encoded as the app writes
 * it; `__ts`, secure-session's stamp of when it was sealed, as given.
 */
function sessionCookie(app: App, data: Partial<SessionData> & { __ts?: number }) {
  const sealed = app.encodeSecureSession(app.createSecureSession(data));
  return `minitwit_session=${encodeURIComponent(sealed)}`;
}

async function aliceId(t: Test, app: App) {
  await signUp(t, app, 'alice');
  const alice = await userByUsername(app.database, 'alice');
  if (!alice) throw new Error('alice did not sign up');
  return alice.id;
}

const signedInAs = async (app: App, cookie: string) => {
  const response = await app.inject({ url: '/', headers: { cookie } });
  return response.statusCode === 200 && response.body.includes('sign out [alice]');
};

t.test('a session ends SESSION_MAX_AGE_DAYS after sign-in, however active', async (t) => {
  const app = await buildTestApp(t);
  const userId = await aliceId(t, app);
  const session = { userId, generation: 0 };
  t.ok(
    await signedInAs(app, sessionCookie(app, { ...session, signedInAt: now() - 30 * day + 60 })),
    'a minute before 30 days: signed in',
  );
  const expired = sessionCookie(app, { ...session, signedInAt: now() - 30 * day - 1 });
  t.notOk(await signedInAs(app, expired), 'after 30 days: signed out');
  const response = await app.inject({ url: '/', headers: { cookie: expired } });
  t.match(
    response.headers['set-cookie'],
    /minitwit_session=;.*Expires=Thu, 01 Jan 1970/,
    'cleared',
  );
});

t.test('SESSION_MAX_AGE_DAYS sets the lifetime', async (t) => {
  const app = await buildTestApp(t, { SESSION_MAX_AGE_DAYS: '1' });
  const userId = await aliceId(t, app);
  const session = { userId, generation: 0 };
  t.ok(await signedInAs(app, sessionCookie(app, { ...session, signedInAt: now() - day + 60 })));
  t.notOk(await signedInAs(app, sessionCookie(app, { ...session, signedInAt: now() - day - 1 })));
});

t.test('a session without its sign-in time or generation is no session', async (t) => {
  const app = await buildTestApp(t);
  const userId = await aliceId(t, app);
  t.notOk(await signedInAs(app, sessionCookie(app, { userId })), 'from before they existed');
  t.notOk(await signedInAs(app, sessionCookie(app, { userId, signedInAt: now() })));
  t.notOk(await signedInAs(app, sessionCookie(app, { userId, generation: 0 })));
  t.ok(await signedInAs(app, sessionCookie(app, { userId, generation: 0, signedInAt: now() })));
});

t.test('a session of an earlier generation is no session', async (t) => {
  const app = await buildTestApp(t);
  const userId = await aliceId(t, app);
  const cookie = sessionCookie(app, { userId, generation: 0, signedInAt: now() });
  t.ok(await signedInAs(app, cookie));
  await app.repository.endSessions(userId);
  t.notOk(await signedInAs(app, cookie), 'ended');
  const visitor = new Visitor(app);
  await visitor.post('/login', { username: 'alice', password: testPassword });
  t.match((await visitor.get('/')).body, 'sign out [alice]', 'a new sign-in is in the new one');
});

t.test(
  'a session ends a week after its cookie was last written: reading does not renew it, a flash does',
  async (t) => {
    const app = await buildTestApp(t);
    const userId = await aliceId(t, app);
    const session = { userId, generation: 0, signedInAt: now() - 10 * day };
    const writtenAgo = (seconds: number) =>
      sessionCookie(app, { ...session, __ts: now() - seconds });

    const aMinuteToGo = writtenAgo(7 * day - 60);
    const read = await app.inject({ url: '/', headers: { cookie: aMinuteToGo } });
    t.match(read.body, 'sign out [alice]', 'written a minute less than a week ago: signed in');
    t.equal(read.headers['set-cookie'], undefined, 'reading a page writes no new cookie');
    t.notOk(await signedInAs(app, writtenAgo(7 * day + 1)), 'a week and a second ago: signed out');

    const posted = await app.inject({
      method: 'POST',
      url: '/add_message',
      headers: { cookie: aMinuteToGo, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'text=a+post+sets+a+flash',
    });
    const rewritten = posted.cookies.find((cookie) => cookie.name === 'minitwit_session')?.value;
    const stamp: unknown = app.decodeSecureSession(rewritten ?? '')?.get('__ts');
    t.ok(typeof stamp === 'number' && stamp >= now() - 5, 'a post (its flash) writes a new week');
  },
);
