import { createHash } from 'node:crypto';
import { formatCursor, type TimelinePage } from './timeline-pagination.js';

export const userPath = (username: string) => `/${encodeURIComponent(username)}`;

const gravatar = (email: string) =>
  `https://www.gravatar.com/avatar/${createHash('md5').update(email.trim().toLowerCase()).digest('hex')}?d=identicon&s=48`;

/** YYYY-MM-DD @ HH:MM in UTC. */
const formatDate = (date: Date) => date.toISOString().slice(0, 16).replace('T', ' @ ');

/** What the timeline templates show of a page, and the link to the older one. */
export function timelineView(page: TimelinePage, path: string) {
  return {
    messages: page.messages.map((message) => ({
      text: message.text,
      author: message.username,
      authorUrl: userPath(message.username),
      gravatar: gravatar(message.email),
      date: formatDate(message.pubDate),
    })),
    olderUrl: page.older ? `${path}?before=${formatCursor(page.older)}` : undefined,
  };
}
