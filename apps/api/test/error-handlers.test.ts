import t from 'tap';
import { asSimulator, buildTestApp } from './helper.js';

t.test('an unknown route is a 404 in the contract shape', async (t) => {
  const app = await buildTestApp(t);
  const response = await app.inject({ url: '/nowhere?latest=3', headers: asSimulator });
  t.equal(response.statusCode, 404);
  t.same(response.json(), { status: 404, error_msg: 'No such resource: GET /nowhere' });
});

t.test('a server fault is a 500 that tells the client nothing about the internals', async (t) => {
  const app = await buildTestApp(t);
  await app.db.$executeRaw`DROP TABLE messages`;
  const response = await app.inject({ url: '/msgs', headers: asSimulator });
  t.equal(response.statusCode, 500);
  t.same(response.json(), { status: 500, error_msg: 'Internal server error' });
  t.notMatch(response.body, /messages|prisma|stack/i);
});
