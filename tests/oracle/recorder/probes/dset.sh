#!/bin/sh
# dset.sh: the exec_dset probe of route MAIN. Kamailio appends " '<R-URI>'"
# to the command, so the current R-URI arrives as the last argument; it is
# recorded, not used. The output is a fixed URI set, one case of exec_dset's
# line handling per line. OracleExecTests.DsetMain prints the same bytes.
. "${0%/*}/capture.sh"
capture dset main "$@"
{
	printf 'sip:first@127.0.0.1:5999\n'                 # first line: the new R-URI
	printf 'sip:second@example.com;transport=tcp \t \n' # SP TAB SP at the end: trimmed
	printf '\n'                                         # empty: skipped
	printf ' \t \n'                                     # blanks only: skipped
	printf '  sip:leading@example.org\n'                # leading blanks: kept
	printf 'this is not a uri\n'                        # not validated
	printf 'sip:crlf@example.net\r\n'                   # CR before LF: trimmed
	printf 'sips:eighth@example.com:5061;lr;x=1\n'      # parameters kept
} | capture_stdout
exit 0
