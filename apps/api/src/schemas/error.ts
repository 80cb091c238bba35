import { type Static, Type } from 'typebox';

/** The one error shape of the simulator API contract. */
export const ErrorResponse = Type.Object({
  status: Type.Integer({ description: 'The HTTP status code, repeated' }),
  error_msg: Type.String(),
});

export type ErrorResponse = Static<typeof ErrorResponse>;

export function errorBody(status: number, message: string): ErrorResponse {
  return { status, error_msg: message };
}

export function unknownUser(username: string): ErrorResponse {
  return errorBody(404, `Unknown user: ${username}`);
}
