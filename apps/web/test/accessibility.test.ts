// Every page of the site in real Chromium, at a desktop's size and a phone's,
// checked by axe-core against the WCAG 2.2 A and AA rules.
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { setModerator } from '@minitwit/db';
import type { Page } from 'playwright-core';
import t from 'tap';
import { newPage, openBrowser, signInAs } from './chromium.js';
import { buildTestApp, signUp, signedIn } from './helper.js';

const axeSource = await readFile(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);
const wcag22 = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

const viewports = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

interface Violation {
  id: string;
  impact: string | null;
  nodes: { target: string[] }[];
}

/** The links and controls on the page smaller than 24 × 24 px, as the eye finds them. */
const smallTargets = `[...document.querySelectorAll('a, button, input:not([type=hidden]), textarea, select')]
  .map((element) => [element, element.getBoundingClientRect()])
  .filter(([, box]) => box.width > 0 && (box.width < 24 || box.height < 24))
  .map(([element, box]) => element.outerHTML.slice(0, 60) + ': ' + Math.round(box.width) + ' × ' + Math.round(box.height))`;

/** axe-core's violations on the page as it is now. */
async function violationsOn(page: Page): Promise<Violation[]> {
  await page.addScriptTag({ content: axeSource });
  const results = await page.evaluate<{ violations: Violation[] }>(
    `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(wcag22)} } })`,
  );
  return results.violations;
}

t.test('axe-core finds no WCAG 2.2 A or AA violation on any page, desktop or phone', async (t) => {
  // A sign-in for each page, more than a minute's limit allows one address.
  const app = await buildTestApp(t, { SIGN_IN_ATTEMPTS_PER_MINUTE: '100' });
  const alice = await signedIn(t, app, 'alice');
  await signUp(t, app, 'bob');
  await setModerator(app.database, 'alice', true);
  await alice.post('/add_message', { text: 'A first message, with <b>markup</b> & "quotes"' });
  await alice.post('/add_message', {
    text: `A long one: ${'words that wrap across the line '.repeat(15)}`,
  });
  await alice.get('/bob/follow');
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await openBrowser(t);

  // Each page as a visitor reaches it: [name, signed in, how].
  const pages: [string, boolean, (page: Page) => Promise<unknown>][] = [
    ['public', false, (page) => page.goto(`${base}/public`)],
    ['user page', false, (page) => page.goto(`${base}/alice`)],
    ['sign-up', false, (page) => page.goto(`${base}/register`)],
    [
      'sign-up refused',
      false,
      async (page) => {
        await page.goto(`${base}/register`);
        await page.locator('input[type="submit"]').click();
        await page.waitForSelector('.error');
      },
    ],
    ['sign-in', false, (page) => page.goto(`${base}/login`)],
    ['not found', false, (page) => page.goto(`${base}/no/such/page`)],
    ['sign-in required', false, (page) => page.goto(`${base}/settings`)],
    ['my timeline (moderator)', true, (page) => page.goto(`${base}/`)],
    [
      'post refused',
      true,
      async (page) => {
        await page.goto(`${base}/`);
        await page.locator('input[value="Share"]').click();
        await page.waitForSelector('.error');
      },
    ],
    ['user page, signed in', true, (page) => page.goto(`${base}/bob`)],
    ['public, signed in', true, (page) => page.goto(`${base}/public`)],
    ['settings', true, (page) => page.goto(`${base}/settings`)],
  ];
  for (const [size, viewport] of Object.entries(viewports)) {
    for (const [name, signIn, open] of pages) {
      // The policy allows the site's own script alone: axe is added past it, in the test's browser only.
      const page = await newPage(browser, { viewport, bypassCSP: true });
      if (signIn) await signInAs(page, base, 'alice');
      await open(page);
      const violations = await violationsOn(page);
      const summary = violations.map(
        ({ id, impact, nodes }) =>
          `${id} (${impact ?? '?'}): ${nodes.map((n) => n.target.join(' ')).join(', ')}`,
      );
      t.comment(`axe, ${size}, ${name}: ${violations.length} violations`);
      t.same(summary, [], `${size}: ${name}`);
      t.same(
        await page.evaluate<string[]>(smallTargets),
        [],
        `${size}: ${name}: tap targets of 24 px`,
      );
      await page.context().close();
    }
  }
});
