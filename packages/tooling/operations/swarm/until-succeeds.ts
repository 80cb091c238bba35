import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Tries `attempt` every half second until it does not throw, and returns
 * what it gave; after `seconds`, throws with `what` and the last failure.
 */
export async function untilSucceeds<T>(
  what: string,
  attempt: () => Promise<T>,
  seconds = 60,
): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`${what}: not within ${seconds} s`, { cause: error });
      await sleep(500);
    }
  }
}
