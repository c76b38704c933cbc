#!/usr/bin/env bash
# Refresh htmx, checked in under sociable/static/htmx/, from npm (the desk loads nothing from
# other sites). Usage: scripts/refresh-htmx.sh [VERSION]   (default: the version in VERSION)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dest="$here/sociable/static/htmx"
version=${1:-$(cat "$dest/VERSION" 2>/dev/null || echo 2)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm install --silent --no-audit --no-fund "htmx.org@$version" >/dev/null)
package="$work/node_modules/htmx.org"
actual=$(node -p "require('$package/package.json').version")
rm -rf "$dest" && mkdir -p "$dest"
cp "$package/dist/htmx.min.js" "$package/LICENSE" "$dest/"
echo "$actual" > "$dest/VERSION"
echo "htmx $actual copied to $dest"
