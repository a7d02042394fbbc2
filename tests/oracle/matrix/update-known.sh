#!/usr/bin/env bash
# Runs the matrix tests and applies the "+"/"-" lines their failures print to known-differences.txt: after a fix,
# the differences it removed leave the list; after a deliberate change, new ones are added (then document them in
# docs/divergences.md). Review the diff before committing it.
set -euo pipefail
cd "$(dirname "$0")/../../.."
list=tests/oracle/matrix/known-differences.txt
out=$(mktemp)
dotnet test tests/ExecToolkit.Tests -c Release --filter "FullyQualifiedName~Oracle.MatrixTests" >"$out" 2>&1 || true
python3 - "$list" "$out" <<'PY'
import sys
path, out = sys.argv[1], sys.argv[2]
lines = open(path, encoding="utf-8").read().splitlines()
header = [l for l in lines if l.startswith("#")]
keys = {l for l in lines if l and not l.startswith("#")}
added = removed = 0
for line in open(out, encoding="utf-8", errors="replace"):
    line = line.rstrip("\n").lstrip()
    if line.startswith("+\t"):
        keys.add(line[2:]); added += 1
    elif line.startswith("-\t"):
        keys.discard(line[2:]); removed += 1
with open(path, "w", encoding="utf-8") as f:
    f.write("\n".join(header + sorted(keys)) + "\n")
print("%d added, %d removed, %d listed" % (added, removed, len(keys)))
PY
rm -f "$out"
