import { StorableText } from '@minitwit/service';
import { Type } from 'typebox';

export const defaultPageSize = 100;
export const maxPageSize = 1000;

// Both are read leniently (see result-count.ts and routes/autohooks.ts), so the
// schemas only document them: a malformed value never fails a request.
const latest = Type.Optional(
  Type.String({
    description:
      'The id of the simulator action this request carries; recorded before the request is processed.',
  }),
);

const no = Type.Optional(
  Type.String({
    description:
      `How many entries to return: ${defaultPageSize} when absent or not a non-negative integer, ` +
      `at most ${maxPageSize}.`,
  }),
);

export const ActionQuery = Type.Object({ latest });
export const ListQuery = Type.Object({ latest, no });

export const UsernameParams = Type.Object({
  username: StorableText({ description: 'The username, percent-encoded' }),
});

/** The OpenAPI security requirement of the routes that need the simulator's credentials. */
export const security = [{ simulator: [] }];
