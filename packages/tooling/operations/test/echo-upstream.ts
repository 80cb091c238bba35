import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Test } from 'tap';

/**
 * A real HTTP server in a replica's place, to see what nginx sends on: it
 * answers every request with the headers that reached it, as JSON. Returns
 * its address for an upstream `server` line; closed when the test ends.
 */
export async function startEchoUpstream(t: Test): Promise<string> {
  const upstream = http.createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(request.headers));
  });
  upstream.listen(0, '127.0.0.1');
  await once(upstream, 'listening');
  t.teardown(() => upstream.close());
  const { port } = upstream.address() as AddressInfo;
  return `127.0.0.1:${port}`;
}
