#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Output is never lost or half-written: with -o FILE, a failing step (a
# corrupt input after valid ones) and SIGINT, SIGTERM or SIGHUP at any
# moment of a run on a large link leave FILE either as it was or complete,
# and no temporary file behind.

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$TESTS_DIR/lib/bigcorpus.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ico-signals.XXXXXX")
# A signal sent to a background job before it has exec'ed the tool lands in
# a forked copy of this shell, which then runs this trap too: only the
# shell itself may remove the folder.
main_pid=$BASHPID
trap '[ "$BASHPID" = "$main_pid" ] && rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

# A large link: objects of distinct modules, many initcalls each.
inputs=()
for i in 0 1 2 3 4 5 6 7; do
	big_object "big$i.o" 1500 "kmod_big$i" || fail "assemble big$i.o"
	inputs+=("big$i.o")
done
printf 'old contents\n' >old

start=$(date +%s%N)
"$ICO" lds -o want.lds "${inputs[@]}"
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
check "reference run: exit 0 (got $rc)" test "$rc" -eq 0
check "reference run: a large fragment" test "$(wc -l <want.lds)" -gt 12000
echo "# reference run took $ms ms"

no_temp() { # FILE: no FILE.tmp* left
	! ls "$1".tmp* >/dev/null 2>&1
}

# --- A step fails after valid inputs ------------------------------------

cp old out.lds
head -c 3000 big0.o >cut.o
"$ICO" lds -o out.lds "${inputs[@]}" cut.o 2>err
rc=$?
check "corrupt last input: exit 2 (got $rc)" test "$rc" -eq 2
check "corrupt last input: the message names it" grep -q 'cut.o' err
check "corrupt last input: old file intact" cmp -s old out.lds
check "corrupt last input: no temporary file" no_temp out.lds

cp old out.lds
"$ICO" lds -o out.lds "${inputs[@]}" missing.o 2>err
rc=$?
check "missing last input: exit 2 (got $rc)" test "$rc" -eq 2
check "missing last input: old file intact" cmp -s old out.lds
check "missing last input: no temporary file" no_temp out.lds

# The directory of -o is not writable for the temporary file.
mkdir ro
cp old ro/out.lds
chmod 555 ro
if [ "$(id -u)" -ne 0 ]; then
	"$ICO" lds -o ro/out.lds big0.o 2>err
	rc=$?
	check "read-only folder: exit 2 (got $rc)" test "$rc" -eq 2
	check "read-only folder: says why" grep -q 'ro/out.lds' err
	check "read-only folder: old file intact" cmp -s old ro/out.lds
fi
chmod 755 ro

# --- Signals at spread-out moments --------------------------------------

# Delays from 0 to a bit past the reference run, in milliseconds.
steps=6
killed=0
finished=0
bad=0
for sig in INT TERM HUP; do
	for ((k = 0; k <= steps; k++)); do
		delay=$((ms * k * 11 / (steps * 10)))
		cp old out.lds
		"$ICO" lds -o out.lds "${inputs[@]}" 2>/dev/null &
		pid=$!
		sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
		kill -s "$sig" "$pid" 2>/dev/null
		wait "$pid"
		rc=$?
		if cmp -s old out.lds; then
			state=old
		elif cmp -s want.lds out.lds; then
			state=new
		else
			state=broken
		fi
		if ! no_temp out.lds; then
			state="$state+temp"
		fi
		case $rc:$state in
		0:new) finished=$((finished + 1)) ;;
		1[2-5][0-9]:old | 1[2-5][0-9]:new) killed=$((killed + 1)) ;;
		*)
			bad=$((bad + 1))
			echo "# SIG$sig after $delay ms: exit $rc, file $state"
			;;
		esac
	done
done
echo "# $killed runs killed, $finished finished first"
check "signals: every run left the old or the complete file, no temporary" \
	test "$bad" -eq 0
check "signals: some runs were really interrupted" test "$killed" -gt 0

# The signal arrives exactly while the temporary file exists: a test knob
# makes the tool stop itself just before the rename; it is then killed.
stopped() {
	local state
	state=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)
	[ "$state" = T ] || [ "$state" = t ]
}
for sig in TERM INT HUP; do
	cp old out.lds
	ICO_TEST_STOP_BEFORE_RENAME=1 "$ICO" lds -o out.lds "${inputs[@]}" \
		2>/dev/null &
	pid=$!
	for i in $(seq 1 600); do
		stopped "$pid" && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	check "$sig before the rename: the tool stopped there" stopped "$pid"
	check "$sig before the rename: the temporary file exists" \
		sh -c 'ls out.lds.tmp* >/dev/null 2>&1'
	kill -s "$sig" "$pid"
	kill -s CONT "$pid"
	wait "$pid"
	rc=$?
	check "$sig before the rename: killed by the signal (exit $rc)" \
		test "$rc" -gt 128
	check "$sig before the rename: the old file is intact" cmp -s old out.lds
	check "$sig before the rename: no temporary file" no_temp out.lds
done

done_testing
