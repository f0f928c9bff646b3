#!/bin/sh
# timed.sh - run one test program and append "SECONDS PROGRAM" to test-durations.txt (the build
# tree), so CI can name the slowest tests; the program's output and exit status pass through.
start=$(date +%s)
"$@"
rc=$?
for last; do :; done
echo "$(( $(date +%s) - start )) ${last##*/}" >> test-durations.txt
exit $rc
