import {
  databaseSettings,
  loadConfig as loadServiceConfig,
  serverSettings,
  timelineCacheSettings,
} from '@minitwit/service';
import { type Static, Type } from 'typebox';

const ConfigSchema = Type.Object({
  ...serverSettings(5000),
  ...databaseSettings(),
  ...timelineCacheSettings(),
  HOME_CACHE_ENTRIES: Type.Integer({
    minimum: 1,
    default: 10_000,
    description: "The most signed-in people's home timelines a replica keeps in memory",
  }),
  HOME_CACHE_MEGABYTES: Type.Integer({
    minimum: 1,
    default: 64,
    description: 'The most memory those home timelines may take',
  }),
  SESSION_CACHE_ENTRIES: Type.Integer({
    minimum: 1,
    default: 100_000,
    description: 'The most session records (user id, generation, moderator flag) kept in memory',
  }),
  SESSION_SECRET: Type.String({
    // One key, or during a rotation the new key then the previous ones.
    pattern: '^[^,]{32,}(,[^,]{32,})*$',
    default: 'development-only-session-secret-change-me',
    description:
      'The keys that seal session cookies, comma-separated, each 32 characters or more and ' +
      'kept secret: the first seals, the others (previous keys) still open cookies',
  }),
  SESSION_MAX_AGE_DAYS: Type.Integer({
    minimum: 1,
    default: 30,
    description:
      'Days after sign-in when a session ends however active it is (and 7 days after the cookie was last written: a sign-in or a flash)',
  }),
  SIGN_IN_ATTEMPTS_PER_MINUTE: Type.Integer({
    minimum: 1,
    default: 10,
    description: 'Sign-in and sign-up POSTs a client address may make a minute, then 429',
  }),
  AVATARS: Type.Union([Type.Literal('local'), Type.Literal('gravatar')], {
    default: 'local',
    description:
      "Authors' pictures: local (drawn by the site from the username) or gravatar (Gravatar's, " +
      "which makes every viewer's browser send Gravatar an MD5 hash of each author's address)",
  }),
  SCHEMA_WAIT_SECONDS: Type.Integer({
    minimum: 0,
    default: 120,
    description: 'How long to wait at start-up for the API to migrate the database, then exit',
  }),
  TRUST_PROXY: Type.String({
    // Not `true` (every hop): a client would choose its own address by
    // sending X-Forwarded-For, and so escape the sign-in limit.
    // Nor a hop count, which Fastify does not trust at all.
    pattern: '^(false|[0-9A-Fa-f.:/]+(,[0-9A-Fa-f.:/]+)*)$',
    default: 'false',
    description:
      'The proxies whose X-Forwarded-For/-Proto to trust: false (none), or their addresses ' +
      'and CIDR ranges, comma-separated (behind nginx in the stack: its overlay network)',
  }),
});

export type Config = Static<typeof ConfigSchema>;

/** The web app's configuration; every variable is listed in .env.example. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  // The default serves local development and the tests only.
  return loadServiceConfig(ConfigSchema, env, { developmentSecrets: ['SESSION_SECRET'] });
}

/** Fastify's `trustProxy` for a TRUST_PROXY the schema accepted. */
export function trustedProxies(setting: string): false | string[] {
  return setting === 'false' ? false : setting.split(',');
}
