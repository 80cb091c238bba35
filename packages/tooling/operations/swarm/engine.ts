import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type CommandOptions, run } from './command.js';

/** The address range of the test's networks: the engine's bridge and the swarm's private network. */
export const testSubnets = { engine: '172.31.213.0/24', swarm: '172.31.214.0/24' };

/**
 * Where the test's own Docker engine keeps everything: fixed paths, so that a
 * run interrupted before its cleanup is cleaned by the next one. Nothing here
 * is shared with a Docker engine the user runs (their socket, data root,
 * containerd and bridge stay untouched).
 */
const layout = {
  dataRoot: '/var/lib/minitwit-swarm-test',
  execRoot: '/run/minitwit-swarm-test',
  pidFile: '/run/minitwit-swarm-test.pid',
  socket: '/run/minitwit-swarm-test.sock',
  log: '/var/log/minitwit-swarm-test.log',
  // The engine's default bridge, made by the test (dockerd creates only docker0 itself).
  bridge: 'mtswarm0',
  bridgeAddress: `${testSubnets.engine.replace(/0\/24$/, '1')}/24`,
  // The bridges of the networks the test creates are named with this prefix
  // (com.docker.network.bridge.name), so that a run's leftovers can be found.
  networkBridgePrefix: 'mtswarm',
};

/** The Linux bridge name for a network of the test's engine. */
export const networkBridgeName = (index: number) => `${layout.networkBridgePrefix}${index}`;

export interface DockerEngine {
  /** DOCKER_HOST for this engine, for the project's scripts. */
  host: string;
  /** The docker CLI against this engine. */
  docker(args: string[], options?: CommandOptions): Promise<string>;
  /** The engine's log so far, for a failure's explanation. */
  log(): Promise<string>;
  stop(): Promise<void>;
}

async function processAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopEngineProcess() {
  if (!existsSync(layout.pidFile)) return;
  const pid = Number((await readFile(layout.pidFile, 'utf8')).trim());
  if (!pid || !(await processAlive(pid))) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 600 && (await processAlive(pid)); i++) await sleep(100);
  if (await processAlive(pid)) process.kill(pid, 'SIGKILL');
}

/** Unmounts what the engine left mounted under its folders (overlays, network namespaces). */
async function unmountUnder(...roots: string[]) {
  const mounts = (await readFile('/proc/self/mounts', 'utf8'))
    .split('\n')
    .map((line) => line.split(' ')[1] ?? '')
    .filter((point) => roots.some((root) => point.startsWith(`${root}/`)))
    .reverse();
  for (const point of mounts) await run('umount', ['-l', point]).catch(() => undefined);
}

/** Bridges a run of the test made: its engine's, and its networks'. */
async function testBridges() {
  const links = await run('ip', ['-o', 'link', 'show', 'type', 'bridge']);
  return [...links.matchAll(/^\d+: ([^:@]+)/gm)]
    .map((found) => found[1] ?? '')
    .filter((name) => name.startsWith(layout.networkBridgePrefix));
}

/**
 * Removes the firewall rules an engine of the test left behind (one that
 * was killed leaves them all): a stale MASQUERADE rule for the swarm's
 * subnet rewrites the nodes' VXLAN packets, and the overlay goes silent.
 */
async function removeFirewallRules() {
  const ours = [
    layout.networkBridgePrefix,
    ...Object.values(testSubnets).map((subnet) => subnet.replace(/0\/24$/, '')),
  ];
  for (const table of ['filter', 'nat']) {
    const rules = (await run('iptables', ['-t', table, '-S'])).split('\n');
    for (const rule of rules) {
      if (!rule.startsWith('-A ') || !ours.some((mark) => rule.includes(mark))) continue;
      await run('iptables', ['-t', table, '-D', ...rule.slice(3).split(' ')]);
    }
  }
}

/**
 * Removes what is in a folder but not the folder: the data root may be a
 * mount point (a volume, as Travis gives it: a container's own overlay file
 * system cannot hold the engine's overlays), which cannot be removed.
 */
async function emptyFolder(folder: string) {
  const entries = await readdir(folder).catch(() => []);
  for (const entry of entries) await rm(path.join(folder, entry), { recursive: true, force: true });
}

async function removeEverything() {
  await stopEngineProcess();
  await unmountUnder(layout.dataRoot, layout.execRoot);
  for (const folder of [layout.dataRoot, layout.execRoot]) await emptyFolder(folder);
  for (const file of [layout.pidFile, layout.socket]) await rm(file, { force: true });
  for (const bridge of await testBridges()) await run('ip', ['link', 'delete', bridge]);
  await removeFirewallRules();
}

/**
 * Starts a Docker engine (Debian's dockerd) for the test alone: its own data
 * root, exec root (with its own containerd), socket and bridge. Anything a
 * previous run left is removed first; `stop` removes everything again.
 * `insecureRegistries`: the plain-HTTP registry the test pushes its images to.
 */
export async function startPrivateEngine(insecureRegistries: string[]): Promise<DockerEngine> {
  await removeEverything();
  await run('ip', ['link', 'add', layout.bridge, 'type', 'bridge']);
  await run('ip', ['addr', 'add', layout.bridgeAddress, 'dev', layout.bridge]);
  await run('ip', ['link', 'set', layout.bridge, 'up']);

  const logFd = openSync(layout.log, 'w');
  const dockerd = spawn(
    'dockerd',
    [
      `--data-root=${layout.dataRoot}`,
      `--exec-root=${layout.execRoot}`,
      `--pidfile=${layout.pidFile}`,
      `--host=unix://${layout.socket}`,
      `--bridge=${layout.bridge}`,
      '--containerd-namespace=minitwit-swarm-test',
      '--containerd-plugins-namespace=minitwit-swarm-test-plugins',
      ...insecureRegistries.map((registry) => `--insecure-registry=${registry}`),
    ],
    { stdio: ['ignore', logFd, logFd], detached: true },
  );
  closeSync(logFd);
  dockerd.unref();

  const host = `unix://${layout.socket}`;
  const docker = (args: string[], options: CommandOptions = {}) =>
    run('docker', args, { ...options, env: { ...options.env, DOCKER_HOST: host } });
  const log = () => readFile(layout.log, 'utf8');
  for (let attempt = 0; ; attempt++) {
    if (dockerd.exitCode !== null) throw new Error(`dockerd exited:\n${await log()}`);
    try {
      await docker(['version', '--format', '{{.Server.Version}}']);
      break;
    } catch (error) {
      if (attempt > 300) throw error;
      await sleep(100);
    }
  }
  const stop = async () => {
    // The engine removes its containers and networks itself (their bridges
    // and firewall rules included); removeEverything is for what remains.
    const containers = (await docker(['ps', '--all', '--quiet'])).split('\n').filter(Boolean);
    if (containers.length > 0) await docker(['rm', '--force', '--volumes', ...containers]);
    await docker(['network', 'prune', '--force']);
    await removeEverything();
  };
  return { host, docker, log, stop };
}
