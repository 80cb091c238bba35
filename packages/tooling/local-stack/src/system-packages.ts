/**
 * Makes sure the Debian packages the tests drive are installed: real
 * programs, not npm packages (Chromium for the browser tests, Prometheus and
 * promtool, nginx, HAProxy, the database host's PostgreSQL and backup tools: pg_dump,
 * rclone, age; and the checkers of the operations files; with the argument
 * `swarm`, what the swarm test needs: a Docker engine, debootstrap, curl).
 * As root it installs what is missing with apt-get; otherwise it says what
 * to install.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const tests = [
  { program: '/usr/bin/chromium', debianPackage: 'chromium' },
  { program: '/usr/bin/prometheus', debianPackage: 'prometheus' },
  { program: '/usr/bin/yamllint', debianPackage: 'yamllint' },
  { program: '/usr/bin/docker-compose', debianPackage: 'docker-compose' },
  { program: '/usr/bin/shellcheck', debianPackage: 'shellcheck' },
  { program: '/usr/sbin/nginx', debianPackage: 'nginx' },
  // The database proxy's configuration, checked by infra/check.sh.
  { program: '/usr/sbin/haproxy', debianPackage: 'haproxy' },
  { program: '/usr/bin/openssl', debianPackage: 'openssl' },
  // A pseudo-terminal for pnpm start's readable logs (start.test.ts).
  { program: '/usr/bin/script', debianPackage: 'bsdutils' },
  { program: '/usr/lib/postgresql/15/bin/postgres', debianPackage: 'postgresql-15' },
  { program: '/usr/bin/pg_dump', debianPackage: 'postgresql-client-15' },
  { program: '/usr/bin/rclone', debianPackage: 'rclone' },
  { program: '/usr/bin/age', debianPackage: 'age' },
  { program: '/usr/bin/ruby', debianPackage: 'ruby' },
  { program: '/usr/bin/vagrant', debianPackage: 'vagrant' },
  // The provisioning's DOCKER-USER chain, built in a network namespace of the test's own.
  { program: '/usr/sbin/iptables', debianPackage: 'iptables' },
];

const swarm = [
  { program: '/usr/sbin/dockerd', debianPackage: 'docker.io' },
  { program: '/usr/sbin/debootstrap', debianPackage: 'debootstrap' },
  { program: '/usr/bin/curl', debianPackage: 'curl' },
  { program: '/usr/bin/openssl', debianPackage: 'openssl' },
  { program: '/usr/bin/git', debianPackage: 'git' },
  { program: '/usr/sbin/ip', debianPackage: 'iproute2' },
];

const required = process.argv[2] === 'swarm' ? swarm : tests;
const missing = required.filter(({ program }) => !existsSync(program));
if (missing.length > 0) {
  const packages = missing.map(({ debianPackage }) => debianPackage);
  if (process.getuid?.() !== 0) {
    console.error(
      `The tests need these Debian packages: ${packages.join(', ')}.\n` +
        `Install them as root: apt-get install -y --no-install-recommends ${packages.join(' ')}`,
    );
    process.exit(1);
  }
  console.log(`installing Debian packages for the tests: ${packages.join(', ')}`);
  const apt = (...args: string[]) => {
    execFileSync('apt-get', args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  };
  apt('update', '-qq');
  apt('install', '-y', '-qq', '--no-install-recommends', ...packages);
}
