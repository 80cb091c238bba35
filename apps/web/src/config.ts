import { loadConfig as loadServiceConfig, serverSettings } from '@minitwit/service';
import { type Static, Type } from 'typebox';

const ConfigSchema = Type.Object({
  ...serverSettings(5000),
  DATABASE_URL: Type.String({
    pattern: '^postgres(ql)?://',
    description: 'PostgreSQL connection URL, postgresql://user:password@host:port/database',
  }),
  DATABASE_POOL_SIZE: Type.Integer({ minimum: 1, default: 10 }),
  SESSION_SECRET: Type.String({
    minLength: 32,
    default: 'development-only-session-secret-change-me',
    description: 'The key that seals session cookies: 32 characters or more, kept secret',
  }),
  TRUST_PROXY: Type.Boolean({
    default: false,
    description: 'Behind nginx: trust X-Forwarded-* (client address, https)',
  }),
});

export type Config = Static<typeof ConfigSchema>;

/** The web app's configuration; every variable is listed in .env.example. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  return loadServiceConfig(ConfigSchema, env);
}
