#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Runs each test program or script given and counts its TAP lines
# ("ok ..." and "not ok ..."); a program that exits non-zero without a
# "not ok" line counts as one failure.  Ends with "N passed, N failed".

passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for t in "$@"; do
	[ -e "$t" ] || continue
	echo "# $t"
	case "$t" in
	*.sh) bash "$t" >"$log" 2>&1 ;;
	*) "$t" >"$log" 2>&1 ;;
	esac
	rc=$?
	cat "$log"
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $t exited with status $rc"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
