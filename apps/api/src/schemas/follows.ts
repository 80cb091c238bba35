import { StorableText } from '@minitwit/service';
import { Type } from 'typebox';

export const FollowsResponse = Type.Object({
  follows: Type.Array(Type.String(), { description: 'Usernames that the user follows' }),
});

export const FollowBody = Type.Object(
  {
    follow: Type.Optional(StorableText({ description: 'A username to follow' })),
    unfollow: Type.Optional(StorableText({ description: 'A username to unfollow' })),
  },
  { description: 'Exactly one of follow and unfollow' },
);
