#!/bin/sh
# dump.sh MODE: the exec_msg probe. Records argv, the environment block and
# stdin (the datagram Kamailio received); prints nothing.
. "${0%/*}/capture.sh"
capture dump "${1:-none}" "$@"
capture_stdin
exit 0
