import envSchema from 'env-schema';
import { type Static, Type } from 'typebox';

const ConfigSchema = Type.Object({
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 5000 }),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    default: 'info',
  }),
});

export type Config = Static<typeof ConfigSchema>;

/** The web app's configuration, read from `env` and validated. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  return envSchema<Config>({ schema: ConfigSchema, data: env, env: false });
}
