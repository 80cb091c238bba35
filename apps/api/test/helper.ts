import { basicAuthorization, defaultCredentials } from '@minitwit/simulator';
import { createTestDatabase, type TestDatabase } from '@minitwit/local-postgres';
import type { Test } from 'tap';
import { type App, buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';

/** The headers of a request from the simulator with its default credentials. */
export const asSimulator = { authorization: basicAuthorization(defaultCredentials) };

/**
 * The API exactly as src/server.ts builds it (same builder, same
 * configuration loader), on a fresh database of its own that is dropped
 * when the test ends, with production's two roles: it migrates as the one
 * that owns the schema and serves as the runtime role. Logs are silent
 * unless LOG_LEVEL says otherwise.
 */
export async function buildTestApp(t: Test, env: NodeJS.ProcessEnv = {}) {
  const database = await createTestDatabase();
  const app = await buildTestAppOn(t, database, env);
  t.teardown(() => database.drop());
  return app;
}

/** Another API instance, on a database that a test already holds. */
export async function buildTestAppOn(t: Test, database: TestDatabase, env: NodeJS.ProcessEnv = {}) {
  const app = await buildApp(
    loadConfig({ LOG_LEVEL: 'silent', ...process.env, ...database.environment, ...env }),
  );
  t.teardown(() => app.close());
  return app;
}

/** Registers a user through the API, failing the test when that does not work. */
export async function registerUser(t: Test, app: App, username: string) {
  const response = await app.inject({
    method: 'POST',
    url: '/register',
    headers: asSimulator,
    payload: { username, email: `${username.replace(/\W/g, '')}@example.org`, pwd: 'secret' },
  });
  t.equal(response.statusCode, 204, `registered ${username}`);
}

/** The URL of `/prefix/username`, with the username percent-encoded as clients send it. */
export const userUrl = (prefix: string, username: string, query = '') =>
  `/${prefix}/${encodeURIComponent(username)}${query}`;
