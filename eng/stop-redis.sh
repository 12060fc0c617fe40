#!/usr/bin/env bash
# Stops the server eng/start-redis.sh started (named by MLSYSTEMS_REDIS_DATA) and deletes its directory.
set -euo pipefail
data="${MLSYSTEMS_REDIS_DATA:?MLSYSTEMS_REDIS_DATA is not set: eval \"\$(eng/start-redis.sh)\" sets it}"
if [ -f "$data/redis.pid" ]; then
  kill "$(cat "$data/redis.pid")" 2>/dev/null || true
fi
rm -rf "$data"
