import t from 'tap';
import { buildTestApp } from '../helper.js';

/** The routes anyone may call: the contract's GET /latest and the health checks. */
const publicRoutes = ['GET /health/live', 'GET /health/ready', 'GET /latest'];

type Method = 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH';

t.test('every route requires the simulator, but those marked public', async (t) => {
  const app = await buildTestApp(t);
  // The marker each answered route carries, as the hooks read it.
  const marked = new Map<string, boolean>();
  app.addHook('onResponse', async (request) => {
    marked.set(request.url, request.routeOptions.config.public === true);
  });
  await app.ready();
  // Every route of routes/ is in the OpenAPI document (each declares its schemas).
  const { paths = {} } = app.swagger() as { paths?: Record<string, Record<string, unknown>> };
  const routes = Object.entries(paths).flatMap(([url, operations]) =>
    Object.keys(operations).map((method) => ({
      method: method.toUpperCase() as Method,
      // An example value for each path parameter.
      url: url.replace(/\{[^}]+\}/g, 'someone'),
      name: `${method.toUpperCase()} ${url}`,
    })),
  );
  t.ok(routes.length >= 8, `the routes are listed (${routes.length})`);

  const open: string[] = [];
  for (const { method, url, name } of routes) {
    const answer = await app.inject({ method, url });
    if (answer.statusCode !== 403) open.push(name);
    const isMarked = marked.get(url) === true;
    t.equal(answer.statusCode !== 403, isMarked, `${name}: ${isMarked ? 'public, marked' : '403'}`);
  }
  t.same(open.sort(), publicRoutes, 'no other route answers without the credentials');
});
