// The images run a maintained Node.js line, the one CI tests on, and the
// code keeps running on the oldest line `engines` allows.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';
import { readImageNames } from '../swarm/images.js';
import { readTravis } from './travis-file.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..', '..');

// Node.js's release schedule (github.com/nodejs/Release): the end of life of
// each LTS line. A line missing here is not an LTS line.
const endOfLife: Record<string, string> = {
  '20': '2026-04-30',
  '22': '2027-04-30',
  '24': '2028-04-30',
  '26': '2029-04-30',
};

const { node, nodeVersion, nodeDebianRelease } = await readImageNames();
const major = nodeVersion.split('.')[0] ?? '';

t.test("the images' Node.js is an LTS line that has not reached its end of life", async (t) => {
  const end = endOfLife[major];
  t.ok(end, `${node}: Node.js ${major} is an LTS line`);
  t.ok(new Date(`${end ?? '1970-01-01'}T23:59:59Z`) > new Date(), `supported until ${end}`);
});

t.test('engines allows the images’ line and Node.js 20, and CI tests both', async (t) => {
  const manifest = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
    engines: { node: string };
  };
  t.match(manifest.engines.node, new RegExp(`\\^${major}\\.`), `engines allows ${major}`);
  t.match(manifest.engines.node, /\^20\.19\./, 'and 20');

  const { travis } = await readTravis();
  const tested = travis.jobs.include
    .filter((job) => job.stage === 'test')
    .map((job) => job.env?.replace(/^TEST_IMAGE=/, ''));
  t.same(
    tested.sort(),
    [`node:${nodeVersion}-${nodeDebianRelease}`, `node:20.19-${nodeDebianRelease}`].sort(),
    'on the images’ Node.js and on 20',
  );
});
