#!/usr/bin/env bash
# Builds the console and runs it on its embedded default with the "demo"
# profile: a local HubSpot sandbox on 127.0.0.1, the 511 bundled sample
# prospects, and data and keychain entries of its own, apart from any real
# connection. Needs a desktop session (a display and a Secret Service
# keyring such as GNOME Keyring).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BREEZEE_BUILD_DIR:-$root/build}
port=${BREEZEE_SANDBOX_PORT:-53690}
profile=demo

"$root/scripts/install-deps.sh" --with-browser
"$root/scripts/build.sh"

if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  echo "error: no display. Run this from a desktop session, or under Xvfb:" >&2
  echo "  xvfb-run -a -s '-screen 0 1280x800x24' $0" >&2
  exit 1
fi

data_dir=${XDG_DATA_HOME:-$HOME/.local/share}/Breezee/integrations/$profile
mkdir -p "$data_dir"

# The sandbox keeps its contacts and tokens in the demo data directory, so a
# connection made in one run still works in the next.
"$build_dir/bin/hubspot-sandbox" --port "$port" --state-file "$data_dir/hubspot-sandbox.json" \
  > "$build_dir/sandbox.out" 2> "$build_dir/sandbox.log" &
sandbox_pid=$!
trap 'kill $sandbox_pid 2>/dev/null || true' EXIT

for _ in $(seq 50); do
  grep -q LISTENING "$build_dir/sandbox.out" 2>/dev/null && break
  if ! kill -0 $sandbox_pid 2>/dev/null; then
    echo "error: the HubSpot sandbox did not start; see $build_dir/sandbox.log" >&2
    exit 1
  fi
  sleep 0.1
done

# Credentials of the sandbox app. These are the sandbox's own test values,
# not secrets of any real account.
credentials=$build_dir/demo-credentials.ini
cat > "$credentials" <<INI
[hubspot]
client_id=breezee-sandbox-client
client_secret=breezee-sandbox-secret
auth_base_url=http://127.0.0.1:$port
api_base_url=http://127.0.0.1:$port
INI

export BREEZEE_PROFILE=$profile BREEZEE_CREDENTIALS=$credentials
"$build_dir/bin/breezee-integrations" import \
  "$root/resources/data/atomic-crm-contacts.csv" "$root/resources/data/salesforce-leads.csv" \
  --source "Sample data"

echo "HubSpot sandbox: http://127.0.0.1:$port (its data: $data_dir/hubspot-sandbox.json)"
"$build_dir/bin/breezee-console" "$@"
