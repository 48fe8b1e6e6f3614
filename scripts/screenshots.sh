#!/usr/bin/env bash
# Builds gui-screenshots and renders every page, card state and dialog in
# English and German, with a light and a dark palette, into OUTPUT_DIR.
# Usage: scripts/screenshots.sh OUTPUT_DIR
# The build goes to build/ or $BREEZEE_BUILD_DIR. Needs xvfb-run (Debian
# package xvfb) and fonts-dejavu-core, as scripts/install-deps.sh installs.
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 OUTPUT_DIR" >&2
    exit 1
fi

root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BREEZEE_BUILD_DIR:-$root/build}
mkdir -p "$1"
output=$(cd "$1" && pwd)

if ! command -v xvfb-run >/dev/null; then
    echo "xvfb-run is missing: install the Debian package xvfb" >&2
    exit 1
fi

# ccache hits across checkouts only with these two set.
export CCACHE_BASEDIR=$root CCACHE_NOHASHDIR=true
if [[ ! -f $build_dir/build.ninja && ! -f $build_dir/Makefile ]]; then
    cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build_dir" --target gui-screenshots --parallel "$(nproc)"

# A throwaway runtime directory keeps Qt quiet, and without a session bus
# the tool touches no keychain.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export XDG_RUNTIME_DIR=$scratch
chmod 700 "$XDG_RUNTIME_DIR"
unset DBUS_SESSION_BUS_ADDRESS

tool=$build_dir/tests/auto/gui/gui-screenshots
for lang in en de; do
    for palette in light dark; do
        args=("$output" --lang "$lang")
        [[ $palette == dark ]] && args+=(--dark)
        echo "rendering $lang $palette"
        xvfb-run -a -s "-screen 0 1280x800x24" "$tool" "${args[@]}"
    done
done

# The resync preview, the first-sync dry run and the company choice need a
# HubSpot connection, so their GUI tests capture them against the sandbox,
# each in a private D-Bus session with its own keyring. In German the
# tests' English text checks fail after the capture, which is expected.
cmake --build "$build_dir" --target tst_dryrun tst_resync tst_companychoice hubspot-sandbox --parallel "$(nproc)"
tests=$build_dir/tests/auto/gui
for lang in en de; do
    for palette in light dark; do
        echo "capturing the connected dialogs, $lang $palette"
        for run in "tst_dryrun dryRunShowsTotals" "tst_resync previewListsNotesAndCompany" \
                   "tst_companychoice candidatesListed"; do
            read -r test function <<<"$run"
            # A fresh data directory, so the keyring daemon creates its
            # login keyring unlocked instead of prompting for a password.
            keyring_home=$(mktemp -d -p "$scratch")
            XDG_DATA_HOME=$keyring_home BREEZEE_SCREENSHOT_DIR=$output BREEZEE_SCREENSHOT_LANGUAGE=$lang BREEZEE_SCREENSHOT_PALETTE=$palette \
                xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash -c \
                'echo -n screenshots | gnome-keyring-daemon --unlock --components=secrets >/dev/null; "$@"' \
                _ "$tests/$test" "$function" >"$scratch/$test.log" 2>&1 || true
        done
    done
done
for name in dry-run resync company-choice; do
    if ! ls "$output/$name"-*.png >/dev/null 2>&1; then
        echo "The $name screenshots are missing. The capturing tests printed:" >&2
        tail -n 20 "$scratch"/*.log >&2
        echo "They need gnome-keyring (scripts/install-deps.sh installs it)." >&2
        exit 1
    fi
done

echo "screenshots written to $output"
