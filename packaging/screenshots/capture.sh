#!/usr/bin/env bash
# Takes the AppStream screenshots from the real console: a throwaway profile
# with the bundled sample data, connected to a local HubSpot sandbox on
# 127.0.0.1, shown under Xvfb at 1280x800.
#   packaging/screenshots/capture.sh [BUILD_DIR] [OUTPUT_DIR]
# BUILD_DIR needs breezee-console, breezee-integrations and hubspot-sandbox
# (default build/); OUTPUT_DIR defaults to this script's folder.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build_dir=$(cd "${1:-$root/build}" && pwd)
output_dir=$(mkdir -p "${2:-$root/packaging/screenshots}" && cd "${2:-$root/packaging/screenshots}" && pwd)

# First run: start a private D-Bus session and an X server, then run again
# inside them.
if [[ -z "${BREEZEE_CAPTURE_INNER:-}" ]]; then
  export BREEZEE_CAPTURE_INNER=1
  exec dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$build_dir" "$output_dir"
fi

scratch=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$scratch"
}
trap cleanup EXIT

export XDG_DATA_HOME=$scratch/data XDG_CONFIG_HOME=$scratch/config XDG_RUNTIME_DIR=$scratch/runtime
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
echo -n breezee-capture-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null

"$build_dir/bin/hubspot-sandbox" --auto-approve --rate-limit 0 >"$scratch/sandbox.out" 2>"$scratch/sandbox.log" &
pids+=($!)
port=
for _ in $(seq 100); do
  port=$(sed -n 's/^LISTENING //p' "$scratch/sandbox.out")
  [[ -n "$port" ]] && break
  sleep 0.1
done
if [[ -z "$port" ]]; then
  echo "error: the HubSpot sandbox did not start; its log:" >&2
  cat "$scratch/sandbox.log" >&2
  exit 1
fi

# The sandbox's own test client, not the credentials of a real account.
export BREEZEE_CREDENTIALS=$scratch/credentials.ini
cat >"$BREEZEE_CREDENTIALS" <<INI
[hubspot]
client_id=breezee-sandbox-client
client_secret=breezee-sandbox-secret
auth_base_url=http://127.0.0.1:$port
api_base_url=http://127.0.0.1:$port
INI

worker=$build_dir/bin/breezee-integrations
"$worker" import "$root/resources/data/atomic-crm-contacts.csv" "$root/resources/data/salesforce-leads.csv" \
  --source "Sample data"

# The sandbox approves at once, so fetching the authorization URL completes
# the sign-in through the worker's loopback redirect listener.
"$worker" connect --no-browser --timeout 60 >"$scratch/connect.out" 2>&1 &
connect_pid=$!
url=
for _ in $(seq 100); do
  url=$(grep -m1 '^http' "$scratch/connect.out" || true)
  [[ -n "$url" ]] && break
  sleep 0.1
done
if [[ -z "$url" ]]; then
  echo "error: the worker printed no authorization URL:" >&2
  cat "$scratch/connect.out" >&2
  exit 1
fi
curl --silent --show-error --location --output /dev/null "$url"
wait "$connect_pid"

# Opens the console on one page, waits for the sync to settle and saves its
# window as OUTPUT_DIR/NAME.png.
capture_page() {
  local page=$1 name=$2 settle_seconds=$3
  mkdir -p "$XDG_CONFIG_HOME/Breezee"
  printf '[mainWindow]\npage=%s\n' "$page" >"$XDG_CONFIG_HOME/Breezee/integrations.conf"

  QT_QPA_PLATFORM=xcb "$build_dir/bin/breezee-console" -geometry 1200x750+0+0 \
    >"$scratch/console-$page.log" 2>&1 &
  local console_pid=$!

  local window=
  for _ in $(seq 100); do
    window=$(xwininfo -root -tree | awk '/"Breezee Integrations Console"/ {print $1; exit}')
    [[ -n "$window" ]] && break
    sleep 0.1
  done
  if [[ -z "$window" ]]; then
    echo "error: the console showed no window; its log:" >&2
    cat "$scratch/console-$page.log" >&2
    exit 1
  fi

  sleep "$settle_seconds"
  import -window "$window" "$output_dir/$name.png"
  kill "$console_pid"
  wait "$console_pid" 2>/dev/null || true
  echo "wrote $output_dir/$name.png"
}

capture_page integrations integrations 8
capture_page contacts contacts 3
capture_page activity activity 3
