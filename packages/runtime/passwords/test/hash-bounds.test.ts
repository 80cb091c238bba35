import { pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import argon2 from 'argon2';
import t from 'tap';
import {
  hashBounds,
  legacyCheckQueue,
  passwordHashBeyondBounds,
  passwordHashFormat,
  verifyPassword,
} from '../src/index.js';

const password = 'correct horse battery staple';
const salt = 'Vb6TnH3sWq1ZkYp0';

const werkzeugPbkdf2 = (digest: string, iterations: number, keyBytes: number) =>
  `pbkdf2:${digest}:${iterations}$${salt}$` +
  pbkdf2Sync(password, salt, iterations, keyBytes, digest).toString('hex');
const djangoPbkdf2 = (iterations: number, keyBytes: number) =>
  `pbkdf2_sha256$${iterations}$${salt}$` +
  pbkdf2Sync(password, salt, iterations, keyBytes, 'sha256').toString('base64');
const werkzeugScrypt = (N: number, r: number, p: number, keyBytes = 64) =>
  `scrypt:${N}:${r}:${p}$${salt}$` +
  scryptSync(password, salt, keyBytes, { N, r, p, maxmem: 256 * 1024 * 1024 }).toString('hex');
const argon2Hash = (options: Parameters<typeof argon2.hash>[1]) =>
  argon2.hash(password, { ...options, raw: false });

const { pbkdf2Iterations, pbkdf2KeyBytes } = hashBounds;
const { memoryKiB, passes, lanes, hashBytes } = hashBounds.argon2id;

t.test('the costliest hash of each format the bounds allow still verifies', async (t) => {
  const allowed = {
    'pbkdf2:sha1 at its caps': werkzeugPbkdf2('sha1', pbkdf2Iterations.sha1, pbkdf2KeyBytes.sha1),
    'pbkdf2:sha256 at its caps': werkzeugPbkdf2(
      'sha256',
      pbkdf2Iterations.sha256,
      pbkdf2KeyBytes.sha256,
    ),
    'pbkdf2:sha512 at its caps': werkzeugPbkdf2(
      'sha512',
      pbkdf2Iterations.sha512,
      pbkdf2KeyBytes.sha512,
    ),
    'scrypt at 64 MiB': werkzeugScrypt(65_536, 8, 1),
    'argon2id at its caps': await argon2Hash({
      type: argon2.argon2id,
      memoryCost: memoryKiB,
      timeCost: passes,
      parallelism: lanes,
      hashLength: hashBytes,
    }),
  };
  for (const [name, hash] of Object.entries(allowed)) {
    t.equal(passwordHashBeyondBounds(hash), undefined, `${name}: within the bounds`);
    t.ok(passwordHashFormat(hash), `${name}: a known format`);
    t.ok(await verifyPassword(hash, password), `${name}: verifies`);
  }
});

t.test('a hash beyond a bound is never accepted, even of the right password', async (t) => {
  const beyond: Record<string, [hash: string, why: string]> = {
    'a PBKDF2 key longer than its digest (every block repeats the iterations)': [
      werkzeugPbkdf2('sha256', 1000, 33),
      '33-byte sha256 key',
    ],
    'the 3,200-byte key of the report': [werkzeugPbkdf2('sha256', 1000, 3200), '3,200-byte'],
    'a Django key longer than its digest': [djangoPbkdf2(1000, 64), '64-byte sha256 key'],
    'one iteration over the sha256 cap': [
      werkzeugPbkdf2('sha256', pbkdf2Iterations.sha256 + 1, 32),
      'over 2,000,000',
    ],
    'one iteration over the sha512 cap': [
      werkzeugPbkdf2('sha512', pbkdf2Iterations.sha512 + 1, 64),
      'over 1,000,000',
    ],
    'scrypt over 64 MiB': [werkzeugScrypt(32_768, 8, 3), 'needs 100,663,296 bytes'],
    'a scrypt key over 64 bytes': [werkzeugScrypt(1024, 8, 1, 65), '65-byte scrypt key'],
    'argon2id over its memory cap': [
      await argon2Hash({ type: argon2.argon2id, memoryCost: memoryKiB + 1, timeCost: 1 }),
      `m=${memoryKiB + 1} KiB`,
    ],
    'argon2id over its passes cap': [
      await argon2Hash({ type: argon2.argon2id, memoryCost: 8192, timeCost: passes + 1 }),
      `t=${passes + 1} passes`,
    ],
    'argon2id over its lanes cap': [
      await argon2Hash({ type: argon2.argon2id, memoryCost: 8192, parallelism: lanes + 1 }),
      `p=${lanes + 1} lanes`,
    ],
    'argon2id with a longer hash': [
      await argon2Hash({ type: argon2.argon2id, memoryCost: 8192, hashLength: hashBytes + 3 }),
      `${hashBytes + 3}-byte hash`,
    ],
  };
  for (const [name, [hash, why]] of Object.entries(beyond)) {
    t.equal(passwordHashFormat(hash), undefined, `${name}: not an accepted format`);
    t.match(passwordHashBeyondBounds(hash), why, `${name}: says why`);
    t.notOk(await verifyPassword(hash, password), `${name}: does not verify`);
  }
});

t.test('argon2i and argon2d hashes are never accepted', async (t) => {
  for (const type of [argon2.argon2i, argon2.argon2d]) {
    const hash = await argon2Hash({ type });
    t.equal(passwordHashFormat(hash), undefined, hash);
    t.equal(passwordHashBeyondBounds(hash), undefined, 'unknown, not beyond a bound');
    t.notOk(await verifyPassword(hash, password), `${hash} does not verify`);
  }
});

t.test('a hash asking for a billion iterations is refused at once', async (t) => {
  // Were it computed, this check would take minutes and the test time out.
  const hash = `pbkdf2:sha256:1000000000$${salt}$${randomBytes(32).toString('hex')}`;
  t.match(passwordHashBeyondBounds(hash), '1,000,000,000 sha256 iterations');
  t.notOk(await verifyPassword(hash, password));
});

t.test('at most two legacy checks run at once; the others wait their turn', async (t) => {
  const hash = werkzeugPbkdf2('sha256', 200_000, 32);
  const checks = Array.from({ length: 6 }, (_, i) => verifyPassword(hash, i < 3 ? password : ''));
  let mostRunning = 0;
  let mostWaiting = 0;
  const checking = { done: false };
  const all = Promise.all(checks).finally(() => (checking.done = true));
  while (!checking.done) {
    const { running, waiting } = legacyCheckQueue();
    mostRunning = Math.max(mostRunning, running);
    mostWaiting = Math.max(mostWaiting, waiting);
    await new Promise((resolve) => setImmediate(resolve));
  }
  t.same(await all, [true, true, true, false, false, false], 'each answer is still right');
  t.equal(mostRunning, hashBounds.legacyChecksAtOnce, 'two ran at once, never more');
  t.ok(mostWaiting >= 3, `the others waited (${mostWaiting} at most)`);
});

t.test('SECURITY.md states the bounds the code applies', async (t) => {
  const security = await readFile(new URL('../../../../SECURITY.md', import.meta.url), 'utf8');
  const line = security.split('\n').find((row) => row.startsWith('| Weak hashes'));
  const count = (value: number) => value.toLocaleString('en');
  for (const stated of [
    `${count(pbkdf2Iterations.sha256)} iterations of SHA-1 or SHA-256`,
    `${count(pbkdf2Iterations.sha512)} of SHA-512`,
    `at most ${pbkdf2KeyBytes.sha512} bytes`,
    `scrypt at most ${hashBounds.scryptBytes / 1024 / 1024} MiB`,
    `key of at most ${hashBounds.scryptKeyBytes} bytes`,
    `(m=${memoryKiB}), ${passes} passes and ${lanes} lanes`,
    `salt and hash of at most ${hashBounds.argon2id.saltBytes} bytes`,
    'at most two legacy checks run at once',
  ]) {
    t.ok(line?.includes(stated), stated);
  }
  t.equal(pbkdf2Iterations.sha1, pbkdf2Iterations.sha256, 'SHA-1 and SHA-256 share one cap');
  t.equal(hashBounds.argon2id.hashBytes, hashBounds.argon2id.saltBytes);
  t.equal(hashBounds.legacyChecksAtOnce, 2);
});
