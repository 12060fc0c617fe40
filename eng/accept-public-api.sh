#!/usr/bin/env bash
# Adds every symbol the PublicApiAnalyzers report as undeclared (RS0016) to the project's PublicAPI.Unshipped.txt.
# Run it only after deciding that the new public surface is intended: the analyzer exists to make that a decision.
set -euo pipefail
project=${1:?usage: eng/accept-public-api.sh src/MlSystems.X}
file="$project/PublicAPI.Unshipped.txt"
dotnet build "$project" -nologo 2>&1 | grep 'error RS0016' | sed "s/.*Symbol '//; s/' is not part of the declared.*//" | sort -u > /tmp/new-api.txt || true
{ cat "$file"; cat /tmp/new-api.txt; } | grep -v '^#nullable' | sort -u > /tmp/api.txt
{ echo '#nullable enable'; cat /tmp/api.txt; } > "$file"
echo "$(wc -l < /tmp/new-api.txt) symbols added to $file"
