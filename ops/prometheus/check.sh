#!/usr/bin/env bash
# Checks and unit-tests the Prometheus alerting rules (and the example scrape config).
#
#   ops/prometheus/check.sh
#
# Runs from the repository root whatever the caller's directory (CI runs it from Maven's verify
# phase). Needs promtool; when it is missing, installs Debian/Ubuntu's "prometheus" package,
# which provides /usr/bin/promtool (as root, or through passwordless sudo).
#
# Note: the package also ships a prometheus.service. Its postinst enables and starts it on a host
# running systemd without a policy-rc.d that forbids it (a Docker image's policy-rc.d does forbid
# it). A server we did not ask for would then listen on :9090, so when this script installed the
# package it stops and disables that service again.
set -euo pipefail

cd "$(dirname "$0")/../.."

PROMTOOL="${PROMTOOL:-promtool}"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo -n "$@"
    else
        echo "check.sh: need root (or passwordless sudo) to run: $*" >&2
        return 1
    fi
}

install_promtool() {
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "check.sh: promtool not found and no apt-get here; install Prometheus's promtool" \
             "(https://prometheus.io/download/) or set PROMTOOL=/path/to/promtool" >&2
        exit 1
    fi
    local had_package=no
    if dpkg-query -W -f='${Status}' prometheus 2>/dev/null | grep -q 'install ok installed'; then
        had_package=yes
    fi
    echo "check.sh: promtool not found; installing Debian package prometheus" >&2
    export DEBIAN_FRONTEND=noninteractive
    if ! as_root apt-get install -y -q --no-install-recommends prometheus; then
        # Fresh CI images often have no package lists yet.
        as_root apt-get update -q
        as_root apt-get install -y -q --no-install-recommends prometheus
    fi
    # We only wanted promtool: stop the server the package may have started.
    if [ "$had_package" = no ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1 \
            && systemctl is-enabled --quiet prometheus.service 2>/dev/null; then
        echo "check.sh: stopping and disabling prometheus.service started by the install" >&2
        as_root systemctl disable --now prometheus.service || true
    fi
}

if ! command -v "$PROMTOOL" >/dev/null 2>&1; then
    install_promtool
    PROMTOOL=promtool
fi

"$PROMTOOL" --version 2>&1 | head -n 1
"$PROMTOOL" check rules ops/prometheus/alerts.yml
"$PROMTOOL" test rules ops/prometheus/alerts.test.yml
# --syntax-only: the scrape token file lives on the Prometheus host, not here.
"$PROMTOOL" check config --syntax-only ops/prometheus/prometheus.yml
