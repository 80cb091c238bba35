// Screenshots of a running MiniTwit web site, as people see it: /public and
// a user's page at a desktop's size and a phone's, in Debian's Chromium.
//
//   pnpm screenshots [base URL] [output folder] [--seed]
//
// The base URL defaults to the local stack's web (http://127.0.0.1:5000), the
// folder to docs/screenshots. --seed first signs up a few people who post and
// follow, through the site's own forms, so that an empty site has something
// to show.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';

const { values, positionals } = parseArgs({
  options: { seed: { type: 'boolean', default: false } },
  allowPositionals: true,
});
const base = positionals[0] ?? 'http://127.0.0.1:5000';
const folder = path.resolve(positionals[1] ?? 'docs/screenshots');
const password = 'a long and private passphrase';

const people = ['Ada Lovelace', 'grace', 'linus', 'Zoë'];
const posts: [string, string][] = [
  ['grace', 'The most dangerous phrase in the language is “we’ve always done it this way.”'],
  ['linus', 'Release candidate is out. Test it, break it, tell me: https://example.org/rc1'],
  [
    'Ada Lovelace',
    'The engine weaves algebraic patterns just as the Jacquard loom weaves flowers and leaves.',
  ],
  ['Zoë', 'Coffee first, then the stand-up. ☕️'],
  ['grace', 'A ship in port is safe, but that is not what ships are built for.'],
  ['Zoë', 'Trying MiniTwit on my phone: dates now say “5 min ago”, and links work.'],
];

async function signIn(page: Page, username: string) {
  await page.goto(`${base}/login`);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('input[type="submit"]').click();
}

/** Sign-ups, posts and follows through the forms, as people make them. */
async function seed(page: Page) {
  for (const [index, username] of people.entries()) {
    await page.goto(`${base}/register`);
    const inputs = page.locator('input');
    await inputs.nth(0).fill(username);
    await inputs.nth(1).fill(`person${index}@example.org`);
    await inputs.nth(2).fill(password);
    await inputs.nth(3).fill(password);
    await inputs.nth(4).click();
  }
  for (const [author, text] of posts) {
    await signIn(page, author);
    await page.locator('[name="text"]').fill(text);
    await page.locator('input[value="Share"]').click();
    await page.goto(`${base}/logout`);
  }
  await signIn(page, 'Zoë');
  for (const followed of ['grace', 'linus']) {
    await page.goto(`${base}/${encodeURIComponent(followed)}`);
    await page.locator('input[value="Follow user."]').click();
  }
  await page.goto(`${base}/logout`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
});
try {
  if (values.seed) await seed(await browser.newPage());
  await mkdir(folder, { recursive: true });
  const sizes = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
  const pages = { public: '/public', user: '/grace' };
  for (const [size, viewport] of Object.entries(sizes)) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    const page = await context.newPage();
    for (const [name, url] of Object.entries(pages)) {
      await page.goto(`${base}${url}`);
      const file = path.join(folder, `${name}-${size}.png`);
      await page.screenshot({ path: file });
      console.log(file);
    }
    await context.close();
  }
} finally {
  await browser.close();
}
