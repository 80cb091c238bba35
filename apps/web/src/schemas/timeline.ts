import { StorableText } from '@minitwit/service';
import { Type } from 'typebox';

export const TimelineQuery = Type.Object(
  {
    before: Type.Optional(
      Type.String({
        format: 'timeline-cursor',
        description: 'Where an older page starts: <milliseconds since 1970>_<message id>',
      }),
    ),
    after: Type.Optional(
      Type.String({
        format: 'timeline-cursor',
        description: 'Where a newer page starts: <milliseconds since 1970>_<message id>',
      }),
    ),
  },
  { not: { required: ['before', 'after'] }, description: 'One page: older or newer, not both' },
);

export const UsernameParams = Type.Object({ username: StorableText() });
