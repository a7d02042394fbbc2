#!/usr/bin/env bash
# record.sh: records every case of tests/oracle/cases from a real Kamailio.
#
#   bash tests/oracle/recorder/record.sh
#
# Starts Kamailio (this folder's kamailio.cfg) on 127.0.0.1:5070, sends each
# corpus/<case>.sip from 127.0.0.1:5071, one at a time, and writes
# expected/<case>.json. corpus/variant-<name>/ holds one request that runs in
# a second Kamailio started with -A VARIANT_<NAME>. Everything Kamailio and
# the probes write goes to a temporary folder under /tmp, removed at the end
# (KEEP_WORK=1 keeps it). KAMAILIO_MODULES=<dir> passes -L <dir>.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cases=$(cd "$here/../cases" && pwd)

fail() {
	echo "record.sh: $*" >&2
	exit 1
}

# ---- prerequisites
install_hint="install them with: sudo apt-get install kamailio python3"
# Debian puts it in /usr/sbin, which a user's PATH may lack
kamailio=$(PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin" command -v kamailio) || fail "kamailio is not installed; $install_hint"
command -v python3 >/dev/null 2>&1 || fail "python3 is not installed; $install_hint"
python3 -c 'import sys; sys.exit(sys.version_info < (3, 8))' || fail "python3 3.8 or newer is needed"
version=$("$kamailio" -v 2>/dev/null | sed -n 's/^version: kamailio \([0-9.]*\).*/\1/p')
case "$version" in
5.6.*) ;;
*) fail "Kamailio 5.6 is needed (the cases record 5.6.3), found '${version:-nothing}'" ;;
esac
[ "$version" = 5.6.3 ] || echo "record.sh: note: Kamailio $version, the cases were recorded with 5.6.3" >&2
modules=${KAMAILIO_MODULES:-$("$kamailio" -I 2>/dev/null | sed -n 's/^ *Default paths to modules: *//p')}
for m in exec pv sl textops xlog; do
	[ -f "$modules/$m.so" ] || fail "$m.so not found in '$modules' (set KAMAILIO_MODULES); $install_hint"
done
if ! readlink -f /bin/sh | grep -q dash; then
	echo "record.sh: note: /bin/sh is not dash; the cases were recorded with dash 0.5.12" >&2
fi
for port in 5070 5071; do
	python3 - "$port" <<'EOF' || fail "UDP port 127.0.0.1:$port is in use"
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", int(sys.argv[1])))
EOF
done

# ---- temporary folder: probes/ (a copy), out/ (what the probes write), logs
# /tmp whatever TMPDIR says: the folder name reaches the commands, so its
# length and characters stay the same from one machine to another.
work=$(mktemp -d /tmp/exec-oracle.XXXXXXXX)
kamailio_pid=
cleanup() {
	if [ -n "$kamailio_pid" ] && kill -0 "$kamailio_pid" 2>/dev/null; then
		kill -TERM "$kamailio_pid" 2>/dev/null || true
		wait "$kamailio_pid" 2>/dev/null || true
	fi
	if [ "${KEEP_WORK:-0}" = 1 ]; then
		echo "record.sh: kept $work" >&2
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir "$work/probes" "$work/out" "$work/run"
cp "$here"/probes/*.sh "$work/probes/"
chmod 755 "$work"/probes/*.sh
: >"$work/manifest"

# run NAME DEFINE-OR-EMPTY CASE=FILE...: one Kamailio, the given cases in order
run() {
	local name=$1 define=$2
	shift 2
	local log="$work/kamailio-$name.log" args=()
	[ -n "$define" ] && args+=(-A "$define")
	[ -n "${KAMAILIO_MODULES:-}" ] && args+=(-L "$KAMAILIO_MODULES")
	echo "record.sh: Kamailio run '$name' ${define:+(-A $define) }with $# case(s)"
	# fixed environment and working directory: nothing of the caller's reaches the commands
	env -i PATH=/usr/bin:/bin HOME=/nonexistent LANG=C \
		"$kamailio" -f "$here/kamailio.cfg" --substdef "!ORACLE_DIR!$work/probes!g" \
		-DD -E -w "$work" -Y "$work/run" -m 64 -M 8 ${args[@]+"${args[@]}"} \
		</dev/null >>"$log" 2>&1 &
	kamailio_pid=$!
	python3 "$here/send.py" "$work" "$log" "$kamailio_pid" "$@"
	kill -TERM "$kamailio_pid"
	wait "$kamailio_pid" || true
	kamailio_pid=
	local c
	for c in "$@"; do
		printf '%s\t%s\t%s\n' "${c%%=*}" "${c#*=}" "$define" >>"$work/manifest"
	done
}

start=$(date +%s.%N)
main_cases=()
for f in "$cases"/corpus/*.sip; do
	[ -e "$f" ] || continue
	b=$(basename "$f" .sip)
	main_cases+=("$b=$f")
done
[ ${#main_cases[@]} -gt 0 ] || fail "no corpus/*.sip in $cases"
run main "" "${main_cases[@]}"

for d in "$cases"/corpus/variant-*/; do
	[ -d "$d" ] || continue
	v=$(basename "$d")
	files=("$d"*.sip)
	[ ${#files[@]} -eq 1 ] && [ -e "${files[0]}" ] || fail "$d must hold exactly one .sip file"
	define=VARIANT_$(printf '%s' "${v#variant-}" | tr 'a-z' 'A-Z' | tr -c 'A-Z0-9\n' '_')
	grep -q "^#!ifdef $define\$" "$here/kamailio.cfg" || fail "$v: kamailio.cfg has no '#!ifdef $define' block"
	run "$v" "$define" "$v=${files[0]}"
done

python3 "$here/assemble.py" "$work" "$cases" "$here/notes.tsv"
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" -v n="$(wc -l <"$work/manifest")" \
	'BEGIN { printf "record.sh: %d case(s) recorded in %.1f s into tests/oracle/cases/expected\n", n, e - s }'
