import LinkifyIt from 'linkify-it';
import { markupEscape } from './markup-escape.js';

// Only links a person typed out in full: http:// and https:// (no bare
// domains, e-mail addresses, mailto: or protocol-relative links), as
// Mastodon does. linkify-it finds where a link ends (trailing punctuation,
// balanced parentheses).
const linkify = new LinkifyIt({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false })
  .add('ftp:', null)
  .add('mailto:', null)
  .add('//', null);

/**
 * A message's text as markup: every character escaped the MarkupSafe way,
 * and its web links clickable. The link markup is ours; its address and
 * text are the message's own characters, escaped the same way.
 */
export function messageMarkup(text: string): string {
  const links = linkify.match(text) ?? [];
  let markup = '';
  let shownUpTo = 0;
  for (const link of links) {
    const address = markupEscape(link.url);
    markup += markupEscape(text.slice(shownUpTo, link.index));
    markup += `<a href="${address}" rel="nofollow ugc noopener">${markupEscape(link.raw)}</a>`;
    shownUpTo = link.lastIndex;
  }
  return markup + markupEscape(text.slice(shownUpTo));
}
