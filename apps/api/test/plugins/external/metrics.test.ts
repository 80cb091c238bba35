import t from 'tap';
import { asSimulator, buildTestApp, registerUser } from '../../helper.js';

t.test('/metrics labels requests by route template, never by username', async (t) => {
  const app = await buildTestApp(t);
  await registerUser(t, app, 'Zoë Ångström');
  await registerUser(t, app, 'bob');
  for (const user of ['Zo%C3%AB%20%C3%85ngstr%C3%B6m', 'bob', 'nobody']) {
    await app.inject({ url: `/msgs/${user}`, headers: asSimulator });
  }
  const response = await app.inject('/metrics');
  t.equal(response.statusCode, 200);
  t.match(response.headers['content-type'], /text\/plain/);
  const text = response.body;
  t.match(
    text,
    'http_request_duration_seconds_count{method="GET",route="/msgs/:username",status_code="200"} 2',
  );
  t.match(
    text,
    'http_request_duration_seconds_count{method="GET",route="/msgs/:username",status_code="404"} 1',
  );
  t.match(
    text,
    'http_request_duration_seconds_count{method="POST",route="/register",status_code="204"} 2',
  );
  t.notMatch(text, /bob|nobody|Zo%C3|Zoë/, 'no username in any label');
  t.match(text, /^process_cpu_user_seconds_total /m, 'process metrics');
  t.match(text, /^nodejs_eventloop_lag_seconds /m, 'event-loop metrics');
});
