#!/bin/sh
# lookup.sh DIRECTORY USER [R-URI appended by exec_dset]
# Prints the contacts of USER, one per line (the first becomes the R-URI, the rest branches); exit 1 when unknown.
directory=$1
user=$2
awk -v user="$user" '$1 == user { for (i = 2; i <= NF; i++) print $i; found = 1 } END { exit found ? 0 : 1 }' "$directory"
