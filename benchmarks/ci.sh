#!/usr/bin/env bash
# The CI benchmark job: each headline benchmark beside its peer in one short run, the cold-start scenarios in fresh
# processes, every ratio, allocation and first call held to benchmarks/ci-floors.json. Exits non-zero naming each
# figure outside its limit. Writes BenchmarkDotNet's JSON and reports and ci-summary.md (CPU, vector widths, runtime)
# to the artifacts folder. About three minutes on two cores.
#
# Usage: benchmarks/ci.sh [artifacts folder, default benchmarks/artifacts/ci]
#        benchmarks/ci.sh --packages <version> [--source <feed or folder>] [artifacts folder]
# With --packages the benchmarks are built against the MlSystems NuGet packages of that version (from nuget.org, or
# the feed or folder given), not the source, so what is measured is what a user installs. With --source, copies of
# those MlSystems packages and version already in the NuGet cache are removed first, so a package packed earlier
# under the same version is never measured instead of the feed's.
# Needs Debian's python3-numpy and python3-scipy for the scipy/numpy peers.
set -euo pipefail
repository="$(cd "$(dirname "$0")/.." && pwd)"
project="$repository/benchmarks/MlSystems.Benchmarks"
build=(-c Release)
bench="$project/bin/Release/net10.0/MlSystems.Benchmarks.dll"
artifacts=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --packages)
      [[ -n "${2:-}" ]] || { echo "--packages needs a version" >&2; exit 2; }
      # Restore state, packages and output of their own, so the source build's (which the tests' --no-restore runs rely
      # on) is left alone.
      version="$2"
      build+=("-p:MlSystemsPackageVersion=$2" "-p:MSBuildProjectExtensionsPath=$project/obj/packages/" "-p:IntermediateOutputPath=$project/obj/packages/Release/"
        "-p:OutputPath=$project/bin/packages/Release/")
      bench="$project/bin/packages/Release/MlSystems.Benchmarks.dll"
      shift 2 ;;
    --source)
      [[ -n "${2:-}" ]] || { echo "--source needs a feed or folder" >&2; exit 2; }
      source="$2"
      [[ -d "$source" ]] && source="$(cd "$source" && pwd)"
      build+=("-p:RestoreAdditionalProjectSources=$source")
      evict=1
      shift 2 ;;
    -*) echo "unknown option $1; usage: benchmarks/ci.sh [--packages <version> [--source <feed>]] [artifacts folder]" >&2; exit 2 ;;
    *) [[ -z "$artifacts" ]] || { echo "one artifacts folder only" >&2; exit 2; }; artifacts="$1"; shift ;;
  esac
done
artifacts="${artifacts:-$repository/benchmarks/artifacts/ci}"
mkdir -p "$artifacts" && artifacts="$(cd "$artifacts" && pwd)"
if [[ " ${build[*]} " == *" -p:RestoreAdditionalProjectSources="* && " ${build[*]} " != *" -p:MlSystemsPackageVersion="* ]]; then
  echo "--source needs --packages" >&2; exit 2
fi
cd "$repository"
if [[ -n "${evict:-}" ]]; then
  cache="$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')"
  for package in statistics drift rollout ml features features.redis monitoring registry registry.postgresql; do
    rm -rf "${cache%/}/mlsystems.$package/$version"
  done
  rm -f "$project/obj/packages/project.nuget.cache"
fi
dotnet build "${build[@]}" benchmarks/MlSystems.Benchmarks > "$artifacts/build.log" 2>&1 || { cat "$artifacts/build.log"; exit 1; }
/usr/bin/python3 benchmarks/peers/drift_peers.py > "$artifacts/peers.json"
dotnet "$bench" --ci benchmarks/ci-floors.json "$artifacts" "$artifacts/peers.json"
