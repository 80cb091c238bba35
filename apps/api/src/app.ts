import path from 'node:path';
import autoload from '@fastify/autoload';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { serverOptions } from '@minitwit/service';
import Fastify from 'fastify';
import type { Config } from './config.js';
import { errorHandler, notFoundHandler } from './error-handlers.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
  }
}

/**
 * The API service, built the same way for the server and for the tests:
 * configured third-party plugins first, then this service's own decorators,
 * then the routes, one folder per URL prefix.
 */
export async function buildApp(config: Config) {
  const app = Fastify({
    ...serverOptions(config),
    // A malformed or overlong URL, which no route sees, gets the same answers.
    frameworkErrors: (error, request, reply) => void errorHandler(error, request, reply),
    // A number where the contract wants a string is an error, not coerced.
    ajv: { customOptions: { coerceTypes: false } },
    // The database plugin applies pending migrations before the API serves;
    // on a loaded machine that takes longer than Fastify's 10 s default, and
    // giving up would stop the service (and its migration) midway.
    pluginTimeout: 300_000,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('config', config);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);

  // Configured third-party plugins, then this service's own. `options`, even
  // empty: without it autoload 6 fails on a plugin whose autoConfig is a function.
  for (const folder of ['external', 'app']) {
    await app.register(autoload, {
      dir: path.join(import.meta.dirname, 'plugins', folder),
      options: {},
    });
  }
  await app.register(autoload, {
    dir: path.join(import.meta.dirname, 'routes'),
    autoHooks: true,
    cascadeHooks: true,
  });
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
