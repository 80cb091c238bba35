import { createTestDatabase, startReadyService } from '@minitwit/local-postgres';
import t from 'tap';

const password = `s3cret"pa'ss\\word`;

t.test(
  'web log lines name the visitor and never hold a password, hash or session cookie',
  async (t) => {
    const database = await createTestDatabase();
    t.teardown(() => database.drop());
    const web = await startReadyService('web', { DATABASE_URL: database.url, LOG_LEVEL: 'info' });
    t.teardown(() => web.child.kill('SIGKILL'));
    const { base } = web;

    const form = (path: string, fields: Record<string, string>, cookie = '') =>
      fetch(`${base}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams(fields).toString(),
      });
    await form('/register', {
      username: 'alice',
      email: 'a@example.org',
      password,
      password2: password,
    });
    const signIn = await form('/login', { username: 'alice', password });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    t.match(cookie, /^minitwit_session=.+/, 'signed in');
    await form('/add_message', { text: 'logged message' }, cookie);
    await form('/add_message', { text: 'x'.repeat(60_000) }, cookie);
    // Cut to its start, and redacted all the same.
    await form('/register', {
      username: 'bob',
      email: 'b@example.org',
      password: password.repeat(1_000),
      password2: password.repeat(1_000),
    });
    await fetch(`${base}/`, { headers: { cookie } });
    await form('/login', { username: 'alice', password: 'wrong-password-attempt' });

    web.child.kill('SIGTERM');
    await web.exit;
    const output = web.output();
    const requests = output
      .split('\n')
      .filter((line) => line.includes('"msg":"request"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    t.match(
      requests.find((line) => line.route === '/add_message'),
      {
        user: 'alice',
        body: { text: 'logged message' },
        status: 302,
      },
    );
    t.match(
      requests.find((line) => line.route === '/register'),
      {
        body: { username: 'alice', password: '[redacted]', password2: '[redacted]' },
      },
    );
    t.match(
      requests.filter((line) => line.route === '/add_message')[1],
      { body: { text: `${'x'.repeat(1_000)}… [59000 more characters cut]` }, cut: ['body.text'] },
      'a 60 KB message: its first 1,000 characters, and the line says it was cut',
    );
    t.ok(
      output.split('\n').every((line) => line.length < 4_000),
      'no log line is long',
    );
    t.notMatch(output, 's3cret', 'no password');
    t.notMatch(output, 'wrong-password-attempt', 'not even a wrong one');
    t.notMatch(output, cookie.split('=')[1] ?? 'no cookie', 'no session cookie');
    t.notMatch(output, /\$argon2id\$/, 'no password hash');
  },
);
