#!/usr/bin/env bash
# Rewrites PublicAPI.Unshipped.txt of a project (default: src/ExecToolkit) with every public symbol that is not in its
# PublicAPI.Shipped.txt, as the PublicApiAnalyzers code fix would one symbol at a time. Review the diff before committing:
# it is the change to the public surface.
set -euo pipefail
cd "$(dirname "$0")/.."
project_dir=${1:-src/ExecToolkit}
unshipped="$project_dir/PublicAPI.Unshipped.txt"
printf '#nullable enable\n' > "$unshipped"
{
  printf '#nullable enable\n'
  dotnet build "$project_dir" -c Release --no-incremental -p:TreatWarningsAsErrors=false 2>&1 \
    | sed -n "s/.*warning RS0016: Symbol '\(.*\)' is not part of the declared public API.*/\1/p" | sort -u
} > "$unshipped.new"
mv "$unshipped.new" "$unshipped"
dotnet build "$project_dir" -c Release >/dev/null
echo "$unshipped: $(($(wc -l < "$unshipped") - 1)) symbols"
