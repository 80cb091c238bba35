import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

export interface ServiceProcess {
  child: ChildProcess;
  /** What the service wrote so far (when started with `output: 'capture'`). */
  output: () => string;
  /** Resolves with the exit code once the process ends. */
  exit: Promise<number | null>;
}

/**
 * Runs a built service (apps/<name>/dist/server.js) as its container does:
 * configured by the environment alone. `env` is the whole environment but PATH.
 */
export function startService(
  name: 'api' | 'web',
  env: NodeJS.ProcessEnv,
  output: 'inherit' | 'capture' = 'capture',
): ServiceProcess {
  const child = spawn(process.execPath, [path.join(root, 'apps', name, 'dist', 'server.js')], {
    env: { PATH: process.env.PATH, ...env },
    stdio: output === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'],
  });
  let captured = '';
  const collect = (chunk: Buffer) => {
    captured += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, output: () => captured, exit };
}
