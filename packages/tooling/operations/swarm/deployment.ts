import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isMap, parseDocument } from 'yaml';
import { apiHost, selfSignedCertificate, webHost } from '../test/certificate.js';
import { type Cluster, registry } from './cluster.js';
import { run } from './command.js';
import { root } from './images.js';

/**
 * What the local swarm changes in docker-stack.yml, and why this machine
 * forces it. Nothing else differs from production's file.
 */
export const stackSubstitutions = [
  {
    change: 'no `encrypted` option on the overlay networks',
    reason:
      'this kernel has no IPsec (ESP, GCM): an encrypted overlay starts its tasks but carries no traffic between nodes',
  },
  {
    change: 'no grafana and filebeat services',
    reason:
      'Grafana and Filebeat are not in Debian and no image registry is reachable; Prometheus, which Grafana reads, runs, and a shell with Filebeat’s mounts, user and capabilities reads the logs',
  },
] as const;

/** How the test runs the project's scripts differently from the Travis deploy stage, and why. */
export const scriptSubstitutions = [
  {
    change: 'DOCKER_HOST=tcp://<manager>:2375 instead of ssh://root@<manager>',
    reason: "the manager is a container on the test's private bridge, without an SSH server",
  },
  {
    change: 'REGISTRY is a Debian docker-registry on the private network, without sign-in',
    reason:
      'no image registry is reachable from here; the nodes also use it as their Docker Hub mirror',
  },
  {
    change: 'ELASTICSEARCH_HOST=logging.invalid',
    reason: 'deploy.sh requires it for filebeat, which does not run here',
  },
  {
    change: "SIMULATOR_ADDRESSES=172.16.0.0/12 (not the real simulator's public addresses)",
    reason:
      "the test's simulators and readers reach nginx from the engine's private bridges (Docker's port forwarding)",
  },
  {
    change: 'OPERATOR_ADDRESSES=192.0.2.0/24 (a documentation range)',
    reason: 'Grafana, the one service it opens, does not run here',
  },
  {
    change:
      'smoke-check.sh reaches nginx through a curlrc (CURL_HOME): loopback ports, the test certificate',
    reason:
      'the domain has no DNS here and nginx is published on free loopback ports, not 80 and 443',
  },
] as const;

/** docker-stack.yml with the stack substitutions made. */
export function localStack(stack: string): string {
  const document = parseDocument(stack, { merge: true });
  const networks = document.get('networks');
  for (const network of isMap(networks) ? networks.items : []) {
    document.deleteIn(['networks', String(network.key), 'driver_opts', 'encrypted']);
  }
  for (const service of ['grafana', 'filebeat']) document.deleteIn(['services', service]);
  return document.toString({ lineWidth: 0 });
}

export interface Deployment {
  /**
   * Runs one of infra/swarm's scripts from the deployment's checkout, as
   * Travis runs it; killed after `timeoutMs` (10 minutes).
   */
  script(name: string, args: string[], timeoutMs?: number): Promise<string>;
  /** The certificate nginx serves, for the test's requests. */
  certificate: string;
  /** Removes the deployment's files. */
  remove(): Promise<void>;
}

/** A checkout of the deployment files (infra/ and docker-stack.yml, substituted) and their environment. */
export async function prepareDeployment(cluster: Cluster): Promise<Deployment> {
  const dir = await mkdtemp(path.join(tmpdir(), 'minitwit-swarm-deployment-'));
  const checkout = path.join(dir, 'checkout');
  await cp(path.join(root, 'infra'), path.join(checkout, 'infra'), { recursive: true });
  const stack = await readFile(path.join(root, 'docker-stack.yml'), 'utf8');
  await writeFile(path.join(checkout, 'docker-stack.yml'), localStack(stack));

  const certs = path.join(dir, 'certs');
  await mkdir(certs);
  const { certificate, privateKey } = await selfSignedCertificate(certs);
  const curlHome = path.join(dir, 'curl');
  await mkdir(curlHome);
  await writeFile(
    path.join(curlHome, '.curlrc'),
    [
      `connect-to = ${webHost}:443:127.0.0.1:${cluster.httpsPort}`,
      `connect-to = ${apiHost}:443:127.0.0.1:${cluster.httpsPort}`,
      `connect-to = ${apiHost}:80:127.0.0.1:${cluster.httpPort}`,
      `cacert = ${certificate}`,
      '',
    ].join('\n'),
  );
  const dockerConfig = path.join(dir, 'docker-config');
  await mkdir(dockerConfig);

  const environment: NodeJS.ProcessEnv = {
    DOCKER_HOST: cluster.manager.host,
    // The docker CLI's own settings, apart from the user's ~/.docker.
    DOCKER_CONFIG: dockerConfig,
    REGISTRY: registry,
    ELASTICSEARCH_HOST: 'logging.invalid',
    SIMULATOR_ADDRESSES: '172.16.0.0/12',
    OPERATOR_ADDRESSES: '192.0.2.0/24',
    CURL_HOME: curlHome,
    DATABASE_HOSTS: cluster.database.addresses,
    DATABASE_URL: cluster.database.databaseUrl,
    MIGRATION_DATABASE_URL: cluster.database.migrationDatabaseUrl,
    SIMULATOR_USERNAME: 'simulator',
    SIMULATOR_PASSWORD: 'swarm-test-simulator-password',
    GRAFANA_ADMIN_PASSWORD: 'not-used-here',
    FILEBEAT_PASSWORD: 'not-used-here',
    TLS_CERTIFICATE_FILE: certificate,
    TLS_PRIVATE_KEY_FILE: privateKey,
    LOGGING_CA_FILE: certificate,
  };
  return {
    script: (name, args, timeoutMs = 600_000) =>
      run('bash', [path.join(checkout, 'infra', 'swarm', name), ...args], {
        env: environment,
        echo: true,
        timeoutMs,
      }),
    certificate: await readFile(certificate, 'utf8'),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
