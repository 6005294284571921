#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Everything CI runs ("make ci"): each step's output is shown and kept in
# $CI_LOG_DIR (default build/ci-logs), with its time.  A step's counts are
# the last "N passed, N failed" line it prints; a step that prints none
# counts as one test, passed or failed by its exit status.  Ends with one
# line "N passed, N failed" over all steps; exits non-zero when any step
# failed.

cd "$(dirname "$0")/.." || exit 2

MAKE=${MAKE:-make}
CI_LOG_DIR=${CI_LOG_DIR:-build/ci-logs}
mkdir -p "$CI_LOG_DIR" || exit 2

total_passed=0
total_failed=0
failed_steps=
summary=
ci_start=$(date +%s)

# step NAME COMMAND...
step() {
	name=$1
	shift
	log=$CI_LOG_DIR/$name.log
	echo "=== $name: $*"
	start=$(date +%s)
	{ "$@"; echo $? >"$log.rc"; } 2>&1 | tee "$log"
	rc=$(cat "$log.rc")
	rm -f "$log.rc"
	secs=$(($(date +%s) - start))
	counts=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
	if [ -n "$counts" ]; then
		p=${counts%% passed*}
		f=${counts#*, }
		f=${f%% failed}
	elif [ "$rc" -eq 0 ]; then
		p=1 f=0
	else
		p=0 f=1
	fi
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
	fi
	total_passed=$((total_passed + p))
	total_failed=$((total_failed + f))
	if [ "$rc" -eq 0 ]; then
		result=PASS
	else
		result="FAIL (exit $rc)"
		failed_steps="$failed_steps $name"
	fi
	line=$(printf '%-13s %-16s %4d passed, %3d failed, %5d s' \
		"$name" "$result" "$p" "$f" "$secs")
	echo "=== $line"
	summary="$summary$line
"
}

step build "$MAKE"
step check "$MAKE" check
step check-san "$MAKE" check SAN=1
if [ -f tests/valgrind.sh ]; then
	step valgrind "$MAKE" check-valgrind
fi
if [ -f tests/fuzz/run.sh ]; then
	step fuzz "$MAKE" fuzz FUZZ_SECONDS=60 FUZZ_SEED=1
fi
step checkpatch "$MAKE" checkpatch
# The Debian package: built, checked with lintian, installed with dpkg -i.
# The kernel tests then run the installed binary, found in PATH, not the
# one in the build tree.
step package "$MAKE" check-deb
step check-kernel "$MAKE" check-kernel ICO=/usr/bin/initcall-order

echo
echo "=== CI summary, $(($(date +%s) - ci_start)) s in all (logs: $CI_LOG_DIR)"
printf '%s' "$summary"
[ -z "$failed_steps" ] || echo "=== failed steps:$failed_steps"
echo "$total_passed passed, $total_failed failed"
[ -z "$failed_steps" ] && [ "$total_failed" -eq 0 ]
