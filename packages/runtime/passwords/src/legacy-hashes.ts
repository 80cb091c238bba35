import { createHash, pbkdf2, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

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

/** A legacy hash taken apart: enough to check a password against it. */
interface ParsedHash {
  format: LegacyHashFormat;
  /** The key the password must derive to. */
  expected: Buffer;
  derive(password: string): Promise<Buffer>;
}

const pbkdf2Digests = new Set(['sha1', 'sha256', 'sha512']);
// Bounds on the work a stored hash can ask for: the largest any release of
// these systems used, with room, so a crafted hash cannot stall the server.
const maxIterations = 10_000_000;
const maxScryptMemory = 256 * 1024 * 1024;
const hex = /^(?:[0-9a-f]{2})+$/;
const positiveInteger = (text: string | undefined) =>
  text !== undefined && /^[1-9]\d{0,8}$/.test(text) ? Number(text) : undefined;

/** Werkzeug's `pbkdf2:<digest>:<iterations>$salt$hex` (its default until 3.0, and the classic MiniTwit's). */
function werkzeugPbkdf2(method: string, salt: string, key: string): ParsedHash | undefined {
  const [, digest, iterationText] = method.split(':');
  const iterations = positiveInteger(iterationText);
  if (!digest || !pbkdf2Digests.has(digest) || !iterations || iterations > maxIterations) return;
  if (!hex.test(key)) return;
  const expected = Buffer.from(key, 'hex');
  return {
    format: 'werkzeug-pbkdf2',
    expected,
    derive: (password) => pbkdf2Async(password, salt, iterations, expected.length, digest),
  };
}

/** Werkzeug's `scrypt:N:r:p$salt$hex` (its default since 3.0); a bare `scrypt` means 32768:8:1. */
function werkzeugScrypt(method: string, salt: string, key: string): ParsedHash | undefined {
  const [, ...parameters] = method.split(':');
  const [N, r, p] = parameters.length === 0 ? [32_768, 8, 1] : parameters.map(positiveInteger);
  if (parameters.length > 3 || !N || !r || !p || !hex.test(key)) return;
  const maxmem = 128 * N * r * p + 1024 * 1024;
  if ((N & (N - 1)) !== 0 || maxmem > maxScryptMemory) return;
  const expected = Buffer.from(key, 'hex');
  return {
    format: 'werkzeug-scrypt',
    expected,
    derive: (password) => scryptAsync(password, salt, expected.length, { N, r, p, maxmem }),
  };
}

/** Django's `pbkdf2_sha256$<iterations>$salt$base64` and `pbkdf2_sha1$…`. */
function djangoPbkdf2(hash: string): ParsedHash | undefined {
  const [algorithm, iterationText, salt, key, ...rest] = hash.split('$');
  const digest = { pbkdf2_sha256: 'sha256', pbkdf2_sha1: 'sha1' }[algorithm ?? ''];
  const iterations = positiveInteger(iterationText);
  if (!digest || !iterations || iterations > maxIterations || !salt || !key || rest.length > 0) {
    return;
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key)) return;
  const expected = Buffer.from(key, 'base64');
  return {
    format: 'django-pbkdf2',
    expected,
    derive: (password) => pbkdf2Async(password, salt, iterations, expected.length, digest),
  };
}

/** An unsalted hex digest: MD5 (32 digits) or SHA-256 (64). */
function unsaltedDigest(hash: string): ParsedHash | undefined {
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

function parseLegacyHash(hash: string): ParsedHash | undefined {
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

/** Which legacy format `hash` is in, if it is one this MiniTwit can check. */
export function legacyHashFormat(hash: string): LegacyHashFormat | undefined {
  return parseLegacyHash(hash)?.format;
}

/**
 * Whether `password` matches a legacy `hash`, the keys compared in constant
 * time; undefined when `hash` is in none of the legacy formats.
 */
export async function verifyLegacyHash(
  hash: string,
  password: string,
): Promise<boolean | undefined> {
  const parsed = parseLegacyHash(hash);
  if (!parsed) return undefined;
  const derived = await parsed.derive(password);
  return derived.length === parsed.expected.length && timingSafeEqual(derived, parsed.expected);
}
