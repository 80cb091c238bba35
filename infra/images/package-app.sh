#!/usr/bin/env bash
# Lays out one built app (after `pnpm build`) as its container image runs it:
# the app's compiled code, the workspace packages it uses, the Prisma schema
# and migrations, and production dependencies only, installed offline from
# pnpm's store with the repository's lockfile. The layout is the
# repository's, so that paths between the packages hold.
#   usage: infra/images/package-app.sh api|web <output folder>
set -euo pipefail
app=${1:?usage: package-app.sh api|web <output folder>}
out=${2:?usage: package-app.sh api|web <output folder>}
case "$app" in api | web) ;; *) echo "unknown app: $app" >&2 && exit 2 ;; esac
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
if [ ! -f "apps/$app/dist/server.js" ]; then
  echo "apps/$app is not built: run pnpm build first" >&2
  exit 1
fi

mkdir -p "$out"
cp package.json pnpm-lock.yaml pnpm-workspace.yaml "$out/"
cp -r prisma "$out/prisma"

# The app, then every workspace package it uses (directly or through another
# one), found by name under packages/, with what each needs at run time.
packages=()
while read -r package; do packages+=("$package"); done < <(
  node -e '
    const { existsSync, readFileSync, readdirSync } = require("fs");
    const { join } = require("path");
    const manifest = (dir) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const dirOf = new Map();
    for (const group of readdirSync("packages", { withFileTypes: true }))
      if (group.isDirectory())
        for (const name of readdirSync(join("packages", group.name))) {
          const dir = join("packages", group.name, name);
          if (existsSync(join(dir, "package.json"))) dirOf.set(manifest(dir).name, dir);
        }
    const included = new Set([process.argv[1]]);
    for (const dir of included)
      for (const [name, version] of Object.entries(manifest(dir).dependencies ?? {}))
        if (version.startsWith("workspace:")) included.add(dirOf.get(name));
    for (const dir of included) console.log(dir);
  ' "apps/$app"
)
for package in "${packages[@]}"; do
  mkdir -p "$out/$package"
  cp "$package/package.json" "$out/$package/"
  cp -r "$package/dist" "$out/$package/dist"
  for extra in views public prisma.config.ts; do
    if [ -e "$package/$extra" ]; then cp -r "$package/$extra" "$out/$package/"; fi
  done
done

cd "$out"
# No install scripts: no production dependency needs one (argon2 ships its
# binary), and the root's `prepare` (git hooks) is for developers.
pnpm install --prod --frozen-lockfile --offline --ignore-scripts --filter "@minitwit/$app..."
