// A redirect target that a form sends (the flag form's `next`) must bring the
// browser back to this site, whatever the browser makes of it: browsers drop
// tabs and line ends from a URL and read `\` as `/`, so `/<tab>/evil.example`
// is `//evil.example` to them, and a line end cannot go in a header at all.

const thisSite = 'http://minitwit.invalid';
const whiteSpaceOrControl = /[\s\p{Cc}]/u;

/**
 * The `same-site-path` format: an absolute path on this site, with no white
 * space or control character (refused, never cleaned up), that the WHATWG URL
 * parser, as browsers use it, resolves to this site's origin.
 */
export const sameSitePathFormat = {
  type: 'string',
  validate: (value: string) =>
    value.startsWith('/') &&
    !whiteSpaceOrControl.test(value) &&
    URL.parse(value, thisSite)?.origin === thisSite,
} as const;
