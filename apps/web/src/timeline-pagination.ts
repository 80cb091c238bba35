import type { TimelineMessage, TimelinePosition } from '@minitwit/db';

// The web's timelines come in pages of 30, newest first. A page links to the
// next older one with `?before=<cursor>` (the position of its last message)
// and to the next newer one with `?after=<cursor>` (of its first).

export const pageSize = 30;

/** A page starts just after this message (older pages) or just before it (newer ones). */
export type TimelineCursor = TimelinePosition;

/** Which page of a timeline: the first (newest) when neither is given. */
export interface TimelinePlace {
  before?: TimelineCursor;
  after?: TimelineCursor;
}

export interface TimelinePage {
  messages: TimelineMessage[];
  /** Where the next older page starts, when there is one. */
  older?: TimelineCursor;
  /** Where the next newer page starts, when this is not the first. */
  newer?: TimelineCursor;
}

const positionOf = ({ pubDate, id }: TimelineMessage): TimelineCursor => ({ pubDate, id });

/**
 * The page at `place` from up to `pageSize + 1` messages read there, newest
 * first: the extra one says that a page further that way exists. Undefined
 * for a newer page that would reach the newest message: that one is the
 * first page, read as such.
 */
export function pageOf(
  messages: TimelineMessage[],
  { before, after }: TimelinePlace,
): TimelinePage | undefined {
  const more = messages.length > pageSize;
  if (after) {
    if (!more) return undefined;
    // Read forward from `after`, the extra one is the newest.
    const shown = messages.slice(1);
    const first = shown[0];
    const last = shown.at(-1);
    return first && last
      ? { messages: shown, newer: positionOf(first), older: positionOf(last) }
      : undefined;
  }
  const shown = messages.slice(0, pageSize);
  const first = shown[0];
  const last = shown.at(-1);
  return {
    messages: shown,
    ...(more && last && { older: positionOf(last) }),
    // An older page always has a newer one: from its first message, or from
    // where it was asked to start when nothing is left there.
    ...(before && { newer: first ? positionOf(first) : before }),
  };
}

// The id is a PostgreSQL integer (messages.id): a larger one names no message
// and would fail the query. Fifteen digits of milliseconds stay within both a
// JavaScript Date and a PostgreSQL timestamp (year 33658 at most).
const maxMessageId = 2 ** 31 - 1;
const cursorPattern = /^(\d{1,15})_(\d{1,10})$/;

/**
 * The `timeline-cursor` format of the `before` and `after` query values,
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

/** The `before` or `after` query value of the page that starts at `cursor`. */
export function formatCursor({ pubDate, id }: TimelineCursor): string {
  return `${pubDate.getTime()}_${id}`;
}

const parseCursor = (value: string | undefined): TimelineCursor | undefined => {
  const found = value === undefined ? null : cursorPattern.exec(value);
  return found ? { pubDate: new Date(Number(found[1])), id: Number(found[2]) } : undefined;
};

/** A timeline query's page as part of a cache key: `<before>:<after>`. */
export const placeKey = ({ before, after }: { before?: string; after?: string }) =>
  `${before ?? ''}:${after ?? ''}`;

/** The page a query asks for, its `before` or `after` already checked by the route's schema. */
export function placeOf(query: { before?: string; after?: string }): TimelinePlace {
  const before = parseCursor(query.before);
  const after = parseCursor(query.after);
  return { ...(before && { before }), ...(after && { after }) };
}
