import { countRows } from '@minitwit/db';
import t from 'tap';
import { Visitor, buildTestApp, flashes, signedIn } from '../helper.js';

t.test('a message is recorded with a flash', async (t) => {
  const app = await buildTestApp(t);
  const alice = await signedIn(t, app, 'alice');
  const posted = await alice.post('/add_message', { text: 'Hello,\r\nworld' });
  t.equal(posted.status, 302);
  t.equal(posted.location, '/');
  const home = await alice.get('/');
  t.same(flashes(home.body), ['Your message was recorded']);
  t.match(home.body, 'Hello,');
  t.equal(await countRows(app.database, 'messages'), 1);
});

t.test('the post box shows its limit before anything is typed', async (t) => {
  const app = await buildTestApp(t);
  const home = await (await signedIn(t, app, 'alice')).get('/');
  t.match(home.body, /<label for="text">What's on your mind alice\?<\/label>/);
  t.match(
    home.body,
    /<textarea id="text" name="text" rows="3" maxlength="5500" aria-describedby="text-limit">/,
  );
  t.match(home.body, '<p class="limit" id="text-limit">Up to 500 characters.</p>');
});

t.test(
  'a blank or too long message is refused on the signed-in page, its text kept, with why',
  async (t) => {
    const app = await buildTestApp(t);
    const alice = await signedIn(t, app, 'alice');
    const cases: [string, string][] = [
      ['', 'You have to enter a message'],
      ['  \r\n\t ', 'You have to enter a message'],
      ['<b>x</b> '.repeat(60), 'A message can have at most 500 characters'],
      ['🇩🇰'.repeat(501), 'A message can have at most 500 characters'],
    ];
    for (const [text, error] of cases) {
      const page = await alice.post('/add_message', { text });
      t.equal(page.status, 200, error);
      t.match(page.body, '<title>My Timeline | MiniTwit</title>', 'the signed-in page');
      t.match(page.body, 'sign out [alice]');
      t.match(
        page.body,
        `<div class="error" id="text-error"><strong>Error:</strong> ${error}</div>`,
      );
      t.match(page.body, 'aria-describedby="text-limit text-error" aria-invalid="true"');
      const kept = /<textarea[^>]*>(.*?)<\/textarea>/s.exec(page.body)?.[1];
      t.equal(
        kept,
        text.replaceAll('<', '&lt;').replaceAll('>', '&gt;'),
        'the text is kept, escaped',
      );
    }
    t.ok(
      (await alice.post('/add_message', { text: '🇩🇰'.repeat(500) })).location,
      '500 flags are fine',
    );
    t.equal(await countRows(app.database, 'messages'), 1, 'only that one was stored');
  },
);

t.test('posting signed out is a 401 and stores nothing', async (t) => {
  const app = await buildTestApp(t);
  const page = await new Visitor(app).post('/add_message', { text: 'sneaky' });
  t.equal(page.status, 401);
  t.match(page.body, 'You need to sign in');
  t.equal(await countRows(app.database, 'messages'), 0);
});

t.test(
  'a post over the body limit: the signed-in page says why, and nothing is stored',
  async (t) => {
    const app = await buildTestApp(t);
    const alice = await signedIn(t, app, 'alice');
    const page = await alice.post('/add_message', { text: 'x'.repeat(70_000) });
    t.equal(page.status, 413);
    t.match(page.body, '<title>Too Large | MiniTwit</title>');
    t.match(page.body, 'sign out [alice]', 'still signed in, as the page says');
    t.match(page.body, 'A message can have at most 500 characters.');
    t.equal(await countRows(app.database, 'messages'), 0);
  },
);
