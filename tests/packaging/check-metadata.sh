#!/usr/bin/env bash
# Validates the desktop entry, the AppStream metadata and the systemd unit
# that the packages install.
#   check-metadata.sh SOURCE_DIR BUILD_DIR PROJECT_VERSION
set -euo pipefail

source_dir=$1
build_dir=$2
version=$3

app_id=example.breezee.IntegrationsConsole
linux_dir=$source_dir/packaging/linux
desktop_file=$linux_dir/$app_id.desktop
metainfo=$linux_dir/$app_id.metainfo.xml
unit=$build_dir/packaging/breezee-integrations.service

failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# desktop-file-validate exits 0 on warnings too, so its output is read as
# well: only hints pass.
echo "== desktop-file-validate $desktop_file"
if ! output=$(desktop-file-validate "$desktop_file" 2>&1); then
  fail "desktop-file-validate rejected the desktop entry"
fi
echo "$output"
if grep -qE '(error|warning):' <<<"$output"; then
  fail "desktop-file-validate reported errors or warnings"
fi

echo "== appstreamcli validate --no-net $metainfo"
if ! appstreamcli validate --no-net "$metainfo"; then
  fail "appstreamcli rejected the metainfo file"
fi

# The desktop entry and the metainfo file must name each other and the icon.
if ! grep -qx "Icon=$app_id" "$desktop_file"; then
  fail "the desktop entry's Icon is not $app_id"
fi
if ! grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo"; then
  fail "the metainfo launchable is not $app_id.desktop"
fi

newest_release=$(grep -o '<release version="[^"]*"' "$metainfo" | head -1 | cut -d'"' -f2)
if [[ "$newest_release" != "$version" ]]; then
  fail "the newest metainfo release is \"$newest_release\", the project version is \"$version\""
fi

# Every screenshot URL names a PNG in packaging/screenshots with the size
# that the metadata states.
screenshot_count=0
while read -r width height url; do
  screenshot_count=$((screenshot_count + 1))
  file=$source_dir/packaging/screenshots/$(basename "$url")
  if [[ ! -f "$file" ]]; then
    fail "screenshot $url has no file $file"
    continue
  fi
  actual=$(identify -format '%wx%h' "$file")
  if [[ "$actual" != "${width}x${height}" ]]; then
    fail "$file is $actual, the metadata says ${width}x${height}"
  fi
done < <(sed -n 's|.*<image type="source" width="\([0-9]*\)" height="\([0-9]*\)">\([^<]*\)</image>.*|\1 \2 \3|p' "$metainfo")
if [[ $screenshot_count -eq 0 ]]; then
  fail "the metainfo file lists no screenshots"
fi

# systemd checks the unit against the worker in the build tree, because
# /usr/bin/breezee-integrations need not be installed here.
echo "== systemd unit $unit"
if ! grep -qx 'ExecStart=/usr/bin/breezee-integrations sync --watch' "$unit"; then
  fail "the unit does not run /usr/bin/breezee-integrations sync --watch"
fi
for setting in User=breezee StateDirectory=breezee 'Environment=BREEZEE_DATA_DIR=%S/breezee' \
               ProtectSystem=strict ProtectHome=yes NoNewPrivileges=yes; do
  grep -qx "$setting" "$unit" || fail "the unit lacks $setting"
done
if command -v systemd-analyze >/dev/null; then
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  sed "s|^ExecStart=/usr/bin/|ExecStart=$build_dir/bin/|" "$unit" >"$scratch/breezee-integrations.service"
  if ! systemd-analyze verify "$scratch/breezee-integrations.service"; then
    fail "systemd-analyze verify rejected the unit"
  fi
  # The threshold is in tenths, so 30 is an exposure level of 3.0. The unit
  # scored 1.6 with systemd 252.
  if ! systemd-analyze security --offline=yes --threshold=30 --no-pager \
       "$scratch/breezee-integrations.service" >"$scratch/security.txt" 2>&1; then
    tail -3 "$scratch/security.txt" >&2
    fail "the unit's exposure level is above 3.0"
  else
    tail -1 "$scratch/security.txt"
  fi
else
  echo "SKIP: systemd-analyze is not installed; the unit's syntax was not checked"
fi

for script in postinst prerm postrm; do
  sh -n "$source_dir/packaging/debian/integrations/$script" || fail "$script is not valid sh"
done

if [[ $failures -gt 0 ]]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "all metadata checks passed"
