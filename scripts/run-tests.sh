#!/usr/bin/env bash
# Installs what the tests need, builds, and runs every test with ctest inside
# a private D-Bus session that has its own unlocked GNOME Keyring, so the
# keychain tests use a real Secret Service and leave the user's alone.
#   scripts/run-tests.sh [--sanitize] [ctest arguments...]
# --sanitize builds into build-asan/ with AddressSanitizer and
# UndefinedBehaviorSanitizer (BREEZEE_SANITIZE) and runs the same suite.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)

build_options=()
if [[ "${1:-}" == "--sanitize" ]]; then
  shift
  build_options=(--sanitize)
  export BREEZEE_BUILD_DIR=${BREEZEE_BUILD_DIR:-$root/build-asan}
  # The first error ends the test with a report. The suppressions name
  # leaks in system libraries and one-time allocations, each with a reason.
  export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:check_initialization_order=1"
  export LSAN_OPTIONS="suppressions=$root/tests/fuzz/lsan.supp:print_suppressions=0"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
fi

build_dir=${BREEZEE_BUILD_DIR:-$root/build}
export BREEZEE_BUILD_DIR=$build_dir

"$root/scripts/install-deps.sh" --with-browser
"$root/scripts/build.sh" "${build_options[@]}"

# playwright-core drives Debian's Chromium; it downloads no browser.
if [[ ! -d "$root/tests/e2e/node_modules/playwright-core" ]]; then
  (cd "$root/tests/e2e" && npm ci --no-audit --no-fund --loglevel=error)
fi

exec dbus-run-session -- "$root/scripts/test-session.sh" "$@"
