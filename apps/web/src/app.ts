import path from 'node:path';
import autoload from '@fastify/autoload';
import Fastify from 'fastify';
import type { Config } from './config.js';

/** The web app: a placeholder until the MiniTwit pages arrive (issue 3). */
export async function buildApp(config: Config) {
  const app = Fastify({ logger: { level: config.LOG_LEVEL } });
  await app.register(autoload, { dir: path.join(import.meta.dirname, 'routes') });
  return app;
}
