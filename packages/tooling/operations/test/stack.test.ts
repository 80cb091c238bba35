// What `docker stack config` (run by infra/check.sh) does not check in
// docker-stack.yml: that every secret, config and network a service uses is
// declared, that the files behind the configs exist, that the services read
// their secrets from files the configuration loader knows, and that the
// placement and update policy are the ones the design asks for.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { parse } from 'yaml';
import { run } from '../swarm/command.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..', '..');

interface Reference {
  source: string;
  target?: string;
}

interface Service {
  image: string;
  command?: string[];
  user?: string;
  cap_drop?: string[];
  cap_add?: string[];
  read_only?: boolean;
  volumes?: (string | Mount)[];
  logging?: { driver?: string; options?: Record<string, string> };
  ports?: (string | { published: number })[];
  environment?: Record<string, string>;
  secrets?: (string | Reference)[];
  configs?: (string | Reference)[];
  networks?: string[];
  deploy: {
    mode?: string;
    endpoint_mode?: string;
    replicas?: number | string;
    placement?: { constraints?: string[] };
    update_config?: { order?: string; failure_action?: string; parallelism?: number };
    rollback_config?: { order?: string };
    restart_policy?: { condition?: string };
    resources?: { limits?: { cpus?: string; memory?: string } };
  };
}

interface Mount {
  type: string;
  /** None for a tmpfs. */
  source?: string;
  target: string;
  read_only?: boolean;
  tmpfs?: { size?: number };
}

interface Stack {
  services: Record<string, Service>;
  networks: Record<string, { driver?: string }>;
  volumes: Record<string, { driver?: string; driver_opts?: Record<string, string> } | null>;
  configs: Record<string, { name?: string; file?: string; external?: boolean }>;
  secrets: Record<string, { file?: string; external?: boolean }>;
}

const stack = parse(await readFile(path.join(root, 'docker-stack.yml'), 'utf8'), {
  merge: true,
}) as Stack;
const documentedVariables = await readFile(path.join(root, '.env.example'), 'utf8');
const sourceOf = (reference: string | Reference) =>
  typeof reference === 'string' ? reference : reference.source;
/** A service's volumes in the short syntax (source:target[:mode]) or the long one, alike. */
const mountsOf = (service: Service | undefined): Mount[] =>
  (service?.volumes ?? []).map((volume) => {
    if (typeof volume !== 'string') return volume;
    const [source = '', target = '', mode] = volume.split(':');
    return {
      type: source.startsWith('/') ? 'bind' : 'volume',
      source,
      target,
      read_only: mode === 'ro',
    };
  });

