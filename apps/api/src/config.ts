import {
  databaseSettings,
  loadConfig as loadServiceConfig,
  serverSettings,
} from '@minitwit/service';
import { type Static, Type } from 'typebox';

const ConfigSchema = Type.Object({
  ...serverSettings(5001),
  ...databaseSettings(),
  SIMULATOR_USERNAME: Type.String({ minLength: 1, default: 'simulator' }),
  SIMULATOR_PASSWORD: Type.String({ minLength: 1, default: 'super_safe!' }),
});

export type Config = Static<typeof ConfigSchema>;

/** The API's configuration; every variable is listed in .env.example. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  // The default serves local development and the tests only.
  return loadServiceConfig(ConfigSchema, env, { developmentSecrets: ['SIMULATOR_PASSWORD'] });
}
