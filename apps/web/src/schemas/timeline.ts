import { StorableText } from '@minitwit/service';
import { Type } from 'typebox';

export const TimelineQuery = Type.Object({
  before: Type.Optional(
    Type.String({
      pattern: '^\\d{1,15}_\\d{1,10}$',
      description: 'Where an older page starts: <milliseconds since 1970>_<message id>',
    }),
  ),
});

export const UsernameParams = Type.Object({ username: StorableText() });
