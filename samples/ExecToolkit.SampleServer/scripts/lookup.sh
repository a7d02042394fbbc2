#!/bin/sh
# lookup.sh DIRECTORY USER [R-URI appended by exec_dset]
# Prints the contacts of USER, one per line (the first becomes the R-URI, the rest branches); exit 1 when unknown.
# USER is compared as a plain string with the first word of each entry: it reaches awk through the environment
# (ENVIRON does not expand backslash escapes, as awk -v would), comment lines and blank lines are not entries, and
# only contacts that look like SIP URIs are printed.
directory=$1
LOOKUP_USER=$2
export LOOKUP_USER
exec awk '
	/^[ \t]*(#|$)/ { next }
	$1 == ENVIRON["LOOKUP_USER"] && ENVIRON["LOOKUP_USER"] != "" {
		for (i = 2; i <= NF; i++) if ($i ~ /^sips?:[^ \t]+$/) { print $i; found = 1 }
	}
	END { exit found ? 0 : 1 }
' "$directory"
