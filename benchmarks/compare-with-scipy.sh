#!/usr/bin/env bash
# Runs the drift benchmarks and their scipy/numpy peers on this machine and prints each ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
peers=$(/usr/bin/python3 benchmarks/peers/drift_peers.py)
echo "$peers"
dotnet run -c Release --project benchmarks/MlSystems.Benchmarks -- --filter '*TwoSampleBenchmarks*' --exporters json \
  --artifacts /tmp/mlsystems-drift-bdn >/dev/null
report=$(ls /tmp/mlsystems-drift-bdn/results/*TwoSampleBenchmarks*-report-full-compressed.json)
/usr/bin/python3 - "$report" "$peers" <<'PY'
import json, sys
bdn = json.load(open(sys.argv[1]))
peers = json.loads(sys.argv[2])
ours = {b["Method"]: b["Statistics"]["Median"] / 1e9 for b in bdn["Benchmarks"]}
pairs = [("KolmogorovSmirnov_TwoSample", "scipy.stats.ks_2samp"),
         ("PopulationStabilityIndex_Compute", "numpy PSI (quantile + searchsorted + bincount)")]
for mine, peer in pairs:
    print(f"{mine}: {ours[mine] * 1e3:.2f} ms median vs {peer} {peers[peer] * 1e3:.1f} ms -> {peers[peer] / ours[mine]:.1f}x faster")
PY
