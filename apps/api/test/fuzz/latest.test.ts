import { type HostileRequest, hostileQuery, numRuns, pathSegment } from '@minitwit/fuzz';
import fc from 'fast-check';
import t from 'tap';
import { buildTestApp } from '../helper.js';
import { expectContractAnswer } from './hostile-request.js';

t.test('GET /latest: hostile numbers', async (t) => {
  const app = await buildTestApp(t);
  await t.resolves(
    fc.assert(
      fc.asyncProperty(hostileQuery(['latest']), fc.boolean(), (query, authorized) =>
        expectContractAnswer(app, { method: 'GET', url: `/latest${query}`, authorized }, [200]),
      ),
      { numRuns },
    ),
  );
});

t.test('any other method or path: an error in the contract shape', async (t) => {
  const app = await buildTestApp(t);
  const method = fc.constantFrom<HostileRequest['method'][]>(
    'GET',
    'POST',
    'PUT',
    'DELETE',
    'PATCH',
    'OPTIONS',
  );
  const path = fc
    .array(pathSegment, { minLength: 1, maxLength: 4 })
    .map((parts) => `/${parts.join('/')}`);
  await t.resolves(
    fc.assert(
      fc.asyncProperty(method, path, fc.boolean(), async (method, url, authorized) => {
        // The contract's own routes are fuzzed above; this is everything else.
        await expectContractAnswer(app, { method, url, authorized }, [200, 204]);
      }),
      { numRuns },
    ),
  );
});
