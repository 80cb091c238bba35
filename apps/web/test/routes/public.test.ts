import { userByUsername } from '@minitwit/db';
import t from 'tap';
import { Visitor, buildTestApp, signUp } from '../helper.js';

/** The message texts on a page, top to bottom. */
const texts = (body: string) =>
  [...body.matchAll(/<\/a><\/strong>\s*(.*?)\s*<small>/gs)].map((match) => match[1]);

const olderLink = (body: string) =>
  /<a href="([^"]*)" rel="next">/.exec(body)?.[1]?.replace(/&amp;/g, '&');

t.test('an empty public timeline says so', async (t) => {
  const app = await buildTestApp(t);
  const page = await new Visitor(app).get('/public');
  t.equal(page.status, 200);
  t.match(page.body, '<title>Public Timeline | MiniTwit</title>');
  t.match(page.body, "There's no message so far.");
  t.equal(olderLink(page.body), undefined, 'no older page');
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
    const seen: string[] = [];
    const sizes: number[] = [];
    let url: string | undefined = '/public';
    while (url) {
      const page = await visitor.get(url);
      t.equal(page.status, 200, url);
      const onPage = texts(page.body);
      sizes.push(onPage.length);
      seen.push(...onPage.flatMap((text) => (text === undefined ? [] : [text])));
      url = olderLink(page.body);
    }
    t.same(sizes, [30, 30, 4], '64 unflagged messages on three pages');
    const expected = Array.from({ length: 65 }, (_, i) => `message ${64 - i}`).filter(
      (text) => text !== 'message 10',
    );
    t.same(seen, expected, 'newest first, each exactly once, flagged left out');
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
