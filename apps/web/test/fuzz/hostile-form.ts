import { type Answer, expectAnswer, type HostileRequest } from '@minitwit/fuzz';
import type { App } from '../../src/app.js';

const site = 'https://minitwit.test';

/**
 * Throws unless the answer is a redirect on this site (the form was taken) or
 * a page, never a 5xx. On this site as a browser reads the Location: resolved
 * by the WHATWG parser, which drops tabs and line ends, and with none in it.
 */
function pageAnswer({ statusCode: status, body, headers }: Answer, what: string) {
  if (status >= 500) throw new Error(`${what}: ${body.slice(0, 300)}`);
  if (status === 302 || status === 303) {
    const location = String(headers.location);
    if (/[\s\p{Cc}]/u.test(location) || new URL(location, site).origin !== site) {
      throw new Error(`${what} to ${encodeURIComponent(location)}, off the site`);
    }
    return 'taken';
  }
  if (!String(headers['content-type']).startsWith('text/html')) {
    throw new Error(`${what} with no page: ${body.slice(0, 300)}`);
  }
  return 'refused';
}

/**
 * Sends the request, as a signed-in visitor when given a `cookie`, and
 * throws unless the web app answered as a site should; a refused form must
 * change nothing in the database.
 */
export function expectPageAnswer(
  app: App,
  { cookie, ...request }: Omit<HostileRequest, 'headers'> & { cookie?: string },
) {
  return expectAnswer(app, { ...request, ...(cookie ? { headers: { cookie } } : {}) }, pageAnswer);
}
