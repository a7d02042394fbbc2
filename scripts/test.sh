#!/usr/bin/env bash
# Runs every test of the solution from a clean clone: restores, builds (warnings are errors) and tests.
# Test results (TRX) go to artifacts/test-results; extra arguments go to `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")/.."

# The end-to-end tests drive the sample server with sipp (Debian package sip-tester).
if ! command -v sipp >/dev/null 2>&1; then
    echo "installing sip-tester (sipp) for the end-to-end tests" >&2
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq sip-tester >/dev/null
fi

results="${TEST_RESULTS_DIR:-artifacts/test-results}"
rm -rf "$results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

dotnet test ExecToolkit.sln -c Release --logger trx --results-directory "$results" "$@"
