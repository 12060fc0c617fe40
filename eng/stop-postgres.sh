#!/usr/bin/env bash
# Stops the cluster eng/start-postgres.sh started (named by MLSYSTEMS_POSTGRES_DATA) and deletes its directory.
set -euo pipefail
data="${MLSYSTEMS_POSTGRES_DATA:?MLSYSTEMS_POSTGRES_DATA is not set: eval \"\$(eng/start-postgres.sh)\" sets it}"
bin=$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
as=()
[ "$(id -u)" -eq 0 ] && as=(runuser -u postgres --)
"${as[@]}" "$bin/pg_ctl" --pgdata="$data/cluster" --mode=fast --wait stop >/dev/null 2>&1 || true
rm -rf "$data"
