import { createHash, pbkdf2, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import pLimit from 'p-limit';
import { hashBounds } from './hash-bounds.js';

const pbkdf2Async = promisify(pbkdf2);
const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: string,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/** The hash formats of the MiniTwits that came before, as an import finds them. */
export type LegacyHashFormat =
  'werkzeug-pbkdf2' | 'werkzeug-scrypt' | 'django-pbkdf2' | 'md5' | 'sha256';

/**
 * A legacy hash taken apart: enough to check a password against it, or, when
 * checking it would cost more than `hashBounds` allow, why.
 */
export type LegacyHash =
  | { format: LegacyHashFormat; beyondBounds: string }
  | {
      format: LegacyHashFormat;
      beyondBounds?: undefined;
      /** The key the password must derive to. */
      expected: Buffer;
      derive: (password: string) => Promise<Buffer>;
    };

type Pbkdf2Digest = keyof typeof hashBounds.pbkdf2Iterations;
const isPbkdf2Digest = (digest: string): digest is Pbkdf2Digest =>
  Object.hasOwn(hashBounds.pbkdf2Iterations, digest);
const hex = /^(?:[0-9a-f]{2})+$/;
const positiveInteger = (text: string | undefined) =>
  text !== undefined && /^[1-9]\d{0,9}$/.test(text) ? Number(text) : undefined;
const count = (value: number) => value.toLocaleString('en');

/** PBKDF2 with a known digest, unless its iterations or key length are beyond the bounds. */
function pbkdf2Hash(
  format: LegacyHashFormat,
  digest: Pbkdf2Digest,
  iterations: number,
  salt: string,
  expected: Buffer,
): LegacyHash {
  const maxIterations = hashBounds.pbkdf2Iterations[digest];
  const maxKeyBytes = hashBounds.pbkdf2KeyBytes[digest];
  if (iterations > maxIterations) {
    return {
      format,
      beyondBounds: `${count(iterations)} ${digest} iterations, over ${count(maxIterations)}`,
    };
  }
  if (expected.length > maxKeyBytes) {
    return {
      format,
      beyondBounds: `a ${count(expected.length)}-byte ${digest} key, over ${maxKeyBytes}`,
    };
  }
  return {
    format,
    expected,
    derive: (password) => pbkdf2Async(password, salt, iterations, expected.length, digest),
  };
}

/** Werkzeug's `pbkdf2:<digest>:<iterations>$salt$hex` (its default until 3.0, and the classic MiniTwit's). */
function werkzeugPbkdf2(method: string, salt: string, key: string): LegacyHash | undefined {
  const [, digest, iterationText] = method.split(':');
  const iterations = positiveInteger(iterationText);
  if (!digest || !isPbkdf2Digest(digest) || !iterations || !hex.test(key)) return;
  return pbkdf2Hash('werkzeug-pbkdf2', digest, iterations, salt, Buffer.from(key, 'hex'));
}

/** Werkzeug's `scrypt:N:r:p$salt$hex` (its default since 3.0); a bare `scrypt` means 32768:8:1. */
function werkzeugScrypt(method: string, salt: string, key: string): LegacyHash | undefined {
  const [, ...parameters] = method.split(':');
  const [N, r, p] = parameters.length === 0 ? [32_768, 8, 1] : parameters.map(positiveInteger);
  if (parameters.length > 3 || !N || !r || !p || (N & (N - 1)) !== 0 || !hex.test(key)) return;
  const format = 'werkzeug-scrypt';
  const bytes = 128 * N * r * p;
  if (bytes > hashBounds.scryptBytes) {
    return { format, beyondBounds: `scrypt ${N}:${r}:${p} needs ${count(bytes)} bytes` };
  }
  const expected = Buffer.from(key, 'hex');
  if (expected.length > hashBounds.scryptKeyBytes) {
    return { format, beyondBounds: `a ${count(expected.length)}-byte scrypt key` };
  }
  const maxmem = bytes + 1024 * 1024;
  return {
    format,
    expected,
    derive: (password) => scryptAsync(password, salt, expected.length, { N, r, p, maxmem }),
  };
}

/** Django's `pbkdf2_sha256$<iterations>$salt$base64` and `pbkdf2_sha1$…`. */
function djangoPbkdf2(hash: string): LegacyHash | undefined {
  const [algorithm, iterationText, salt, key, ...rest] = hash.split('$');
  const digest = { pbkdf2_sha256: 'sha256', pbkdf2_sha1: 'sha1' }[algorithm ?? ''];
  const iterations = positiveInteger(iterationText);
  if (!digest || !isPbkdf2Digest(digest) || !iterations || !salt || !key || rest.length > 0) {
    return;
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key)) return;
  return pbkdf2Hash('django-pbkdf2', digest, iterations, salt, Buffer.from(key, 'base64'));
}

/** An unsalted hex digest: MD5 (32 digits) or SHA-256 (64). */
function unsaltedDigest(hash: string): LegacyHash | undefined {
  const lower = hash.toLowerCase();
  if (!hex.test(lower)) return;
  const algorithm = { 32: 'md5', 64: 'sha256' }[lower.length] as 'md5' | 'sha256' | undefined;
  if (!algorithm) return;
  return {
    format: algorithm,
    expected: Buffer.from(lower, 'hex'),
    derive: async (password) => createHash(algorithm).update(password, 'utf8').digest(),
  };
}

/** `hash` taken apart, if it is in one of the legacy formats, within the bounds or not. */
export function legacyHash(hash: string): LegacyHash | undefined {
  if (hash.startsWith('pbkdf2_')) return djangoPbkdf2(hash);
  const parts = hash.split('$');
  if (parts.length === 3) {
    const [method = '', salt = '', key = ''] = parts;
    if (salt === '') return;
    if (method.startsWith('pbkdf2:')) return werkzeugPbkdf2(method, salt, key);
    if (method === 'scrypt' || method.startsWith('scrypt:'))
      return werkzeugScrypt(method, salt, key);
    return;
  }
  return unsaltedDigest(hash);
}

const legacyChecks = pLimit(hashBounds.legacyChecksAtOnce);

/** How many legacy checks run now, and how many wait for their turn. */
export const legacyCheckQueue = () => ({
  running: legacyChecks.activeCount,
  waiting: legacyChecks.pendingCount,
});

/**
 * Whether `password` matches a legacy `hash` within the bounds, the keys
 * compared in constant time; false for anything else. At most
 * `hashBounds.legacyChecksAtOnce` run at once: the others wait.
 */
export async function verifyLegacyHash(hash: string, password: string): Promise<boolean> {
  const parsed = legacyHash(hash);
  if (!parsed || parsed.beyondBounds !== undefined) return false;
  const { expected, derive } = parsed;
  const derived = await legacyChecks(() => derive(password));
  return derived.length === expected.length && timingSafeEqual(derived, expected);
}
