import { StorableText } from '@minitwit/service';
import { Type } from 'typebox';

export const Message = Type.Object({
  content: Type.String(),
  pub_date: Type.String({ format: 'date-time', description: 'ISO-8601, UTC' }),
  user: Type.String({ description: "The author's username" }),
});

export const MessageList = Type.Array(Message, { description: 'Unflagged messages, newest first' });

export const PostMessageBody = Type.Object({
  content: Type.Optional(
    StorableText({
      description: 'The text of the message: not only white space, at most 500 characters',
    }),
  ),
});
