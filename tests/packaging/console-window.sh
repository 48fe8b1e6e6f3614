#!/usr/bin/env bash
# Runs inside dbus-run-session and xvfb-run (see check-debs.sh): unlocks a
# throwaway keyring, starts the console, waits for its main window, saves a
# screenshot of the screen and ends the console.
#   console-window.sh CONSOLE SCREENSHOT
set -euo pipefail

console=$1
screenshot=$2

echo -n breezee-packaging-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null

log=$(mktemp)
QT_QPA_PLATFORM=xcb "$console" >"$log" 2>&1 &
console_pid=$!
trap 'kill "$console_pid" 2>/dev/null || true; wait "$console_pid" 2>/dev/null || true; rm -f "$log"' EXIT

window=
for _ in $(seq 150); do
  if ! kill -0 "$console_pid" 2>/dev/null; then
    echo "error: the console exited before it showed a window; its output:" >&2
    cat "$log" >&2
    exit 1
  fi
  window=$(xwininfo -root -tree | grep -m1 '"Breezee Integrations Console' | awk '{print $1}' || true)
  [[ -n "$window" ]] && break
  sleep 0.2
done
if [[ -z "$window" ]]; then
  echo "error: no \"Breezee Integrations Console\" window after 30 s; the console's output:" >&2
  cat "$log" >&2
  exit 1
fi

# Let the first paint finish before the capture.
sleep 2
xwininfo -id "$window" | grep -E 'Width|Height|Map State'
import -window root "$screenshot"
