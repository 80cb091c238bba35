import { Type } from 'typebox';

export const LiveResponse = Type.Object({ status: Type.Literal('ok') });
export const ReadyResponse = Type.Object({ status: Type.Literal('ready') });
export const UnavailableResponse = Type.Object({ status: Type.Literal('unavailable') });
