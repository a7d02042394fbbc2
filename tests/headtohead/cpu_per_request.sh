#!/usr/bin/env bash
# CPU per INVITE of each server (utime + stime from /proc, children excluded), run by hand: Kamailio (all its
# processes) and the ExecToolkit sample, the same sipp scenario at one rate, two rounds after a warm-up.
# Usage: bash tests/headtohead/cpu_per_request.sh [rate] [seconds] [sample options...]
#        e.g. bash tests/headtohead/cpu_per_request.sh 300 10 --workers 0
set -euo pipefail
cd "$(dirname "$0")/../.."
rate="${1:-300}"
seconds="${2:-10}"
shift 2 || true
work="$(mktemp -d)"
dotnet build samples/ExecToolkit.SampleServer -c Release -v:q -nologo >/dev/null
export EXEC_SAMPLE_DIR="$PWD/samples/ExecToolkit.SampleServer/bin/Release/net10.0/scripts"
kamailio -f tests/headtohead/kamailio.cfg -P "$work/kamailio.pid" -w "$work" >/dev/null 2>&1
dotnet samples/ExecToolkit.SampleServer/bin/Release/net10.0/exec-sample-server.dll --listen 127.0.0.1:5081 \
    --archive "$work/archive" --concurrency 16 "$@" >"$work/sample.log" 2>&1 &
sample=$!
trap 'kill "$sample" "$(cat "$work/kamailio.pid")" 2>/dev/null || true; rm -rf "$work"' EXIT
sleep 3

ticks() { # clock ticks (1/100 s) of the given processes
    local total=0 pid f
    for pid in "$@"; do
        read -r -a f <"/proc/$pid/stat"
        total=$((total + f[13] + f[14]))
    done
    echo "$total"
}
drive() {
    local dir
    dir=$(mktemp -d -p "$work")
    (cd "$dir" && sipp -sf "$OLDPWD/tests/e2e/scenarios/invite-302.xml" -inf "$OLDPWD/tests/e2e/scenarios/users.csv" \
        -i 127.0.0.1 -r "$rate" -m $((rate * seconds)) -l $((rate * 4)) -nostdin -timeout $((seconds + 30))s "$1" >/dev/null 2>&1) || true
}
mapfile -t kamailio < <(pgrep -f "kamailio -f tests/headtohead/kamailio.cfg")
drive 127.0.0.1:5080
drive 127.0.0.1:5081
for round in 1 2; do
    before=$(ticks "${kamailio[@]}"); drive 127.0.0.1:5080; after=$(ticks "${kamailio[@]}")
    echo "round $round kamailio:    $(((after - before) * 10000 / (rate * seconds))) µs CPU per INVITE"
    before=$(ticks "$sample"); drive 127.0.0.1:5081; after=$(ticks "$sample")
    echo "round $round exectoolkit: $(((after - before) * 10000 / (rate * seconds))) µs CPU per INVITE"
done
