import t from 'tap';
import { startEchoUpstream } from './echo-upstream.js';
import { grafanaHost, startNginx } from './nginx-server.js';
import { viaNginx } from './proxy-client.js';

// Grafana's place is taken by a server that echoes what reaches it. The
// operators' network is 127.0.0.1; any other loopback address is the internet.
const upstream = await startEchoUpstream(t);
const nginx = await startNginx(t, { web: [upstream], api: [upstream], grafana: upstream });

t.test("Grafana answers the operators' networks over HTTPS", async (t) => {
  const page = await viaNginx(nginx, { scheme: 'https', host: grafanaHost, path: '/login' });
  t.equal(page.status, 200, 'through to Grafana');
  t.match(JSON.parse(page.body), { host: grafanaHost }, 'with its host name');
  t.equal(page.headers['strict-transport-security'], 'max-age=63072000; includeSubDomains');
});

t.test('and nobody else', async (t) => {
  for (const path of ['/login', '/api/health', '/public/build/app.js']) {
    const page = await viaNginx(nginx, {
      scheme: 'https',
      host: grafanaHost,
      path,
      localAddress: '127.0.0.2',
    });
    t.equal(page.status, 403, path);
  }
});

t.test('plain HTTP is sent to HTTPS', async (t) => {
  const page = await viaNginx(nginx, { scheme: 'http', host: grafanaHost, path: '/login' });
  t.equal(page.status, 301);
  t.equal(page.headers.location, `https://${grafanaHost}/login`);
});
