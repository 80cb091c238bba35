import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import type { Test } from 'tap';
import { testPassword } from './helper.js';

// Debian's chromium package (.ci/run installs it); playwright-core drives it.
export const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where the browser tests leave their screenshots. */
export const screenshots = path.join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'test-artifacts',
  'web',
);

/** Chromium's flags on a machine without network: keep it from reaching for one. */
export const offlineFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Headless Chromium, closed when the test ends. */
export async function openBrowser(t: Test): Promise<Browser> {
  await mkdir(screenshots, { recursive: true });
  const browser = await chromium.launch({ executablePath, args: offlineFlags });
  t.teardown(() => browser.close());
  return browser;
}

/** A page of its own (its own cookies). */
export async function newPage(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<Page> {
  return (await browser.newContext(options)).newPage();
}

/** Signs `page` in as `username` (who signed up with the tests' password) through the form. */
export async function signInAs(page: Page, base: string, username: string) {
  await page.goto(`${base}/login`);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(testPassword);
  await page.locator('input[type="submit"]').click();
  await page.waitForURL(`${base}/`);
}
