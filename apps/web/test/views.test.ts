import t, { type Test } from 'tap';
import { markupEscape } from '../src/markup-escape.js';
import { Visitor, buildTestApp, flashes, signedIn, testPassword } from './helper.js';

const hostile = `<b>&"'</b>`;
const escaped = '&lt;b&gt;&amp;&#34;&#39;&lt;/b&gt;';

t.test('escaping is MarkupSafe-style, character for character', async (t) => {
  t.equal(markupEscape(hostile), escaped);
  t.equal(markupEscape('a`b=c'), 'a`b=c', 'backticks and equals signs stay');
  t.equal(markupEscape('Zoë 🚀'), 'Zoë 🚀');
});

t.test('messages, usernames and flashes are escaped everywhere they appear', async (t) => {
  const app = await buildTestApp(t);
  const name = `o'<b>"&`;
  const author = await signedIn(t, app, name);
  await author.post('/add_message', { text: hostile });
  const viewer = await signedIn(t, app, 'viewer');
  const path = `/${encodeURIComponent(name)}`;
  await viewer.get(`${path}/follow`);

  const pages = {
    public: (await new Visitor(app).get('/public')).body,
    home: (await author.get('/')).body,
    user: (await viewer.get(path)).body,
  };
  for (const [page, body] of Object.entries(pages)) {
    t.match(body, escaped, `${page}: the message is escaped`);
    t.notMatch(body, hostile, `${page}: never raw`);
    t.match(body, `o&#39;&lt;b&gt;&#34;&amp;`, `${page}: the username is escaped`);
    t.notMatch(body, `<b>"&`, `${page}: the username never raw`);
  }
  t.same(flashes(pages.user), ['You are now following &#34;o&#39;&lt;b&gt;&#34;&amp;&#34;']);
  t.match(pages.user, `<title>o&#39;&lt;b&gt;&#34;&amp;&#39;s Timeline | MiniTwit</title>`);
});

t.test('a web link in a message is a link on every timeline, marked as the user’s', async (t) => {
  const app = await buildTestApp(t);
  const author = await signedIn(t, app, 'linker');
  await author.post('/add_message', { text: 'read https://example.com/a?b=1&c=2 <now>' });
  const link =
    'read <a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc noopener">https://example.com/a?b=1&amp;c=2</a> &lt;now&gt;';
  t.match((await new Visitor(app).get('/public')).body, link, 'public');
  t.match((await author.get('/')).body, link, 'home');
  t.match((await author.get('/linker')).body, link, 'user page');
});

/** Zoë signs up with an untidy address and posts; the body of /public, where the post is dated 2026-03-04 05:06:07 UTC. */
async function publicWithZoe(t: Test, env: NodeJS.ProcessEnv = {}) {
  const app = await buildTestApp(t, env);
  const visitor = new Visitor(app);
  await visitor.post('/register', {
    username: 'Zoë',
    email: '  Zoe@Example.ORG ',
    password: testPassword,
    password2: testPassword,
  });
  await visitor.post('/login', { username: 'Zoë', password: testPassword });
  await visitor.post('/add_message', { text: 'hello' });
  await app.database.sql`UPDATE messages SET pub_date = ${new Date('2026-03-04T05:06:07Z')}`;
  return { app, body: (await visitor.get('/public')).body };
}

t.test(
  "a message shows its author's avatar, drawn by the site, the author link and the UTC date",
  async (t) => {
    const { app, body } = await publicWithZoe(t);
    t.match(body, '<img src="/avatars/Zo%C3%AB" alt="" width="48" height="48">');
    t.notMatch(body, 'gravatar', 'nothing of Gravatar');
    t.match(body, '<a href="/Zo%C3%AB">Zoë</a>');
    t.match(
      body,
      '&mdash; <time datetime="2026-03-04T05:06:07.000Z" title="2026-03-04 05:06:07 UTC">2026-03-04 @ 05:06</time>',
    );

    const avatar = await app.inject({ url: '/avatars/Zo%C3%AB' });
    t.equal(avatar.statusCode, 200);
    t.equal(avatar.headers['content-type'], 'image/svg+xml');
    t.equal(avatar.headers['cache-control'], 'public, max-age=604800, immutable');
    t.match(avatar.body, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="48" height="48"/);
    t.equal(
      (await app.inject({ url: '/avatars/Zo%C3%AB' })).body,
      avatar.body,
      'the same every time',
    );
    const other = await app.inject({ url: '/avatars/nobody%20at%20all' });
    t.equal(other.statusCode, 200, 'any name has one: it tells nobody who exists');
    t.not(other.body, avatar.body, 'each name its own');
  },
);

t.test('with AVATARS=gravatar, the Gravatar of the trimmed, lower-cased address', async (t) => {
  const { body } = await publicWithZoe(t, { AVATARS: 'gravatar' });
  // md5('zoe@example.org')
  t.match(
    body,
    'https://www.gravatar.com/avatar/710c98997fe6293238987eee67b9d7dd?d=identicon&amp;s=48',
  );
});
