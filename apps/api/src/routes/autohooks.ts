import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** False on routes that must not record the simulator's `latest` value. */
    recordsLatest?: boolean;
    /**
     * True on the few routes anyone may call (the contract's `GET /latest`,
     * the health checks); every other route is the simulator's only.
     */
    public?: boolean;
  }
}

/**
 * Every route requires the simulator's credentials unless it is marked
 * `public`, so a new route is private until someone decides otherwise. The
 * check runs first (onRequest), before the body is read; a failure becomes
 * the contract's 403 in the error handler.
 */
function requireSimulator(fastify: FastifyInstance) {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.routeOptions.config.public === true) {
      done();
      return;
    }
    fastify.basicAuth(request, reply, done);
  });
}

/** The `latest` query parameter, when it is an integer a JavaScript number holds exactly. */
function latestOf(request: FastifyRequest): number | undefined {
  const { query } = request;
  if (typeof query !== 'object' || query === null || !('latest' in query)) return undefined;
  const { latest } = query;
  if (typeof latest !== 'string' || !/^-?\d+$/.test(latest)) return undefined;
  const value = Number(latest);
  return Number.isSafeInteger(value) ? value : undefined;
}

type Recording = { recorded: true } | { recorded: false; error: unknown };

declare module 'fastify' {
  interface FastifyRequest {
    /** The recording of this request's `latest`, under way while the request is served. */
    latestRecording: Promise<Recording> | undefined;
  }
}

/**
 * Records `latest` for every route: it starts after authentication
 * (onRequest) and before the body is parsed or validated, so a request that
 * then fails still counts as the simulator's latest action, and it runs
 * while the request is served, one database round trip less on each of the
 * simulator's requests. The answer waits for it: once the simulator has
 * its answer, /latest says so.
 */
function recordLatest(fastify: FastifyInstance) {
  fastify.decorateRequest('latestRecording', undefined);
  fastify.addHook('preParsing', async (request) => {
    if (request.routeOptions.config.recordsLatest === false) return;
    const latest = latestOf(request);
    if (latest === undefined) return;
    // Settled here, so a failure is never an unhandled rejection.
    request.latestRecording = fastify.simulatorLatest.record(latest).then(
      (): Recording => ({ recorded: true }),
      (error: unknown): Recording => ({ recorded: false, error }),
    );
  });
  fastify.addHook('onSend', async (request) => {
    const recording = request.latestRecording;
    // Taken once: a failure's own error answer comes through here again.
    request.latestRecording = undefined;
    const outcome = await recording;
    if (outcome?.recorded === false) throw outcome.error;
  });
}

/** The hooks of every route: the simulator's credentials, then its `latest`. */
export default async function routeHooks(fastify: FastifyInstance) {
  requireSimulator(fastify);
  recordLatest(fastify);
}
