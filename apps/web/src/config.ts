import { loadConfig as loadServiceConfig, serverSettings } from '@minitwit/service';
import { type Static, Type } from 'typebox';

const ConfigSchema = Type.Object({ ...serverSettings(5000) });

export type Config = Static<typeof ConfigSchema>;

/** The web app's configuration; every variable is listed in .env.example. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  return loadServiceConfig(ConfigSchema, env);
}
