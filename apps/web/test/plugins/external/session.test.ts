import { createTestDatabase } from '@minitwit/local-postgres';
import t from 'tap';
import { loadConfig } from '../../../src/config.js';
import { Visitor, buildTestAppOn, signUp, testPassword } from '../../helper.js';

const oldKey = 'the key the site started with: 32+ characters';
const newKey = 'the key that replaces it: also 32+ characters';

t.test('a key rotation signs nobody out, and the old key can then be dropped', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.drop());
  const before = await buildTestAppOn(t, database, { SESSION_SECRET: oldKey });
  await signUp(t, before, 'alice');
  const alice = new Visitor(before);
  await alice.post('/login', { username: 'alice', password: testPassword });
  const sealedWithOldKey = alice.cookie;

  // The release that rotates: the new key first, the old one after it.
  const rotating = await buildTestAppOn(t, database, { SESSION_SECRET: `${newKey},${oldKey}` });
  const first = await rotating.inject({ url: '/', headers: { cookie: sealedWithOldKey } });
  t.match(first.body, 'sign out [alice]', 'a cookie sealed with the old key still opens');
  // light-my-request decodes the value; a browser sends it back as it was written.
  const resealed = first.cookies.find((cookie) => cookie.name === 'minitwit_session')?.value;
  t.ok(resealed, 'and is sealed again');

  // Later, the old key is dropped.
  const after = await buildTestAppOn(t, database, { SESSION_SECRET: newKey });
  const kept = await after.inject({
    url: '/',
    headers: { cookie: `minitwit_session=${encodeURIComponent(resealed ?? '')}` },
  });
  t.match(kept.body, 'sign out [alice]', 'the resealed cookie needs only the new key');
  const stale = await after.inject({ url: '/', headers: { cookie: sealedWithOldKey } });
  t.equal(stale.headers.location, '/public', 'a cookie only the dropped key opens is no session');
});

t.test('SESSION_SECRET refuses a key shorter than 32 characters', async (t) => {
  const env = { DATABASE_URL: 'postgresql://localhost/unused' };
  t.throws(() => loadConfig({ ...env, SESSION_SECRET: `${newKey},too short` }), /SESSION_SECRET/);
  t.throws(() => loadConfig({ ...env, SESSION_SECRET: 'too short' }), /SESSION_SECRET/);
  t.equal(
    loadConfig({ ...env, SESSION_SECRET: `${newKey},${oldKey}` }).SESSION_SECRET,
    `${newKey},${oldKey}`,
  );
});
