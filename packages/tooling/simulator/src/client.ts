import http from 'node:http';

export interface SimulatorResponse {
  status: number;
  body: string;
}

export interface Credentials {
  username: string;
  password: string;
}

/**
 * What MiniTwit simulators send unless told otherwise, and the API's
 * development default (production refuses it).
 */
export const defaultCredentials: Credentials = { username: 'simulator', password: 'super_safe!' };

/** The `Authorization` header of HTTP basic authentication. */
export const basicAuthorization = ({ username, password }: Credentials) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

export interface ClientOptions extends Credentials {
  baseUrl: string;
  /** A request unanswered by then is an error, as the real simulator counts it. */
  timeoutMs: number;
  /** The Host header, when `baseUrl` is the address of a proxy that routes by host name. */
  host?: string;
}

/**
 * Sends requests the way the MiniTwit simulator does: JSON, basic
 * authentication, a fresh connection for every request, and a hard timeout.
 */
export function simulatorClient({ baseUrl, username, password, timeoutMs, host }: ClientOptions) {
  const authorization = basicAuthorization({ username, password });

  return function send(method: 'GET' | 'POST', path: string, body?: unknown) {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<SimulatorResponse>((resolve, reject) => {
      const request = http.request(new URL(path, baseUrl), {
        method,
        agent: false,
        signal: AbortSignal.timeout(timeoutMs),
        headers: {
          Authorization: authorization,
          Connection: 'close',
          ...(host === undefined ? {} : { Host: host }),
          ...(payload === undefined
            ? {}
            : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }),
        },
      });
      request.on('error', reject);
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
        });
        response.on('error', reject);
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() });
        });
      });
      request.end(payload);
    });
  };
}

export type Send = ReturnType<typeof simulatorClient>;

export const userPath = (prefix: string, username: string, query = '') =>
  `/${prefix}/${encodeURIComponent(username)}${query}`;
