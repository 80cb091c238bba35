import { setTimeout as sleep } from 'node:timers/promises';

export interface EventuallyOptions {
  /** How long to keep trying. */
  seconds?: number;
  /** How long to wait between two checks. */
  pollMs?: number;
}

/**
 * Waits until `check` holds (a check that throws does not hold); false when
 * `seconds` pass first. For what a test expects to happen soon, not at once.
 */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  { seconds = 10, pollMs = 10 }: EventuallyOptions = {},
): Promise<boolean> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    if (
      await Promise.resolve()
        .then(check)
        .catch(() => false)
    )
      return true;
    if (Date.now() >= deadline) return false;
    await sleep(pollMs);
  }
}
