import { type FastifyServerOptions, LogController } from 'fastify';

/** The Fastify options both services share. */
export function serverOptions({ LOG_LEVEL }: { LOG_LEVEL: string }) {
  return {
    logger: { level: LOG_LEVEL },
    // The request-log plugin writes one line per request instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    // Percent-encoded non-ASCII usernames make long paths.
    routerOptions: { maxParamLength: 1000 },
  } satisfies FastifyServerOptions;
}
