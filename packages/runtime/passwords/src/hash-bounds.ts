/**
 * The most work a stored hash may ask of one sign-in. The cost of a check is
 * read from the hash itself, and a hash can come from an imported database or
 * from anything that writes a row, so a hash beyond any bound never verifies
 * and is never computed. Each bound is the largest that the system's own
 * defaults have reached, with room; SECURITY.md states them.
 */
export const hashBounds = {
  /**
   * PBKDF2 iterations per digest: Django 6.0 uses 1,200,000, Werkzeug 3.1
   * 1,000,000. About 0.4 s at the largest on one core here.
   */
  pbkdf2Iterations: { sha1: 2_000_000, sha256: 2_000_000, sha512: 1_000_000 },
  /**
   * PBKDF2 repeats every iteration for each digest-sized block of the key, and
   * both systems store exactly one block, so a key is at most its digest's
   * size: 20, 32 or 64 bytes.
   */
  pbkdf2KeyBytes: { sha1: 20, sha256: 32, sha512: 64 },
  /** scrypt's memory and time, 128·N·r·p bytes: Werkzeug's default 32768:8:1 is 32 MiB. */
  scryptBytes: 64 * 1024 * 1024,
  /** scrypt's key: Werkzeug stores 64 bytes. */
  scryptKeyBytes: 64,
  /** argon2id only (version 19), at most RFC 9106's second recommendation (64 MiB, 3 passes, 4 lanes). */
  argon2id: { memoryKiB: 65_536, passes: 3, lanes: 4, saltBytes: 64, hashBytes: 64 },
  /**
   * Legacy checks run on libuv's four threads, as argon2 does: at most two at
   * once per process leaves the other two to registrations and argon2 sign-ins.
   */
  legacyChecksAtOnce: 2,
} as const;
