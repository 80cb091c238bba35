import envSchema from 'env-schema';
import { type Static, type TObject, Type } from 'typebox';

/** The settings every MiniTwit service has: where it listens and how much it logs. */
export function serverSettings(defaultPort: number) {
  return {
    HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
    PORT: Type.Integer({ minimum: 0, maximum: 65535, default: defaultPort }),
    LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      default: 'info',
    }),
  };
}

/**
 * The one configuration loader: reads `env` through `schema`, fills in
 * defaults, and throws an error that names any missing or malformed variable.
 */
export function loadConfig<Schema extends TObject>(schema: Schema, env: NodeJS.ProcessEnv) {
  return envSchema<Static<Schema>>({ schema, data: env, env: false });
}
