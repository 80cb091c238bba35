import { randomUUID } from 'node:crypto';
import { type FastifyServerOptions, LogController } from 'fastify';
import { cutLongFields } from './long-fields.js';

/** Never written to a log: credentials, session cookies and passwords in form and API bodies. */
const redactedPaths = [
  'body.password',
  'body.password2',
  'body.pwd',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

/** The one logger's options: its level, what it never writes, and how much of a long text it writes. */
export function loggerOptions({ LOG_LEVEL }: { LOG_LEVEL: string }) {
  return {
    level: LOG_LEVEL,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    formatters: { log: cutLongFields },
  };
}

/** The Fastify options both services share. */
export function serverOptions(config: { LOG_LEVEL: string }) {
  return {
    logger: loggerOptions(config),
    // The request-log plugin writes one line per request instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    // nginx sets X-Request-Id; without it the service makes one.
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // A request that reaches a closing replica is still answered (see serve.ts).
    return503OnClosing: false,
    // Answered 413 above this, as nginx does (client_max_body_size): the
    // largest honest body, a registration or a tweet, is a few hundred bytes.
    bodyLimit: 64 * 1024,
    // Percent-encoded non-ASCII usernames make long paths.
    routerOptions: { maxParamLength: 1000 },
  } satisfies FastifyServerOptions;
}
