// pnpm bench:sign-in: how long a failed sign-in takes on the web app for a
// user whose stored hash is ours, the costliest of each format that the
// bounds allow (packages/runtime/passwords/src/hash-bounds.ts), and one
// beyond them. Rounds are interleaved, each user in a shuffled order; it
// prints the median and the spread of each.
import { pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto';
import { createDatabaseClient, createUser } from '@minitwit/db';
import { startReadyService } from '@minitwit/local-postgres';
import { hashBounds, hashPassword } from '@minitwit/passwords';
import argon2 from 'argon2';
import { startScratchPostgres } from './scratch-postgres.js';

const rounds = Number(process.env.BENCH_SIGN_IN_ROUNDS ?? 9);
const password = 'the right password';
const salt = randomBytes(12).toString('base64url');
const { pbkdf2Iterations, argon2id } = hashBounds;

/** Each user's stored hash, by what it is. */
const hashes = {
  'argon2id, ours (19 MiB, t=2, p=1)': await hashPassword(password),
  'argon2id at the bounds (64 MiB, t=3, p=4)': await argon2.hash(password, {
    type: argon2.argon2id,
    memoryCost: argon2id.memoryKiB,
    timeCost: argon2id.passes,
    parallelism: argon2id.lanes,
    hashLength: argon2id.hashBytes,
  }),
  'pbkdf2:sha256 at the bounds (2,000,000)': `pbkdf2:sha256:${pbkdf2Iterations.sha256}$${salt}$${pbkdf2Sync(password, salt, pbkdf2Iterations.sha256, 32, 'sha256').toString('hex')}`,
  'pbkdf2:sha512 at the bounds (1,000,000)': `pbkdf2:sha512:${pbkdf2Iterations.sha512}$${salt}$${pbkdf2Sync(password, salt, pbkdf2Iterations.sha512, 64, 'sha512').toString('hex')}`,
  'scrypt at the bounds (65536:8:1, 64 MiB)': `scrypt:65536:8:1$${salt}$${scryptSync(password, salt, 64, { N: 65_536, r: 8, p: 1, maxmem: 128 * 1024 * 1024 }).toString('hex')}`,
  'beyond the bounds (the report: 3,200-byte key)': `pbkdf2:sha256:100000$${salt}$${'ab'.repeat(3200)}`,
};

const postgres = await startScratchPostgres('sign-in-bench');
try {
  await postgres.admin.create('minitwit');
  await postgres.admin.prepareRoles('minitwit');
  const env = {
    LOG_LEVEL: 'warn',
    DATABASE_URL: postgres.admin.url('minitwit', 'runtime'),
    MIGRATION_DATABASE_URL: postgres.admin.url('minitwit', 'migration'),
    SIGN_IN_ATTEMPTS_PER_MINUTE: '10000',
  };
  const api = await startReadyService('api', env);
  const web = await startReadyService('web', env);
  const db = createDatabaseClient({ url: env.DATABASE_URL });
  try {
    const users = Object.entries(hashes).map(([kind, passwordHash], index) => ({
      kind,
      username: `user${index}`,
      passwordHash,
    }));
    for (const { username, passwordHash } of users) {
      await createUser(db, { username, email: `${username}@example.org`, passwordHash });
    }
    const times = new Map<string, number[]>(users.map(({ kind }) => [kind, []]));
    for (let round = 0; round < rounds; round++) {
      for (const { kind, username } of [...users].sort(() => Math.random() - 0.5)) {
        const started = performance.now();
        const response = await fetch(`${web.base}/login`, {
          method: 'POST',
          body: new URLSearchParams({ username, password: 'a wrong password' }),
          redirect: 'manual',
        });
        const page = await response.text();
        if (!page.includes('Invalid password')) throw new Error(`${kind}: ${response.status}`);
        times.get(kind)?.push(performance.now() - started);
      }
    }
    console.log(`failed sign-ins on the web app, ${rounds} interleaved rounds (ms)`);
    for (const [kind, measured] of times) {
      const sorted = [...measured].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
      const spread = `${(sorted[0] ?? NaN).toFixed(0)}–${(sorted.at(-1) ?? NaN).toFixed(0)}`;
      console.log(`${kind.padEnd(48)} median ${median.toFixed(0).padStart(5)}  spread ${spread}`);
    }
  } finally {
    await db.close();
    for (const service of [web, api]) {
      service.child.kill('SIGTERM');
      await service.exit;
    }
  }
} finally {
  await postgres.stop();
}
