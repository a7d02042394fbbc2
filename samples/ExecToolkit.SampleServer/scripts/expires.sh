#!/bin/sh
# expires.sh REQUESTED: answers the registration expiry: the requested one bounded to 60..3600 (0 unregisters), 3600 when
# absent or not a number. Any length of digits is bounded without arithmetic on it (the shell's numbers overflow).
requested=$1
case "$requested" in
	''|*[!0-9]*) echo 3600; exit 0 ;;
esac
# Leading zeros off (007 is 7, 000 is 0); more than four digits is more than 3600.
while :; do
	case "$requested" in
		0?*) requested=${requested#0} ;;
		*) break ;;
	esac
done
if [ ${#requested} -gt 4 ]; then
	echo 3600
elif [ "$requested" -eq 0 ]; then
	echo 0
elif [ "$requested" -lt 60 ]; then
	echo 60
elif [ "$requested" -gt 3600 ]; then
	echo 3600
else
	echo "$requested"
fi
