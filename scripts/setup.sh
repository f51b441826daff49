#!/usr/bin/env bash
# Install the Debian/Ubuntu system packages needed to build and test the
# project. Idempotent: only packages that are missing are installed, and
# `apt-get update` runs only when something needs installing.
#
# Usage: scripts/setup.sh
set -euo pipefail

PACKAGES=(
    libpq-dev
    libsqlite3-dev
    libarchive-dev
    libzstd-dev
    libopenblas-dev
    postgresql
    pkg-config
    time
    python3
)

die() {
    echo "setup: $*" >&2
    exit 1
}

command -v dpkg-query >/dev/null 2>&1 \
    || die "dpkg-query not found; this script supports Debian/Ubuntu only (needed: ${PACKAGES[*]})"

missing=()
for pkg in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    # e.g. "install ok installed" or "hold ok installed"
    if [[ "$status" != *" ok installed" ]]; then
        missing+=("$pkg")
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "setup: all system packages present"
    exit 0
fi

as_root=()
if [[ "$(id -u)" -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
        as_root=(sudo)
    else
        die "missing packages: ${missing[*]}; not running as root and sudo is not available. Install them as root: apt-get install -y --no-install-recommends ${missing[*]}"
    fi
fi

log=$(mktemp /tmp/mlops-setup.XXXXXX.log)
echo "setup: installing ${missing[*]}"

apt_get() {
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get -o DPkg::Lock::Timeout=120 "$@" >>"$log" 2>&1
}

fail() {
    echo "setup: $1 failed; last lines of $log:" >&2
    tail -n 40 "$log" >&2 || true
    exit 1
}

apt_get update || fail "apt-get update"
apt_get install -y --no-install-recommends "${missing[@]}" || fail "apt-get install"

rm -f "$log"
