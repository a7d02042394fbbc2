#!/usr/bin/env bash
# Compares the exec path of two commits in one process (see README.md): bash tools/ExecToolkit.Paired/paired.sh BASE
# [command] [concurrency] [rounds] [warm-up seconds]. A is BASE (a commit, checked out in a temporary worktree), B this
# working tree. About a minute with the defaults (sequential exec_dset of the shell's echo, 40 rounds, 25 s warm-up).
# With --floor instead of BASE, A is the throughput benchmark's popen floor (native/popen_floor.c, built with gcc) and the
# last line SipExec's rate as a share of the floor's, round by round.
set -euo pipefail
cd "$(dirname "$0")/../.."
base="${1:?usage: paired.sh BASE|--floor [command] [concurrency] [rounds] [warm-up seconds]}"
shift
work="$(mktemp -d)"
trap 'git worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
dotnet build tools/ExecToolkit.Paired/Runner -c Release -o "$work/out-b" -nologo -v q
dotnet build tools/ExecToolkit.Paired/Host -c Release -o "$work/host" -nologo -v q
if [ "$base" = "--floor" ]; then
    gcc -O2 -pthread -o "$work/popen_floor" tests/ExecToolkit.Benchmarks/native/popen_floor.c
    exec dotnet "$work/host/exectoolkit-paired.dll" --floor "$work/out-b/ExecToolkit.Paired.Runner.dll" "$work/popen_floor" "$@"
fi
git worktree add --detach "$work/base" "$base" >/dev/null
# The runner built against each tree from inside it (the base worktree gets a copy), so each build has its own
# intermediate files and the tree's own build settings.
mkdir -p "$work/base/tools/ExecToolkit.Paired"
cp -r tools/ExecToolkit.Paired/Runner "$work/base/tools/ExecToolkit.Paired/"
rm -rf "$work/base/tools/ExecToolkit.Paired/Runner/bin" "$work/base/tools/ExecToolkit.Paired/Runner/obj"
dotnet build "$work/base/tools/ExecToolkit.Paired/Runner" -c Release -o "$work/out-a" -nologo -v q
dotnet "$work/host/exectoolkit-paired.dll" "$work/out-a/ExecToolkit.Paired.Runner.dll" "$work/out-b/ExecToolkit.Paired.Runner.dll" "$@"
