import t from 'tap';
import { newPage, openBrowser } from './chromium.js';
import { buildTestApp, signedIn } from './helper.js';

// public/relative-time.js: each browser reads the shared (cached) UTC dates
// as its own "5 min ago", in its own time zone.

const posted = new Date('2026-03-04T05:06:07Z');
const later = (milliseconds: number) => new Date(posted.getTime() + milliseconds);
const minutes = (count: number) => count * 60 * 1000;

t.test('times read at a glance, for every viewer, from the same cached page', async (t) => {
  const app = await buildTestApp(t);
  const author = await signedIn(t, app, 'carol');
  await author.post('/add_message', { text: 'hello' });
  await app.database.sql`UPDATE messages SET pub_date = ${posted}`;
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await openBrowser(t);
  const cacheHits = async () => {
    const metrics = (await app.inject('/metrics')).body;
    return Number(
      /^minitwit_timeline_cache_hits_total\{service="web"\} (\d+)$/m.exec(metrics)?.[1],
    );
  };

  /** What a viewer in `timezoneId`, whose clock says `now`, sees of the message's date on /public. */
  async function dateSeen(timezoneId: string, now: Date) {
    const page = await newPage(browser, { timezoneId, locale: 'en-US' });
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations.push(message.text());
    });
    await page.clock.install({ time: now });
    const response = await page.goto(`${base}/public`);
    const time = page.locator('ul.messages time').first();
    const seen = {
      text: await time.innerText(),
      title: await time.getAttribute('title'),
      markup: /<ul class="messages">[^]*<\/ul>/.exec((await response?.text()) ?? '')?.[0],
    };
    t.same(violations, [], 'nothing blocked by the content security policy');
    return { ...seen, page };
  }

  const copenhagen = await dateSeen('Europe/Copenhagen', later(minutes(5)));
  t.equal(copenhagen.text, '5 min ago');
  t.equal(copenhagen.title, 'Mar 4, 2026, 6:06:07 AM GMT+1', 'the exact time in the viewer’s zone');
  await copenhagen.page.clock.runFor(minutes(2));
  await t.resolves(
    copenhagen.page.waitForFunction(
      "document.querySelector('ul.messages time').textContent === '7 min ago'",
    ),
    'the page keeps its times current while it is open',
  );

  const hitsBefore = await cacheHits();
  const newYork = await dateSeen('America/New_York', later(minutes(3 * 60 + 1)));
  t.equal(newYork.text, '3 h ago');
  t.equal(newYork.title, 'Mar 4, 2026, 12:06:07 AM EST');
  t.ok((await cacheHits()) > hitsBefore, 'the second viewer got the page from the cache');
  t.equal(newYork.markup, copenhagen.markup, 'the same markup for both viewers');

  const tokyo = await dateSeen('Asia/Tokyo', later(minutes(2 * 24 * 60)));
  t.equal(tokyo.text, '2 d ago');
  t.equal(tokyo.title, 'Mar 4, 2026, 2:06:07 PM GMT+9');
  t.equal((await dateSeen('UTC', later(minutes(40 * 24 * 60)))).text, 'Mar 4', 'older: the day');
  t.equal(
    (await dateSeen('UTC', later(minutes(400 * 24 * 60)))).text,
    'Mar 4, 2026',
    'another year: the year too',
  );
  t.equal(
    (await dateSeen('UTC', later(-minutes(1)))).text,
    'now',
    'a viewer whose clock is behind sees “now”, not a time to come',
  );

  const withoutScript = await newPage(browser, { javaScriptEnabled: false });
  await withoutScript.goto(`${base}/public`);
  const time = withoutScript.locator('ul.messages time').first();
  t.equal(await time.innerText(), '2026-03-04 @ 05:06', 'without script: the date in UTC');
  t.equal(await time.getAttribute('title'), '2026-03-04 05:06:07 UTC', 'its zone on hover');
});
