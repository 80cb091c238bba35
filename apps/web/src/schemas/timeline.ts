import { StorableText } from '@minitwit/service';
import { Type } from 'typebox';

export const TimelineQuery = Type.Object({
  before: Type.Optional(
    Type.String({
      format: 'timeline-cursor',
      description: 'Where an older page starts: <milliseconds since 1970>_<message id>',
    }),
  ),
});

export const UsernameParams = Type.Object({ username: StorableText() });
