import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { toSvg } from 'jdenticon';
import { LRUCache } from 'lru-cache';

/** Who an avatar is of: what either kind of avatar is made from. */
export interface AvatarOwner {
  username: string;
  email: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Where an author's avatar is: this site's picture of their name, or Gravatar's (AVATARS). */
    avatarUrl: (owner: AvatarOwner) => string;
    /** The site's own avatar of a name: an SVG drawn from it, kept once drawn. */
    localAvatar: (username: string) => string;
  }
}

export const avatarSize = 48;

const localAvatarUrl = ({ username }: AvatarOwner) => `/avatars/${encodeURIComponent(username)}`;

// Gravatar's identicon for the MD5 of the trimmed, lower-cased address: the
// viewer's browser sends that hash to Gravatar, so this is opt-in.
const gravatarUrl = ({ email }: AvatarOwner) =>
  `https://www.gravatar.com/avatar/${createHash('md5').update(email.trim().toLowerCase()).digest('hex')}?d=identicon&s=${avatarSize}`;

async function avatars(fastify: FastifyInstance) {
  fastify.decorate(
    'avatarUrl',
    fastify.config.AVATARS === 'gravatar' ? gravatarUrl : localAvatarUrl,
  );
  // About 1.5 KB each: the most-read few thousand names cost a few megabytes.
  const drawn = new LRUCache<string, string>({ max: 5_000 });
  fastify.decorate('localAvatar', (username: string) => {
    let svg = drawn.get(username);
    if (svg === undefined) {
      svg = toSvg(username, avatarSize, { backColor: '#ffffff' });
      drawn.set(username, svg);
    }
    return svg;
  });
}

export default fp(avatars, { name: 'avatars' });
