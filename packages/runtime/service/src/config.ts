import { readFileSync } from 'node:fs';
import envSchema from 'env-schema';
import type { FastifyBaseLogger } from 'fastify';
import { type Static, type TObject, Type } from 'typebox';

/** The settings every MiniTwit service has: where it listens, how much it logs, and where it runs. */
export function serverSettings(defaultPort: number) {
  return {
    NODE_ENV: Type.Enum(['development', 'test', 'production'], {
      default: 'development',
      description: 'production refuses to start on a development-only secret',
    }),
    HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
    PORT: Type.Integer({ minimum: 0, maximum: 65535, default: defaultPort }),
    LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      default: 'info',
    }),
    SHUTDOWN_DRAIN_SECONDS: Type.Integer({
      minimum: 0,
      maximum: 60,
      default: 0,
      description:
        'After SIGTERM, how long to go on serving before refusing new connections: the time ' +
        'the proxy takes to stop sending any',
    }),
  };
}

/**
 * A PostgreSQL URL as node-postgres and Prisma read it: the scheme, then an
 * optional user and password, a host (a name, an address, [IPv6] or nothing
 * for a socket folder given by ?host=) with an optional numeric port.
 */
export const postgresUrlPattern =
  '^postgres(ql)?://([^@/?#]*@)?(\\[[0-9A-Fa-f:.]+\\]|[^:/?#@\\[\\]]*)(:\\d{1,5})?(/[^?#]*)?(\\?[^#]*)?$';

/** Both services' database settings: where it is, and how long anything may wait for it. */
export function databaseSettings() {
  return {
    DATABASE_URL: Type.String({
      pattern: postgresUrlPattern,
      description:
        'PostgreSQL connection URL: postgresql://user:password@host:port/database, or ' +
        'postgresql://user:password@/database?host=/folder for a Unix socket in /folder',
    }),
    DATABASE_POOL_SIZE: Type.Integer({ minimum: 1, default: 10 }),
    DATABASE_CONNECT_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 2_000 }),
    DATABASE_STATEMENT_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 5_000 }),
  };
}

/** Both services' timeline cache (see @minitwit/db's TimelineCache): how much it may hold. */
export function timelineCacheSettings() {
  return {
    TIMELINE_CACHE_ENTRIES: Type.Integer({
      minimum: 0,
      default: 1_000,
      description: 'The most timeline pages a replica keeps in memory; 0 turns the cache off',
    }),
    TIMELINE_CACHE_MEGABYTES: Type.Integer({
      minimum: 1,
      default: 64,
      description: 'The most memory those pages may take',
    }),
  };
}

type DatabaseSettings = Static<TObject<ReturnType<typeof databaseSettings>>>;

/**
 * The database settings as the options of `createDatabaseClient`
 * (@minitwit/db), with a lost idle connection logged to `log`.
 */
export function databaseClientOptions(config: DatabaseSettings, log: FastifyBaseLogger) {
  return {
    url: config.DATABASE_URL,
    poolSize: config.DATABASE_POOL_SIZE,
    connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    onIdleConnectionLost: (error: Error) => {
      log.warn({ err: error }, 'database connection lost');
    },
  };
}

/**
 * Refuses, in production, a secret still at the default that serves local
 * development and the tests.
 */
function refuseDevelopmentSecrets(
  schema: TObject,
  config: Record<string, unknown>,
  developmentSecrets: string[],
) {
  if (config.NODE_ENV !== 'production') return;
  for (const name of developmentSecrets) {
    const { default: developmentDefault } = schema.properties[name] as { default?: unknown };
    if (config[name] === developmentDefault) {
      throw new Error(`${name} is the development default: set your own (or ${name}_FILE)`);
    }
  }
}

/**
 * Docker secrets arrive as files: `<NAME>_FILE=/run/secrets/…` stands for
 * `<NAME>` set to the file's content (without its trailing newline).
 */
function readSecretFiles(names: string[], env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const resolved = { ...env };
  for (const name of names) {
    const file = env[`${name}_FILE`];
    if (file === undefined) continue;
    if (env[name] !== undefined) throw new Error(`set ${name} or ${name}_FILE, not both`);
    try {
      resolved[name] = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw new Error(`${name}_FILE: cannot read ${file} (${(error as Error).message})`, {
        cause: error,
      });
    }
  }
  return resolved;
}

/** What ajv says of a variable, as an operator reads it. */
interface ValidationProblem {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/**
 * One sentence per wrong variable that names it and says what it must be
 * (from its description when a pattern or format refused it), and never
 * repeats its value, which may be a secret.
 */
function explainProblems(schema: TObject, problems: ValidationProblem[]): string {
  const sentences = problems.map(({ instancePath, keyword, message, params }) => {
    const name =
      keyword === 'required' ? String(params.missingProperty) : instancePath.replace(/^\//, '');
    const { description } = (schema.properties[name] ?? {}) as { description?: string };
    switch (keyword) {
      case 'required':
        return `${name} is not set`;
      case 'type':
        return params.type === 'integer' ? `${name} must be a whole number` : `${name} ${message}`;
      case 'pattern':
      case 'format':
        return `${name} is malformed${description ? `: ${description}` : ''}`;
      case 'enum':
        return `${name} must be one of ${(params.allowedValues as string[]).join(', ')}`;
      default:
        return `${name} ${message ?? 'is not valid'}`;
    }
  });
  return [...new Set(sentences)].join('; ');
}

/**
 * The one configuration loader: reads `env` through `schema` (any variable
 * also from a `<NAME>_FILE`), fills in defaults, and throws an error that
 * names any missing or malformed variable, or one of `developmentSecrets`
 * left at its default in production.
 */
export function loadConfig<Schema extends TObject>(
  schema: Schema,
  env: NodeJS.ProcessEnv,
  { developmentSecrets = [] }: { developmentSecrets?: (keyof Static<Schema> & string)[] } = {},
) {
  const data = readSecretFiles(Object.keys(schema.properties), env);
  let config: Static<Schema>;
  try {
    config = envSchema<Static<Schema>>({ schema, data, env: false });
  } catch (error) {
    const { errors } = error as { errors?: ValidationProblem[] };
    if (!errors) throw error;
    throw new Error(explainProblems(schema, errors), { cause: error });
  }
  refuseDevelopmentSecrets(schema, config, developmentSecrets);
  return config;
}
