const replacements: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&#34;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML exactly as Jinja2's MarkupSafe does, which existing
 * MiniTwit test suites compare against literally (`"` is `&#34;`, `'` is
 * `&#39;`; `` ` `` and `=` stay as they are).
 */
export function markupEscape(text: string): string {
  return text.replace(/[&<>"']/g, (character) => replacements[character] ?? character);
}
