#!/usr/bin/env bash
# Runs inside dbus-run-session (see run-tests.sh): starts a throwaway GNOME
# Keyring on the private bus, then ctest. Everything it starts ends with the
# bus.
set -euo pipefail

build_dir=${BREEZEE_BUILD_DIR:?}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

export XDG_DATA_HOME=$scratch/data XDG_CONFIG_HOME=$scratch/config XDG_RUNTIME_DIR=$scratch/runtime
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

echo -n breezee-test-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null

ctest --test-dir "$build_dir" --output-on-failure --timeout 600 -j "$(nproc)" "$@"
