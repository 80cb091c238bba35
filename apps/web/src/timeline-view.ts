import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { messageMarkup } from './message-markup.js';
import type { AvatarOwner } from './plugins/app/avatars.js';
import { viewsRoot } from './plugins/external/view.js';
import { formatCursor, type TimelinePage } from './timeline-pagination.js';

export const userPath = (username: string) => `/${encodeURIComponent(username)}`;

/** YYYY-MM-DD @ HH:MM in UTC. */
const formatDate = (date: Date) => date.toISOString().slice(0, 16).replace('T', ' @ ');
/** YYYY-MM-DD HH:MM:SS UTC, on hover (relative-time.js shows the viewer's own zone instead). */
const formatExactDate = (date: Date) => `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/** What the timeline templates show of a page, and the links to the older and newer ones. */
interface TimelineView {
  messages: {
    id: number;
    /** The text as markup: escaped, its links clickable (message-markup.ts). */
    textMarkup: string;
    author: string;
    authorUrl: string;
    avatar: string;
    /** As shown (formatDate), on hover, and as `<time datetime>` reads it (ISO 8601, UTC). */
    date: string;
    exactDate: string;
    datetime: string;
  }[];
  /** Links to the pages beside this one, when there are any. */
  pagination?: { olderUrl?: string; newerUrl?: string };
  /** For a moderator: the page a flag returns to (each message then has a flag control). */
  flagReturnsTo?: string;
}

/** How a timeline is shown: its page's path, whose avatars (avatars.ts), and a moderator's flag controls. */
export interface TimelineMarkupOptions {
  pagePath: string;
  avatarUrl: (owner: AvatarOwner) => string;
  /** For a moderator: the page a flag returns to. */
  flagReturnsTo?: string | undefined;
}

function timelineView(
  page: TimelinePage,
  { pagePath: path, avatarUrl, flagReturnsTo }: TimelineMarkupOptions,
): TimelineView {
  return {
    ...(flagReturnsTo !== undefined && { flagReturnsTo }),
    messages: page.messages.map((message) => ({
      id: message.id,
      textMarkup: messageMarkup(message.text),
      author: message.username,
      authorUrl: userPath(message.username),
      avatar: avatarUrl({ username: message.username, email: message.email }),
      date: formatDate(message.pubDate),
      exactDate: formatExactDate(message.pubDate),
      datetime: message.pubDate.toISOString(),
    })),
    ...((page.older ?? page.newer) && {
      pagination: {
        ...(page.older && { olderUrl: `${path}?before=${formatCursor(page.older)}` }),
        ...(page.newer && { newerUrl: `${path}?after=${formatCursor(page.newer)}` }),
      },
    }),
  };
}

// Compiled once, with the escaping every template has (set in view.ts).
const messagesTemplate = Handlebars.compile<TimelineView>(
  readFileSync(path.join(viewsRoot, 'timeline-messages.hbs'), 'utf8'),
);

/**
 * A page of a timeline as markup: its messages and the links to the older
 * and newer pages, the same for every visitor (the timeline cache keeps it; timeline.hbs
 * places it as it is). For a moderator, `flagReturnsTo` (the page's own URL)
 * adds a flag control to every message: that markup is theirs alone, never cached.
 */
export function timelineMarkup(page: TimelinePage, options: TimelineMarkupOptions): string {
  return messagesTemplate(timelineView(page, options));
}
