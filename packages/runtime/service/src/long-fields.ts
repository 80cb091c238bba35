/**
 * The most of one text field a log line keeps. A tweet is 140 characters and
 * a form a few hundred; a 60 KB message body would make every log store,
 * terminal and dashboard pay for it.
 */
export const longestLoggedText = 1_000;

// Log objects are shallow (a request's body at most); deeper is not walked.
const deepest = 4;

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  // Object.prototype, or none: form bodies are parsed into objects whose prototype has none.
  return prototype === null || Object.getPrototypeOf(prototype) === null;
};

function cutText(text: string): string {
  let end = longestLoggedText;
  // Not between the two halves of a character outside the BMP.
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  return `${text.slice(0, end)}… [${text.length - end} more characters cut]`;
}

/** `value` with every long text in it cut, each cut one's path added to `cut`; itself if none was. */
function withoutLongTexts(value: unknown, path: string, cut: string[], depth: number): unknown {
  if (typeof value === 'string') {
    if (value.length <= longestLoggedText) return value;
    cut.push(path);
    return cutText(value);
  }
  if (depth >= deepest) return value;
  if (Array.isArray(value)) {
    const before = cut.length;
    const items = value.map((item, index) =>
      withoutLongTexts(item, `${path}[${index}]`, cut, depth + 1),
    );
    return cut.length === before ? value : items;
  }
  // Errors and other objects are the serializers' to write, stack included.
  if (!isPlainObject(value)) return value;
  const before = cut.length;
  const entries = Object.entries(value).map(([key, field]) => [
    key,
    withoutLongTexts(field, path === '' ? key : `${path}.${key}`, cut, depth + 1),
  ]);
  return cut.length === before ? value : Object.fromEntries(entries);
}

/**
 * pino's `formatters.log`: a log object whose texts are all short is written
 * as it is; otherwise a copy, each long text cut to `longestLoggedText`
 * characters with how many more it had, and `cut` naming where. The caller's
 * object (a request's body) is never changed.
 */
export function cutLongFields(object: Record<string, unknown>): Record<string, unknown> {
  const cut: string[] = [];
  const result = withoutLongTexts(object, '', cut, 0);
  return cut.length === 0 || !isPlainObject(result) ? object : { ...result, cut };
}
