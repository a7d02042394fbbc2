#!/usr/bin/env bash
# Runs every test of the solution from a clean clone: restores, builds (warnings are errors) and tests.
# Test results (TRX) go to artifacts/test-results; extra arguments go to `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")/.."

results="${TEST_RESULTS_DIR:-artifacts/test-results}"
rm -rf "$results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

dotnet test ExecToolkit.sln -c Release --logger trx --results-directory "$results" "$@"
