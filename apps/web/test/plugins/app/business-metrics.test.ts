import t from 'tap';
import { buildTestApp, signUp, signedIn } from '../../helper.js';

t.test('the business metrics count what people did on the site', async (t) => {
  const app = await buildTestApp(t);
  const alice = await signedIn(t, app, 'alice');
  await signUp(t, app, 'bob');
  await alice.post('/add_message', { text: 'Hello' });
  await alice.post('/add_message', { text: '' });
  await alice.post('/bob/follow', {});
  await alice.post('/bob/follow', {});
  await alice.post('/bob/unfollow', {});

  const metrics = (await app.inject('/metrics')).body;
  t.match(metrics, /^minitwit_registrations_total\{service="web"\} 2$/m);
  t.match(metrics, /^minitwit_messages_posted_total\{service="web"\} 1$/m, 'an empty one: none');
  t.match(metrics, /^minitwit_follows_total\{service="web"\} 1$/m);
  t.match(metrics, /^minitwit_unfollows_total\{service="web"\} 1$/m);
  t.match(metrics, /^minitwit_users 2$/m);
  t.match(metrics, /^minitwit_messages 1$/m);
  t.match(metrics, /^minitwit_follows 0$/m);
  t.notMatch(metrics, /service="api"/, 'the web counts as web');
});
