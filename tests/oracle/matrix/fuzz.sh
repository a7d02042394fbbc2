#!/usr/bin/env bash
# Fuzzes the conformance matrix: generates COUNT requests (seed SEED) into a temporary folder, records them from
# Kamailio, runs the matrix tests on them (EXEC_MATRIX_DIR) and prints the differences grouped (see README.md).
# usage: tests/oracle/matrix/fuzz.sh [SEED [COUNT [OUT]]]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
seed="${1:-1}"
count="${2:-1500}"
out="${3:-$(mktemp -d /tmp/exec-matrix-fuzz.XXXXXX)}"
echo "fuzz: seed $seed, $count requests, in $out" >&2
exec python3 "$here/fuzz.py" --seed "$seed" --count "$count" --run "$out"
