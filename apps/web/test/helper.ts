import { createTestDatabase, eventually, type TestDatabase } from '@minitwit/local-postgres';
import type { Test } from 'tap';
import { type App, buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';

/**
 * The web app exactly as src/server.ts builds it (same builder, same
 * configuration loader), on a fresh migrated database of its own that is
 * dropped when the test ends, as production's runtime role (rows only). Logs are silent unless LOG_LEVEL says otherwise.
 */
export async function buildTestApp(t: Test, env: NodeJS.ProcessEnv = {}) {
  const database = await createTestDatabase();
  t.teardown(() => database.drop());
  return buildTestAppOn(t, database, env);
}

/** Another web app instance, on a database that a test already holds. */
export async function buildTestAppOn(t: Test, database: TestDatabase, env: NodeJS.ProcessEnv = {}) {
  const app = await buildApp(
    loadConfig({ LOG_LEVEL: 'silent', ...process.env, DATABASE_URL: database.url, ...env }),
  );
  t.teardown(() => app.close());
  return app;
}

interface Page {
  status: number;
  body: string;
  location: string | undefined;
}

/**
 * A visitor with a cookie jar: what one browser would send, minus the
 * browser. Forms are posted url-encoded, as HTML forms are.
 */
export class Visitor {
  private cookies = new Map<string, string>();

  constructor(
    private readonly app: App,
    private readonly headers: Record<string, string> = {},
  ) {}

  /** The Cookie header this visitor sends. */
  get cookie(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get(url: string, headers: Record<string, string> = {}) {
    return this.send('GET', url, undefined, headers);
  }

  post(url: string, form: Record<string, string>, headers: Record<string, string> = {}) {
    return this.send('POST', url, new URLSearchParams(form).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      ...headers,
    });
  }

  private async send(
    method: 'GET' | 'POST',
    url: string,
    body: string | undefined,
    headers: Record<string, string>,
  ): Promise<Page> {
    const { cookie } = this;
    const response = await this.app.inject({
      method,
      url,
      body,
      headers: { ...this.headers, ...(cookie ? { cookie } : {}), ...headers },
    });
    // Keep each cookie as the server wrote it (the parsed value is decoded).
    const setCookie = response.headers['set-cookie'] ?? [];
    for (const line of Array.isArray(setCookie) ? setCookie : [setCookie]) {
      const [pair = ''] = line.split(';');
      const [name = '', value = ''] = pair.split(/=(.*)/s);
      if (value && !/expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
    const location = response.headers.location;
    return {
      status: response.statusCode,
      body: response.body,
      location: typeof location === 'string' ? location : undefined,
    };
  }
}

/** The password the tests' users sign up with: long and uncommon enough for the web's policy. */
export const testPassword = 'correct horse battery';

/** Registers through the sign-up form, failing the test when that does not work. */
export async function signUp(t: Test, app: App, username: string, password = testPassword) {
  const visitor = new Visitor(app);
  const page = await visitor.post('/register', {
    username,
    email: `${encodeURIComponent(username)}@example.org`,
    password,
    password2: password,
  });
  t.equal(page.location, '/login', `signed up ${username}`);
}

/** A visitor who signed up and signed in as `username`. */
export async function signedIn(t: Test, app: App, username: string) {
  await signUp(t, app, username);
  const visitor = new Visitor(app);
  const page = await visitor.post('/login', { username, password: testPassword });
  t.equal(page.location, '/', `signed in as ${username}`);
  // Follow the redirect, as a browser does: that shows (and uses up) the greeting.
  t.same(flashes((await visitor.get('/')).body), ['You were logged in']);
  return visitor;
}

/** The texts of the flashes on a page. */
export function flashes(body: string): string[] {
  const list = /<ul class="flashes">(.*?)<\/ul>/s.exec(body)?.[1] ?? '';
  return [...list.matchAll(/<li>(.*?)<\/li>/gs)].map((match) => match[1] ?? '');
}

/** The message texts a timeline page shows, top to bottom. */
export function messageTexts(body: string): string[] {
  return [...body.matchAll(/<\/a><\/strong>\s*(.*?)\s*<small>/gs)].map((match) => match[1] ?? '');
}

/** A user page's counts as text: "2 messages 1 follower 0 following". */
export function profileCounts(body: string): string | undefined {
  return /<p class="counts">(.*?)<\/p>/s
    .exec(body)?.[1]
    ?.replace(/<[^>]+>/g, '')
    .trim();
}

/** Two web replicas on one database, as the stack runs them, each listening for changes. */
export async function twoReplicas(t: Test, env: NodeJS.ProcessEnv = {}) {
  const database = await createTestDatabase();
  t.teardown(() => database.drop());
  const replicas = [
    await buildTestAppOn(t, database, env),
    await buildTestAppOn(t, database, env),
  ] as const;
  t.ok(
    await eventually(() => replicas.every((app) => app.timelineCache.listening)),
    'both replicas listen for timeline changes',
  );
  return replicas;
}
