import { databaseState, type HostileBody } from '@minitwit/fuzz';
import type { HTTPMethods } from 'fastify';
import type { App } from '../../src/app.js';
import { asSimulator } from '../helper.js';

/** Runs per property: enough to reach every kind of hostile input many times over. */
export const numRuns = 300;

export interface HostileRequest {
  method: HTTPMethods;
  url: string;
  body?: HostileBody;
  authorized: boolean;
}

/**
 * Sends the request and throws unless the API answered as the contract
 * says: a status from `successes`, or an error in the contract's shape
 * (never a 5xx) that changed nothing in the database.
 */
export async function expectContractAnswer(
  app: App,
  { method, url, body, authorized }: HostileRequest,
  successes: number[],
) {
  const before = await databaseState(app.db);
  const response = await app.inject({
    method,
    url,
    payload: body?.payload,
    headers: {
      ...(authorized ? asSimulator : {}),
      ...(body?.contentType === undefined ? {} : { 'content-type': body.contentType }),
    },
  });
  const status = response.statusCode;
  const what = `${method} ${url.slice(0, 200)} (${body?.kind ?? 'no body'}) answered ${status}`;
  if (successes.includes(status)) return;
  if (status >= 500 || status < 400) throw new Error(`${what}: ${response.body.slice(0, 300)}`);
  const error = response.json<Record<string, unknown>>();
  if (
    Object.keys(error).sort().join() !== 'error_msg,status' ||
    error.status !== status ||
    typeof error.error_msg !== 'string' ||
    error.error_msg === ''
  ) {
    throw new Error(`${what} not in the contract's error shape: ${response.body.slice(0, 300)}`);
  }
  if ((await databaseState(app.db)) !== before) throw new Error(`${what} but changed the database`);
}
