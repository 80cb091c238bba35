import t from 'tap';
import { Visitor, buildTestApp, testPassword } from '../../helper.js';

t.test('sign-in and sign-up POSTs are limited per client address', async (t) => {
  // Behind a proxy on loopback (inject's address): the address is the forwarded one.
  const app = await buildTestApp(t, {
    TRUST_PROXY: '127.0.0.1',
    SIGN_IN_ATTEMPTS_PER_MINUTE: '3',
  });
  const guesser = new Visitor(app, { 'x-forwarded-for': '203.0.113.7' });
  for (let attempt = 1; attempt <= 3; attempt++) {
    const page = await guesser.post('/login', { username: 'alice', password: `guess ${attempt}` });
    t.match(page.body, 'Invalid username', `attempt ${attempt} is answered`);
  }
  const limited = await app.inject({
    method: 'POST',
    url: '/login',
    headers: {
      'x-forwarded-for': '203.0.113.7',
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'username=alice&password=guess',
  });
  t.equal(limited.statusCode, 429, 'the next one is refused');
  t.match(limited.body, /Too many attempts from your address/, 'on a page that says why');
  t.ok(Number(limited.headers['retry-after']) > 0, 'and when to retry');

  t.equal((await guesser.get('/login')).status, 200, 'the form itself is still served');
  const neighbour = new Visitor(app, { 'x-forwarded-for': '198.51.100.20' });
  const page = await neighbour.post('/login', { username: 'alice', password: testPassword });
  t.match(page.body, 'Invalid username', 'another address is not limited');

  for (let attempt = 1; attempt <= 3; attempt++) {
    await guesser.post('/register', { username: `user ${attempt}`, email: 'x' });
  }
  const signUp = await guesser.post('/register', { username: 'one more', email: 'x' });
  t.equal(signUp.status, 429, 'sign-up has its own limit');
});

t.test('an address a client writes into X-Forwarded-For does not escape the limit', async (t) => {
  const app = await buildTestApp(t, {
    TRUST_PROXY: '127.0.0.1',
    SIGN_IN_ATTEMPTS_PER_MINUTE: '3',
  });
  // A proxy that appends rather than sets: the client's own entry comes
  // first, the address the proxy saw last. Only the proxy is trusted.
  const attempt = (claimed: string) =>
    new Visitor(app, { 'x-forwarded-for': `${claimed}, 203.0.113.7` }).post('/login', {
      username: 'alice',
      password: 'guess',
    });
  for (const claimed of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
    t.match((await attempt(claimed)).body, 'Invalid username', `claiming ${claimed} is answered`);
  }
  t.equal((await attempt('198.51.100.4')).status, 429, 'the fourth is refused all the same');
});
