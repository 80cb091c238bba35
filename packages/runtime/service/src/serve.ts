import { Server as NetServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import closeWithGrace from 'close-with-grace';
import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { loggerOptions } from './server-options.js';

interface ServerConfig {
  LOG_LEVEL: string;
  HOST: string;
  PORT: number;
  SHUTDOWN_DRAIN_SECONDS: number;
}

interface Server {
  log: FastifyBaseLogger;
  server: NetServer;
  listen(options: { host: string; port: number }): Promise<string>;
  close(): Promise<undefined>;
}

export interface ServeOptions<Config extends ServerConfig> {
  /** The service's name, for messages. */
  name: string;
  loadConfig: (env: NodeJS.ProcessEnv) => Config;
  buildApp: (config: Config) => Promise<Server>;
}

/** How long connections accepted just before a shutdown get to send their request. */
const lastRequestsMs = 500;

/**
 * Stops taking new connections (a proxy sends the next request to another
 * replica), then waits a moment before the app closes. Node's close() drops
 * every connection that has no request under way yet, and a proxy cannot
 * tell that drop from a failure after the request was handled, so it does not
 * retry a POST: connections accepted just before must get to send theirs.
 */
async function stopAccepting(server: NetServer): Promise<void> {
  NetServer.prototype.close.call(server);
  await sleep(lastRequestsMs);
}

/**
 * Says why the service cannot start in one error line, the message's first
 * (the error itself, with its cause and any tool's output, at debug level),
 * and exits with 1.
 */
function cannotStart(log: pino.Logger, name: string, problem: string, error: unknown): never {
  log.error(`${name} cannot start: ${problem.split('\n')[0] ?? problem}`);
  log.debug({ err: error }, 'why it cannot start');
  process.exit(1);
}

/**
 * Starts a service from the process environment and closes it gracefully on
 * SIGINT/SIGTERM: go on serving while the proxy learns the replica is going
 * (SHUTDOWN_DRAIN_SECONDS), stop accepting, let requests in flight finish,
 * release what the app holds (its onClose hooks). Bad configuration exits
 * with 1 and a message that names the variable; so does anything else that
 * stops it from starting (an unreachable database, a failed migration), in
 * one line.
 */
export async function serve<Config extends ServerConfig>({
  name,
  loadConfig,
  buildApp,
}: ServeOptions<Config>): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    // No level is known yet: the default (info) shows it.
    cannotStart(pino(), name, `invalid configuration: ${(error as Error).message}`, error);
  }

  let app: Server;
  try {
    app = await buildApp(config);
  } catch (error) {
    const log = pino(loggerOptions(config));
    cannotStart(log, name, error instanceof Error ? error.message : String(error), error);
  }
  const drainMs = config.SHUTDOWN_DRAIN_SECONDS * 1000;
  closeWithGrace({ delay: drainMs + 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'closing after an uncaught error');
    else app.log.info({ signal, drainMs }, 'closing');
    // Closing the listener while the proxy still sends here would reset the
    // connections the kernel queued but Node had not accepted yet: a POST
    // already sent on one of them fails (nginx retries no POST).
    if (!err) await sleep(drainMs);
    await stopAccepting(app.server);
    await app.close();
  });
  await app.listen({ host: config.HOST, port: config.PORT });
}
