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
