// Tests load the workspace packages from their TypeScript sources (the
// `minitwit-source` export condition that .taprc gives node), so an edit in
// packages/runtime/db/src is what the next test runs, without a build.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import t from 'tap';

const root = path.resolve(import.meta.dirname, '..', '..', '..', '..');
const packages = {
  '@minitwit/db': 'packages/runtime/db',
  '@minitwit/passwords': 'packages/runtime/passwords',
  '@minitwit/service': 'packages/runtime/service',
  '@minitwit/classic-fixtures': 'packages/tooling/classic-fixtures',
  '@minitwit/fuzz': 'packages/tooling/fuzz',
  '@minitwit/local-postgres': 'packages/tooling/local-postgres',
  '@minitwit/simulator': 'packages/tooling/simulator',
};

t.test('every workspace package offers its source to tests, and a test takes it', async (t) => {
  for (const [name, folder] of Object.entries(packages)) {
    const manifest = JSON.parse(
      await readFile(path.join(root, folder, 'package.json'), 'utf8'),
    ) as {
      exports: Record<string, Record<string, string>>;
    };
    t.same(
      Object.keys(manifest.exports['.'] ?? {}),
      ['types', 'minitwit-source', 'default'],
      `${name}: the source condition, before the compiled default`,
    );
  }
  // The two this package depends on, as a test resolves them.
  for (const name of ['@minitwit/db', '@minitwit/local-postgres'] as const) {
    t.equal(
      fileURLToPath(import.meta.resolve(name)),
      path.join(root, packages[name], 'src', 'index.ts'),
      `${name}: src/index.ts, not dist/`,
    );
  }
});

t.test('what a test imports is the source module itself, not a compiled copy', async (t) => {
  const viaPackage = await import('@minitwit/db');
  const source = pathToFileURL(path.join(root, 'packages/runtime/db/src/index.ts')).href;
  const viaSource = (await import(source)) as typeof viaPackage;
  t.equal(viaPackage.createDatabaseClient, viaSource.createDatabaseClient, 'one module');
});
