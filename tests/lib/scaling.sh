# SPDX-License-Identifier: GPL-2.0-only
#
# Sourced by tests that show a cost grows with the input no faster than
# the input: sizes N and 4N must cost at most about 4 times as much.
#
# Costs are counted, not timed: icount runs a command under valgrind's
# cachegrind and reports the instructions it executed (all threads), a
# number a busy machine does not change.  A small size N0 measures what
# every run pays (start-up, libelf), which is taken off both: the ratio is
# (cost(4N) - cost(N0)) / (cost(N) - cost(N0)).  wall_ratio adds the
# elapsed-time ratio of the same two runs, measured in one run of the
# test, interleaved, best of three, for the record only.

# valgrind cannot run a program built with AddressSanitizer (make SAN=1):
# the counts are skipped there, the rest of a test still runs.
ICOUNT_SKIP=
if nm "$ICO" 2>/dev/null | grep -q ' __asan_init$'; then
	ICOUNT_SKIP="a sanitizer build: valgrind cannot count it"
fi

# icount CMD...: instructions CMD executes; nothing on failure or after
# ICOUNT_TIMEOUT seconds (default 300: a quadratic cost does not finish).
icount() {
	local log
	[ -z "$ICOUNT_SKIP" ] || return 0
	log=$(mktemp "${TMPDIR:-/tmp}/ico-icount.XXXXXX") || return 1
	timeout -s KILL "${ICOUNT_TIMEOUT:-300}" \
		valgrind --tool=cachegrind --cache-sim=no \
		--cachegrind-out-file=/dev/null --log-file="$log" \
		"$@" >/dev/null 2>&1
	sed -n 's/^==[0-9]*== I *refs: *//p' "$log" | tr -d ,
	rm -f "$log"
}

# scaling_ok WHAT LIMIT C0 CN C4N: passes when the cost above C0 grows by
# at most LIMIT from N to 4N; prints the counts and the ratio.
scaling_ok() {
	local what=$1 limit=$2 c0=$3 c1=$4 c4=$5 ratio
	if [ -n "$ICOUNT_SKIP" ]; then
		pass "$what # SKIP $ICOUNT_SKIP"
		return
	fi
	if [ -z "$c0" ] || [ -z "$c1" ] || [ -z "$c4" ] || [ "$c1" -le "$c0" ]; then
		fail "$what: could not count (N0 $c0, N $c1, 4N $c4)"
		return
	fi
	ratio=$(awk -v a="$c0" -v b="$c1" -v c="$c4" \
		'BEGIN { printf "%.2f", (c - a) / (b - a) }')
	echo "# $what: $c0 / $c1 / $c4 instructions at N0, N, 4N: ratio $ratio"
	if awk -v r="$ratio" -v l="$limit" 'BEGIN { exit !(r <= l) }'; then
		pass "$what: 4x the input, ${ratio}x the instructions (at most $limit)"
	else
		fail "$what: 4x the input, ${ratio}x the instructions (more than $limit)"
	fi
}

# flat_ok WHAT LIMIT CN C4N: passes when 4N costs at most LIMIT times N
# in all (for costs that should not grow at all).
flat_ok() {
	local what=$1 limit=$2 c1=$3 c4=$4 ratio
	if [ -n "$ICOUNT_SKIP" ]; then
		pass "$what # SKIP $ICOUNT_SKIP"
		return
	fi
	if [ -z "$c1" ] || [ -z "$c4" ] || [ "$c1" -le 0 ]; then
		fail "$what: could not count (N $c1, 4N $c4)"
		return
	fi
	ratio=$(awk -v b="$c1" -v c="$c4" 'BEGIN { printf "%.2f", c / b }')
	echo "# $what: $c1 / $c4 instructions at N, 4N: ratio $ratio"
	if awk -v r="$ratio" -v l="$limit" 'BEGIN { exit !(r <= l) }'; then
		pass "$what: 4x the input, ${ratio}x the instructions (at most $limit)"
	else
		fail "$what: 4x the input, ${ratio}x the instructions (more than $limit)"
	fi
}

# elapsed CMD...: seconds CMD takes, as a decimal.
elapsed() {
	local start end
	start=$(date +%s%N)
	"$@" >/dev/null 2>&1
	end=$(date +%s%N)
	awk -v d=$((end - start)) 'BEGIN { printf "%.4f", d / 1e9 }'
}

# wall_ratio WHAT "CMD N" "CMD 4N": the best of three elapsed times of each,
# runs interleaved, and their ratio; a "# " line, not a test.
wall_ratio() {
	local what=$1 small=$2 large=$3 i s l bs= bl=
	for i in 1 2 3; do
		s=$(eval "elapsed $small")
		l=$(eval "elapsed $large")
		bs=$(awk -v a="$s" -v b="${bs:-$s}" 'BEGIN { print (a < b ? a : b) }')
		bl=$(awk -v a="$l" -v b="${bl:-$l}" 'BEGIN { print (a < b ? a : b) }')
	done
	echo "# $what: wall time ${bs}s at N, ${bl}s at 4N: ratio $(awk -v a="$bs" -v b="$bl" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }')"
}
