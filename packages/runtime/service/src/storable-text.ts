import { Type } from 'typebox';

/**
 * A string that PostgreSQL can store or compare: anything but the NUL
 * character, which a text value cannot hold (a query with one fails). The
 * schema refuses it with a 400 before any query runs.
 */
export function StorableText(
  options: { description?: string; minLength?: number; maxLength?: number } = {},
) {
  return Type.String({ ...options, pattern: '^[^\\u0000]*$' });
}
