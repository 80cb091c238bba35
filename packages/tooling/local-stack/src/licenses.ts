/**
 * The licences of the production dependencies (what the services load and
 * the images ship), read from the installed packages' manifests:
 *   licenses.js write   regenerates THIRD_PARTY_NOTICES.md
 *   licenses.js check   fails when a licence is not one that MIT-licensed
 *                       code may use, or when the notices are out of date
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import normalize from 'normalize-package-data';

const root = path.resolve(import.meta.dirname, '..', '..', '..', '..');
const noticesFile = path.join(root, 'THIRD_PARTY_NOTICES.md');

// Permissive licences: MIT-licensed software may use them and owes them only
// their notices. Anything else (GPL, LGPL, AGPL, SSPL, none) needs a person's decision.
const compatible = new Set([
  '0BSD',
  'Apache-2.0',
  'BlueOak-1.0.0',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'CC0-1.0',
  'ISC',
  'MIT',
  'Unlicense',
]);

interface InstalledPackage {
  name: string;
  versions: string[];
  paths: string[];
  license: string;
  homepage?: string;
}

/** A node of `pnpm list --json`: a dependency and what it depends on. */
interface ListedDependency {
  version: string;
  path: string;
  dependencies?: Record<string, ListedDependency>;
}

/**
 * The directory of every production dependency installed on this machine,
 * from `pnpm list`. pnpm's own `licenses list` is not used: when one package is
 * installed in several versions, it drops some of them, and not always the same
 * ones (pnpm/pnpm#7224), so the notices changed from one run to the next.
 */
function installedDirectories(): Set<string> {
  const output = execFileSync(
    'pnpm',
    ['list', '--recursive', '--prod', '--depth', 'Infinity', '--json'],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const projects = JSON.parse(output) as { dependencies?: Record<string, ListedDependency> }[];
  const directories = new Set<string>();
  // pnpm prints a repeated subtree once ("deduped"), so the whole set is the
  // union over every place a dependency appears.
  const visit = (dependencies: Record<string, ListedDependency> = {}): void => {
    for (const dependency of Object.values(dependencies)) {
      // Workspace packages (link:) are ours; optional packages for other
      // platforms are listed but not installed.
      if (!dependency.version.startsWith('link:') && existsSync(dependency.path)) {
        directories.add(dependency.path);
      }
      visit(dependency.dependencies);
    }
  };
  for (const project of projects) visit(project.dependencies);
  return directories;
}

/** A package's manifest as npm reads it (homepage filled in from the repository). */
function manifest(directory: string): normalize.Package {
  const data = JSON.parse(
    readFileSync(path.join(directory, 'package.json'), 'utf8'),
  ) as normalize.Input;
  normalize(data);
  return data as normalize.Package;
}

function installedPackages(): InstalledPackage[] {
  // Everything in a fixed order, so that the notices come out the same on
  // every run: the first directory of a package (the lowest version) gives
  // its homepage and its licence text.
  const byVersion = new Intl.Collator('en', { numeric: true }).compare;
  const byNameAndLicense = new Map<string, InstalledPackage>();
  for (const directory of [...installedDirectories()].sort(byVersion)) {
    const { name, version, license, homepage } = manifest(directory);
    const declared = typeof license === 'string' ? license : 'none declared';
    const key = `${name} ${declared}`;
    const pkg = byNameAndLicense.get(key) ?? {
      name,
      versions: [],
      paths: [],
      license: declared,
      homepage,
    };
    // One version can be installed twice, with different peers.
    if (!pkg.versions.includes(version)) pkg.versions.push(version);
    pkg.paths.push(directory);
    byNameAndLicense.set(key, pkg);
  }
  return [...byNameAndLicense.values()]
    .map((pkg) => ({ ...pkg, versions: pkg.versions.sort(byVersion) }))
    .sort(
      (a, b) => a.name.localeCompare(b.name) || byVersion(a.versions.join(), b.versions.join()),
    );
}

/** Whether an SPDX expression allows use under one of the compatible licences. */
function isCompatible(expression: string): boolean {
  const bare = expression.replace(/[()]/g, '').trim();
  return bare
    .split(/\s+OR\s+/)
    .some((choice) => choice.split(/\s+AND\s+/).every((license) => compatible.has(license)));
}

function licenseText({ paths }: InstalledPackage): string | undefined {
  const [dir] = paths;
  if (!dir) return undefined;
  const file = readdirSync(dir).find((name) => /^(licen[cs]e|copying)(\.|-|$)/i.test(name));
  return file && readFileSync(path.join(dir, file), 'utf8').trim();
}

function notices(packages: InstalledPackage[]): string {
  const sections = packages.map((pkg) => {
    const text =
      licenseText(pkg) ?? `(The package ships no licence file; it declares ${pkg.license}.)`;
    return [
      `## ${pkg.name} ${pkg.versions.join(', ')}`,
      '',
      `Licence: ${pkg.license}${pkg.homepage ? ` · ${pkg.homepage}` : ''}`,
      '',
      '```text',
      text.replaceAll('```', "'''"),
      '```',
    ].join('\n');
  });
  return [
    '# Third-party notices',
    '',
    'MiniTwit (MIT licence, see LICENSE) uses the packages below in production.',
    'Generated from the installed packages by `pnpm licenses:notices`; do not edit.',
    '',
    ...sections.map((section) => `${section}\n`),
  ].join('\n');
}

const packages = installedPackages();
const command = process.argv[2];
if (command === 'write') {
  writeFileSync(noticesFile, notices(packages));
  console.log(`THIRD_PARTY_NOTICES.md: ${packages.length} packages`);
} else if (command === 'check') {
  const conflicting = packages.filter(({ license }) => !isCompatible(license));
  for (const { name, versions, license } of conflicting) {
    console.error(
      `licences: ${name}@${versions.join(', ')} is ${license}, not compatible with MIT`,
    );
  }
  const current = readFileSync(noticesFile, 'utf8') === notices(packages);
  if (!current)
    console.error('licences: THIRD_PARTY_NOTICES.md is out of date: pnpm licenses:notices');
  if (conflicting.length > 0 || !current) process.exit(1);
  console.log(`licences: ${packages.length} production packages, all compatible with MIT`);
} else {
  console.error('usage: licenses.js write|check');
  process.exit(2);
}
