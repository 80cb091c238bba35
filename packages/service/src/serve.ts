import closeWithGrace from 'close-with-grace';
import type { FastifyBaseLogger } from 'fastify';

interface ServerConfig {
  HOST: string;
  PORT: number;
}

interface Server {
  log: FastifyBaseLogger;
  listen(options: { host: string; port: number }): Promise<string>;
  close(): Promise<undefined>;
}

export interface ServeOptions<Config extends ServerConfig> {
  /** The service's name, for messages. */
  name: string;
  loadConfig: (env: NodeJS.ProcessEnv) => Config;
  buildApp: (config: Config) => Promise<Server>;
}

/**
 * Starts a service from the process environment and closes it gracefully on
 * SIGINT/SIGTERM: stop accepting, let requests in flight finish, release
 * what the app holds (its onClose hooks). Bad configuration exits with 1 and
 * a message that names the variable.
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
    console.error(`${name}: invalid configuration: ${(error as Error).message}`);
    process.exit(1);
  }

  const app = await buildApp(config);
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'closing after an uncaught error');
    else app.log.info({ signal }, 'closing');
    await app.close();
  });
  await app.listen({ host: config.HOST, port: config.PORT });
}
