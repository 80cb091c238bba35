// What .travis.yml must keep true of the delivery: images are pushed only from
// a commit whose tests passed, and the deployment trusts one pinned host key
// and logs in as the unprivileged user provisioning creates.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';
import { readTravis, type TravisJob } from './travis-file.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..', '..');
const read = (file: string) => readFile(path.join(root, file), 'utf8');

const { text: travisFile, travis } = await readTravis();
const stages = travis.stages.map((stage) => (typeof stage === 'string' ? stage : stage.name));
const commands = (job: TravisJob) =>
  [...(job.before_script ?? []), ...(job.script ?? [])].join('\n');
const jobOf = (stage: string) => travis.jobs.include.find((job) => job.stage === stage);

t.test('images are pushed only after the tests passed', async (t) => {
  const testStage = stages.indexOf('test');
  t.ok(testStage >= 0, 'a test stage');
  t.match(commands(jobOf('test') ?? {}), 'bash .ci/run', 'that runs .ci/run');
  const pushing = travis.jobs.include.filter((job) => commands(job).includes('docker push'));
  t.ok(pushing.length > 0, 'a stage pushes the images');
  for (const job of pushing) {
    t.ok(stages.indexOf(job.stage ?? '') > testStage, `${String(job.stage)} comes after test`);
  }
});

t.test('the deployment trusts the pinned host key and logs in as deploy', async (t) => {
  t.notMatch(travisFile, 'ssh-keyscan', 'never a host key taken from the network');
  const deploy = commands(jobOf('deploy') ?? {});
  t.match(deploy, 'echo "$MANAGER_HOST $MANAGER_HOST_KEY" > ~/.ssh/known_hosts');
  t.match(deploy, 'StrictHostKeyChecking yes');
  t.match(deploy, 'DOCKER_HOST="ssh://deploy@$MANAGER_HOST"');
  t.notMatch(deploy, 'root@', 'not as root');
});

t.test('the swarm gets a pull-only credential, never the one that pushes', async (t) => {
  const deploy = commands(jobOf('deploy') ?? {});
  t.notMatch(deploy, 'DOCKER_PASSWORD', 'the deploy stage does not use the push credential');
  t.match(
    deploy,
    /if \[ -n "\$\{DOCKER_PULL_TOKEN:-\}" \]; then\s+echo "\$DOCKER_PULL_TOKEN" \| docker login --username "\$DOCKER_PULL_USERNAME" --password-stdin;\s+fi/,
    'it logs in with the read-only token, and not at all without one (public images)',
  );
  t.match(commands(jobOf('docker_build') ?? {}), 'echo "$DOCKER_PASSWORD" | docker login');
  t.match(
    await read('infra/swarm/deploy.sh'),
    'docker stack deploy --with-registry-auth',
    'deploy.sh hands the swarm whatever login the deploy stage made',
  );
});

t.test('provisioning creates deploy in the docker group with the deployment key', async (t) => {
  const manager = await read('infra/provision/manager.sh');
  t.match(manager, /useradd [^\n]*--groups docker deploy/);
  t.match(manager, 'printf \'%s\\n\' "$deploy_key" > ~deploy/.ssh/authorized_keys');
  t.notMatch(manager, /usermod[^\n]*sudo|deploy[^\n]*sudoers/, 'and no sudo');
  t.match(
    await read('Vagrantfile'),
    '"DEPLOY_PUBLIC_KEY" => ENV.fetch("MINITWIT_DEPLOY_PUBLIC_KEY"',
  );
});
