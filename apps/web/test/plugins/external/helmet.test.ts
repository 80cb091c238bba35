import t from 'tap';
import { buildTestApp } from '../../helper.js';

const policy = (header: unknown) =>
  new Map(
    String(header)
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .map(([name = '', ...sources]) => [name, sources]),
  );

t.test('pages, error pages and files carry the security headers', async (t) => {
  const app = await buildTestApp(t);
  for (const url of ['/public', '/login', '/no/such/page', '/static/style.css']) {
    const response = await app.inject({ url });
    const csp = policy(response.headers['content-security-policy']);
    t.same(csp.get('default-src'), ["'self'"], `${url}: own origin by default`);
    t.same(csp.get('script-src'), ["'self'"], `${url}: our own script files, nothing inline`);
    t.same(csp.get('style-src'), ["'self'"], `${url}: no inline style`);
    t.same(csp.get('img-src'), ["'self'"], `${url}: images, avatars included, from the site alone`);
    t.same(csp.get('frame-ancestors'), ["'none'"], `${url}: never framed`);
    t.equal(response.headers['x-frame-options'], 'DENY');
    t.equal(response.headers['x-content-type-options'], 'nosniff');
    t.equal(response.headers['referrer-policy'], 'strict-origin-when-cross-origin');
    t.notOk(response.headers['strict-transport-security'], 'HSTS is left to nginx');
  }
});

t.test('with AVATARS=gravatar, images may come from Gravatar too', async (t) => {
  const app = await buildTestApp(t, { AVATARS: 'gravatar' });
  const response = await app.inject({ url: '/public' });
  const csp = policy(response.headers['content-security-policy']);
  t.same(csp.get('img-src'), ["'self'", 'https://www.gravatar.com']);
});
