import { StorableText } from '@minitwit/service';
import { Type } from 'typebox';

export const MessageParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'The message id' }),
});

export const FlagForm = Type.Object({
  /** The page the moderator flagged from, to return to: a path on this site only (same-site-path.ts). */
  next: Type.Optional(Type.String({ format: 'same-site-path', maxLength: 2048 })),
  reason: Type.Optional(StorableText({ maxLength: 500 })),
});
