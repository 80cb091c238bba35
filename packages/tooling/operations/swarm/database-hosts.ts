import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import S3rver from 's3rver';
import { selfSignedCertificate } from '../test/certificate.js';
import type { DockerEngine } from './engine.js';
import { root, standInNames } from './images.js';
import { untilSucceeds } from './until-succeeds.js';

// The three database hosts of production (infra/provision/database.sh), as
// containers of the test's engine on the swarm's private network: each runs
// etcd and Patroni (PostgreSQL 15) from Debian's packages, configured by
// infra/database/configure.sh, and archives its WAL with pgBackRest to an
// S3-compatible server on this machine (s3rver, the stand-in for
// DigitalOcean Spaces), over TLS as Spaces is.

/** What the test's database hosts differ in from production's, and why this machine forces it. */
export const databaseSubstitutions = [
  {
    change:
      'the three database hosts are containers (Debian bookworm) that start etcd and Patroni themselves, configured by infra/database/configure.sh',
    reason: 'one machine, and containers have no systemd',
  },
  {
    change: 'WATCHDOG_MODE=off',
    reason: 'a container has no watchdog device (production: the kernel’s softdog, mode required)',
  },
  {
    change:
      'the backup bucket is s3rver (npm) on this machine, over TLS with a certificate of the test’s own (BACKUP_S3_CA_FILE)',
    reason: 'DigitalOcean Spaces is not reachable; pgBackRest speaks S3 over TLS only',
  },
  {
    change:
      'haproxy:2.6 is a stand-in: Debian bookworm’s HAProxy 2.6 in the official image’s layout',
    reason: 'no image registry is reachable',
  },
] as const;

export interface DatabaseHost {
  name: string;
  address: string;
  container: string;
}

export interface PatroniMember {
  Member: string;
  Host: string;
  Role: 'Leader' | 'Sync Standby' | 'Replica';
  State: string;
  TL?: number;
  'Lag in MB'?: number | string;
}

export interface DatabaseCluster {
  hosts: DatabaseHost[];
  /** DATABASE_HOSTS for deploy.sh: the private addresses, database-1 first. */
  addresses: string;
  /** The database as the services reach it, through the stack's database proxy. */
  databaseUrl: string;
  migrationDatabaseUrl: string;
  /** The database on one host directly (not through the proxy), as the services' role. */
  runtimeUrlOn(host: DatabaseHost): string;
  /** The host whose Patroni holds the leader lease now (its REST API answers /primary). */
  primary(): Promise<DatabaseHost | undefined>;
  /** `patronictl list`, as read on `on`, or on the first host that answers. */
  members(on?: DatabaseHost): Promise<PatroniMember[]>;
  /** Runs SQL on `on` (default: the primary) as minitwit; returns psql's unaligned rows. */
  sql(statement: string, on?: DatabaseHost): Promise<string>;
  /** Runs a command in a host's container. */
  exec(host: DatabaseHost, command: string[], user?: string): Promise<string>;
  /** Cuts `host` off from the other database hosts (not from the proxies), or mends it. */
  isolate(host: DatabaseHost): Promise<void>;
  reconnect(host: DatabaseHost): Promise<void>;
  /** Waits until the three hosts run as one cluster again: a leader, a synchronous standby, streaming. */
  healthy(seconds?: number): Promise<PatroniMember[]>;
  /**
   * A new host with the database hosts' packages and the backup repository's
   * configuration, and nothing else: where a restore builds a new cluster.
   */
  newHost(name: string): Promise<DatabaseHost>;
  stop(): Promise<void>;
}

const firstAddress = '172.31.214.3';
const addresses = [firstAddress, '172.31.214.4', '172.31.214.5'];
/** The swarm network's gateway: this machine, where the S3 stand-in listens. */
const gateway = '172.31.214.1';
const backupHost = 'backups.test';
const bucket = 'minitwit-backups';

/** The secrets configure.sh asks for, made up for the test. */
const secrets = {
  DATABASE_PASSWORD: 'swarm-test-database-password',
  MIGRATION_DATABASE_PASSWORD: 'swarm-test-migration-password',
  SUPERUSER_PASSWORD: 'swarm-test-superuser-password',
  REPLICATION_PASSWORD: 'swarm-test-replication-password',
  REWIND_PASSWORD: 'swarm-test-rewind-password',
  PATRONI_API_PASSWORD: 'swarm-test-patroni-password',
};

