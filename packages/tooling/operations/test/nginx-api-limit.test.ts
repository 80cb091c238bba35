import t from 'tap';
import { startEchoUpstream } from './echo-upstream.js';
import { apiHost, startNginx, webHost } from './nginx-server.js';
import { type ProxyRequest, viaNginx } from './proxy-client.js';

// The simulator sends from 127.0.0.1 (listed in simulator-addresses.conf, as
// deploy.sh writes it); any other loopback address is someone else.
const upstream = await startEchoUpstream(t);
const nginx = await startNginx(
  t,
  { web: [upstream], api: [upstream] },
  { simulatorAddresses: ['127.0.0.1/32', '2001:db8::/32'] },
);

/** The statuses of `count` requests sent one right after the other. */
async function burst(count: number, request: ProxyRequest) {
  const statuses: number[] = [];
  const bodies = new Set<string>();
  for (let i = 0; i < count; i++) {
    const response = await viaNginx(nginx, request);
    statuses.push(response.status);
    if (response.status === 429) bodies.add(response.body);
  }
  return { ok: statuses.filter((status) => status === 200).length, statuses, bodies };
}

for (const [scheme, localAddress] of [
  ['http', '127.0.0.2'],
  ['https', '127.0.0.3'],
] as const) {
  t.test(`${scheme}: a client that is not the simulator is limited on the API host`, async (t) => {
    const { ok, statuses, bodies } = await burst(60, {
      scheme,
      host: apiHost,
      path: '/msgs',
      localAddress,
    });
    // 10 a second with a burst of 20: the burst passes, then most are refused.
    t.ok(ok >= 20 && ok < 60, `${ok} of 60 passed`);
    t.equal(statuses.filter((status) => status === 429).length, 60 - ok, 'the rest answered 429');
    t.same(
      [...bodies].map((body) => JSON.parse(body) as unknown),
      [{ status: 429, error_msg: 'Too many requests: slow down' }],
      "in the API contract's error shape",
    );
  });
}

t.test("the simulator's addresses are not limited", async (t) => {
  const { ok } = await burst(120, { scheme: 'http', host: apiHost, path: '/msgs' });
  t.equal(ok, 120, 'every request from 127.0.0.1 passed');
});

t.test("the API's limit does not apply to the web site", async (t) => {
  const { ok } = await burst(60, {
    scheme: 'https',
    host: webHost,
    path: '/public',
    localAddress: '127.0.0.4',
  });
  t.equal(ok, 60, 'every page request passed');
});
