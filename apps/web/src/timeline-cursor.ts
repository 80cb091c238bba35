import type { Cursor } from './plugins/app/messages-repository.js';

// The id is a PostgreSQL integer (messages.id): a larger one names no message
// and would fail the query. Fifteen digits of milliseconds stay within both a
// JavaScript Date and a PostgreSQL timestamp (year 33658 at most).
const maxMessageId = 2 ** 31 - 1;
const cursorPattern = /^(\d{1,15})_(\d{1,10})$/;

/**
 * The `timeline-cursor` format of the `before` query value,
 * <milliseconds since 1970>_<message id>: checked by the route's schema, so
 * a cursor out of its columns' range is a 400 like any malformed one.
 */
export const timelineCursorFormat = {
  type: 'string',
  validate: (value: string) => {
    const id = cursorPattern.exec(value)?.[2];
    return id !== undefined && Number(id) <= maxMessageId;
  },
} as const;

/** The `before` query value of the page that starts after `cursor`. */
export function formatCursor({ pubDate, id }: Cursor): string {
  return `${pubDate.getTime()}_${id}`;
}

/** The cursor in a `before` query value that the schema already checked. */
export function parseCursor(before: string | undefined): Cursor | undefined {
  if (before === undefined) return undefined;
  const [millis, id] = before.split('_').map(Number);
  return millis === undefined || id === undefined ? undefined : { pubDate: new Date(millis), id };
}
