#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the tests: a fresh data directory under the temp directory, a free local
# port, trust authentication on 127.0.0.1 only, durability off (the tests kill clients, never the server). Prints the
# shell lines that export its address, so a laptop runs the same two lines as CI:
#
#   eval "$(eng/start-postgres.sh)"      # exports MLSYSTEMS_POSTGRES and MLSYSTEMS_POSTGRES_DATA
#   eng/stop-postgres.sh                 # stops the cluster and deletes its directory
#
# Needs Debian's postgresql package (apt-get install postgresql); .ci/run installs it. Run as root, the server runs as
# the package's postgres user, since PostgreSQL refuses to run as root.
set -euo pipefail

bin=$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "PostgreSQL is not installed (looked under /usr/lib/postgresql/*/bin): apt-get install postgresql" >&2
  exit 1
fi

data=$(mktemp -d "${TMPDIR:-/tmp}/mlsystems-postgres.XXXXXX")
as=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$data"
  as=(runuser -u postgres --)
fi

port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${as[@]}" "$bin/initdb" --pgdata="$data/cluster" --username=mlsystems --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$data/initdb.log" 2>&1 \
  || { cat "$data/initdb.log" >&2; exit 1; }
"${as[@]}" "$bin/pg_ctl" --pgdata="$data/cluster" --log="$data/server.log" --wait --timeout=60 \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$data -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null || { cat "$data/server.log" >&2; exit 1; }

echo "export MLSYSTEMS_POSTGRES='Host=127.0.0.1;Port=$port;Username=mlsystems;Database=postgres'"
echo "export MLSYSTEMS_POSTGRES_DATA='$data'"
