import { Type } from 'typebox';

export const LatestResponse = Type.Object({
  latest: Type.Integer({ description: 'The last recorded action id, or -1 when none was' }),
});
