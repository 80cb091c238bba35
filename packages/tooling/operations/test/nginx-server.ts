import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, waitUntilReady } from '@minitwit/local-postgres';
import type { Test } from 'tap';
import { run } from '../swarm/command.js';
import { selfSignedCertificate } from './certificate.js';

export const nginxDir = path.resolve(import.meta.dirname, '..', '..', '..', '..', 'infra', 'nginx');

export { apiHost, grafanaHost, webHost } from './certificate.js';

export interface NginxServer {
  httpPort: number;
  httpsPort: number;
  /** The self-signed certificate nginx serves, to trust in the test's requests. */
  certificate: string;
  /** What nginx wrote to stdout so far: its JSON access log, a line per request. */
  accessLog: () => string;
}

/**
 * Replaces the `server` line of one upstream block with one per address,
 * keeping the production line's parameters but `resolve` (no DNS name here).
 */
function withUpstreamServers(config: string, upstream: string, addresses: string[]): string {
  const block = new RegExp(`(upstream ${upstream} \\{[^}]*?\\n(\\s*))server \\S+([^;]*);`);
  const match = block.exec(config);
  if (!match) throw new Error(`upstreams.conf has no server in upstream ${upstream}`);
  const [, head = '', indent = '', parameters = ''] = match;
  const kept = parameters.replace(/\s+resolve\b/, '');
  const servers = addresses.map((address) => `server ${address}${kept};`).join(`\n${indent}`);
  return config.replace(block, head + servers);
}

/**
 * Real nginx (Debian's package) running the project's own infra/nginx
 * configuration, with what cannot be the production value here substituted:
 * the upstream `server` lines (loopback replicas instead of Swarm's
 * tasks.<service>; Debian's nginx 1.22 has no `resolve`) and Grafana's
 * address (when `upstreams.grafana` is given), the listen ports
 * (free loopback ports instead of 80 and 443) and a self-signed certificate
 * (its key where the secret would be). The address lists are written by
 * the script deploy.sh runs: simulator-addresses.conf from
 * `simulatorAddresses`, operator-addresses.conf from `operatorAddresses`
 * (both this machine's loopback address, where the tests send from, unless told).
 * `nginx -t` checks it before it starts. Stopped when the test ends.
 */
export async function startNginx(
  t: Test,
  upstreams: { web: string[]; api: string[]; grafana?: string },
  {
    simulatorAddresses = ['127.0.0.1'],
    operatorAddresses = ['127.0.0.1'],
  }: { simulatorAddresses?: string[]; operatorAddresses?: string[] } = {},
): Promise<NginxServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'minitwit-nginx-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const [httpPort, httpsPort] = [await freePort(), await freePort()];

  const main = (await readFile(path.join(nginxDir, 'nginx.conf'), 'utf8'))
    .replace(/listen 80\b/g, `listen 127.0.0.1:${httpPort}`)
    .replace(/listen 443\b/g, `listen 127.0.0.1:${httpsPort}`)
    .replace('/run/secrets/tls_private_key', path.join(dir, 'certs', 'privkey.pem'))
    .replace('http://tasks.grafana:3000', `http://${upstreams.grafana ?? 'tasks.grafana:3000'}`);
  await writeFile(path.join(dir, 'nginx.conf'), main);
  let servers = await readFile(path.join(nginxDir, 'upstreams.conf'), 'utf8');
  servers = withUpstreamServers(servers, 'web', upstreams.web);
  servers = withUpstreamServers(servers, 'api', upstreams.api);
  await writeFile(path.join(dir, 'upstreams.conf'), servers);
  const addressList = (addresses: string[]) =>
    run('bash', [path.join(nginxDir, 'address-list.sh'), ...addresses]);
  await writeFile(
    path.join(dir, 'simulator-addresses.conf'),
    await addressList(simulatorAddresses),
  );
  await writeFile(path.join(dir, 'operator-addresses.conf'), await addressList(operatorAddresses));

  await mkdir(path.join(dir, 'certs'));
  const { certificate: certificateFile } = await selfSignedCertificate(path.join(dir, 'certs'));

  const args = ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', 'stderr'];
  const pid = `pid ${path.join(dir, 'nginx.pid')};`;
  // nginx opens /dev/stdout itself, which a pipe from Node (a socket) refuses: a file it is.
  const accessLogFile = path.join(dir, 'access.log');
  const accessLogFd = openSync(accessLogFile, 'a');
  const startNginxProcess = (...extra: string[]) =>
    spawn('nginx', [...args, ...extra], { stdio: ['ignore', accessLogFd, 'pipe'] });
  const collectErrors = (child: ReturnType<typeof startNginxProcess>) => {
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    return () => errors;
  };

  const check = startNginxProcess('-t', '-g', pid);
  const checkOutput = collectErrors(check);
  const checked = await new Promise((resolve) => check.once('exit', resolve));
  if (checked !== 0) throw new Error(`nginx -t failed:\n${checkOutput()}`);
  const nginx = startNginxProcess('-g', `${pid} daemon off;`);
  closeSync(accessLogFd);
  const errors = collectErrors(nginx);
  const exited = new Promise((resolve) => nginx.once('exit', resolve));
  t.teardown(async () => {
    nginx.kill('SIGQUIT');
    await exited;
  });
  try {
    await waitUntilReady(`http://127.0.0.1:${httpPort}/nginx/health`, nginx);
  } catch (error) {
    throw new Error(`nginx did not start:\n${errors()}`, { cause: error });
  }
  return {
    httpPort,
    httpsPort,
    certificate: await readFile(certificateFile, 'utf8'),
    accessLog: () => readFileSync(accessLogFile, 'utf8'),
  };
}
