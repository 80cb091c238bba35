// What the droplets' provisioning must keep true of their hardening (these
// scripts run on real droplets only; here their text is checked).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';

const provision = path.resolve(import.meta.dirname, '..', '..', '..', 'infra', 'provision');
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
