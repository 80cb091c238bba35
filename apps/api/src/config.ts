import {
  databaseSettings,
  loadConfig as loadServiceConfig,
  postgresUrlPattern,
  serverSettings,
  timelineCacheSettings,
} from '@minitwit/service';
import { type Static, Type } from 'typebox';

const ConfigSchema = Type.Object({
  ...serverSettings(5001),
  ...databaseSettings(),
  ...timelineCacheSettings(),
  MIGRATION_DATABASE_URL: Type.Optional(
    Type.String({
      pattern: postgresUrlPattern,
      description:
        'PostgreSQL connection URL, in the form of DATABASE_URL, of the role that owns the ' +
        'schema, for the migration step only (the services run as DATABASE_URL, which may ' +
        'not change the schema). Default: DATABASE_URL',
    }),
  ),
  SIMULATOR_USERNAME: Type.String({ minLength: 1, default: 'simulator' }),
  SIMULATOR_PASSWORD: Type.String({ minLength: 1, default: 'super_safe!' }),
});

export type Config = Static<typeof ConfigSchema>;

/** The API's configuration; every variable is listed in .env.example. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  // The default serves local development and the tests only.
  return loadServiceConfig(ConfigSchema, env, { developmentSecrets: ['SIMULATOR_PASSWORD'] });
}
