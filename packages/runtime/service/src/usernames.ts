import { characterCount } from './character-count.js';

/**
 * What a new username may be, for every way in (web sign-up, the API's
 * /register, the importer). Whether it is taken, ignoring case, Unicode
 * compatibility forms and surrounding white space, is the database's to say
 * (minitwit_name_key); these are the rules a name meets before that.
 */

/** The most characters, as a person counts them, of a new username: the simulator's run to 22. */
export const usernameMaxLength = 40;

/**
 * The site's own first path segments, now and planned, which a user page
 * (/<username>) would hide or be hidden by; compared by name key. The web
 * app's test checks that each of its routes' first segments is here.
 */
export const reservedUsernames: ReadonlySet<string> = new Set([
  'about',
  'account',
  'add_message',
  'admin',
  'api',
  'avatars',
  'docs',
  'favicon.ico',
  'fllws',
  'health',
  'help',
  'latest',
  'login',
  'logout',
  'messages',
  'metrics',
  'msgs',
  'privacy',
  'public',
  'register',
  'robots.txt',
  'settings',
  'static',
]);

// Invisible or controlling characters: they would let two names look alike.
const invisible = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u;

/** Why a new username (trimmed) cannot be: too long, invisible characters, or the site's own. */
export function usernameProblem(
  username: string,
): 'tooLong' | 'invisible' | 'reserved' | undefined {
  if (characterCount(username) > usernameMaxLength) return 'tooLong';
  if (invisible.test(username)) return 'invisible';
  if (reservedUsernames.has(username.normalize('NFKC').toLowerCase())) return 'reserved';
  return undefined;
}
