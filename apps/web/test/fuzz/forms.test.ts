import { countRows, setModerator } from '@minitwit/db';
import {
  hostileCursor,
  hostileFormBody,
  hostileRedirectTarget,
  numRuns,
  pathSegment,
} from '@minitwit/fuzz';
import fc from 'fast-check';
import t from 'tap';
import { buildTestApp, signUp, signedIn } from '../helper.js';
import { expectPageAnswer } from './hostile-form.js';

// The sign-in limit would answer 429 to most of these; it is tested on its own.
const unlimited = { SIGN_IN_ATTEMPTS_PER_MINUTE: '1000000' };

t.test('sign-up and sign-in: hostile forms never get a 5xx or a partial user', async (t) => {
  const app = await buildTestApp(t, unlimited);
  await signUp(t, app, 'taken');
  const form = fc.oneof(
    fc.tuple(
      fc.constant('/register'),
      hostileFormBody(['username', 'email', 'password', 'password2']),
    ),
    fc.tuple(fc.constant('/login'), hostileFormBody(['username', 'password'])),
  );
  await t.resolves(
    fc.assert(
      fc.asyncProperty(form, ([url, body]) => expectPageAnswer(app, { method: 'POST', url, body })),
      { numRuns },
    ),
  );
});

t.test('posting a message: hostile forms, signed in or not', async (t) => {
  const app = await buildTestApp(t, unlimited);
  const { cookie } = await signedIn(t, app, 'poster');
  await t.resolves(
    fc.assert(
      fc.asyncProperty(hostileFormBody(['text']), fc.boolean(), (body, withSession) =>
        expectPageAnswer(app, {
          method: 'POST',
          url: '/add_message',
          body,
          ...(withSession ? { cookie } : {}),
        }),
      ),
      { numRuns },
    ),
  );
});

t.test('timelines, follow and unfollow: hostile names and cursors', async (t) => {
  const app = await buildTestApp(t, unlimited);
  const { cookie } = await signedIn(t, app, 'viewer');
  await signUp(t, app, 'Zoë Ångström');
  const username = fc.oneof(fc.constant(encodeURIComponent('Zoë Ångström')), pathSegment);
  const request = fc.oneof(
    fc
      .tuple(
        // The home timeline, the public one, and users' (existing or not).
        fc.oneof(fc.constantFrom('', 'public'), username),
        fc.option(fc.oneof(hostileCursor, fc.string({ maxLength: 40 }))),
      )
      .map(([timeline, before]) => ({
        method: 'GET' as const,
        url: `/${timeline}${before === null ? '' : `?before=${encodeURIComponent(before)}`}`,
      })),
    fc
      .tuple(
        fc.constantFrom('follow', 'unfollow'),
        username,
        fc.constantFrom('GET' as const, 'POST' as const),
      )
      .map(([action, user, method]) => ({ method, url: `/${user}/${action}` })),
  );
  await t.resolves(
    fc.assert(
      fc.asyncProperty(request, fc.boolean(), (request, withSession) =>
        expectPageAnswer(app, { ...request, ...(withSession ? { cookie } : {}) }),
      ),
      { numRuns },
    ),
  );
});

t.test('flagging: hostile return paths and reasons, as a moderator or not', async (t) => {
  const app = await buildTestApp(t, unlimited);
  const moderator = await signedIn(t, app, 'moderator');
  const { cookie: userCookie } = await signedIn(t, app, 'user');
  await setModerator(app.database, 'moderator', true);
  for (let message = 0; message < 5; message++) {
    await moderator.post('/add_message', { text: `message ${message}` });
  }
  const form = fc
    .tuple(hostileRedirectTarget, fc.option(fc.string({ maxLength: 40 })))
    .map(([next, reason]) => {
      const params = new URLSearchParams({ next });
      if (reason !== null) params.set('reason', reason);
      return {
        kind: 'flag form',
        payload: params.toString(),
        contentType: 'application/x-www-form-urlencoded',
      };
    });
  await t.resolves(
    fc.assert(
      fc.asyncProperty(
        form,
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom(moderator.cookie, userCookie),
        (body, id, cookie) =>
          expectPageAnswer(app, { method: 'POST', url: `/messages/${id}/flag`, body, cookie }),
      ),
      { numRuns },
    ),
  );
});

t.test('a form over the body limit is answered 413 with a page', async (t) => {
  const app = await buildTestApp(t, unlimited);
  const response = await app.inject({
    method: 'POST',
    url: '/register',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `username=${'x'.repeat(64 * 1024)}&email=a@b&password=p&password2=p`,
  });
  t.equal(response.statusCode, 413);
  t.match(response.body, '<title>Too Large | MiniTwit</title>');
  t.equal(await countRows(app.database, 'users'), 0, 'and nobody was registered');
});
