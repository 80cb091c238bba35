import { StorableText } from '@minitwit/service';
import { Type } from 'typebox';

// Presence and emptiness are checked by the handler, in the contract's order
// and with its messages; the schema only rules out non-string values (and
// the NUL character, which PostgreSQL cannot store).
export const RegisterBody = Type.Object({
  username: Type.Optional(StorableText()),
  email: Type.Optional(StorableText()),
  pwd: Type.Optional(Type.String()),
});
