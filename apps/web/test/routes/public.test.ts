import { userByUsername } from '@minitwit/db';
import t from 'tap';
import { Visitor, buildTestApp, messageTexts as texts, signUp } from '../helper.js';

const link = (rel: string) => (body: string) =>
  new RegExp(`<a href="([^"]*)" rel="${rel}">`).exec(body)?.[1]?.replace(/&amp;/g, '&');
const olderLink = link('next');
const newerLink = link('prev');

t.test('an empty public timeline says so', async (t) => {
  const app = await buildTestApp(t);
  const page = await new Visitor(app).get('/public');
  t.equal(page.status, 200);
  t.match(page.body, '<title>Public Timeline | MiniTwit</title>');
  t.match(page.body, "There's no message so far.");
  t.equal(olderLink(page.body), undefined, 'no older page');
  t.equal(newerLink(page.body), undefined, 'no newer page');
});

t.test(
  'the public timeline pages 30 at a time, newest first, with no message lost or repeated',
  async (t) => {
    const app = await buildTestApp(t);
    await signUp(t, app, 'alice');
    const alice = await userByUsername(app.database, 'alice');
    if (!alice) throw new Error('alice did not sign up');
    // Pairs of messages share a timestamp: the id must break the tie across page boundaries.
    const start = Date.UTC(2026, 0, 1);
    await app.database.sql`
      INSERT INTO messages (author_id, text, pub_date)
      SELECT ${alice.id}, 'message ' || i, ${new Date(start)}::timestamptz + (i / 2) * interval '1 minute'
      FROM generate_series(0, 64) AS i`;
    await app.database.sql`UPDATE messages SET flagged = TRUE WHERE text = 'message 10'`;

    const visitor = new Visitor(app);
    const pages: string[][] = [];
    let url: string | undefined = '/public';
    let last = '';
    while (url) {
      const page = await visitor.get(url);
      t.equal(page.status, 200, url);
      const onPage = texts(page.body);
      pages.push(onPage);
      t.equal(
        newerLink(page.body) === undefined,
        url === '/public',
        `${url}: a newer page link unless first`,
      );
      last = page.body;
      url = olderLink(page.body);
    }
    t.same(
      pages.map((page) => page.length),
      [30, 30, 4],
      '64 unflagged messages on three pages',
    );
    const expected = Array.from({ length: 65 }, (_, i) => `message ${64 - i}`).filter(
      (text) => text !== 'message 10',
    );
    t.same(pages.flat(), expected, 'newest first, each exactly once, flagged left out');

    // Back again by the newer links: the 30 just newer each time, then the first page.
    const back: string[][] = [];
    let newer = newerLink(last);
    while (newer) {
      const page = await visitor.get(newer);
      t.equal(page.status, 200, newer);
      back.push(texts(page.body));
      t.ok(olderLink(page.body), `${newer}: an older page link`);
      newer = newerLink(page.body);
    }
    t.same(
      back,
      [expected.slice(30, 60), expected.slice(0, 30)],
      'the 30 just newer, then the newest 30',
    );
    t.match(
      (await visitor.get('/public')).body,
      /2026-01-01 @ 00:32/,
      'dates as YYYY-MM-DD @ HH:MM UTC',
    );
  },
);

t.test('a malformed page cursor is a 400 page, not an error', async (t) => {
  const app = await buildTestApp(t);
  const page = await new Visitor(app).get('/public?before=yesterday');
  t.equal(page.status, 400);
  t.match(page.body, '<title>Bad Request | MiniTwit</title>');
});

t.test('a cursor beyond a message id’s range is a 400 page; at its edge it pages', async (t) => {
  const app = await buildTestApp(t);
  const visitor = new Visitor(app);
  // messages.id is a PostgreSQL integer: 2147483647 at most.
  const beyond = await visitor.get('/public?before=1700000000000_9999999999');
  t.equal(beyond.status, 400, 'an id beyond the column answers 400');
  t.match(beyond.body, '<title>Bad Request | MiniTwit</title>');
  const edge = await visitor.get('/public?before=1700000000000_2147483647');
  t.equal(edge.status, 200, 'the largest id the column holds is a page');
  t.match(edge.body, "There's no message so far.");
});

t.test('a page cannot be both older and newer: 400', async (t) => {
  const app = await buildTestApp(t);
  const visitor = new Visitor(app);
  const both = await visitor.get('/public?before=1700000000000_5&after=1700000000000_1');
  t.equal(both.status, 400);
  t.match(both.body, '<title>Bad Request | MiniTwit</title>');
  t.equal((await visitor.get('/public?after=tomorrow')).status, 400, 'a malformed cursor');
  const early = await visitor.get('/public?after=0_1');
  t.equal(early.status, 200, 'newer than anything there is: the first page');
  t.match(early.body, "There's no message so far.");
});
