#!/bin/sh
# expires.sh REQUESTED: answers the registration expiry: the requested one bounded to 60..3600 (0 unregisters), 3600 when absent.
requested=$1
case "$requested" in
	''|*[!0-9]*) requested=3600 ;;
esac
[ "$requested" -ne 0 ] && [ "$requested" -lt 60 ] && requested=60
[ "$requested" -gt 3600 ] && requested=3600
echo "$requested"
