import { countRows, setModerator } from '@minitwit/db';
import path from 'node:path';
import t from 'tap';
import { newPage, openBrowser, screenshots, signInAs } from './chromium.js';
import { Visitor, buildTestApp, signUp, testPassword } from './helper.js';

t.test('a person signs up, signs in, posts, follows, unfollows and signs out', async (t) => {
  const app = await buildTestApp(t);
  await signUp(t, app, 'bob');
  const base = await app.listen({ host: '127.0.0.1', port: 0 });

  const browser = await openBrowser(t);
  const page = await browser.newPage();
  // Chromium reports on the console whatever the content security policy blocks.
  const policyViolations: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) policyViolations.push(message.text());
  });
  const shot = (name: string) =>
    page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
  const flash = () => page.locator('ul.flashes li').allInnerTexts();

  // Sign up by typing into the form's inputs by position, as classic browser tests do.
  await page.goto(`${base}/register`);
  t.equal(await page.title(), 'Sign Up | MiniTwit');
  const inputs = page.locator('input');
  await inputs.nth(0).pressSequentially('Zoë Ångström');
  await inputs.nth(1).pressSequentially('zoe@example.org');
  await inputs.nth(2).pressSequentially(`pa"ss'word!`);
  await inputs.nth(3).pressSequentially(`pa"ss'word!`);
  await shot('1-sign-up');
  await inputs.nth(4).click();
  await page.waitForURL(`${base}/login`);
  t.same(await flash(), ['You were successfully registered and can login now']);
  await shot('2-signed-up');

  await page.locator('input[name="username"]').fill('Zoë Ångström');
  await page.locator('input[name="password"]').fill(`pa"ss'word!`);
  await page.locator('input[type="submit"]').click();
  await page.waitForURL(`${base}/`);
  t.equal(await page.title(), 'My Timeline | MiniTwit');
  t.same(await flash(), ['You were logged in']);
  t.match(await page.locator('nav').innerText(), 'sign out [Zoë Ångström]');
  t.match(await page.locator('ul.messages').innerText(), "There's no message so far.");
  await shot('3-signed-in');

  await page.locator('textarea[name="text"]').fill('Hello from a real browser <3 & "friends"');
  await page.locator('input[value="Share"]').click();
  await page.waitForURL(`${base}/`);
  t.same(await flash(), ['Your message was recorded']);
  t.match(
    await page.locator('ul.messages li').first().innerText(),
    'Hello from a real browser <3 & "friends"',
  );
  await shot('4-posted');
  t.equal(
    await page.evaluate(
      "(() => { const image = document.querySelector('ul.messages li img'); return image.complete && image.naturalWidth; })()",
    ),
    48,
    "the author's avatar, drawn by the site, is shown",
  );

  await page.goto(`${base}/bob`);
  t.match(await page.locator('.followstatus').innerText(), 'You are not yet following this user.');
  await page.locator('input[value="Follow user."]').click();
  await page.waitForURL(`${base}/bob`);
  t.same(await flash(), ['You are now following "bob"']);
  t.match(
    await page.locator('.followstatus').innerText(),
    'You are currently following this user.',
  );
  await shot('5-following');

  await page.locator('input[value="Unfollow user."]').click();
  await page.waitForURL(`${base}/bob`);
  t.same(await flash(), ['You are no longer following "bob"']);
  t.match(await page.locator('.followstatus').innerText(), 'You are not yet following this user.');
  await shot('6-unfollowed');

  await page.locator('a', { hasText: 'sign out' }).click();
  await page.waitForURL(`${base}/public`);
  t.same(await flash(), ['You were logged out']);
  t.match(await page.locator('nav').innerText(), 'sign in');
  t.match(await page.locator('ul.messages').innerText(), 'Hello from a real browser');
  await shot('7-signed-out');

  t.same(policyViolations, [], 'no page broke its content security policy');
  t.ok(
    Number(await page.evaluate('document.styleSheets[0].cssRules.length')) > 0,
    'and the stylesheet was applied under it',
  );

  t.equal(await countRows(app.database, 'follows'), 0, 'the follow is gone again');
  t.equal(await countRows(app.database, 'messages'), 1, 'the message is stored');
});

t.test('a moderator flags a message from a real browser; anyone else is refused', async (t) => {
  const app = await buildTestApp(t);
  await signUp(t, app, 'mod');
  await signUp(t, app, 'bob');
  await setModerator(app.database, 'mod', true);
  const bob = new Visitor(app);
  await bob.post('/login', { username: 'bob', password: testPassword });
  await bob.post('/add_message', { text: 'buy cheap watches' });
  await bob.post('/add_message', { text: 'a real thought' });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await openBrowser(t);

  const moderator = await newPage(browser);
  await signInAs(moderator, base, 'mod');
  await moderator.goto(`${base}/bob`);
  const spam = moderator.locator('ul.messages li', { hasText: 'buy cheap watches' });
  t.equal(await moderator.locator('form.flag').count(), 2, 'a flag control on each message');
  await spam.locator('input[name="reason"]').fill('spam');
  await moderator.screenshot({
    path: path.join(screenshots, 'moderator-flags.png'),
    fullPage: true,
  });
  await spam.locator('input[value="flag"]').click();
  await moderator.waitForURL(`${base}/bob`);
  t.same(await moderator.locator('ul.flashes li').allInnerTexts(), [
    'The message was flagged: it is hidden from every timeline',
  ]);
  t.notMatch(await moderator.locator('ul.messages').innerText(), 'buy cheap watches');
  await moderator.screenshot({
    path: path.join(screenshots, 'moderator-flagged.png'),
    fullPage: true,
  });

  const user = await newPage(browser);
  await signInAs(user, base, 'bob');
  await user.goto(`${base}/public`);
  t.equal(await user.locator('form.flag').count(), 0, 'no flag control for a user');
  t.notMatch(await user.locator('ul.messages').innerText(), 'buy cheap watches');
  // A forged flag from the user's own page, with their session.
  const { rows } = await app.database.sql<{ id: number }>`
    SELECT id FROM messages WHERE text = 'a real thought'`;
  const status = await user.evaluate(
    async (url) => (await fetch(url, { method: 'POST', body: new URLSearchParams() })).status,
    `${base}/messages/${rows[0]?.id ?? 0}/flag`,
  );
  t.equal(status, 403, 'refused');
  await user.reload();
  t.match(await user.locator('ul.messages').innerText(), 'a real thought', 'and still shown');
});
