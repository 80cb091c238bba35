import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { NginxServer } from './nginx-server.js';

export interface ProxyResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ProxyRequest {
  scheme: 'http' | 'https';
  /** The host name asked for (Host header and TLS server name). */
  host: string;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** The client's own address: another loopback address is another client to nginx. */
  localAddress?: string;
}

/**
 * One request to nginx on loopback as a browser at `host` would send it: a
 * fresh connection, the Host header and, over HTTPS, the server name,
 * trusting the test's self-signed certificate.
 */
export function viaNginx(
  nginx: Pick<NginxServer, 'httpPort' | 'httpsPort' | 'certificate'>,
  request: ProxyRequest,
): Promise<ProxyResponse> {
  const { scheme, host, path, method = 'GET', headers = {}, body, localAddress } = request;
  const options = {
    host: '127.0.0.1',
    localAddress,
    port: scheme === 'https' ? nginx.httpsPort : nginx.httpPort,
    path,
    method,
    agent: false,
    headers: {
      Host: host,
      ...headers,
      ...(body === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(body)) }),
    },
    signal: AbortSignal.timeout(10_000),
  };
  return new Promise((resolve, reject) => {
    const outgoing =
      scheme === 'https'
        ? https.request({ ...options, servername: host, ca: nginx.certificate })
        : http.request(options);
    outgoing.on('error', reject);
    outgoing.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString(),
        });
      });
    });
    outgoing.end(body);
  });
}
