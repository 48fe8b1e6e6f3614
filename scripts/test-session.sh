#!/usr/bin/env bash
# Runs inside dbus-run-session (see run-tests.sh): starts a throwaway GNOME
# Keyring on the private bus and a throwaway PostgreSQL server on
# 127.0.0.1:5433 (or the next free port) for the server-mode tests, then
# ctest. Everything it starts ends with the bus or when this script exits.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BREEZEE_BUILD_DIR:?}
scratch=$(mktemp -d)
pg_dir=$scratch/pg

cleanup() {
  if [[ -d "$pg_dir" ]]; then
    "$root/scripts/pg-test-server.sh" stop "$pg_dir" || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT

export XDG_DATA_HOME=$scratch/data XDG_CONFIG_HOME=$scratch/config XDG_RUNTIME_DIR=$scratch/runtime
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

echo -n breezee-test-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null

# A server named by the caller is used as it is. Otherwise start one. As
# root it runs as the postgres user, which must be able to enter $scratch.
if [[ -z "${BREEZEE_TEST_PG_URL:-}" ]]; then
  chmod 711 "$scratch"
  if url=$("$root/scripts/pg-test-server.sh" start "$pg_dir"); then
    export BREEZEE_TEST_PG_URL=$url
  else
    echo "warning: the PostgreSQL test server did not start; the server-mode tests will be skipped" >&2
  fi
fi

ctest --test-dir "$build_dir" --output-on-failure --timeout 600 -j "$(nproc)" "$@"
