#!/usr/bin/env bash
# The exec_dset throughput benchmark (ExecThroughputBenchmarks: SipExec with and without the shell beside the popen
# floor, for a binary, a #!/bin/sh script and a builtin, at 1, 2 and 8 in flight), then its chart: the figures go to
# docs/images/exec-throughput.csv and the chart, dated and with this command under it, to docs/images/exec-throughput.png.
# About 10 minutes on 2 cores; run it on an otherwise idle machine. Usage: bash tests/ExecToolkit.Benchmarks/throughput.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p docs/images
started="$(date -u '+%Y-%m-%d %H:%M')"
EXECTOOLKIT_THROUGHPUT_CSV="$PWD/docs/images/exec-throughput.csv" \
    dotnet run -c Release --project tests/ExecToolkit.Benchmarks -- --filter '*ExecThroughput*'
dotnet run -c Release --project tools/ExecToolkit.Charts -- throughput \
    --input docs/images/exec-throughput.csv --output docs/images/exec-throughput.png \
    --date "$started-$(date -u '+%H:%M') UTC, $(nproc) cores" \
    --command "bash tests/ExecToolkit.Benchmarks/throughput.sh (dotnet run -c Release --project tests/ExecToolkit.Benchmarks -- --filter '*ExecThroughput*'; medians of 16 iterations of 200 exec_dset)"
