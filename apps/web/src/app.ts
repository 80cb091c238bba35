import path from 'node:path';
import autoload from '@fastify/autoload';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { serverOptions } from '@minitwit/service';
import Fastify from 'fastify';
import { type Config, trustedProxies } from './config.js';
import { errorHandler, notFoundHandler, urlErrorHandler } from './error-handlers.js';
import { sameSitePathFormat } from './same-site-path.js';
import { timelineCursorFormat } from './timeline-pagination.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
  }
}

/**
 * The web app, built the same way for the server and for the tests:
 * configured third-party plugins first, then this service's own decorators,
 * then the routes, one folder per URL prefix.
 */
export async function buildApp(config: Config) {
  const app = Fastify({
    ...serverOptions(config),
    // A malformed or overlong URL, which no route sees, gets the same answers.
    frameworkErrors: urlErrorHandler,
    trustProxy: trustedProxies(config.TRUST_PROXY),
    ajv: {
      customOptions: {
        formats: {
          'timeline-cursor': timelineCursorFormat,
          'same-site-path': sameSitePathFormat,
        },
      },
    },
    // The database plugin waits up to SCHEMA_WAIT_SECONDS for the API's
    // migration (then fails, saying why), longer than Fastify's 10 s default.
    pluginTimeout: (config.SCHEMA_WAIT_SECONDS + 30) * 1000,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('config', config);
  app.setErrorHandler(errorHandler);

  // Configured third-party plugins, then this service's own. `options`, even
  // empty: without it autoload 6 fails on a plugin whose autoConfig is a function.
  for (const folder of ['external', 'app']) {
    await app.register(autoload, {
      dir: path.join(import.meta.dirname, 'plugins', folder),
      options: {},
    });
  }
  // The 404 page is a page too: it names the signed-in visitor.
  app.setNotFoundHandler({ preHandler: app.identifyVisitor }, notFoundHandler);
  await app.register(autoload, {
    dir: path.join(import.meta.dirname, 'routes'),
    autoHooks: true,
    cascadeHooks: true,
    // routes/_username/ serves /:username.
    routeParams: true,
  });
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
