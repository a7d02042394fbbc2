#!/usr/bin/env bash
# Head to head (run by hand, not in CI): Kamailio 5.6 with exec_dset and the ExecToolkit sample server, same lookup
# script and directory, driven by the same sipp INVITE scenario at rising rates (20 s each). Prints a Markdown table:
# failed calls, median and p99 response time (sipp's response-time measure on the 302) per server and rate, and the
# highest rate each held with 0 failed calls.
# Usage: bash tests/headtohead/run.sh [seconds-per-rate] [rates...]     (needs root for apt-get when kamailio is missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-20}"
shift || true
rates=("${@:-100 300 1000 2000}")
read -r -a rates <<<"${rates[*]}"

for tool in kamailio sipp tcpdump; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kamailio sip-tester tcpdump >/dev/null
    fi
done

work="$(mktemp -d)"
dotnet build samples/ExecToolkit.SampleServer -c Release -v:q -nologo >/dev/null
scripts="$PWD/samples/ExecToolkit.SampleServer/bin/Release/net10.0/scripts"
export EXEC_SAMPLE_DIR="$scripts"

kamailio -f tests/headtohead/kamailio.cfg -P "$work/kamailio.pid" -w "$work" >/dev/null 2>&1
dotnet samples/ExecToolkit.SampleServer/bin/Release/net10.0/exec-sample-server.dll --listen 127.0.0.1:5081 --archive "$work/archive" --concurrency 16 --workers 8 >"$work/sample.log" 2>&1 &
sample_pid=$!
cleanup() {
    kill "$(cat "$work/kamailio.pid" 2>/dev/null)" 2>/dev/null || true
    kill "$sample_pid" 2>/dev/null || true
    sleep 1
    rm -rf "$work"
}
trap cleanup EXIT
sleep 3

measure() { # server-address rate -> "failed median_ms p99_ms"
    local target=$1 rate=$2 dir port capture
    dir=$(mktemp -d -p "$work")
    port=${target##*:}
    tcpdump -i lo -nn -U -w "$dir/capture.pcap" udp port "$port" >/dev/null 2>&1 &
    capture=$!
    sleep 1
    (cd "$dir" && sipp -sf "$OLDPWD/tests/e2e/scenarios/invite-302.xml" -inf "$OLDPWD/tests/e2e/scenarios/users.csv" \
        -i 127.0.0.1 -r "$rate" -m $((rate * seconds)) -l $((rate * 4)) -nostdin -timeout $((seconds + 30))s \
        -trace_stat -fd 1 "$target" >/dev/null 2>&1) || true
    sleep 1
    kill "$capture" 2>/dev/null || true
    wait "$capture" 2>/dev/null || true
    local failed
    failed=$(awk -F';' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "FailedCall(C)") col = i } END { print $col }' "$dir"/*_.csv 2>/dev/null || echo "?")
    read -r _ median p99 _ < <(tcpdump -nn -tt -A -r "$dir/capture.pcap" 2>/dev/null | python3 tests/headtohead/response_times.py "$port")
    echo "$failed $median $p99"
}

# Warm-up (JIT, caches, the first forks): 3 s at 50 calls/s on each, not reported.
seconds_saved=$seconds; seconds=3
measure 127.0.0.1:5080 50 >/dev/null
measure 127.0.0.1:5081 50 >/dev/null
seconds=$seconds_saved

echo "| rate (calls/s) | Kamailio failed | Kamailio median ms | Kamailio p99 ms | ExecToolkit failed | ExecToolkit median ms | ExecToolkit p99 ms |"
echo "|---|---|---|---|---|---|---|"
for rate in "${rates[@]}"; do
    read -r kf km kp <<<"$(measure 127.0.0.1:5080 "$rate")"
    read -r ef em ep <<<"$(measure 127.0.0.1:5081 "$rate")"
    echo "| $rate | $kf | $km | $kp | $ef | $em | $ep |"
done
