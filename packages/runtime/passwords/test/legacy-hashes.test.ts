import t from 'tap';
import { needsRehash, passwordHashFormat, verifyPassword } from '../src/index.js';
import { legacyHashVectors } from '@minitwit/classic-fixtures';

for (const vector of legacyHashVectors) {
  t.test(`${vector.system}: the password it was made from verifies, others do not`, async (t) => {
    t.equal(passwordHashFormat(vector.hash), vector.format);
    t.ok(await verifyPassword(vector.hash, vector.password));
    t.notOk(await verifyPassword(vector.hash, `${vector.password} `));
    t.notOk(await verifyPassword(vector.hash, ''));
    t.ok(needsRehash(vector.hash), 'to be replaced by argon2id at the next sign-in');
  });
}

t.test('an uppercase hex digest is the same digest', async (t) => {
  const md5 = legacyHashVectors.find((vector) => vector.format === 'md5');
  if (!md5) throw new Error('no MD5 vector');
  t.ok(await verifyPassword(md5.hash.toUpperCase(), md5.password));
});

t.test('a hash in no known format is unknown and never verifies', async (t) => {
  const unknown = [
    'plaintext-password',
    'sha1$salt$0123',
    'pbkdf2:md5:1000$salt$00ff',
    'pbkdf2:sha256:0$salt$00ff',
    'pbkdf2:sha256:1000$$00ff',
    'pbkdf2:sha256:1000$salt$not-hex',
    'scrypt:3:8:1$salt$00ff',
    'scrypt:1048576:64:16$salt$00ff',
    'pbkdf2_sha256$abc$salt$AAAA',
    'bcrypt$2b$12$abcdefghijklmnopqrstuv',
    'd41d8cd98f00b204e9800998ecf8427', // 31 digits
    '',
  ];
  for (const hash of unknown) {
    t.equal(passwordHashFormat(hash), undefined, hash);
    t.notOk(await verifyPassword(hash, 'plaintext-password'), hash);
    t.notOk(await verifyPassword(hash, ''), hash);
  }
});
