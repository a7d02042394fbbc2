#!/usr/bin/env bash
# Head to head (run by hand, not in CI): Kamailio 5.6 with exec_dset and the ExecToolkit sample server, with its
# handlers through the shell (Exec:ShellUse=Always, Kamailio's way) and without it (WhenNeeded, the sample's setting), same lookup script and
# directory, driven by the same sipp INVITE scenario at rising rates (20 s each). Prints a Markdown table: failed
# calls, median and p99 response time (from a loopback capture) per server and rate, medians over ROUNDS rounds; every
# round's figures go to docs/images/headtohead.csv and the chart drawn from them (dated, with this command under it) to
# docs/images/headtohead.png (CHART=0 leaves both alone).
# Usage: [ROUNDS=3] bash tests/headtohead/run.sh [seconds-per-rate] [rates...]   (root for apt-get when kamailio is missing)
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
Exec__ShellUse=Always dotnet samples/ExecToolkit.SampleServer/bin/Release/net10.0/exec-sample-server.dll --listen 127.0.0.1:5081 --archive "$work/archive" --concurrency 16 --workers 8 >"$work/sample.log" 2>&1 &
sample_pid=$!
Exec__ShellUse=WhenNeeded dotnet samples/ExecToolkit.SampleServer/bin/Release/net10.0/exec-sample-server.dll --listen 127.0.0.1:5082 --archive "$work/archive" --concurrency 16 --workers 8 >"$work/sample-direct.log" 2>&1 &
direct_pid=$!
cleanup() {
    kill "$(cat "$work/kamailio.pid" 2>/dev/null)" 2>/dev/null || true
    kill "$sample_pid" "$direct_pid" 2>/dev/null || true
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
servers=(127.0.0.1:5080 127.0.0.1:5081 127.0.0.1:5082)
names=("Kamailio" "ExecToolkit, shell" "ExecToolkit, no shell")
chart_names=("Kamailio $(kamailio -v 2>/dev/null | sed -n 's/^version: kamailio \([0-9.]*\).*/\1/p' | head -1)" "ExecToolkit through sh -c" "ExecToolkit without the shell")
seconds_saved=$seconds; seconds=3
for server in "${servers[@]}"; do
    measure "$server" 50 >/dev/null
done
seconds=$seconds_saved

# Each rate is measured ROUNDS times (default 3), the servers taking turns to go first, so that drift on the machine
# hits all of them; the table gives the median over the rounds and every round's p99.
rounds="${ROUNDS:-3}"
invoked="ROUNDS=$rounds bash tests/headtohead/run.sh $seconds ${rates[*]}"
started="$(date -u '+%Y-%m-%d %H:%M')"
csv="$work/headtohead.csv"
echo "rate,server,round,calls,failed,median_ms,p99_ms" >"$csv"
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "?"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
header="| rate (calls/s) |"
rule="|---|"
for name in "${names[@]}"; do
    header+=" $name failed | $name median ms | $name p99 ms |"
    rule+="---|---|---|"
done
echo "$header p99 per round (Kamailio / shell / no shell) |"
echo "$rule---|"
for rate in "${rates[@]}"; do
    declare -A failed=() med=() p99=()
    for ((round = 0; round < rounds; round++)); do
        for ((k = 0; k < ${#servers[@]}; k++)); do
            i=$(((round + k) % ${#servers[@]}))
            read -r f m p <<<"$(measure "${servers[i]}" "$rate")"
            failed[$i]+=" $f"; med[$i]+=" $m"; p99[$i]+=" $p"
            echo "$rate,${chart_names[i]},$((round + 1)),$((rate * seconds)),$f,$m,$p" >>"$csv"
        done
    done
    line="| $rate |"
    for ((i = 0; i < ${#servers[@]}; i++)); do
        line+=" $(echo "${failed[$i]}" | median) | $(echo "${med[$i]}" | median) | $(echo "${p99[$i]}" | median) |"
    done
    per_round=""
    for ((round = 0; round < rounds; round++)); do
        cells=()
        for ((i = 0; i < ${#servers[@]}; i++)); do
            read -r -a values <<<"${p99[$i]}"
            cells+=("${values[round]}")
        done
        per_round+="${per_round:+, }$(IFS=/; echo "${cells[*]}")"
    done
    echo "$line $per_round |"
    unset failed med p99
done

if [ "${CHART:-1}" != 0 ]; then
    mkdir -p docs/images
    cp "$csv" docs/images/headtohead.csv
    dotnet run -c Release --project tools/ExecToolkit.Charts -- headtohead \
        --input docs/images/headtohead.csv --output docs/images/headtohead.png \
        --date "$started-$(date -u '+%H:%M') UTC, $(nproc) cores, ${seconds} s per rate, median of $rounds rounds" \
        --command "$invoked" >&2
fi
