import type { SessionUserRecord } from '@minitwit/db';
import { messageMaxLength } from '@minitwit/service';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { placeKey, placeOf } from './timeline-pagination.js';
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
  {
    query = {},
    refused,
  }: { query?: { before?: string; after?: string }; refused?: RefusedPost } = {},
) {
  const { repository, avatarUrl, homePage } = request.server;
  const timeline = await homePage(
    request,
    `home:${user.id}:${placeKey(query)}`,
    async (flagReturnsTo) => {
      const { page, authors } = await repository.homeTimeline(user.id, placeOf(query));
      return {
        shows: { follower: user.id, authors },
        value: { markup: timelineMarkup(page, { pagePath: '/', avatarUrl, flagReturnsTo }) },
      };
    },
    // A moderator's flag returns to this page: after a refused post, to `/`.
    refused ? '/' : request.url,
  );
  return reply.page('timeline.hbs', 'My Timeline', {
    timeline: timeline?.markup,
    postForm: { maxLength: messageMaxLength, ...refused },
  });
}
