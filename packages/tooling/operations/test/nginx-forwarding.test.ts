import type { IncomingHttpHeaders } from 'node:http';
import t from 'tap';
import { startEchoUpstream } from './echo-upstream.js';
import { apiHost, startNginx, webHost } from './nginx-server.js';
import { viaNginx } from './proxy-client.js';

const upstream = await startEchoUpstream(t);
const nginx = await startNginx(t, { web: [upstream], api: [upstream] });

// A client that claims to be someone else, somewhere else.
const spoofed = {
  'X-Forwarded-For': '203.0.113.9',
  'X-Forwarded-Host': 'evil.example',
  'X-Forwarded-Proto': 'https',
  'X-Real-IP': '203.0.113.9',
  Forwarded: 'for=203.0.113.9;host=evil.example',
};

const cases = [
  { scheme: 'https', host: webHost, path: '/public' },
  { scheme: 'http', host: apiHost, path: '/msgs' },
  { scheme: 'https', host: apiHost, path: '/msgs' },
] as const;

for (const { scheme, host, path } of cases) {
  t.test(
    `${scheme}://${host}: the replica gets the client's address as nginx saw it`,
    async (t) => {
      const response = await viaNginx(nginx, { scheme, host, path, headers: spoofed });
      t.equal(response.status, 200);
      const received = JSON.parse(response.body) as IncomingHttpHeaders;
      t.equal(
        received['x-forwarded-for'],
        '127.0.0.1',
        'X-Forwarded-For is the connecting address',
      );
      t.equal(received['x-real-ip'], '127.0.0.1', 'and so is X-Real-IP');
      t.equal(received['x-forwarded-proto'], scheme, 'X-Forwarded-Proto is the scheme used');
      t.equal(received['x-forwarded-host'], undefined, 'no X-Forwarded-Host');
      t.equal(received.forwarded, undefined, 'no Forwarded');
      t.equal(received.host, host, 'Host is the name asked for');
    },
  );
}
