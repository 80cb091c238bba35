import fc from 'fast-check';
import t from 'tap';
import { markupEscape } from '../src/markup-escape.js';
import { messageMarkup } from '../src/message-markup.js';

const link = (address: string) => `<a href="${address}" rel="nofollow ugc noopener">${address}</a>`;

t.test('web links in a message are clickable, the sentence around them intact', async (t) => {
  t.equal(
    messageMarkup('see https://example.com/a?b=1&c=2.'),
    `see ${link('https://example.com/a?b=1&amp;c=2')}.`,
    'the full stop after it is not part of the link; & is escaped in both places',
  );
  t.equal(
    messageMarkup('(wiki: http://en.wikipedia.org/wiki/Tuple_(mathematics))'),
    `(wiki: ${link('http://en.wikipedia.org/wiki/Tuple_(mathematics)')})`,
    'balanced parentheses stay in the link',
  );
  t.equal(messageMarkup('HTTPS://EXAMPLE.COM'), link('HTTPS://EXAMPLE.COM'));
});

t.test('only http and https links a person wrote out', async (t) => {
  for (const text of [
    'www.example.com',
    'example.com',
    'mail me: a@example.com',
    'mailto:a@example.com',
    '//example.com/x',
    'ftp://example.com/x',
    'javascript:alert(1)',
    'data:text/html,<b>x</b>',
  ]) {
    t.equal(messageMarkup(text), markupEscape(text), text);
  }
});

t.test('a link cannot break out of its attribute or its element', async (t) => {
  t.equal(
    messageMarkup(`https://example.com/'"><script>x</script>`),
    `${link('https://example.com/')}&#39;&#34;&gt;&lt;script&gt;x&lt;/script&gt;`,
  );
  t.equal(messageMarkup('https://"onmouseover="x'), 'https://&#34;onmouseover=&#34;x');
});

t.test(
  'for any text: nothing but our links, and the text itself once they are taken away',
  async (t) => {
    const anchor = /<a href="([^"<>]*)" rel="nofollow ugc noopener">([^<>]*)<\/a>/g;
    const pieces = fc.constantFrom(
      'https://',
      'http://',
      'example.com',
      '/',
      '?a=1&b=2',
      '(',
      ')',
      '"',
      "'",
      '<',
      '>',
      '&',
      ' ',
      '.',
      'javascript:',
      'é',
      '🚀',
    );
    t.doesNotThrow(() => {
      fc.assert(
        fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 12 }), (parts) => {
          const text = parts.join('');
          const markup = messageMarkup(text);
          const withoutLinks = markup.replace(anchor, (_, address: string, shown: string) => {
            if (address !== shown || !/^https?:\/\//i.test(address)) throw new Error(markup);
            return shown;
          });
          return withoutLinks === markupEscape(text) && !/[<>"']/.test(withoutLinks);
        }),
        { numRuns: 2000 },
      );
    }, '2,000 texts');
  },
);
