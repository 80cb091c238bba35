import { spawn } from 'node:child_process';

export interface CommandOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Written to the command's standard input. */
  input?: string | Buffer;
  /** Echo the command's output to this process's stderr as it runs (long builds). */
  echo?: boolean;
  /** Kill the command (SIGTERM) when it runs longer than this. */
  timeoutMs?: number;
}

/**
 * Runs a program to its end and returns what it printed on stdout; throws
 * with its stderr when it fails, so a failed step says why.
 */
export function run(file: string, args: string[], options: CommandOptions = {}): Promise<string> {
  const { env, cwd, input, echo = false, timeoutMs } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: { ...process.env, ...env },
      cwd,
      ...(timeoutMs === undefined ? {} : { timeout: timeoutMs }),
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      if (echo) process.stderr.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr.push(chunk);
      if (echo) process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const output = Buffer.concat(stdout).toString();
      if (code === 0) resolve(output);
      else {
        const errors = Buffer.concat(stderr).toString().trim().split('\n').slice(-30).join('\n');
        const printed = output.trim().split('\n').slice(-10).join('\n');
        reject(new Error(`${file} ${args.join(' ')} exited with ${code}:\n${errors}\n${printed}`));
      }
    });
    child.stdin.end(input);
  });
}
