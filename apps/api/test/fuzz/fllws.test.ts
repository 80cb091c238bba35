import { hostileJsonBody, hostileQuery, numRuns, pathSegment } from '@minitwit/fuzz';
import fc from 'fast-check';
import t from 'tap';
import { buildTestApp, registerUser } from '../helper.js';
import { expectContractAnswer } from './hostile-request.js';

const username = fc.oneof(fc.constant(encodeURIComponent('Roger Histand')), pathSegment);
const authorized = fc.boolean();

t.test('GET /fllws/{username}: hostile names and numbers', async (t) => {
  const app = await buildTestApp(t);
  await registerUser(t, app, 'Roger Histand');
  await t.resolves(
    fc.assert(
      fc.asyncProperty(
        username,
        hostileQuery(['no', 'latest']),
        authorized,
        (user, query, authorized) =>
          expectContractAnswer(
            app,
            { method: 'GET', url: `/fllws/${user}${query}`, authorized },
            [200],
          ),
      ),
      { numRuns },
    ),
  );
});

t.test('POST /fllws/{username}: hostile names and bodies', async (t) => {
  const app = await buildTestApp(t);
  await registerUser(t, app, 'Roger Histand');
  await registerUser(t, app, 'Kim');
  // Bodies naming a user who exists get past the lookups.
  const body = fc.oneof(
    hostileJsonBody(['follow', 'unfollow']),
    fc.constantFrom('follow', 'unfollow').map((key) => ({
      kind: `${key} Kim`,
      payload: JSON.stringify({ [key]: 'Kim' }),
      contentType: 'application/json',
    })),
  );
  await t.resolves(
    fc.assert(
      fc.asyncProperty(
        username,
        hostileQuery(['latest']),
        body,
        authorized,
        (user, query, body, authorized) =>
          expectContractAnswer(
            app,
            { method: 'POST', url: `/fllws/${user}${query}`, body, authorized },
            [204],
          ),
      ),
      { numRuns },
    ),
  );
});
