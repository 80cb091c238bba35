import { once } from 'node:events';
import tls from 'node:tls';
import t from 'tap';
import { startEchoUpstream } from './echo-upstream.js';
import { apiHost, startNginx, webHost } from './nginx-server.js';
import { viaNginx } from './proxy-client.js';

const upstream = await startEchoUpstream(t);
const nginx = await startNginx(t, { web: [upstream], api: [upstream] });

interface Handshake {
  ciphers?: string;
  maxVersion?: tls.SecureVersion;
  minVersion?: tls.SecureVersion;
}

/** A TLS handshake with nginx: what was agreed and whether a ticket came, or the failure. */
async function handshake(options: Handshake) {
  const socket = tls.connect({
    host: '127.0.0.1',
    port: nginx.httpsPort,
    servername: webHost,
    ca: nginx.certificate,
    ...options,
  });
  try {
    await once(socket, 'secureConnect');
    // A TLS 1.2 ticket arrives with the handshake; wait for a round trip to be sure.
    socket.write(`GET /nginx/health HTTP/1.1\r\nHost: ${webHost}\r\nConnection: close\r\n\r\n`);
    socket.resume();
    await once(socket, 'end');
    return {
      protocol: socket.getProtocol(),
      cipher: socket.getCipher().name,
      ticket: socket.getTLSTicket(),
    };
  } catch (error) {
    return { failed: String(error) };
  } finally {
    socket.destroy();
  }
}

t.test('TLS 1.2 with forward secrecy and AEAD is agreed', async (t) => {
  const agreed = await handshake({ maxVersion: 'TLSv1.2' });
  t.match(agreed, { protocol: 'TLSv1.2', cipher: /^ECDHE-ECDSA-(AES\d+-GCM|CHACHA20-POLY1305)/ });
});

t.test('TLS 1.3 is agreed', async (t) => {
  t.match(await handshake({ minVersion: 'TLSv1.3' }), { protocol: 'TLSv1.3' });
});

t.test('ciphers outside Mozilla\'s "intermediate" list are refused', async (t) => {
  // CBC with SHA-1: in nginx's and OpenSSL's default lists, not in intermediate.
  for (const ciphers of ['ECDHE-ECDSA-AES128-SHA', 'ECDHE-ECDSA-AES256-SHA384']) {
    t.match(
      await handshake({ maxVersion: 'TLSv1.2', ciphers }),
      { failed: /handshake|alert/i },
      ciphers,
    );
  }
});

t.test('TLS 1.1 is refused', async (t) => {
  const refused = await handshake({
    minVersion: 'TLSv1',
    maxVersion: 'TLSv1.1',
    ciphers: 'DEFAULT@SECLEVEL=0',
  });
  t.match(refused, { failed: /protocol|version|alert|handshake/i });
});

t.test('no session tickets: their keys would undo forward secrecy', async (t) => {
  const agreed = await handshake({ maxVersion: 'TLSv1.2' });
  t.equal('ticket' in agreed ? agreed.ticket : 'failed', undefined, 'no ticket');
});

t.test('HSTS covers the subdomains', async (t) => {
  const page = await viaNginx(nginx, { scheme: 'https', host: webHost, path: '/public' });
  t.equal(page.headers['strict-transport-security'], 'max-age=63072000; includeSubDomains');
});

t.test('the API answers over HTTPS and, for simulators without TLS, over HTTP', async (t) => {
  for (const scheme of ['https', 'http'] as const) {
    const page = await viaNginx(nginx, { scheme, host: apiHost, path: '/msgs' });
    t.equal(page.status, 200, scheme);
  }
});
