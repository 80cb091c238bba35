import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from './free-port.js';
import { waitUntilReady } from './readiness.js';

const repositoryRoot = path.resolve(import.meta.dirname, '..', '..', '..', '..');

export interface ServiceProcess {
  child: ChildProcess;
  /** What the service wrote so far (when started with `output: 'capture'`). */
  output: () => string;
  /** Resolves with the exit code once the process ends. */
  exit: Promise<number | null>;
}

export interface ServiceProcessOptions {
  /** Where its output goes: kept for `output()`, the caller's own, or the caller's to read (child.stdout, child.stderr). */
  output?: 'inherit' | 'capture' | 'pipe';
  /** Where the built service is: this checkout, or a tree laid out as an image holds it. */
  root?: string;
  /**
   * In a process group of its own, so that a terminal's Ctrl-C reaches the
   * caller only, which then stops the service once.
   */
  ownProcessGroup?: boolean;
}

/**
 * Runs a built service (apps/<name>/dist/server.js) as its container does:
 * configured by the environment alone. `env` is the whole environment but PATH.
 */
export function startService(
  name: 'api' | 'web',
  env: NodeJS.ProcessEnv,
  {
    output = 'capture',
    root = repositoryRoot,
    ownProcessGroup = false,
  }: ServiceProcessOptions = {},
): ServiceProcess {
  const child = spawn(process.execPath, [path.join(root, 'apps', name, 'dist', 'server.js')], {
    env: { PATH: process.env.PATH, ...env },
    stdio: output === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    detached: ownProcessGroup,
  });
  let captured = '';
  const collect = (chunk: Buffer) => {
    captured += chunk.toString();
  };
  if (output === 'capture') {
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
  }
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, output: () => captured, exit };
}

export interface ReadyService extends ServiceProcess {
  /** Where it listens: `127.0.0.1:<port>`. */
  address: string;
  /** Its base URL: `http://127.0.0.1:<port>`. */
  base: string;
}

export interface ReadyServiceOptions {
  /** Where to listen: a free port unless given (a replica restarted where a proxy expects it). */
  port?: number;
  /** Where the built service is: this checkout unless given (see startService). */
  root?: string;
}

/**
 * Starts a built service on a loopback port with `env` (its database and log
 * level, say) and waits until it is ready. The caller stops it; if it never
 * gets ready it is stopped here, and the error carries its output.
 */
export async function startReadyService(
  name: 'api' | 'web',
  env: NodeJS.ProcessEnv,
  { port, root }: ReadyServiceOptions = {},
): Promise<ReadyService> {
  port ??= await freePort();
  const service = startService(name, { ...env, PORT: String(port) }, { root });
  const address = `127.0.0.1:${port}`;
  try {
    await waitUntilReady(`http://${address}/health/ready`, service.child);
  } catch (error) {
    service.child.kill('SIGKILL');
    throw new Error(`${name} did not get ready:\n${service.output()}`, { cause: error });
  }
  return { ...service, address, base: `http://${address}` };
}
