import { loadConfig } from '@minitwit/service';
import { Type } from 'typebox';

const databaseUrl = (description: string) =>
  Type.String({ pattern: '^postgres(ql)?://', description });

/** Where the command line finds MiniTwit's database: the same variables as the services. */
const CliConfig = Type.Object({
  DATABASE_URL: databaseUrl('PostgreSQL connection URL of the MiniTwit database'),
  MIGRATION_DATABASE_URL: Type.Optional(
    databaseUrl(
      'The role that owns the schema: an import writes as it, to move the id sequences. Default: DATABASE_URL',
    ),
  ),
});

/** The command line's settings, from the environment (or `<NAME>_FILE`), checked as the services check theirs. */
export function cliConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(CliConfig, env);
  return {
    databaseUrl: config.DATABASE_URL,
    ownerUrl: config.MIGRATION_DATABASE_URL ?? config.DATABASE_URL,
  };
}
