import { type Answer, expectAnswer, type HostileRequest } from '@minitwit/fuzz';
import type { App } from '../../src/app.js';
import { asSimulator } from '../helper.js';

/**
 * Throws unless the answer is what the contract says: a status from
 * `successes`, or an error in the contract's shape (never a 5xx).
 */
function contractAnswer(successes: number[]) {
  return ({ statusCode: status, body }: Answer, what: string) => {
    if (successes.includes(status)) return 'taken';
    if (status >= 500 || status < 400) throw new Error(`${what}: ${body.slice(0, 300)}`);
    const error = JSON.parse(body) as Record<string, unknown>;
    if (
      Object.keys(error).sort().join() !== 'error_msg,status' ||
      error.status !== status ||
      typeof error.error_msg !== 'string' ||
      error.error_msg === ''
    ) {
      throw new Error(`${what} not in the contract's error shape: ${body.slice(0, 300)}`);
    }
    return 'refused';
  };
}

/**
 * Sends the request, with the simulator's credentials when `authorized`, and
 * throws unless the API answered as the contract says; a refused request
 * must change nothing in the database.
 */
export function expectContractAnswer(
  app: App,
  { authorized, ...request }: Omit<HostileRequest, 'headers'> & { authorized: boolean },
  successes: number[],
) {
  return expectAnswer(
    app,
    { ...request, ...(authorized ? { headers: asSimulator } : {}) },
    contractAnswer(successes),
  );
}