/** The database droplets' max_connections, as infra/provision/database.sh sets it. */
export async function provisionedMaxConnections(): Promise<number> {
  const script = await readFile(path.join(root, 'infra/provision/database.sh'), 'utf8');
  const found = /^max_connections=(\d+)$/m.exec(script);
  if (!found?.[1]) throw new Error('infra/provision/database.sh sets no max_connections');
  return Number(found[1]);
}

/**
 * Starts the S3 stand-in and the three hosts, one after another as
 * provisioning brings them up (the first starts the etcd cluster, the others
 * join it), and waits for Patroni's cluster: a leader and a synchronous
 * standby. Then creates the backup stanza and takes the first full backup,
 * as the first backup run does on a droplet.
 */
export async function startDatabaseHosts(
  engine: DockerEngine,
  network: string,
  workDir: string,
): Promise<DatabaseCluster> {
  const maxConnections = await provisionedMaxConnections();
  const certificates = path.join(workDir, 'backup-storage-tls');
  await mkdir(certificates, { recursive: true });
  const { certificate, privateKey } = await selfSignedCertificate(certificates, [backupHost]);
  const storageDir = path.join(workDir, 'backup-storage');
  await mkdir(storageDir, { recursive: true });
  const storage = new S3rver({
    address: gateway,
    port: 0,
    directory: storageDir,
    key: await readFile(privateKey),
    cert: await readFile(certificate),
    silent: true,
    vhostBuckets: false,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await storage.run();

  const hosts = addresses.map((address, index) => ({
    name: `database-${index + 1}`,
    address,
    container: `minitwit-swarm-database-${index + 1}`,
  }));
  const exec = (host: DatabaseHost, command: string[], user = 'root') =>
    engine.docker(['exec', `--user=${user}`, host.container, ...command]);
  const patroniList = async (on: DatabaseHost) =>
    JSON.parse(
      await exec(
        on,
        ['patronictl', '-c', '/etc/patroni/config.yml', 'list', '-f', 'json'],
        'postgres',
      ),
    ) as PatroniMember[];
  // Asked of the first host that answers: any of them may be down or frozen.
  const members = async (on?: DatabaseHost) => {
    if (on) return patroniList(on);
    let failure: unknown;
    for (const host of hosts) {
      try {
        return await patroniList(host);
      } catch (error) {
        failure = error;
      }
    }
    throw new Error('no database host answers', { cause: failure });
  };

  // The backup repository, as pgbackrest-conf.sh reads it (every host, and a restore's new host).
  const repository = {
    BACKUP_S3_ENDPOINT: backupHost,
    BACKUP_S3_PORT: String(port),
    BACKUP_S3_REGION: 'us-east-1',
    BACKUP_S3_BUCKET: bucket,
    BACKUP_S3_CA_FILE: '/etc/ssl/backup-storage-ca.pem',
    BACKUP_S3_KEY: 'S3RVER',
    BACKUP_S3_KEY_SECRET: 'S3RVER',
    BACKUP_CIPHER_PASSWORD: 'swarm-test-backup-cipher-password',
  };
  const environmentOf = (index: number) => {
    const host = hosts[index] as DatabaseHost;
    return {
      NODE_NAME: host.name,
      NODE_ADDRESS: host.address,
      ETCD_JOIN: index === 0 ? '' : firstAddress,
      PRIVATE_NETWORK: '172.31.214.0/24',
      MAX_CONNECTIONS: String(maxConnections),
      // A container has no watchdog device (production's is the kernel's softdog).
      WATCHDOG_MODE: 'off',
      ...repository,
      ...secrets,
    };
  };
  // The project's infra folder where provisioning uploads it, and the way to the backup storage.
  const storageAccess = [
    `--add-host=${backupHost}:${gateway}`,
    `--mount=type=bind,source=${path.join(root, 'infra')},target=/opt/minitwit/infra,readonly`,
    `--mount=type=bind,source=${certificate},target=/etc/ssl/backup-storage-ca.pem,readonly`,
  ];

  for (const [index, host] of hosts.entries()) {
    const environment = environmentOf(index);
    await engine.docker([
      'run',
      '--detach',
      `--name=${host.container}`,
      `--hostname=${host.name}`,
      `--network=${network}`,
      `--ip=${host.address}`,
      '--init',
      // For the partition scenario's iptables rules inside the host.
      '--cap-add=NET_ADMIN',
      ...storageAccess,
      ...Object.entries(environment).map(([name, value]) => `--env=${name}=${value}`),
      standInNames.database,
    ]);
    // The next host joins through this one's etcd.
    await untilSucceeds(`${host.name}'s etcd`, () => exec(host, ['etcdctl', 'endpoint', 'health']));
  }

  // As the proxies ask: Patroni's REST API of each host, from this machine.
  const primary = async () => {
    for (const host of hosts) {
      const status = await fetch(`http://${host.address}:8008/primary`, {
        signal: AbortSignal.timeout(2_000),
      }).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) return host;
    }
    return undefined;
  };
  const currentPrimary = () =>
    untilSucceeds('a primary', async () => {
      const found = await primary();
      if (!found) throw new Error('no host answers /primary');
      return found;
    });
  const sql = async (statement: string, on?: DatabaseHost) => {
    const target = on ?? (await currentPrimary());
    return exec(
      target,
      [
        'psql',
        '--dbname=minitwit',
        '--no-align',
        '--tuples-only',
        '--set=ON_ERROR_STOP=1',
        `--command=${statement}`,
      ],
      'postgres',
    );
  };
  const peers = (host: DatabaseHost) => hosts.filter(({ name }) => name !== host.name);
  const healthy = (seconds = 120) =>
    untilSucceeds(
      'a leader, a synchronous standby and a replica, all running',
      async () => {
        const list = await members();
        const roles = list.map(({ Role }) => Role).sort();
        const running = list.every(({ State }) => State === 'running' || State === 'streaming');
        if (running && roles.join() === 'Leader,Replica,Sync Standby') return list;
        throw new Error(`Patroni lists ${JSON.stringify(list)}`);
      },
      seconds,
    );

  const newHost = async (name: string) => {
    const host = { name, address: '', container: `minitwit-swarm-${name}` };
    await engine.docker([
      'run',
      '--detach',
      `--name=${host.container}`,
      `--hostname=${name}`,
      `--network=${network}`,
      '--init',
      ...storageAccess,
      ...Object.entries(repository).map(([variable, value]) => `--env=${variable}=${value}`),
      '--entrypoint=sh',
      standInNames.database,
      '-c',
      [
        'install -d -o postgres -g postgres /var/spool/pgbackrest /var/log/pgbackrest',
        'install -d /etc/pgbackrest',
        'bash /opt/minitwit/infra/database/pgbackrest-conf.sh /var/lib/postgresql/15/minitwit > /etc/pgbackrest/pgbackrest.conf',
        'chmod 644 /etc/pgbackrest/pgbackrest.conf',
        'exec sleep infinity',
      ].join(' && '),
    ]);
    return host;
  };

  await healthy(180);
  const leader = await currentPrimary();
  // What the first run of the full backup's timer does on a droplet.
  await exec(leader, ['/opt/minitwit/infra/database/base-backup.sh', 'full'], 'postgres');

  return {
    hosts,
    addresses: addresses.join(' '),
    databaseUrl: `postgresql://minitwit_runtime:${secrets.DATABASE_PASSWORD}@/minitwit?host=/run/database-proxy`,
    migrationDatabaseUrl: `postgresql://minitwit:${secrets.MIGRATION_DATABASE_PASSWORD}@/minitwit?host=/run/database-proxy`,
    runtimeUrlOn: (host) =>
      `postgresql://minitwit_runtime:${secrets.DATABASE_PASSWORD}@${host.address}:5432/minitwit`,
    primary,
    members,
    sql,
    exec,
    isolate: async (host) => {
      for (const peer of peers(host)) {
        await exec(host, ['iptables', '-A', 'INPUT', '-s', peer.address, '-j', 'DROP']);
        await exec(host, ['iptables', '-A', 'OUTPUT', '-d', peer.address, '-j', 'DROP']);
      }
    },
    reconnect: async (host) => {
      await exec(host, ['iptables', '-F', 'INPUT']);
      await exec(host, ['iptables', '-F', 'OUTPUT']);
    },
    healthy,
    newHost,
    stop: () => storage.close(),
  };
}
