import fc from 'fast-check';
import type { HostileBody } from './hostile-request.js';

/** The services' body limit (packages/runtime/service/src/server-options.ts, nginx's client_max_body_size). */
export const bodyLimit = 64 * 1024;

/** Strings that have broken web apps before: injections, markup, and text that is not quite text. */
const knownHostile = fc.constantFrom(
  "' OR '1'='1",
  'Robert\'); DROP TABLE "users";--',
  '1; SELECT pg_sleep(10)',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '{{constructor.constructor("alert(1)")()}}',
  '{{> layout}}',
  '../../etc/passwd',
  '__proto__',
  'constructor',
  'a\u0000b',
  '\u202egnp.exe',
  '\ud800',
  'Zoë Ångström',
  '👩‍👩‍👧 🚀',
  ' ',
  '',
);

const controlCharacters = fc.string({
  unit: fc.constantFrom(
    '\u0000',
    '\t',
    '\n',
    '\r',
    '\u0008',
    '\u001b',
    '\u007f',
    '\u0085',
    '\u00a0',
    '\u2028',
    ' ',
    'x',
  ),
  maxLength: 20,
});

/** Hostile text of every kind: known attacks, control characters, any code point, very long text. */
const hostileText = fc.oneof(
  knownHostile,
  controlCharacters,
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', minLength: 1_000, maxLength: 5_000 }),
);

/** Usernames as odd as URLs get: path separators, dots, percent signs, emoji, thousands of characters. */
const oddUsername = fc.oneof(
  hostileText,
  fc.constantFrom('.', '..', '/', 'a/b', '%', '%2F', '100%', '?x=1', '#top', 'a+b', 'null', '-1'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
);

/** A path segment: percent-encoded as clients should, or raw as some do (invalid escapes included). */
export const pathSegment = fc.oneof(
  oddUsername.map((name) => {
    // A lone surrogate has no UTF-8 form: send the bytes a broken client would.
    const wellFormed = name.toWellFormed();
    return encodeURIComponent(wellFormed) + (wellFormed === name ? '' : '%ED%A0%80');
  }),
  fc.constantFrom('%', '%zz', '%E0%A4%A', '%00', '%2e%2e', '..%2F..', '%C0%AF', 'a%20b'),
);

/**
 * Whole numbers at the edges of the types they end up in: PostgreSQL's integer
 * and bigint, JavaScript's safe integers, and a Date's milliseconds. A value
 * that passes a digits-only check can still overflow a column.
 */
const boundaryNumber = fc
  .constantFrom(
    2n ** 31n,
    2n ** 32n,
    2n ** 53n,
    2n ** 63n,
    8_640_000_000_000_000n,
    10n ** 10n,
    10n ** 15n,
  )
  .chain((edge) => fc.constantFrom(edge - 1n, edge, edge + 1n, -edge - 1n, -edge))
  .map(String);

const cursorPart = fc.oneof(boundaryNumber, fc.nat().map(String));

/** A `<milliseconds>_<id>` page cursor with either part at an edge of its type, or any whole number. */
export const hostileCursor = fc
  .tuple(cursorPart, cursorPart)
  .map(([millis, id]) => `${millis}_${id}`);

/**
 * Where a form may ask to be sent back to (the flag form's `next`): paths on
 * the site, and the ways off it that browsers have taken: white space and
 * control characters they drop (`/<tab>/evil.example` is `//evil.example` to
 * them), line ends that split a header, backslashes they read as slashes,
 * other schemes.
 */
export const hostileRedirectTarget = fc.oneof(
  fc.constantFrom(
    '/public',
    '/bob?before=1_2#m',
    '//evil.example',
    '/\\evil.example',
    '/\t/evil.example',
    '/\r\n/evil.example',
    '/public\r\nSet-Cookie: session=stolen',
    '/%09/evil.example',
    '/%0d%0aX-Injected:%201',
    ' //evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    '/\u00a0/evil.example',
  ),
  fc
    .tuple(
      fc.constantFrom('/', '//', '/\\', '\\', ''),
      controlCharacters,
      fc.constantFrom('evil.example', '/evil.example', 'public', ''),
    )
    .map((parts) => parts.join('')),
  hostileText,
);

/** Values of `no` and `latest`: negative, huge, at a type's edge, fractional, non-numeric, empty. */
const queryNumber = fc.oneof(
  fc.integer().map(String),
  boundaryNumber,
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
  fc.constantFrom('', '-0', '1e309', '1.5', '0x10', 'NaN', 'Infinity', ' 1', '1 ', '9'.repeat(400)),
  fc.string({ maxLength: 20 }),
);

/** A query string with `names` given hostile values, sometimes twice, sometimes not at all. */
export function hostileQuery(names: string[]) {
  return fc
    .array(fc.tuple(fc.constantFrom(...names), queryNumber), { maxLength: 3 })
    .map((pairs) =>
      pairs.length === 0
        ? ''
        : `?${pairs.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&')}`,
    );
}

/** Any JSON value at all, some of them large. */
const anyJson = fc.jsonValue({ maxDepth: 4 });

/** An object with the expected `fields` (each missing, hostile, or of a wrong type) and extra ones. */
function hostileFields(fields: string[]) {
  const value = fc.oneof(hostileText, anyJson);
  return fc
    .tuple(
      fc.record(Object.fromEntries(fields.map((field) => [field, value])), { requiredKeys: [] }),
      fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor')), anyJson, {
        maxKeys: 3,
      }),
    )
    .map(([expected, extra]) => ({ ...extra, ...expected }));
}

