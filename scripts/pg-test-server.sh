#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL server for the server-mode tests.
#
#   scripts/pg-test-server.sh start DIR   # prints the connection URL
#   scripts/pg-test-server.sh stop DIR
#
# DIR is a scratch directory (created when missing) that contains the cluster,
# its socket and its log. `stop` ends the server and deletes DIR. The server
# listens on 127.0.0.1 only, port $BREEZEE_TEST_PG_PORT (default 5433), so
# it never touches a system cluster on 5432. When another test session
# already uses that port, it takes the next free one, up to 19 ports
# further, and the printed URL names the port. initdb refuses to run as root,
# so as root the server runs as the `postgres` system user. The role may
# create databases, so that each test works in a database of its own.
set -euo pipefail

command=${1:-}
dir=${2:-}
port=${BREEZEE_TEST_PG_PORT:-5433}
role=breezee
password=breezee-test
database=breezee_test

if [[ -z "$command" || -z "$dir" ]]; then
  echo "usage: $0 start|stop DIR" >&2
  exit 1
fi

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [[ -z "$pg_bin" || ! -x "$pg_bin/initdb" ]]; then
  echo "error: PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); install the postgresql package" >&2
  exit 1
fi

as_server=()
if [[ $(id -u) -eq 0 ]]; then
  as_server=(runuser -u postgres --)
fi

data=$dir/data
socket=$dir/socket

stop_server() {
  if [[ -f "$data/postmaster.pid" ]]; then
    "${as_server[@]}" "$pg_bin/pg_ctl" -D "$data" -m immediate -w -t 30 stop >/dev/null || true
  fi
  rm -rf "$dir"
}

case "$command" in
  start)
    mkdir -p "$dir"
    install -d -m 700 "$data" "$socket"
    if [[ $(id -u) -eq 0 ]]; then
      # The postgres user must be able to reach the data directory.
      chmod 755 "$dir"
      chown postgres:postgres "$data" "$socket"
      if ! runuser -u postgres -- test -x "$dir"; then
        echo "error: the postgres user cannot enter $dir; make every directory above it traversable (chmod o+x) or choose another" >&2
        exit 1
      fi
    fi

    pwfile=$dir/superuser-password
    echo "$password" >"$pwfile"
    chmod 600 "$pwfile"
    [[ $(id -u) -eq 0 ]] && chown postgres "$pwfile"

    server_user=$("${as_server[@]}" id -un)
    "${as_server[@]}" "$pg_bin/initdb" -D "$data" -U "$server_user" --pwfile="$pwfile" \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    rm -f "$pwfile"

    # fsync=off: the data is thrown away, and it makes the tests faster.
    started=false
    for ((attempt = 0; attempt < 20; attempt++)); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        port=$((port + 1)) # taken, for example by another test session
        continue
      fi
      if "${as_server[@]}" "$pg_bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 30 \
          -o "-c listen_addresses=127.0.0.1 -p $port -k $socket -c fsync=off -c max_connections=50" \
          start >/dev/null; then
        started=true
        break
      fi
      if ! grep -q "could not bind" "$data/server.log" 2>/dev/null; then
        break
      fi
      port=$((port + 1))
    done
    if [[ $started != true ]]; then
      echo "error: PostgreSQL did not start on 127.0.0.1 (last port tried: $port); its log follows" >&2
      cat "$data/server.log" >&2 || true
      exit 1
    fi

    "${as_server[@]}" "$pg_bin/psql" -q -h "$socket" -p "$port" -U "$server_user" -d postgres \
      -c "CREATE ROLE $role LOGIN CREATEDB PASSWORD '$password'" \
      -c "CREATE DATABASE $database OWNER $role" >/dev/null

    echo "postgresql://$role:$password@127.0.0.1:$port/$database"
    ;;
  stop)
    stop_server
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 1
    ;;
esac
