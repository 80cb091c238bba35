import { loadConfig as loadServiceConfig, serverSettings } from '@minitwit/service';
import { type Static, Type } from 'typebox';

const ConfigSchema = Type.Object({
  ...serverSettings(5001),
  DATABASE_URL: Type.String({
    pattern: '^postgres(ql)?://',
    description: 'PostgreSQL connection URL, postgresql://user:password@host:port/database',
  }),
  DATABASE_POOL_SIZE: Type.Integer({ minimum: 1, default: 10 }),
  SIMULATOR_USERNAME: Type.String({ minLength: 1, default: 'simulator' }),
  SIMULATOR_PASSWORD: Type.String({ minLength: 1, default: 'super_safe!' }),
});

export type Config = Static<typeof ConfigSchema>;

/** The API's configuration; every variable is listed in .env.example. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  return loadServiceConfig(ConfigSchema, env);
}
