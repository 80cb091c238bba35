// The repository stands alone: someone who clones it has nothing beside it,
// so no file may send them outside it, and every link between its documents
// must lead to a file that is there.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';
import { run } from '../swarm/command.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..', '..');
const tracked = (await run('git', ['ls-files'], { cwd: root })).split('\n').filter(Boolean);
const textFiles = tracked.filter((file) => !/\.(png|ico|woff2?|jpg|lock)$/.test(file));

// The design's folder beside the repository, which a clone does not have.
const designFolder = ['..', 'shared', ''].join('/');

t.test('no file points outside the repository', async (t) => {
  const outside: string[] = [];
  for (const file of textFiles) {
    const text = await readFile(path.join(root, file), 'utf8');
    if (text.includes(designFolder)) outside.push(file);
  }
  t.same(outside, [], `no file refers to ${designFolder}`);
});

t.test('every relative link of the documents leads to a file of the repository', async (t) => {
  const documents = tracked.filter((file) => file.endsWith('.md'));
  t.ok(documents.includes('apps/api/README.md'), 'the API documents its contract');
  t.ok(documents.includes('apps/web/README.md'), 'the web app documents its contract');
  for (const document of documents) {
    const text = await readFile(path.join(root, document), 'utf8');
    for (const [, target = ''] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      const resolved = path.resolve(path.dirname(path.join(root, document)), target);
      t.ok(
        resolved.startsWith(root + path.sep) && existsSync(resolved),
        `${document}: ${target} is in the repository`,
      );
    }
  }
});

t.test('SECURITY.md names every module that sends SQL outside db.sql', async (t) => {
  const security = await readFile(path.join(root, 'SECURITY.md'), 'utf8');
  const sqlRow = security.split('\n').find((line) => line.startsWith('| SQL injection')) ?? '';
  // The services and the operators' command line: what meets production data.
  const sources = tracked.filter(
    (file) =>
      /^(apps\/[^/]+|packages\/runtime\/[^/]+|packages\/tooling\/cli)\/src\/.*\.ts$/.test(file) &&
      !file.includes('/generated/'),
  );
  const sendingSql: string[] = [];
  for (const file of sources) {
    const text = await readFile(path.join(root, file), 'utf8');
    if (/\.query\s*[<(]/.test(text)) sendingSql.push(file);
  }
  t.ok(sendingSql.includes('packages/runtime/db/src/client.ts'), 'db.sql itself is found');
  for (const file of sendingSql.filter((file) => !file.endsWith('runtime/db/src/client.ts'))) {
    t.ok(sqlRow.includes(`\`${file}\``), `${file} sends SQL of its own: SECURITY.md says so`);
  }
  t.equal(sendingSql.length, 4, 'db.sql and the three named modules');
});

t.test('every file and folder ARCHITECTURE.md names is there', async (t) => {
  const text = await readFile(path.join(root, 'ARCHITECTURE.md'), 'utf8');
  const named = [...text.matchAll(/`([\w.-]*\/[\w./-]*)`/g)].map(([, name = '']) => name);
  t.ok(named.length >= 30, `it names the files it talks about (${named.length})`);
  for (const name of new Set(named)) {
    // `src/…` and `test/…` are each service's own.
    const places = /^(src|test)\//.test(name) ? ['apps/api', 'apps/web'] : ['.'];
    for (const place of places) {
      t.ok(existsSync(path.join(root, place, name)), `${path.join(place, name)} exists`);
    }
  }
});