const nested = (open: string, close: string, inner = '') =>
  fc
    .integer({ min: 1, max: 20_000 })
    .map((depth) => open.repeat(depth) + inner + close.repeat(depth));

/** Bodies that are not what a JSON endpoint with `fields` expects, and some that nearly are. */
export function hostileJsonBody(fields: string[]): fc.Arbitrary<HostileBody> {
  const json = (kind: string) => (payload: string | Buffer) => ({
    kind,
    payload,
    contentType: 'application/json',
  });
  return fc.oneof(
    {
      weight: 6,
      arbitrary: hostileFields(fields)
        .map((o) => JSON.stringify(o))
        .map(json('fields')),
    },
    { weight: 2, arbitrary: anyJson.map((v) => JSON.stringify(v)).map(json('any JSON')) },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          fc.string({ maxLength: 50 }),
          fc.constantFrom('{', '{"a":', '[1,]', '{"username":"x",}', '\ufeff{}', "{'a':1}"),
          anyJson.map((v) => JSON.stringify(v).slice(0, -1)),
        )
        .map(json('malformed JSON')),
    },
    {
      weight: 1,
      arbitrary: fc
        .oneof(nested('[', ']'), nested('{"a":', '}', '1'))
        .map(json('deeply nested JSON')),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...fields), fc.uint8Array({ minLength: 1, maxLength: 20 }))
        .map(([field, bytes]) =>
          Buffer.concat([
            Buffer.from(`{"${field}":"`),
            Buffer.from(bytes.map((byte) => byte | 0x80)),
            Buffer.from('"}'),
          ]),
        )
        .map(json('invalid UTF-8')),
    },
    { weight: 1, arbitrary: hugeBody.map(json('huge body')) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          hostileFields(fields).map((o) => JSON.stringify(o)),
          fc.constantFrom(
            undefined,
            'text/plain',
            'application/x-www-form-urlencoded',
            'image/png',
          ),
        )
        .map(([payload, contentType]) => ({ kind: 'other content type', payload, contentType })),
    },
  );
}

/** A body just over the limit, or far over it. */
const hugeBody = fc
  .integer({ min: bodyLimit + 1, max: 4 * bodyLimit })
  .map((size) => `{"a":"${'x'.repeat(size)}"}`);

/** Form posts that are not what a form with `fields` expects. */
export function hostileFormBody(fields: string[]): fc.Arbitrary<HostileBody> {
  const form = (kind: string) => (payload: string) => ({
    kind,
    payload,
    contentType: 'application/x-www-form-urlencoded',
  });
  const formValue = fc.oneof(hostileText, fc.array(hostileText, { minLength: 2, maxLength: 3 }));
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .tuple(
          fc.record(Object.fromEntries(fields.map((field) => [field, formValue])), {
            requiredKeys: [],
          }),
          fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), {
            maxKeys: 3,
          }),
        )
        .map(([expected, extra]) => {
          const params = new URLSearchParams(extra);
          for (const [field, value] of Object.entries(expected)) {
            for (const item of [value ?? []].flat()) params.append(field, item.toWellFormed());
          }
          return params.toString();
        })
        .map(form('fields')),
    },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          fc.string({ maxLength: 50 }),
          fc.constantFrom('%', '%zz', 'username=%E0%A4%A', '=&=&', '&&&', 'a=1&a=2&a=3'),
        )
        .map(form('malformed form')),
    },
    { weight: 1, arbitrary: hugeBody.map(form('huge body')) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.string({ maxLength: 50 }),
          fc.constantFrom(undefined, 'application/json', 'text/plain', 'multipart/form-data'),
        )
        .map(([payload, contentType]) => ({ kind: 'other content type', payload, contentType })),
    },
  );
}

export { expectAnswer, numRuns } from './hostile-request.js';
export type { Answer, HostileBody, HostileRequest } from './hostile-request.js';
