import { readFileSync } from 'node:fs';
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

/**
 * The one configuration loader: reads `env` through `schema` (any variable
 * also from a `<NAME>_FILE`), fills in defaults, and throws an error that
 * names any missing or malformed variable.
 */
export function loadConfig<Schema extends TObject>(schema: Schema, env: NodeJS.ProcessEnv) {
  const data = readSecretFiles(Object.keys(schema.properties), env);
  return envSchema<Static<Schema>>({ schema, data, env: false });
}
