import type { SessionUserRecord } from '@minitwit/db';
import { messageMaxLength } from '@minitwit/service';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type TimelinePlace } from './timeline-pagination.js';
import { timelineMarkup } from './timeline-view.js';

/** A post the site refused: what the user wrote, and why, shown in the post box. */
export interface RefusedPost {
  text: string;
  error: string;
}

/**
 * The signed-in user's timeline with the post box: the page of `/`, and of
 * a refused post, which keeps the user's text and says why.
 */
export async function showMyTimeline(
  request: FastifyRequest,
  reply: FastifyReply,
  user: SessionUserRecord,
  { place = {}, refused }: { place?: TimelinePlace; refused?: RefusedPost } = {},
) {
  const page = await request.server.repository.homeTimeline(user.id, place);
  // A moderator's flag returns to this page: after a refused post, to `/`.
  const flagReturnsTo = refused ? '/' : request.url;
  return reply.page('timeline.hbs', 'My Timeline', {
    timeline: timelineMarkup(page, {
      pagePath: '/',
      avatarUrl: request.server.avatarUrl,
      flagReturnsTo: user.isModerator ? flagReturnsTo : undefined,
    }),
    postForm: { maxLength: messageMaxLength, ...refused },
  });
}
