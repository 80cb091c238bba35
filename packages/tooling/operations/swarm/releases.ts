import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { registry } from './cluster.js';
import { run } from './command.js';
import type { DockerEngine } from './engine.js';
import { root } from './images.js';

export const apps = ['api', 'web'] as const;

/** The image of one app at one release, as the stack names it (REGISTRY/minitwit-<app>:<tag>). */
export const appImage = (app: (typeof apps)[number], tag: string) =>
  `${registry}/minitwit-${app}:${tag}`;

/** A copy of the working tree: every file git tracks or would track, as it is on disk. */
async function workingTreeCopy(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'minitwit-release-'));
  const files = (
    await run('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
      cwd: root,
    })
  )
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    await cp(path.join(root, file), path.join(dir, file), { recursive: true }).catch(
      (error: unknown) => {
        // A file deleted in the working tree but still in the index is not part of it.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      },
    );
  }
  return dir;
}

/**
 * Builds both apps' images from the project's own Dockerfiles, unchanged, on
 * the working tree plus `extraFiles` (path in the repository → content).
 */
export async function buildRelease(
  engine: DockerEngine,
  tag: string,
  extraFiles: Record<string, string> = {},
) {
  const context = await workingTreeCopy();
  try {
    for (const [file, content] of Object.entries(extraFiles)) {
      await mkdir(path.dirname(path.join(context, file)), { recursive: true });
      await writeFile(path.join(context, file), content);
    }
    for (const app of apps) {
      await engine.docker(
        ['build', '--quiet', '--file', `apps/${app}/Dockerfile`, '--tag', appImage(app, tag), '.'],
        { cwd: context, env: { DOCKER_BUILDKIT: '0' } },
      );
    }
  } finally {
    await rm(context, { recursive: true, force: true });
  }
}

/**
 * A release whose images never pass their health check: the images of
 * `from` with a health check that always fails, soon after start.
 */
export async function buildUnhealthyRelease(engine: DockerEngine, from: string, tag: string) {
  for (const app of apps) {
    const dockerfile = [
      `FROM ${appImage(app, from)}`,
      'HEALTHCHECK --interval=5s --timeout=3s --start-period=10s --retries=2 CMD ["false"]',
      '',
    ].join('\n');
    await engine.docker(['build', '--quiet', '--tag', appImage(app, tag), '-'], {
      input: dockerfile,
      env: { DOCKER_BUILDKIT: '0' },
    });
  }
}
