#!/usr/bin/env bash
# Installs what the browser tests (dev.seatbooking.ui) need when it is missing: Debian's Chromium
# and ChromeDriver (/usr/bin/chromium, /usr/bin/chromedriver), and axe-core from npm (node_modules
# here, from package-lock.json). Run by the Maven build before the tests (generate-test-resources);
# a no-op once both are there. Needs root (or sudo) for apt-get, and Node.js with npm.
set -euo pipefail
cd "$(dirname "$0")"

if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
  echo "install-browser.sh: installing chromium and chromium-driver (Debian packages) for the browser tests"
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
fi

if [[ ! -f node_modules/axe-core/axe.min.js ]]; then
  echo "install-browser.sh: installing axe-core from npm for the browser tests"
  npm ci --no-audit --no-fund --loglevel=error
fi
