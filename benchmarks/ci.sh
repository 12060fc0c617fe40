#!/usr/bin/env bash
# The CI benchmark job: each headline benchmark beside its peer in one short run, the cold-start scenarios in fresh
# processes, every ratio, allocation and first call held to benchmarks/ci-floors.json. Exits non-zero naming each
# figure outside its limit. Writes BenchmarkDotNet's JSON and reports and ci-summary.md (CPU, vector widths, runtime)
# to the artifacts folder. About three minutes on two cores.
#
# Usage: benchmarks/ci.sh [artifacts folder, default benchmarks/artifacts/ci]
#        benchmarks/ci.sh --packages <version> [--source <feed>] [artifacts folder]
# With --packages the benchmarks are built against the MlSystems NuGet packages of that version (from nuget.org, or
# the feed or folder given), not the source, so what is measured is what a user installs. A version already in the
# NuGet cache (~/.nuget/packages) is taken from there: give a freshly packed build a version of its own.
# Needs Debian's python3-numpy and python3-scipy for the scipy/numpy peers.
set -euo pipefail
cd "$(dirname "$0")/.."
build=(-c Release)
if [[ "${1:-}" == "--packages" ]]; then
  [[ -n "${2:-}" ]] || { echo "--packages needs a version" >&2; exit 2; }
  build+=("-p:MlSystemsPackageVersion=$2")
  shift 2
  if [[ "${1:-}" == "--source" ]]; then
    [[ -n "${2:-}" ]] || { echo "--source needs a feed or folder" >&2; exit 2; }
    build+=("-p:RestoreAdditionalProjectSources=$(realpath "$2")")
    shift 2
  fi
  # Restore state and output of their own, so the source build's (which the tests' --no-restore runs rely on) is left alone.
  project="$(pwd)/benchmarks/MlSystems.Benchmarks"
  build+=("-p:MSBuildProjectExtensionsPath=$project/obj/packages/" "-p:IntermediateOutputPath=$project/obj/packages/Release/" "-p:OutputPath=$project/bin/packages/Release/")
  bench=benchmarks/MlSystems.Benchmarks/bin/packages/Release/MlSystems.Benchmarks.dll
else
  bench=benchmarks/MlSystems.Benchmarks/bin/Release/net10.0/MlSystems.Benchmarks.dll
fi
artifacts="$(mkdir -p "${1:-benchmarks/artifacts/ci}" && cd "${1:-benchmarks/artifacts/ci}" && pwd)"
dotnet build "${build[@]}" benchmarks/MlSystems.Benchmarks > "$artifacts/build.log" 2>&1 || { cat "$artifacts/build.log"; exit 1; }
/usr/bin/python3 benchmarks/peers/drift_peers.py > "$artifacts/peers.json"
dotnet "$bench" --ci benchmarks/ci-floors.json "$artifacts" "$artifacts/peers.json"
