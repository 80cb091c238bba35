import { createTestDatabase, startReadyService } from '@minitwit/local-postgres';
import t from 'tap';
import { basicAuthorization, defaultCredentials } from '@minitwit/simulator';

const password = `s3cret"pa'ss\\word`;
const authorization = basicAuthorization(defaultCredentials);

t.test(
  'one JSON line per request, with request id and route template, and no secret in any line',
  async (t) => {
    const database = await createTestDatabase();
    t.teardown(() => database.drop());
    const api = await startReadyService('api', { ...database.environment, LOG_LEVEL: 'info' });
    t.teardown(() => api.child.kill('SIGKILL'));
    const { base } = api;

    const send = (
      method: string,
      path: string,
      body?: object,
      headers: Record<string, string> = {},
    ) =>
      fetch(`${base}${path}`, {
        method,
        headers: {
          authorization,
          'content-type': 'application/json',
          ...headers,
        },
        body: body && JSON.stringify(body),
      });
    await send('POST', '/register?latest=1', {
      username: 'Zoë',
      email: 'zoe@example.org',
      pwd: password,
    });
    await send('POST', '/register', { username: 'bob', email: 'bob@example.org', pwd: password });
    await send('POST', '/msgs/Zo%C3%AB', { content: 'hello' });
    const long = 'a 60 KB tweet '.repeat(4_300);
    await send('POST', '/msgs/Zo%C3%AB', { content: long });
    await send('POST', '/fllws/Zo%C3%AB', { follow: 'bob' });
    await send('GET', '/msgs/Zo%C3%AB');
    await send('GET', '/fllws/Zo%C3%AB');
    await send('GET', '/latest');
    const traced = await send('GET', '/msgs', undefined, { 'x-request-id': 'from-nginx-42' });
    t.equal(traced.headers.get('x-request-id'), 'from-nginx-42', 'the request id is returned');
    const generated = await send('GET', '/msgs');
    t.match(generated.headers.get('x-request-id'), /^[0-9a-f-]{36}$/, 'or generated');

    api.child.kill('SIGTERM');
    await api.exit;
    const lines = api
      .output()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const requests = lines.filter(
      (line) => line.msg === 'request' && !String(line.route).startsWith('/health'),
    );
    t.equal(requests.length, 10, 'one line for each of the 10 requests');
    t.match(
      requests.find((line) => line.reqId === 'from-nginx-42'),
      { method: 'GET', route: '/msgs', status: 200 },
    );
    const posts = requests.filter(
      (line) => line.method === 'POST' && line.route === '/msgs/:username',
    );
    t.match(posts[0], { status: 204, body: { content: 'hello' }, durationMs: Number });
    t.notOk(posts[0] && 'cut' in posts[0], 'a short body is written whole, with nothing said cut');
    t.match(
      posts[1],
      // Refused (a message has at most 500 characters), and logged all the same.
      { status: 400, body: { content: `${long.slice(0, 1_000)}… [59200 more characters cut]` } },
      'a 60 KB body: its first 1,000 characters, and how many more it had',
    );
    t.same(posts[1]?.cut, ['body.content'], 'the line says what was cut');
    t.ok(
      api
        .output()
        .split('\n')
        .every((line) => line.length < 4_000),
      'no log line is long',
    );
    t.match(
      requests.find((line) => line.route === '/register'),
      { body: { username: 'Zoë', pwd: '[redacted]' } },
    );

    const everything = api.output();
    t.notMatch(everything, 's3cret', 'no password');
    t.notMatch(everything, defaultCredentials.password, 'no simulator password');
    t.notMatch(everything, authorization, 'no Authorization header');
    t.notMatch(everything, /\$argon2id\$/, 'no password hash');
    t.notMatch(everything, /Zo%C3%AB/, 'no raw URL with a username');
  },
);
