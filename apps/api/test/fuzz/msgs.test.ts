import { hostileJsonBody, hostileQuery, numRuns, pathSegment } from '@minitwit/fuzz';
import fc from 'fast-check';
import t from 'tap';
import { buildTestApp, registerUser } from '../helper.js';
import { expectContractAnswer } from './hostile-request.js';

// Half the time a user who exists, so that requests get past the lookup.
const username = fc.oneof(fc.constant(encodeURIComponent('Zoë Ångström')), pathSegment);
const authorized = fc.boolean();

t.test('GET /msgs and /msgs/{username}: hostile names and numbers', async (t) => {
  const app = await buildTestApp(t);
  await registerUser(t, app, 'Zoë Ångström');
  await t.resolves(
    fc.assert(
      fc.asyncProperty(
        fc.option(username),
        hostileQuery(['no', 'latest']),
        authorized,
        (user, query, authorized) =>
          expectContractAnswer(
            app,
            { method: 'GET', url: `/msgs${user === null ? '' : `/${user}`}${query}`, authorized },
            [200],
          ),
      ),
      { numRuns },
    ),
  );
});

t.test('POST /msgs/{username}: hostile names and bodies', async (t) => {
  const app = await buildTestApp(t);
  await registerUser(t, app, 'Zoë Ångström');
  await t.resolves(
    fc.assert(
      fc.asyncProperty(
        username,
        hostileQuery(['latest']),
        hostileJsonBody(['content']),
        authorized,
        (user, query, body, authorized) =>
          expectContractAnswer(
            app,
            { method: 'POST', url: `/msgs/${user}${query}`, body, authorized },
            [204],
          ),
      ),
      { numRuns },
    ),
  );
});
