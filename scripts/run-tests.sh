#!/usr/bin/env bash
# Installs what the tests need, builds, and runs every test with ctest inside
# a private D-Bus session that has its own unlocked GNOME Keyring, so the
# keychain tests use a real Secret Service and leave the user's alone.
#   scripts/run-tests.sh [ctest arguments...]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BREEZEE_BUILD_DIR:-$root/build}
export BREEZEE_BUILD_DIR=$build_dir

"$root/scripts/install-deps.sh" --with-browser
"$root/scripts/build.sh"

# playwright-core drives Debian's Chromium; it downloads no browser.
if [[ ! -d "$root/tests/e2e/node_modules/playwright-core" ]]; then
  (cd "$root/tests/e2e" && npm ci --no-audit --no-fund --loglevel=error)
fi

exec dbus-run-session -- "$root/scripts/test-session.sh" "$@"
