#!/usr/bin/env bash
# Refresh the NHS.UK frontend assets checked in under sociable/static/nhsuk/ from npm.
# Usage: scripts/refresh-nhsuk-frontend.sh [VERSION]   (default: the version in VERSION)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dest="$here/sociable/static/nhsuk"
version=${1:-$(cat "$dest/VERSION" 2>/dev/null || echo latest)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm install --silent --no-audit --no-fund "nhsuk-frontend@$version" >/dev/null)
dist="$work/node_modules/nhsuk-frontend/dist/nhsuk"
actual=$(node -p "require('$work/node_modules/nhsuk-frontend/package.json').version")
rm -rf "$dest" && mkdir -p "$dest"
cp "$dist"/nhsuk-frontend.min.{css,js}{,.map} "$dest/"
# The Frutiger web font is served from the NHS's own site: the desk loads nothing from other
# sites (docs/data-protection.md), so its @font-face rules go and pages use the Arial fallback.
node -e 'const fs = require("fs"); const f = process.argv[1];
  fs.writeFileSync(f, fs.readFileSync(f, "utf8").replace(/@font-face\{[^}]*url\((https?:)?\/\/[^}]*\}/g, ""));' \
  "$dest/nhsuk-frontend.min.css"
# Its icons are referenced from /assets/images/, where the desk serves nothing: point them at the
# copies beside the stylesheet.
sed -i 's#url(/assets/images/#url(images/#g' "$dest/nhsuk-frontend.min.css"
cp -r "$dist/assets/images" "$dest/images"
cp "$work/node_modules/nhsuk-frontend/LICENSE"* "$dest/" 2>/dev/null || true
echo "$actual" > "$dest/VERSION"
echo "nhsuk-frontend $actual copied to $dest"
