import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `url` until it answers 2xx. Fails when `service` exits first or when
 * `timeoutMs` passes.
 */
export async function waitUntilReady(
  url: string,
  service: ChildProcess,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.exitCode !== null || service.signalCode !== null) {
      throw new Error(`the service behind ${url} exited while starting`);
    }
    const response = await fetch(url).catch(() => undefined);
    if (response?.ok) return;
    await sleep(100);
  }
  throw new Error(`${url} was not ready within ${timeoutMs / 1000} s`);
}
