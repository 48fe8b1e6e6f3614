#!/usr/bin/env bash
# Configures and builds the project into build/ (or $BREEZEE_BUILD_DIR).
#   scripts/build.sh [--sanitize] [cmake arguments...]
# --sanitize builds with AddressSanitizer and UndefinedBehaviorSanitizer
# into build-asan/ (or $BREEZEE_BUILD_DIR).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
default_dir=$root/build
if [[ "${1:-}" == "--sanitize" ]]; then
  shift
  default_dir=$root/build-asan
  set -- -DBREEZEE_SANITIZE=ON "$@"
fi
build_dir=${BREEZEE_BUILD_DIR:-$default_dir}

# ccache hits across checkouts only with these two set.
export CCACHE_BASEDIR=$root CCACHE_NOHASHDIR=true

cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$build_dir" --parallel "$(nproc)"
