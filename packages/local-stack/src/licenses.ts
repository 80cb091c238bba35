/**
 * The licences of the production dependencies (what the services load and
 * the images ship), as pnpm reads them from the installed packages:
 *   licenses.js write   regenerates THIRD_PARTY_NOTICES.md
 *   licenses.js check   fails when a licence is not one that MIT-licensed
 *                       code may use, or when the notices are out of date
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
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

function installedPackages(): InstalledPackage[] {
  const output = execFileSync('pnpm', ['licenses', 'list', '--prod', '--json'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const byLicense = JSON.parse(output) as Record<string, InstalledPackage[]>;
  // pnpm lists versions and paths in no fixed order: sort them, so that the
  // notices (the licence text is read from the first path) come out the same.
  const byVersion = new Intl.Collator('en', { numeric: true }).compare;
  return Object.values(byLicense)
    .flat()
    .map((pkg) => ({
      ...pkg,
      versions: [...pkg.versions].sort(byVersion),
      paths: [...pkg.paths].sort(byVersion),
    }))
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
