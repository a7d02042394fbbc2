#!/usr/bin/env bash
# Runs every test of the solution from a clean clone: restores, builds (warnings are errors) and tests.
# Test results (TRX) go to artifacts/test-results; extra arguments go to `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")/.."

# The end-to-end tests drive the sample server with sipp (Debian package sip-tester), also through Kamailio's
# dispatcher (package kamailio); the ShellSafe property tests
# run every shell a user may have as /bin/sh (EveryShellSafetyTests): bash, busybox ash, mksh, ksh93, zsh, yash, posh.
missing=""
command -v sipp >/dev/null 2>&1 || missing="$missing sip-tester"
# The scale-out test puts Kamailio's dispatcher in front of two sample instances (DispatcherTests).
[ -x /usr/sbin/kamailio ] || command -v kamailio >/dev/null 2>&1 || missing="$missing kamailio"
# The runtime's native process start (src/ExecToolkit/Native) is built with the system's C compiler (NativeSpawnTests
# check that it loads).
command -v "${CC:-cc}" >/dev/null 2>&1 || missing="$missing gcc"
for pair in bash:bash busybox:busybox mksh:mksh ksh93:ksh zsh:zsh yash:yash posh:posh; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing="$missing ${pair#*:}"
done
if [ -n "$missing" ]; then
    echo "installing$missing with apt-get for the tests" >&2
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq $missing >/dev/null
fi

results="${TEST_RESULTS_DIR:-artifacts/test-results}"
rm -rf "$results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

dotnet test ExecToolkit.sln -c Release --logger trx --results-directory "$results" "$@"
