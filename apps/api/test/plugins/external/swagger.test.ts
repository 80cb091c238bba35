import t from 'tap';
import { buildTestApp } from '../../helper.js';

t.test('the API serves its contract as OpenAPI, generated from the route schemas', async (t) => {
  const app = await buildTestApp(t);
  const response = await app.inject('/docs/json');
  t.equal(response.statusCode, 200);
  const document = response.json<{
    openapi: string;
    paths: Record<string, Record<string, unknown>>;
  }>();
  t.match(document.openapi, /^3\./);
  t.same(
    Object.entries(document.paths)
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`))
      .filter((operation) => !operation.includes('/health'))
      .sort(),
    [
      'get /fllws/{username}',
      'get /latest',
      'get /msgs',
      'get /msgs/{username}',
      'post /fllws/{username}',
      'post /msgs/{username}',
      'post /register',
    ],
  );
  t.match(document.paths['/register'], {
    post: {
      requestBody: { content: { 'application/json': { schema: { properties: { pwd: {} } } } } },
    },
  });
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const open = path === '/latest' || path.startsWith('/health');
      t.same(
        (operation as { security?: unknown }).security,
        open ? undefined : [{ simulator: [] }],
        `${method} ${path} ${open ? 'is open' : "requires the simulator's credentials"}`,
      );
    }
  }
  const page = await app.inject('/docs/');
  t.equal(page.statusCode, 200, 'and a page to read it');
  t.match(page.headers['content-type'], /text\/html/);
});
