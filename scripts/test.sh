#!/usr/bin/env bash
# Runs every test of Dojo. This is the README's test command and what CI runs.
# It installs what the browser tests need when it is missing (Debian's
# Chromium and chromedriver, axe-core from npm), then runs `cargo test`.
# Arguments go to `cargo test` (`bash scripts/test.sh browser` runs those only).
# Idempotent: when everything is present it installs nothing and says nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

# Run a command as root: directly when we are root, through sudo otherwise.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo "$@"
    else
        echo "scripts/test.sh: need root (or sudo) to run: $*" >&2
        return 1
    fi
}

chromium="${DOJO_CHROMIUM:-/usr/bin/chromium}"
chromedriver="${DOJO_CHROMEDRIVER:-/usr/bin/chromedriver}"
packages=()
if [ ! -x "$chromium" ] || [ ! -x "$chromedriver" ]; then
    packages+=(chromium chromium-driver)
fi
command -v npm >/dev/null || packages+=(npm)
if [ "${#packages[@]}" -gt 0 ]; then
    echo "Installing ${packages[*]} for the browser tests..." >&2
    as_root apt-get update -qq >&2
    as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq "${packages[@]}" >/dev/null
fi

# axe-core stays under target/ so it is neither committed nor in the way.
axe="${DOJO_AXE:-$PWD/target/npm/node_modules/axe-core/axe.min.js}"
if [ ! -f "$axe" ]; then
    echo "Installing axe-core for the accessibility tests..." >&2
    npm install --silent --no-save --no-audit --no-fund \
        --prefix target/npm axe-core@4 >&2
    axe="$PWD/target/npm/node_modules/axe-core/axe.min.js"
fi
export DOJO_AXE="$axe"

cargo test --all-targets "$@"
