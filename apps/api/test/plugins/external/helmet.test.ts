import t from 'tap';
import { asSimulator, buildTestApp } from '../../helper.js';

t.test('JSON answers allow a browser nothing', async (t) => {
  const app = await buildTestApp(t);
  for (const url of ['/latest', '/msgs', '/no/such/resource']) {
    const response = await app.inject({ url, headers: asSimulator });
    t.equal(
      response.headers['content-security-policy'],
      "default-src 'none';frame-ancestors 'none'",
      `${url}: no content of any kind`,
    );
    t.equal(response.headers['x-content-type-options'], 'nosniff');
    t.equal(response.headers['x-frame-options'], 'DENY');
    t.notOk(response.headers['strict-transport-security'], 'HSTS is left to nginx');
  }
});

t.test('the /docs page has a policy of its own that lets it load its scripts', async (t) => {
  const app = await buildTestApp(t);
  const page = await app.inject({ url: '/docs/' });
  t.equal(page.statusCode, 200);
  t.match(String(page.headers['content-security-policy']), /script-src 'self'/);
});
