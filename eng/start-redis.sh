#!/usr/bin/env bash
# Starts a throwaway Redis server for the tests: a fresh directory under the temp directory, a free local port, bound to
# 127.0.0.1 only, no persistence (the tests kill clients, never the server). Prints the shell lines that export its
# address, so a laptop runs the same two lines as CI:
#
#   eval "$(eng/start-redis.sh)"      # exports MLSYSTEMS_REDIS (host:port) and MLSYSTEMS_REDIS_DATA
#   eng/stop-redis.sh                 # stops the server and deletes its directory
#
# Needs Debian's redis-server package (apt-get install redis-server); .ci/run installs it.
set -euo pipefail

server=$(command -v redis-server || true)
if [ -z "$server" ]; then
  echo "Redis is not installed (no redis-server on PATH): apt-get install redis-server" >&2
  exit 1
fi

data=$(mktemp -d "${TMPDIR:-/tmp}/mlsystems-redis.XXXXXX")
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$server" --bind 127.0.0.1 --port "$port" --dir "$data" --save '' --appendonly no --daemonize yes \
  --pidfile "$data/redis.pid" --logfile "$data/redis.log" --protected-mode yes
for _ in $(seq 1 100); do
  if redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; then
    echo "export MLSYSTEMS_REDIS='127.0.0.1:$port'"
    echo "export MLSYSTEMS_REDIS_DATA='$data'"
    exit 0
  fi
  sleep 0.1
done
cat "$data/redis.log" >&2
echo "Redis did not answer on 127.0.0.1:$port" >&2
[ -f "$data/redis.pid" ] && kill "$(cat "$data/redis.pid")" 2>/dev/null
rm -rf "$data"
exit 1
