/**
 * `pnpm start`'s build: only what changed since the last one, so a restart
 * of an unchanged checkout takes seconds (`pnpm build`, which CI runs,
 * cleans and compiles everything). The Prisma client is generated again
 * only when the schema is newer than it; compiled files whose source is gone
 * are removed (autoload would load a deleted route's), then `tsc -b`
 * compiles what changed. Run with tsx, before anything is compiled.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..', '..', '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const run = (command: string, args: string[]) => {
  execFileSync(command, args, { cwd: root, stdio: 'inherit' });
};

const schema = path.join(root, 'prisma', 'schema.prisma');
const client = path.join(root, 'packages/runtime/db/src/generated/prisma/client.ts');
if (!existsSync(client) || statSync(client).mtimeMs < statSync(schema).mtimeMs) {
  run(bin('pnpm'), ['--filter', '@minitwit/db', 'generate']);
}

/** The files under `folder`, as paths relative to it. */
const filesUnder = (folder: string): string[] =>
  existsSync(folder)
    ? readdirSync(folder, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)))
    : [];

const projects = ['apps', 'packages/runtime', 'packages/tooling'].flatMap((group) =>
  readdirSync(path.join(root, group)).map((name) => path.join(root, group, name)),
);
for (const project of projects) {
  const dist = path.join(project, 'dist');
  for (const file of filesUnder(dist)) {
    const source = file.replace(/(\.d)?\.js(\.map)?$|\.d\.ts(\.map)?$/, '.ts');
    if (source === file) continue;
    if (!existsSync(path.join(project, 'src', source))) rmSync(path.join(dist, file));
  }
}

run(bin('tsc'), ['-b']);
