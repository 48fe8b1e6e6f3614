#!/usr/bin/env bash
# Installs the Debian 12 packages that building, running and testing the
# console need. Safe to run again: it calls apt-get only when a package is
# missing. Needs root (or sudo).
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache dpkg-dev file git
  qt6-base-dev qt6-base-dev-tools qt6-networkauth-dev qt6-svg-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  libqt6sql6-sqlite libqt6sql6-psql libsqlite3-dev qtkeychain-qt6-dev libsecret-1-0
  gnome-keyring libsecret-tools dbus
  xvfb xauth x11-utils imagemagick fonts-dejavu-core xdg-utils desktop-file-utils appstream
  postgresql
)
# dbus-x11 is left out on purpose: with it, a Qt program under Xvfb starts
# its own D-Bus daemon that outlives the program.

for option in "$@"; do
  case $option in
    --with-browser)
      packages+=(chromium)
      # The end-to-end tests drive Chromium with playwright-core from npm.
      command -v npm >/dev/null || packages+=(nodejs npm)
      ;;
    --with-fuzz)
      # scripts/fuzz.sh: clang and the libFuzzer runtime (libclang_rt.fuzzer).
      packages+=(clang libclang-rt-dev)
      ;;
    *)
      echo "error: unknown option $option (known: --with-browser, --with-fuzz)" >&2
      exit 1
      ;;
  esac
done

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

echo "Installing: ${missing[*]}"
as_root=()
if [[ $(id -u) -ne 0 ]]; then
  if ! command -v sudo >/dev/null; then
    echo "error: these packages are missing and installing them needs root: ${missing[*]}" >&2
    exit 1
  fi
  as_root=(sudo)
fi

"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -q --no-install-recommends "${missing[@]}"
