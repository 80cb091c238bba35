import t from 'tap';
import { Visitor, buildTestApp, signUp } from '../../helper.js';

t.test('/metrics labels pages by route template, never by username', async (t) => {
  const app = await buildTestApp(t);
  await signUp(t, app, 'alice');
  const visitor = new Visitor(app);
  await visitor.get('/alice');
  await visitor.get('/public');
  const response = await app.inject('/metrics');
  t.equal(response.statusCode, 200);
  t.match(
    response.body,
    'http_request_duration_seconds_count{method="GET",route="/:username",status_code="200"} 1',
  );
  t.match(
    response.body,
    'http_request_duration_seconds_count{method="GET",route="/public",status_code="200"} 1',
  );
  t.notMatch(response.body, /alice/, 'no username in any label');
  t.match(response.body, /^nodejs_eventloop_lag_seconds /m);
});
