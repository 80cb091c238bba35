import path from 'node:path';
import { freePort } from '@minitwit/local-postgres';
import type { CommandOptions } from './command.js';
import {
  type DatabaseCluster,
  provisionedMaxConnections,
  startDatabaseHosts,
} from './database-hosts.js';
import { type DockerEngine, networkBridgeName, testSubnets } from './engine.js';
import { root, standInNames } from './images.js';
import { untilSucceeds } from './until-succeeds.js';

/**
 * The machines of the test's swarm, as containers of the private engine on
 * one bridge network with fixed addresses (the private network of the
 * droplets): the registry, the three database hosts (outside the swarm, as
 * in production: database-hosts.ts), one manager and the workers.
 */
const network = { name: 'minitwit-swarm', subnet: testSubnets.swarm };
const addresses = {
  registry: '172.31.214.2',
  manager: '172.31.214.10',
  worker: (index: number) => `172.31.214.${11 + index}`,
};
export const registry = `${addresses.registry}:5000`;
export const privateNetwork = network.subnet;

export interface SwarmNode {
  name: string;
  /** The node's container on the private engine. */
  container: string;
  /** DOCKER_HOST of the node's own engine (plain TCP on the private network). */
  host: string;
  docker(args: string[], options?: CommandOptions): Promise<string>;
}

export interface Cluster {
  manager: SwarmNode;
  workers: SwarmNode[];
  database: DatabaseCluster;
  /** The database hosts' max_connections. */
  maxConnections: number;
  /** nginx's ports on the manager, published on this machine's loopback. */
  httpPort: number;
  httpsPort: number;
}

/** The options that let a Docker engine run in a container here (see the swarm note). */
const nodeContainerOptions = [
  '--cap-add=ALL',
  // The VM refuses --privileged: it lacks CAP_SYS_RESOURCE.
  '--cap-drop=SYS_RESOURCE',
  '--security-opt=seccomp=unconfined',
  '--security-opt=systempaths=unconfined',
  '--device-cgroup-rule=a *:* rwm',
  // Reaps containerd-shim's children, which otherwise pile up as zombies.
  '--init',
];

function swarmNode(engine: DockerEngine, name: string, address: string): SwarmNode {
  const host = `tcp://${address}:2375`;
  return {
    name,
    container: `minitwit-swarm-${name}`,
    host,
    docker: (args, options) => engine.docker(['--host', host, ...args], options),
  };
}

/**
 * Starts the registry and the database hosts, then the nodes, and forms the
 * swarm: `docker swarm init` on the manager, `docker swarm join` on each
 * worker. `workDir`: where the backup storage keeps its files.
 */
export async function formCluster(
  engine: DockerEngine,
  workerCount: number,
  workDir: string,
): Promise<Cluster> {
  await engine.docker([
    'network',
    'create',
    `--subnet=${network.subnet}`,
    `--opt=com.docker.network.bridge.name=${networkBridgeName(1)}`,
    network.name,
  ]);
  const onNetwork = (name: string, address: string) => [
    '--detach',
    `--name=minitwit-swarm-${name}`,
    `--hostname=${name}`,
    `--network=${network.name}`,
    `--ip=${address}`,
  ];
  const maxConnections = await provisionedMaxConnections();
  await engine.docker(['run', ...onNetwork('registry', addresses.registry), standInNames.registry]);
  const database = await startDatabaseHosts(engine, network.name, workDir);

  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  const manager = swarmNode(engine, 'manager', addresses.manager);
  const workers = Array.from({ length: workerCount }, (_, index) =>
    swarmNode(engine, `worker-${index + 1}`, addresses.worker(index)),
  );
  const startNode = (node: SwarmNode, address: string, extra: string[] = []) =>
    engine.docker([
      'run',
      ...onNetwork(node.name, address),
      ...nodeContainerOptions,
      `--env=REGISTRY=${registry}`,
      // Run at start as a node's provisioning runs it.
      `--mount=type=bind,source=${path.join(root, 'infra/provision/container-logs.sh')},target=/provision/container-logs.sh,readonly`,
      ...extra,
      standInNames.swarmNode,
    ]);
  await startNode(manager, addresses.manager, [
    `--publish=127.0.0.1:${httpPort}:80`,
    `--publish=127.0.0.1:${httpsPort}:443`,
  ]);
  await Promise.all(workers.map((worker, index) => startNode(worker, addresses.worker(index))));
  for (const node of [manager, ...workers]) {
    await untilSucceeds(`${node.name}'s engine`, () => node.docker(['version']));
  }

  await manager.docker(['swarm', 'init', `--advertise-addr=${addresses.manager}`]);
  const token = (await manager.docker(['swarm', 'join-token', '--quiet', 'worker'])).trim();
  for (const worker of workers) {
    await worker.docker(['swarm', 'join', `--token=${token}`, `${addresses.manager}:2377`]);
  }

  return { manager, workers, database, maxConnections, httpPort, httpsPort };
}

/**
 * Puts images in the registry the nodes pull from: the apps' under
 * REGISTRY/<name>, the official images' stand-ins under their Docker Hub
 * names (the nodes use the registry as their Docker Hub mirror).
 */
export async function pushImages(engine: DockerEngine, images: string[]) {
  for (const image of images) {
    const repository = image.includes('/') ? image : `library/${image}`;
    const name = image.startsWith(`${registry}/`) ? image : `${registry}/${repository}`;
    if (name !== image) await engine.docker(['tag', image, name]);
    await engine.docker(['push', '--quiet', name]);
  }
}
