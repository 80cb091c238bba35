import envSchema from 'env-schema';
import { type Static, Type } from 'typebox';

const ConfigSchema = Type.Object({
  DATABASE_URL: Type.String({
    pattern: '^postgres(ql)?://',
    description: 'PostgreSQL connection URL, postgresql://user:password@host:port/database',
  }),
  DATABASE_POOL_SIZE: Type.Integer({ minimum: 1, default: 10 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 5001 }),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    default: 'info',
  }),
  SIMULATOR_USERNAME: Type.String({ minLength: 1, default: 'simulator' }),
  SIMULATOR_PASSWORD: Type.String({ minLength: 1, default: 'super_safe!' }),
});

export type Config = Static<typeof ConfigSchema>;

/**
 * The API's configuration, read from `env` and validated: a missing or
 * malformed variable throws an error that names it. Every variable is listed
 * in .env.example.
 */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  return envSchema<Config>({ schema: ConfigSchema, data: env, env: false });
}