t.test('every secret, config, network and volume a service uses is declared', async (t) => {
  for (const [name, service] of Object.entries(stack.services)) {
    for (const secret of service.secrets ?? []) {
      t.ok(stack.secrets[sourceOf(secret)], `${name}: secret ${sourceOf(secret)} is declared`);
    }
    for (const config of service.configs ?? []) {
      t.ok(stack.configs[sourceOf(config)], `${name}: config ${sourceOf(config)} is declared`);
    }
    for (const network of service.networks ?? []) {
      t.equal(stack.networks[network]?.driver, 'overlay', `${name}: network ${network} is overlay`);
    }
    for (const mount of mountsOf(service).filter(({ type }) => type === 'volume')) {
      t.ok(
        mount.source !== undefined && mount.source in stack.volumes,
        `${name}: volume ${String(mount.source)} is declared`,
      );
    }
  }
  const deploy = await readFile(path.join(root, 'infra/swarm/deploy.sh'), 'utf8');
  for (const [name, config] of Object.entries(stack.configs)) {
    const written = /^\$\{(\w+):\?/.exec(config.file ?? '')?.[1];
    if (written) {
      t.match(
        deploy,
        new RegExp(`^export ${written}=`, 'm'),
        `config ${name}: deploy.sh writes it`,
      );
    } else if (config.file) {
      t.ok(existsSync(path.join(root, config.file)), `config ${name}: file exists`);
    } else t.equal(config.external, true, `config ${name}: created outside the repository`);
  }
});

t.test('no secret is in the repository', async (t) => {
  for (const [name, secret] of Object.entries(stack.secrets)) {
    t.match(secret, { external: true }, `secret ${name} is created on the swarm, not from a file`);
    t.notOk('file' in secret, `secret ${name} has no file`);
  }
  for (const [name, service] of Object.entries(stack.services)) {
    for (const [variable, value] of Object.entries(service.environment ?? {})) {
      t.notMatch(
        variable,
        /PASSWORD$|SECRET$|DATABASE_URL$/,
        `${name}: ${variable} is not a secret given in clear`,
      );
      if (variable.endsWith('_FILE')) {
        const secret = value.replace('/run/secrets/', '');
        t.ok(
          (service.secrets ?? []).map(sourceOf).includes(secret),
          `${name}: ${variable} reads the secret ${secret}, which the service has`,
        );
      }
    }
  }
});

t.test('web and api run as the services read their configuration', async (t) => {
  for (const name of ['web', 'api']) {
    const service = stack.services[name];
    if (!service) throw new Error(`docker-stack.yml has no service ${name}`);
    t.match(service.image, /:\$\{TAG:\?/, `${name}: the image is the commit being deployed`);
    for (const variable of Object.keys(service.environment ?? {})) {
      const setting = variable.replace(/_FILE$/, '');
      t.match(
        documentedVariables,
        new RegExp(`^${setting}=`, 'm'),
        `${name}: ${setting} is a documented setting (.env.example)`,
      );
    }
  }
});

t.test('placement and updates follow the design', async (t) => {
  for (const name of ['web', 'api']) {
    const deploy = stack.services[name]?.deploy;
    t.same(deploy?.placement?.constraints, ['node.role == worker'], `${name}: on workers`);
    t.match(
      deploy?.update_config,
      { order: 'stop-first', failure_action: 'rollback', parallelism: 1 },
      `${name}: one task at a time, its successor placed where it was, rolled back on failure`,
    );
    t.equal(deploy?.rollback_config?.order, 'stop-first', `${name}: rollbacks too`);
    t.equal(deploy?.restart_policy?.condition, 'any', `${name}: restarted when it stops`);
    t.ok(deploy?.resources?.limits?.memory, `${name}: memory is limited`);
    t.same(stack.services[name]?.cap_drop, ['ALL'], `${name}: runs without any capability`);
  }
  for (const name of ['nginx', 'prometheus', 'prometheus-agent', 'grafana']) {
    t.same(
      stack.services[name]?.deploy.placement?.constraints,
      ['node.role == manager'],
      `${name}: on the manager`,
    );
  }
  t.equal(stack.services.filebeat?.deploy.mode, 'global', 'filebeat: on every node');
});

t.test('every service is confined: read-only roots, only the capabilities it needs', async (t) => {
  for (const [name, service] of Object.entries(stack.services)) {
    t.same(service.cap_drop, ['ALL'], `${name}: drops every capability`);
    const addedBack = name === 'nginx' ? ['CHOWN', 'NET_BIND_SERVICE', 'SETGID', 'SETUID'] : [];
    t.same(
      service.cap_add ?? [],
      addedBack,
      `${name}: adds back ${addedBack.join(', ') || 'none'}`,
    );
  }
  // Where each may write, in memory: the rest of its root filesystem is read-only.
  const writable = { web: ['/tmp'], api: ['/tmp'], nginx: ['/run', '/var/cache/nginx'] };
  for (const [name, folders] of Object.entries(writable)) {
    const service = stack.services[name];
    t.equal(service?.read_only, true, `${name}: a read-only root filesystem`);
    const tmpfs = mountsOf(service).filter((mount) => mount.type === 'tmpfs');
    t.same(
      tmpfs.map((mount) => mount.target).sort(),
      folders,
      `${name}: tmpfs on ${folders.join(', ')}`,
    );
    for (const mount of tmpfs) t.ok(mount.tmpfs?.size, `${name}: ${mount.target} has a size limit`);
  }
});

t.test(
  'no replica shares a network with Grafana or Prometheus, and the scraper listens on loopback alone',
  async (t) => {
    const members = (network: string) =>
      Object.entries(stack.services)
        .filter(([, service]) => service.networks?.includes(network))
        .map(([name]) => name)
        .sort();
    const networksOf = (name: string) => (stack.services[name]?.networks ?? []).sort();
    t.same(networksOf('grafana'), ['dashboards', 'operators']);
    t.same(members('dashboards'), ['grafana', 'prometheus'], 'Grafana queries Prometheus alone');
    t.same(members('operators'), ['grafana', 'nginx'], 'nginx serves Grafana alone');
    t.same(
      networksOf('prometheus'),
      ['dashboards', 'metrics'],
      'Prometheus: Grafana, and the agent that writes to it',
    );
    t.same(
      members('metrics'),
      ['prometheus', 'prometheus-agent'],
      'the agent writes to Prometheus alone',
    );
    t.same(
      networksOf('prometheus-agent'),
      ['metrics', 'monitoring'],
      'the agent: the replicas it scrapes, and Prometheus',
    );
    for (const network of [...networksOf('prometheus'), ...networksOf('grafana')]) {
      t.notOk(
        members(network).some((name) => ['web', 'api', 'database-proxy'].includes(name)),
        `no replica or proxy on ${network}`,
      );
    }
    const agent = stack.services['prometheus-agent']?.command ?? [];
    t.ok(
      agent.includes('--enable-feature=agent'),
      'the scraper runs in agent mode: it answers no query',
    );
    t.ok(
      agent.includes('--web.listen-address=127.0.0.1:9090'),
      'and listens on its own loopback: nothing on monitoring can connect to it',
    );
    t.ok(
      (stack.services.prometheus?.command ?? []).includes('--web.enable-remote-write-receiver'),
      'Prometheus takes the samples the agent writes',
    );
    t.same(members('edge'), ['api', 'nginx', 'web'], 'the edge: nginx and the replicas');
  },
);

t.test(
  'each replica reaches the database primary through the proxy on its own worker',
  async (t) => {
    const proxy = stack.services['database-proxy'];
    t.equal(proxy?.deploy.mode, 'global', 'one proxy on each node…');
    t.same(proxy?.deploy.placement?.constraints, ['node.role == worker'], '…of the workers');
    t.same(proxy?.cap_drop, ['ALL'], 'without any capability');
    t.same(proxy?.ports ?? [], [], 'published nowhere');
    const socketFolder = '/run/database-proxy';
    t.same(
      mountsOf(proxy),
      [{ type: 'volume', source: 'database-proxy', target: socketFolder }],
      'the proxy writes its socket in a volume',
    );
    const volume = stack.volumes['database-proxy'];
    t.equal(volume?.driver, 'local', "the volume is each node's own…");
    t.equal(volume?.driver_opts?.type, 'tmpfs', '…in memory…');
    t.match(
      volume?.driver_opts?.o,
      /(^|,)uid=99,gid=99,mode=0755(,|$)/,
      '…writable by haproxy alone',
    );
    for (const name of ['web', 'api']) {
      const service = stack.services[name];
      t.same(
        mountsOf(service).filter((mount) => mount.source === 'database-proxy'),
        [{ type: 'volume', source: 'database-proxy', target: socketFolder, read_only: true }],
        `${name} finds the socket of its worker's proxy, read-only`,
      );
    }
    const haproxy = await readFile(path.join(root, 'infra/haproxy/haproxy.cfg'), 'utf8');
    t.match(
      haproxy,
      new RegExp(`^\\s+bind ${socketFolder}/\\.s\\.PGSQL\\.5432 mode 666$`, 'm'),
      'HAProxy listens on the socket where PostgreSQL clients look for it',
    );
    t.notMatch(haproxy, /^\s+bind :5432/m, 'and on no port of the overlay network');
    t.match(haproxy, /^\s+option httpchk OPTIONS \/primary$/m, 'Patroni says which host leads');
    t.match(
      haproxy,
      /on-marked-down shutdown-sessions/,
      'connections to a host gone down are closed',
    );
    const servers = [...haproxy.matchAll(/^\s+server (\S+) "\$\{(DATABASE_HOST_\d)\}:5432"/gm)];
    t.same(
      servers.map((server) => server[2]),
      Object.keys(proxy?.environment ?? {}),
      'one server for each database host the stack names',
    );
  },
);

t.test(
  'Filebeat reads the log files alone: no Docker socket, no capability, no secret',
  async (t) => {
    const sockets = Object.entries(stack.services).flatMap(([name, service]) =>
      mountsOf(service)
        .filter((mount) => mount.source?.includes('docker.sock'))
        .map(() => name),
    );
    t.same(sockets, [], 'no service mounts the Docker socket');
    const filebeat = stack.services.filebeat;
    t.same(filebeat?.cap_drop, ['ALL'], 'filebeat: without any capability');
    const provisioning = await readFile(
      path.join(root, 'infra/provision/container-logs.sh'),
      'utf8',
    );
    const view = /^view=(\S+)$/m.exec(provisioning)?.[1];
    t.match(
      provisioning,
      /^options=bind,ro,private$/m,
      'the view is read-only, not recursive, not shared',
    );
    t.same(
      mountsOf(filebeat).filter((mount) => mount.type === 'bind'),
      [{ type: 'bind', source: view, target: '/var/lib/docker/containers', read_only: true }],
      'filebeat: the provisioned view of the logs is its only host folder, where its configuration reads',
    );
    for (const role of ['manager', 'worker']) {
      t.match(
        await readFile(path.join(root, `infra/provision/${role}.sh`), 'utf8'),
        /^bash "\$here\/container-logs.sh"$/m,
        `the ${role}'s provisioning makes that view`,
      );
    }

    // Filebeat sorts lines by the attributes the logging options write into them.
    const filebeatConfig = await readFile(path.join(root, 'infra/logging/filebeat.yml'), 'utf8');
    const attributesRead = new Set(
      [...filebeatConfig.matchAll(/docker\.attrs\.([\w.]+)/g)].map((match) => match[1]),
    );
    t.ok(attributesRead.size > 0, `filebeat.yml reads ${[...attributesRead].join(', ')}`);
    for (const [name, service] of Object.entries(stack.services)) {
      const labels = (service.logging?.options?.labels ?? '').split(',');
      t.equal(service.logging?.driver, 'json-file', `${name}: logs to the files Filebeat reads`);
      t.same(
        [...attributesRead].filter((label) => !labels.includes(String(label))),
        [],
        `${name}: its lines carry every attribute Filebeat reads`,
      );
    }
  },
);

t.test(
  'configs are named by their content, so nginx restarts only when its files change',
  async (t) => {
    const deploy = await readFile(path.join(root, 'infra/swarm/deploy.sh'), 'utf8');
    for (const [name, config] of Object.entries(stack.configs)) {
      if (config.external) continue;
      const configName = config.name ?? '';
      const variable = /\$\{(\w+):\?/.exec(configName)?.[1] ?? 'none';
      t.not(variable, 'TAG', `config ${name} is not named by the commit (${configName})`);
      t.match(deploy, new RegExp(`^${variable}=\\$\\(digest `, 'm'), `deploy.sh sets ${variable}`);
    }
  },
);

t.test("nothing is published to the internet but nginx's 80 and 443", async (t) => {
  const published = Object.entries(stack.services).flatMap(([name, service]) =>
    (service.ports ?? []).map(
      (port) => `${name}:${typeof port === 'string' ? port : port.published}`,
    ),
  );
  t.same(published.sort(), ['nginx:443', 'nginx:80'], 'Grafana only through nginx');
  const grafanaMajor = Number(
    /^grafana\/grafana:(\d+)\./.exec(stack.services.grafana?.image ?? '')?.[1],
  );
  t.ok(grafanaMajor >= 12, `a maintained Grafana (${String(stack.services.grafana?.image)})`);

  // The logging host: Docker's published ports bypass its firewall.
  const logging = parse(
    await readFile(path.join(root, 'infra/logging/docker-compose.yml'), 'utf8'),
    {
      merge: true,
    },
  ) as { services: Record<string, { ports?: string[] }> };
  t.same(
    logging.services.elasticsearch?.ports,
    ['${LOGGING_HOST}:9200:9200'],
    'Elasticsearch on the private address',
  );
  t.same(
    logging.services.kibana?.ports,
    ['127.0.0.1:5601:5601'],
    'Kibana on loopback (an SSH tunnel)',
  );
  const others = Object.entries(logging.services).filter(
    ([name, service]) => !['elasticsearch', 'kibana'].includes(name) && service.ports,
  );
  t.same(others, [], 'nothing else');
});

t.test("a config's digest is of its contents, not of where deploy.sh wrote them", async (t) => {
  // deploy.sh's own digest function, on the address lists it writes to a new
  // temporary folder at each deployment.
  const digestOf = async (addresses: string) => {
    const folder = await mkdtemp(path.join(tmpdir(), 'minitwit-digest-'));
    t.teardown(() => rm(folder, { recursive: true, force: true }));
    await writeFile(path.join(folder, 'simulator-addresses.conf'), addresses);
    const script = `source <(sed -n '/^digest()/,/^}/p' infra/swarm/deploy.sh); digest infra/nginx "$1"`;
    const digest = await run('bash', ['-c', script, 'digest', folder], { cwd: root });
    return digest.trim();
  };
  const first = await digestOf('192.0.2.7 1;');
  t.match(first, /^[0-9a-f]{12}$/);
  t.equal(
    await digestOf('192.0.2.7 1;'),
    first,
    'the same files: the same digest (nginx keeps running)',
  );
  t.not(await digestOf('192.0.2.8 1;'), first, 'a changed list: a new digest');
});
