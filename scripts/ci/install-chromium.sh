#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (test/orders-web) when it is missing. Playwright never
# downloads a browser here: the tests drive this system Chromium through playwright-core.
# Usage: scripts/ci/install-chromium.sh   (needs root or sudo; a no-op when Chromium is already there)
set -euo pipefail

for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    echo "chromium already installed: $candidate"
    exit 0
  fi
done

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: no apt-get on this machine; install Chromium and set CHROMIUM_PATH (the browser tests skip without it)" >&2
  exit 1
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "install-chromium: run as root or install sudo (the browser tests skip without Chromium)" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# Debian names the package "chromium"; Ubuntu's "chromium" is a snap stub, so fall back to "chromium-browser" there.
if ! $sudo apt-get install -y --no-install-recommends chromium; then
  $sudo apt-get install -y --no-install-recommends chromium-browser
fi
echo "installed: $(command -v chromium || command -v chromium-browser)"
