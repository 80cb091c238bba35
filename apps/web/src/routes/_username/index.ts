import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { TimelineQuery, UsernameParams } from '../../schemas/timeline.js';
import { profileCountsView } from '../../profile-view.js';
import { placeKey, placeOf } from '../../timeline-pagination.js';
import { timelineMarkup, userPath } from '../../timeline-view.js';

const unknownUser = (reply: FastifyReply, username: string) =>
  reply.code(404).page('error.hbs', 'Page Not Found', { message: `There is no user ${username}.` });

const userPages: FastifyPluginAsyncTypebox = async (fastify) => {
  const { repository, timelinePage, avatarUrl } = fastify;

  fastify.get(
    '',
    { schema: { params: UsernameParams, querystring: TimelineQuery } },
    async (request, reply) => {
      const { username } = request.params;
      const { before, after } = request.query;
      const timeline = await timelinePage(
        request,
        `user:${placeKey(request.query)}:${username}`,
        async (flagReturnsTo) => {
          const owner = await repository.userByUsername(username);
          if (!owner) return undefined;
          const page = await repository.userTimeline(owner.id, placeOf(request.query));
          const markup = timelineMarkup(page, {
            pagePath: userPath(owner.username),
            avatarUrl,
            flagReturnsTo,
          });
          const counts = await repository.profileCounts(owner.id);
          return { shows: { profile: owner.id }, value: { profile: owner, counts, markup } };
        },
      );
      if (!timeline?.profile) return unknownUser(reply, username);
      const { profile, counts, markup } = timeline;
      // One address per user: /ALICE, when that names alice, is /alice.
      if (profile.username !== username) {
        const query = new URLSearchParams({
          ...(before !== undefined && { before }),
          ...(after !== undefined && { after }),
        }).toString();
        return reply.redirect(`${userPath(profile.username)}${query && `?${query}`}`);
      }
      const viewer = request.currentUser;
      return reply.page('timeline.hbs', `${profile.username}'s Timeline`, {
        timeline: markup,
        counts: counts && profileCountsView(counts),
        profile: viewer && {
          path: userPath(profile.username),
          isSelf: viewer.id === profile.id,
          followed: await repository.isFollowing(viewer.id, profile.id),
        },
      });
    },
  );

  for (const action of ['follow', 'unfollow'] as const) {
    // GET is the classic link; the pages themselves post a form.
    fastify.route({
      method: ['GET', 'POST'],
      url: `/${action}`,
      config: { changesState: true },
      schema: { params: UsernameParams },
      handler: async (request, reply) => {
        const viewer = fastify.signedInUser(request);
        const { username } = request.params;
        const target = await repository.userByUsername(username);
        if (!target) return unknownUser(reply, username);
        if (action === 'follow') {
          await repository.follow(viewer.id, target.id);
          request.flash('info', `You are now following "${target.username}"`);
        } else {
          await repository.unfollow(viewer.id, target.id);
          request.flash('info', `You are no longer following "${target.username}"`);
        }
        return reply.redirect(userPath(target.username));
      },
    });
  }
};

export default userPages;
