#!/usr/bin/env bash
# The browser tests drive Debian's Chromium through Playwright. Install it if it is missing.
set -euo pipefail
if command -v "${CHROMIUM_PATH:-chromium}" >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium for the browser tests (apt-get install chromium)…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "The browser tests need Chromium: run 'sudo apt-get install chromium'," >&2
  echo "or set CHROMIUM_PATH to a Chromium or Chrome binary." >&2
  exit 1
fi
