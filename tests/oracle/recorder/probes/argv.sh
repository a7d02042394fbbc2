#!/bin/sh
# argv.sh ARG...: the probe of exec_msg calls whose command holds
# pseudo-variables. The arguments show what PV expansion and then the shell
# made of the command string. Also records the environment and stdin.
. "${0%/*}/capture.sh"
capture argv x "$@"
capture_stdin
exit 0
