# capture.sh: sourced by dump.sh, argv.sh, dset.sh and avp.sh; POSIX sh (dash).
#
# The probes run from <work>/probes, a copy that record.sh makes in its
# temporary folder; they write into <work>/out/<case>/, where <case> is the
# content of <work>/out/current (record.sh writes it before each datagram).
# Outside such a folder they refuse to run, so nothing lands in the repository.
#
# capture PROBE MODE "$@" makes <work>/out/<case>/PROBE-MODE.<n>/ (n counts
# from 1 within the case), sets CAPTURE_DIR to it and stores:
#   sh-cmdline  /proc/$PPID/cmdline: "sh", "-c", the command (NUL after each)
#   sh-environ  /proc/$PPID/environ: the block Kamailio gave execve, as is
#   sh-comm     /proc/$PPID/comm
#   sh-pid      $PPID, so the recorder can spell the shell's $$ as <sh-pid>
#   argv        "$0" then the arguments, NUL after each
#   script-env  env -0 seen from this script (dash keeps one entry per name)
#   seq         1 for the first probe run of the case, 2 for the next, ...

capture_out=$(cd "${0%/*}/.." && pwd)/out
if [ ! -d "$capture_out" ] || [ ! -s "$capture_out/current" ]; then
	echo "${0##*/}: no recorder folder at $capture_out (run tests/oracle/recorder/record.sh)" >&2
	exit 70
fi

capture() {
	capture_case="$capture_out/$(cat "$capture_out/current")"
	capture_base="$capture_case/$1-$2"
	shift 2
	capture_n=1
	until mkdir "$capture_base.$capture_n" 2>/dev/null; do
		capture_n=$((capture_n + 1))
		if [ "$capture_n" -gt 99 ]; then
			echo "capture: cannot make $capture_base.<n>" >&2
			exit 70
		fi
	done
	CAPTURE_DIR="$capture_base.$capture_n"
	capture_seq=$(($(cat "$capture_case/probe-count" 2>/dev/null || echo 0) + 1))
	printf '%s\n' "$capture_seq" >"$capture_case/probe-count"
	printf '%s\n' "$capture_seq" >"$CAPTURE_DIR/seq"
	cat "/proc/$PPID/cmdline" >"$CAPTURE_DIR/sh-cmdline"
	cat "/proc/$PPID/environ" >"$CAPTURE_DIR/sh-environ"
	cat "/proc/$PPID/comm" >"$CAPTURE_DIR/sh-comm"
	printf '%s\n' "$PPID" >"$CAPTURE_DIR/sh-pid"
	printf '%s\0' "$0" "$@" >"$CAPTURE_DIR/argv"
	env -0 >"$CAPTURE_DIR/script-env"
}

# capture_stdin: keeps what Kamailio wrote into the pipe (exec_msg)
capture_stdin() {
	cat >"$CAPTURE_DIR/stdin"
}

# ... | capture_stdout: keeps the bytes, then prints them for Kamailio
capture_stdout() {
	cat >"$CAPTURE_DIR/stdout"
	cat "$CAPTURE_DIR/stdout"
}
