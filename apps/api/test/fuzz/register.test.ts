import { countRows } from '@minitwit/db';
import { bodyLimit, hostileJsonBody, hostileQuery, numRuns } from '@minitwit/fuzz';
import fc from 'fast-check';
import t from 'tap';
import { asSimulator, buildTestApp, registerUser } from '../helper.js';
import { expectContractAnswer } from './hostile-request.js';

t.test('POST /register: hostile bodies never get a 5xx or a partial user', async (t) => {
  const app = await buildTestApp(t);
  await registerUser(t, app, 'taken');
  const fields = ['username', 'email', 'pwd'];
  await t.resolves(
    fc.assert(
      fc.asyncProperty(
        hostileJsonBody(fields),
        hostileQuery(['latest']),
        fc.boolean(),
        (body, query, authorized) =>
          expectContractAnswer(
            app,
            { method: 'POST', url: `/register${query}`, body, authorized },
            [204],
          ),
      ),
      { numRuns },
    ),
  );
});

t.test('POST /register: a body over the limit is answered 413 in the contract shape', async (t) => {
  const app = await buildTestApp(t);
  const response = await app.inject({
    method: 'POST',
    url: '/register',
    headers: { ...asSimulator, 'content-type': 'application/json' },
    payload: JSON.stringify({ username: 'x'.repeat(bodyLimit), email: 'a@b', pwd: 'p' }),
  });
  t.equal(response.statusCode, 413);
  t.same(response.json(), {
    status: 413,
    error_msg: response.json<{ error_msg: string }>().error_msg,
  });
  t.equal(await countRows(app.database, 'users'), 0, 'and nobody was registered');
});
