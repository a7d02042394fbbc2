#!/bin/sh
# avp.sh list|nolist: the exec_avp probe of route MAIN; each output line
# becomes an AVP. OracleExecTests.AvpListCommand and AvpNoListCommand print
# the same bytes.
. "${0%/*}/capture.sh"
mode=${1:-list}
capture avp "$mode" "$@"
if [ "$mode" = nolist ]; then
	printf 'one\ntwo\nthree\n' | capture_stdout
else
	{
		printf 'alpha\n'                          # -> $avp(s:a)
		printf '  beta  with  spaces \t\n'        # -> $avp(s:b): leading blanks kept, SP TAB trimmed
		printf '\n'                               # empty: skipped, not counted
		printf 'gamma\r\n'                        # 3rd value -> $avp(i:3), CR trimmed
		printf '%s\n' "delta 'q' \"dq\" \$x \`b\`" # quotes, $ and backquotes stay as they are
		printf 'epsilon\n'                        # -> $avp(i:5)
	} | capture_stdout
fi
exit 0
