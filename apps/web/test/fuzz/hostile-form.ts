import { databaseState, type HostileBody } from '@minitwit/fuzz';
import type { App } from '../../src/app.js';

/** Runs per property: enough to reach every kind of hostile input many times over. */
export const numRuns = 300;

export interface HostileRequest {
  method: 'GET' | 'POST';
  url: string;
  body?: HostileBody;
  /** The session cookie of a signed-in visitor, or none. */
  cookie?: string;
}

/**
 * Sends the request and throws unless the web app answered as a site
 * should: a redirect when the form was taken, otherwise a page (never a
 * 5xx), and a refused form changed nothing in the database.
 */
export async function expectPageAnswer(app: App, { method, url, body, cookie }: HostileRequest) {
  const before = await databaseState(app.db);
  const response = await app.inject({
    method,
    url,
    payload: body?.payload,
    headers: {
      ...(cookie === undefined ? {} : { cookie }),
      ...(body?.contentType === undefined ? {} : { 'content-type': body.contentType }),
    },
  });
  const status = response.statusCode;
  const what = `${method} ${url.slice(0, 200)} (${body?.kind ?? 'no body'}) answered ${status}`;
  if (status >= 500) throw new Error(`${what}: ${response.body.slice(0, 300)}`);
  if (status === 302 || status === 303) return;
  if (!String(response.headers['content-type']).startsWith('text/html')) {
    throw new Error(`${what} with no page: ${response.body.slice(0, 300)}`);
  }
  if ((await databaseState(app.db)) !== before) throw new Error(`${what} but changed the database`);
}

/** Signs `username` up and in; returns the session cookie. */
export async function sessionOf(app: App, username: string) {
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const password = 'secret';
  await app.inject({
    method: 'POST',
    url: '/register',
    headers: form,
    payload: new URLSearchParams({
      username,
      email: 'a@example.org',
      password,
      password2: password,
    }).toString(),
  });
  const signedIn = await app.inject({
    method: 'POST',
    url: '/login',
    headers: form,
    payload: new URLSearchParams({ username, password }).toString(),
  });
  const session = signedIn.cookies.find((cookie) => cookie.name === 'minitwit_session');
  if (!session) throw new Error(`${username} could not sign in`);
  return `minitwit_session=${session.value}`;
}
