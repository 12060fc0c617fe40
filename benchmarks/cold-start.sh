#!/usr/bin/env bash
# Cold start: each scenario's first and second call against its steady state, each in a fresh process, several times;
# prints every run and the medians. Goal (issue 14): first call within 3x steady, second within 1.2x.
# A "-prepared" scenario first runs the warm-up a service runs at start (DriftWarmUp, ModelMonitor.PrepareAsync) and
# waits for the compiler to go quiet, as it has by the first check minutes later.
# Usage: benchmarks/cold-start.sh [runs per scenario, default 5]
# READY_TO_RUN=1 measures a ReadyToRun publish instead (every assembly precompiled by crossgen2 for x86-64-v3, as a
# service published with PublishReadyToRun would run it).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
profile="$(mktemp)"
published="$(mktemp -d)"
trap 'rm -rf "$profile" "$profile.monitor" "$published"' EXIT
if [[ "${READY_TO_RUN:-0}" == 1 ]]; then
  dotnet publish -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
    -p:PublishReadyToRunCrossgen2ExtraArgs=--instruction-set:x86-64-v3 -o "$published" benchmarks/MlSystems.Benchmarks > /dev/null
  bench="$published/MlSystems.Benchmarks.dll"
else
  dotnet build -c Release benchmarks/MlSystems.Benchmarks > /dev/null
  bench=benchmarks/MlSystems.Benchmarks/bin/Release/net10.0/MlSystems.Benchmarks.dll
fi
dotnet "$bench" --cold-start prepare "$profile"
for scenario in psi ks report monitor psi-prepared ks-prepared report-prepared monitor-prepared; do
  for _ in $(seq "$runs"); do
    dotnet "$bench" --cold-start "$scenario" "$profile"
  done | tee /dev/stderr | python3 -c '
import statistics, sys
rows = [dict(p.split("=") for p in line.split()[1:]) for line in sys.stdin if line.strip()]
med = lambda k: statistics.median(float(r[k]) for r in rows)
first, second, steady, jit, prepare = med("first_ratio"), med("second_ratio"), med("steady_ms"), med("first_jit_ms"), med("prepare_ms")
warm = f", warm-up {prepare:.0f} ms before it" if prepare else ""
print(f"{sys.argv[1]}: median first {first:.2f}x steady, second {second:.2f}x, JIT in the first call {jit:.1f} ms{warm} ({len(rows)} fresh processes, steady {steady:.2f} ms)")
' "$scenario"
done
