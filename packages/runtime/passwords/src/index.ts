import { randomBytes } from 'node:crypto';
// argon2 is pinned at 0.44.0: the linux-x64 prebuilt binary of 0.45.x
// crashes (segfault) as it loads on Debian 12.
import argon2 from 'argon2';
import { argon2idHash } from './argon2id-hashes.js';
import { type LegacyHashFormat, legacyHash, verifyLegacyHash } from './legacy-hashes.js';

export { hashBounds } from './hash-bounds.js';
export { legacyCheckQueue, type LegacyHashFormat } from './legacy-hashes.js';

/**
 * argon2id at OWASP's first recommended setting (19 MiB, 2 passes, 1 lane;
 * Password Storage Cheat Sheet, reviewed 2026-11):
 * about 30 ms a hash on one core here, well inside the simulator's 0.3 s for a
 * registration, and memory-hard enough to make offline guessing costly.
 * Hashes carry their parameters, so raising them later keeps old hashes valid.
 */
const hashOptions = {
  type: argon2.argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/** An encoded argon2id hash (`$argon2id$v=19$m=…`) of `password`. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, hashOptions);
}

/**
 * A hash of a random password with the same parameters, made once: an
 * unknown user's sign-in is checked against it, so it takes as long as a
 * known user's with a wrong password.
 */
let decoyHash: Promise<string> | undefined;
const decoy = () => (decoyHash ??= hashPassword(randomBytes(32).toString('base64')));

/** A stored hash's format, when it is one this MiniTwit checks. */
export type PasswordHashFormat = 'argon2id' | LegacyHashFormat;

/**
 * The format of a stored hash that a sign-in checks: ours or a legacy one,
 * within `hashBounds`. Undefined for an unknown hash, and for one beyond the
 * bounds: neither is ever accepted.
 */
export function passwordHashFormat(hash: string): PasswordHashFormat | undefined {
  const argon2id = argon2idHash(hash);
  if (argon2id) return argon2id.beyondBounds === undefined ? 'argon2id' : undefined;
  const legacy = legacyHash(hash);
  return legacy?.beyondBounds === undefined ? legacy?.format : undefined;
}

/** Why a hash in a known format is never accepted (it asks for more work than the bounds allow), if it is not. */
export function passwordHashBeyondBounds(hash: string): string | undefined {
  return (argon2idHash(hash) ?? legacyHash(hash))?.beyondBounds;
}

const isArgon2id = (hash: string) => argon2idHash(hash) !== undefined;

/** Whether a hash that just verified should be replaced: it is legacy, or argon2id with other parameters. */
export function needsRehash(hash: string): boolean {
  return !isArgon2id(hash) || argon2.needsRehash(hash, hashOptions);
}

/**
 * Whether `password` matches `hash`: argon2id, or one of the legacy formats
 * (legacy-hashes.ts), within `hashBounds`; false for a hash beyond them, a
 * malformed or an unknown one, which is never computed. With no hash (no
 * such user), or one never accepted, it still does the work of a check and
 * answers false; a legacy check also takes at least an argon2 check's time,
 * so how long a failed sign-in takes does not say which format a user has.
 */
export async function verifyPassword(hash: string | undefined, password: string): Promise<boolean> {
  const ours = hash === undefined ? undefined : argon2idHash(hash);
  if (hash !== undefined && ours !== undefined && ours.beyondBounds === undefined) {
    return argon2.verify(hash, password).catch(() => false);
  }
  const [legacy] = await Promise.all([
    hash === undefined ? false : verifyLegacyHash(hash, password).catch(() => false),
    argon2.verify(await decoy(), password),
  ]);
  return legacy;
}
