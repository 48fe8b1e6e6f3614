#!/usr/bin/env bash
# Builds both Debian packages with CPack from the build tree, unpacks them
# into a throwaway root and runs the programs from there: the worker with
# --help, --version and a sample-data import, the console under Xvfb until
# its window shows. As root it also runs `apt-get install -s` on both
# packages, which fails when apt cannot resolve their dependencies.
#   check-debs.sh SOURCE_DIR BUILD_DIR PROJECT_VERSION
set -euo pipefail

source_dir=$1
build_dir=$2
version=$3
here=$(cd "$(dirname "$0")" && pwd)

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

echo "== cpack -G DEB"
cpack -G DEB --config "$build_dir/CPackConfig.cmake" -B "$scratch/packages" >"$scratch/cpack.log" 2>&1 || {
  cat "$scratch/cpack.log" >&2
  echo "FAIL: cpack did not build the packages" >&2
  exit 1
}

arch=$(dpkg --print-architecture)
console_deb=$scratch/packages/breezee-console_${version}_$arch.deb
worker_deb=$scratch/packages/breezee-integrations_${version}_$arch.deb
for deb in "$console_deb" "$worker_deb"; do
  [[ -f "$deb" ]] || { echo "FAIL: cpack made no $(basename "$deb"); it made:" >&2; ls "$scratch/packages" >&2; exit 1; }
done

# Control fields: versions, the dependencies that dpkg-shlibdeps cannot see,
# and the recommendations.
relation_names() {
  dpkg-deb -f "$1" "$2" | tr ',|' '\n\n' | sed 's/^ *//; s/[ (].*//' | sort -u
}
expect_relation() {
  local deb=$1 field=$2 name=$3
  relation_names "$deb" "$field" | grep -qx "$name" \
    || fail "$(basename "$deb"): $field lacks $name: $(dpkg-deb -f "$deb" "$field")"
}
for deb in "$console_deb" "$worker_deb"; do
  actual_version=$(dpkg-deb -f "$deb" Version)
  [[ "$actual_version" == "$version" ]] || fail "$(basename "$deb"): Version is $actual_version, not $version"
  for dependency in libqt6sql6-sqlite libqt6sql6-psql libsecret-1-0 libqt6core6 libqt6keychain1; do
    expect_relation "$deb" Depends "$dependency"
  done
  for recommendation in gnome-keyring kwalletmanager xdg-utils; do
    expect_relation "$deb" Recommends "$recommendation"
  done
  echo "$(basename "$deb"): Depends: $(dpkg-deb -f "$deb" Depends)"
done
expect_relation "$console_deb" Depends libqt6svg6
expect_relation "$console_deb" Depends libqt6widgets6
if relation_names "$worker_deb" Depends | grep -qx libqt6widgets6; then
  fail "the headless worker depends on Qt Widgets"
fi

# File lists: every path under /usr, and the files each package promises.
dpkg-deb -c "$console_deb" | awk '{print $6}' | sed 's|^\./|/|' >"$scratch/console.files"
dpkg-deb -c "$worker_deb" | awk '{print $6}' | sed 's|^\./|/|' >"$scratch/worker.files"
if grep -v '^/usr/' "$scratch/console.files" "$scratch/worker.files" | grep -v ':/$'; then
  fail "a package installs outside /usr"
fi
app_id=example.breezee.IntegrationsConsole
console_expected=(
  /usr/bin/breezee-console
  /usr/share/applications/$app_id.desktop
  /usr/share/metainfo/$app_id.metainfo.xml
  /usr/share/icons/hicolor/scalable/apps/$app_id.svg
  /usr/share/breezee/providers.json
  /usr/share/breezee/sample-data/LICENSES.md
  /usr/share/breezee/sample-data/atomic-crm-contacts.csv
  /usr/share/breezee/sample-data/salesforce-leads.csv
)
for size in 16 24 32 48 64 128 256; do
  console_expected+=("/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png")
done
worker_expected=(
  /usr/bin/breezee-integrations
  /usr/lib/systemd/system/breezee-integrations.service
  /usr/lib/sysusers.d/breezee-integrations.conf
)
for path in "${console_expected[@]}"; do
  grep -qx "$path" "$scratch/console.files" || fail "breezee-console lacks $path"
done
for path in "${worker_expected[@]}"; do
  grep -qx "$path" "$scratch/worker.files" || fail "breezee-integrations lacks $path"
done
if grep -q '^/usr/bin/breezee-integrations$' "$scratch/console.files" \
   || grep -q '^/usr/bin/breezee-console$' "$scratch/worker.files"; then
  fail "an executable is in the other component's package"
