#!/bin/sh
# lines.sh KIND [N]: output generator for the edge cases; records nothing.
#   many N   N lines sip:b1@127.0.0.1 ... sip:bN@127.0.0.1 (default 20)
#   long     one URI line of 1,515 bytes (longer than Kamailio's 1,023-byte line buffer), then sip:after@127.0.0.1
#   longavp  one line of 1,500 digits, then "after"
case "$1" in
many)
	n=${2:-20}
	i=1
	while [ "$i" -le "$n" ]; do
		printf 'sip:b%d@127.0.0.1\n' "$i"
		i=$((i + 1))
	done
	;;
long)
	printf 'sip:'
	i=0
	while [ "$i" -lt 150 ]; do printf 'u123456789'; i=$((i + 1)); done
	printf '@127.0.0.1\nsip:after@127.0.0.1\n'
	;;
longavp)
	i=0
	while [ "$i" -lt 150 ]; do printf '0123456789'; i=$((i + 1)); done
	printf '\nafter\n'
	;;
*)
	echo "lines.sh: unknown kind '$1'" >&2
	exit 2
	;;
esac
