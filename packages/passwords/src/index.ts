// argon2 is pinned at 0.44.0: the linux-x64 prebuilt binary of 0.45.x
// crashes (segfault) as it loads on Debian 12.
import argon2 from 'argon2';

/**
 * argon2id at OWASP's first recommended setting (19 MiB, 2 passes, 1 lane):
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

/** Whether `password` matches `hash`; false for a malformed hash. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}
