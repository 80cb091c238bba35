// What the droplets' provisioning must keep true of their hardening (these
// scripts run on real droplets only; here their text is checked).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';
import { run } from '../swarm/command.js';

const provision = path.resolve(import.meta.dirname, '..', '..', '..', '..', 'infra', 'provision');
const common = await readFile(path.join(provision, 'common.sh'), 'utf8');
const manager = await readFile(path.join(provision, 'manager.sh'), 'utf8');

/** The lines of the heredoc that `cat > <file> <<'<marker>'` writes. */
function written(script: string, file: string): string[] {
  const found = new RegExp(`cat > ${file} <<'(\\w+)'\\n([\\s\\S]*?)\\n\\1\\n`).exec(script);
  return found?.[2]?.split('\n') ?? [];
}

t.test('SSH takes keys only, root included', async (t) => {
  const sshd = written(common, '/etc/ssh/sshd_config.d/10-minitwit.conf');
  for (const setting of [
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitEmptyPasswords no',
    'PermitRootLogin prohibit-password',
  ]) {
    t.ok(sshd.includes(setting), setting);
  }
  t.match(common, /sshd -t\nsystemctl reload ssh/, 'checked, then applied');
});

t.test('no container gains privileges, and the swarm is locked at rest', async (t) => {
  t.match(common, `printf '{ "no-new-privileges": true }\\n' > /etc/docker/daemon.json`);
  t.ok(
    common.indexOf('/etc/docker/daemon.json') <
      common.indexOf('install -y -qq --no-install-recommends docker.io'),
    'written before Docker first starts',
  );
  t.match(manager, /docker swarm init --autolock /, 'swarm autolock');
});

t.test("Docker forwards from the internet only to the role's published ports", async (t) => {
  // The chain as the manager's provisioning makes it, in a network namespace of its own.
  const script = path.join(provision, 'docker-user-chain.sh');
  const chain = await run('unshare', [
    '--net',
    'bash',
    '-c',
    `bash ${script} eth0 80 443 && iptables -S DOCKER-USER`,
  ]);
  t.same(chain.trim().split('\n'), [
    '-N DOCKER-USER',
    '-A DOCKER-USER -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN',
    '-A DOCKER-USER -i eth0 -p tcp -m conntrack --ctorigdstport 80 -j RETURN',
    '-A DOCKER-USER -i eth0 -p tcp -m conntrack --ctorigdstport 443 -j RETURN',
    '-A DOCKER-USER -i eth0 -j DROP',
    '-A DOCKER-USER -j RETURN',
  ]);
  t.match(manager, /^bash "\$here\/common.sh" docker 80 443$/m, 'the manager publishes 80 and 443');
  t.match(common, 'ExecStart=/bin/bash $here/docker-user-chain.sh $public_interface $*');
  t.match(common, 'systemctl enable --now minitwit-docker-user.service', 'at every boot');
});

t.test('each role runs from the uploaded folder, beside the files it uses', async (t) => {
  const vagrantfile = await readFile(path.join(provision, '..', '..', 'Vagrantfile'), 'utf8');
  // `path:` would upload the script alone: `$here/common.sh` would not exist.
  t.notMatch(vagrantfile, /provision "shell", path:/, 'no script is uploaded on its own');
  t.match(vagrantfile, 'inline: "bash #{REMOTE_INFRA}/provision/#{role}.sh"');
  const database = await readFile(path.join(provision, 'database.sh'), 'utf8');
  t.match(database, 'bash "$here/../database/configure.sh"', 'the database host’s configuration');
  const configure = await readFile(path.join(provision, '..', 'database', 'configure.sh'), 'utf8');
  t.match(configure, '- host minitwit minitwit,minitwit_runtime $private_network scram-sha-256');
  const bootstrap = await readFile(
    path.join(provision, '..', 'database', 'post-bootstrap.sh'),
    'utf8',
  );
  t.match(bootstrap, '--file="$here/../provision/database-roles.sql"', 'both roles, at bootstrap');
});

t.test('a database droplet has a watchdog, and only the primary backs up', async (t) => {
  const database = await readFile(path.join(provision, 'database.sh'), 'utf8');
  t.match(database, 'modprobe softdog');
  t.match(database, 'WATCHDOG_MODE=required', 'Patroni refuses to lead without it');
  for (const unit of ['database/minitwit-base-backup@.service', 'backup/minitwit-backup.service']) {
    const text = await readFile(path.join(provision, '..', unit), 'utf8');
    t.match(text, 'ExecCondition=/opt/minitwit/infra/database/is-primary.sh', unit);
  }
});