fi

dpkg-deb --ctrl-tarfile "$worker_deb" | tar -t >"$scratch/worker.control"
for script in postinst prerm postrm; do
  grep -qx "./$script" "$scratch/worker.control" || fail "breezee-integrations lacks the $script script"
done

root=$scratch/root
dpkg -x "$console_deb" "$root"
dpkg -x "$worker_deb" "$root"

for size in 16 24 32 48 64 128 256; do
  actual=$(identify -format '%wx%h' "$root/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png")
  [[ "$actual" == "${size}x${size}" ]] || fail "the ${size}px icon is $actual"
done

# Qt and every other library must come from the system, not the build tree.
for program in breezee-console breezee-integrations; do
  if ldd "$root/usr/bin/$program" | grep -E 'not found|'"$build_dir"; then
    fail "$program needs libraries that the system does not provide"
  fi
done

# The service user, as systemd-sysusers creates it from the package's file,
# in a separate root so that the machine's user database stays untouched.
if command -v systemd-sysusers >/dev/null; then
  mkdir -p "$scratch/sysusers-root/etc"
  systemd-sysusers --root="$scratch/sysusers-root" "$root/usr/lib/sysusers.d/breezee-integrations.conf" \
    >/dev/null 2>&1 || fail "systemd-sysusers rejected breezee-integrations.conf"
  account=$(grep '^breezee:' "$scratch/sysusers-root/etc/passwd" || true)
  [[ "$account" == *":/var/lib/breezee:/usr/sbin/nologin" ]] \
    || fail "the breezee user is \"$account\", not a nologin user with home /var/lib/breezee"
else
  echo "SKIP: systemd-sysusers is not installed; the service user was not checked"
fi

if [[ $(id -u) -eq 0 ]]; then
  echo "== apt-get install -s"
  if ! apt-get install -s -o Debug::NoLocking=1 "$console_deb" "$worker_deb" >"$scratch/apt.log" 2>&1; then
    cat "$scratch/apt.log" >&2
    fail "apt-get cannot resolve the packages' dependencies"
  fi
  grep -E '^(Inst|Conf) breezee' "$scratch/apt.log" || true
else
  echo "SKIP: apt-get install -s needs root"
fi

# The worker, as unpacked, on a throwaway profile.
export HOME=$scratch/home XDG_DATA_HOME=$scratch/home/data XDG_CONFIG_HOME=$scratch/home/config
export XDG_RUNTIME_DIR=$scratch/home/runtime BREEZEE_DATA_DIR=$scratch/profile
export BREEZEE_CREDENTIALS=$scratch/home/no-credentials.ini
unset BREEZEE_PROFILE BREEZEE_DATABASE
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
worker=$root/usr/bin/breezee-integrations

echo "== breezee-integrations --help, --version"
if ! "$worker" --help >"$scratch/help.txt" 2>&1; then
  fail "breezee-integrations --help failed"
fi
grep -q 'sync' "$scratch/help.txt" || fail "breezee-integrations --help does not list the sync command"
worker_version=$("$worker" --version 2>/dev/null) || fail "breezee-integrations --version failed"
[[ "$worker_version" == *"$version"* ]] || fail "breezee-integrations --version printed \"$worker_version\""

echo "== breezee-integrations import of the installed sample data"
if ! "$worker" import "$root/usr/share/breezee/sample-data/atomic-crm-contacts.csv" \
       "$root/usr/share/breezee/sample-data/salesforce-leads.csv" >"$scratch/import.txt" 2>"$scratch/import.log"; then
  cat "$scratch/import.txt" "$scratch/import.log" >&2
  fail "breezee-integrations could not import the installed sample data"
fi
status=$("$worker" status 2>/dev/null || true)
echo "$status"
grep -q 'Prospects: 511,' <<<"$status" || fail "the status after the import does not count 511 prospects"

echo "== breezee-console under Xvfb"
screenshot=$scratch/console.png
if ! timeout 90 dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
       "$here/console-window.sh" "$root/usr/bin/breezee-console" "$screenshot"; then
  fail "the unpacked console did not show its window"
fi
if [[ -f "$screenshot" ]]; then
  # A blank screen has one colour, so a window with text and icons has many.
  colours=$(identify -format '%k' "$screenshot")
  echo "screenshot: $(identify -format '%wx%h' "$screenshot"), $colours colours"
  [[ $colours -gt 50 ]] || fail "the console's screenshot is nearly blank ($colours colours)"
  cp "$screenshot" "$build_dir/tests/packaging/console-from-deb.png" 2>/dev/null || true
fi

if [[ $failures -gt 0 ]]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "all package checks passed"
