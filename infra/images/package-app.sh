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

# The app, then every workspace package it depends on, with what each needs at run time.
packages=("apps/$app")
while read -r dependency; do packages+=("packages/${dependency#@minitwit/}"); done < <(
  node -e '
    const { dependencies } = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const [name, version] of Object.entries(dependencies ?? {}))
      if (version.startsWith("workspace:")) console.log(name);
  ' "apps/$app/package.json"
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
