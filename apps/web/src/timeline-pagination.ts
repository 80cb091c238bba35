import type { TimelineMessage, TimelinePosition } from '@minitwit/db';

// The web's timelines come in pages of 30, newest first; a page links to the
// next (older) one with `?before=<cursor>`, the position of its last message.

export const pageSize = 30;

/** Where a page starts: just after this message. */
export type TimelineCursor = TimelinePosition;

export interface TimelinePage {
  messages: TimelineMessage[];
  /** Where the next (older) page starts, when there is one. */
  older?: TimelineCursor;
}

/** A page from up to `pageSize + 1` messages: the extra one says that an older page exists. */
export function pageOf(messages: TimelineMessage[]): TimelinePage {
  const shown = messages.slice(0, pageSize);
  const last = shown.at(-1);
  return messages.length > pageSize && last
    ? { messages: shown, older: { pubDate: last.pubDate, id: last.id } }
    : { messages: shown };
}

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
export function formatCursor({ pubDate, id }: TimelineCursor): string {
  return `${pubDate.getTime()}_${id}`;
}

/** The cursor in a `before` query value that the schema already checked. */
export function parseCursor(before: string | undefined): TimelineCursor | undefined {
  const found = before === undefined ? null : cursorPattern.exec(before);
  return found ? { pubDate: new Date(Number(found[1])), id: Number(found[2]) } : undefined;
}
