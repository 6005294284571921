#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# diff-bench.sh [N]: initcall-order diff on synthetic dumps of N initcalls
# (default 20,000, more than a large kernel links) spread over the 19
# levels, against copies reversed within every level (the most moves
# there can be), shuffled, lightly edited, and identical (tsv against
# json).  Then the same at 4 N: a step quadratic in N would take 16 times
# as long, an O(N log N) one a little over 4.
#
# Prints one line per case: "diff N CASE: S s, R KiB peak, M moved"; fails
# when a report is not what the edit implies, or when 4 N takes more than
# 10 times as long as N (once both are long enough to time).
#
#   ICO=path/to/initcall-order  (default: build/initcall-order)
#   BENCH_REPS=3                runs per case; the fastest counts

set -u

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
TOP_DIR=$(cd "$BENCH_DIR/.." && pwd)
: "${ICO:=$TOP_DIR/build/initcall-order}"
: "${BENCH_REPS:=3}"
N=${1:-20000}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ico-diff-bench.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

if [ ! -x "$ICO" ]; then
	echo "diff-bench: $ICO is not built (make)" >&2
	exit 2
fi

# gen N MODE SEED: a dump of N initcalls in tsv.  Levels get contiguous
# shares of the entries; every 997th function repeats its predecessor's
# name (same module and level) so that order of appearance is exercised.
# MODE: base, reversed, shuffled or edited (every 101st entry moved to
# the end of its level, every 151st removed, every 211th followed by a new
# one).
gen() {
	awk -v n="$1" -v mode="$2" -v seed="$3" '
	BEGIN {
		split("con early 0 0s 1 1s 2 2s 3 3s 4 4s 5 5s rootfs 6 6s 7 7s",
		      lv, " ")
		srand(seed)
		print "# initcall-order-dump 1"
		print "level\tposition\tinput\tmodule\tcounter\tline\tfunction\ttype"
		for (i = 0; i < n; i++) {
			l = int(i * 19 / n) + 1
			fn = (i % 997 == 1) ? "f" (i - 1) : "f" i
			row[l, ++cnt[l]] = "m" int(i / 4) "\t" i % 50 "\t" \
				(i % 300) + 10 "\t" fn
		}
		for (l = 1; l <= 19; l++)
			emit(l)
	}
	function out(l, r, pos) {
		split(r, f, "\t")
		printf "%s\t%d\tvmlinux.a:o/%s.o\t%s\t%s\t%s\t%s\tt\n", lv[l],
			pos, f[1], f[1], f[2], f[3], f[4]
	}
	function emit(l,    k, i, j, t, p, moved, nm) {
		k = cnt[l]
		for (i = 1; i <= k; i++)
			ord[i] = i
		if (mode == "reversed")
			for (i = 1; i <= k; i++)
				ord[i] = k + 1 - i
		if (mode == "shuffled")
			for (i = k; i > 1; i--) {
				j = int(rand() * i) + 1
				t = ord[i]; ord[i] = ord[j]; ord[j] = t
			}
		p = 0
		nm = 0
		for (i = 1; i <= k; i++) {
			if (mode == "edited" && i % 151 == 0)
				continue
			if (mode == "edited" && i % 101 == 0) {
				moved[++nm] = ord[i]
				continue
			}
			out(l, row[l, ord[i]], ++p)
			if (mode == "edited" && i % 211 == 0)
				out(l, "new" l "_" i "\t0\t1\tnew_" l "_" i, ++p)
		}
		for (i = 1; i <= nm; i++)
			out(l, row[l, moved[i]], ++p)
	}'
}

# tojson TSV: the same rows as a json dump, as util/output.c writes it.
tojson() {
	awk -F '\t' 'NR == 1 { next }
	NR == 2 { for (i = 1; i <= NF; i++) col[i] = $i; nc = NF;
		printf "{\n  \"format\": \"initcall-order-dump\",\n  \"version\": 1,\n  \"initcalls\": ["
		next }
	{	printf "%s\n    {", (NR > 3 ? "," : "")
		for (i = 1; i <= nc; i++) {
			num = col[i] == "position" || col[i] == "counter" ||
			      col[i] == "line"
			q = num ? "" : "\""
			printf "%s\"%s\": %s%s%s", (i > 1 ? ", " : ""), col[i],
				q, $i, q
		}
		printf "}"
	}
	END { printf "\n  ]\n}\n" }' "$1"
}

# timed OLD NEW: the fastest of BENCH_REPS runs in $secs, its peak RSS in
# $rss (KiB, "?" without GNU time), the report in $tmp/out.
timed() {
	local i t best= rc

	rss="?"
	for ((i = 0; i < BENCH_REPS; i++)); do
		t=$( { TIMEFORMAT=%R; time "$ICO" diff "$1" "$2" \
			>"$tmp/out" 2>"$tmp/err"; } 2>&1)
		if [ -z "$best" ] || awk -v a="$t" -v b="$best" \
				'BEGIN { exit !(a < b) }'; then
			best=$t
		fi
	done
	secs=$best
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M -o "$tmp/rss" "$ICO" diff "$1" "$2" \
			>/dev/null 2>&1
		rss=$(tail -n 1 "$tmp/rss")
	fi
	"$ICO" diff "$1" "$2" >/dev/null 2>&1
	rc=$?
	return $rc
}

failed=0
moved() {
	sed -n 's/^initcall orders differ: \([0-9]*\) moved.*/\1/p' "$tmp/out"
}
report() { # N CASE WANT-MOVED
	local m

	m=$(moved)
	echo "diff $1 $2: $secs s, $rss KiB peak, ${m:-0} moved"
	if [ -n "$3" ] && [ "${m:-0}" != "$3" ]; then
		echo "diff-bench: $2: $m moved, expected $3" >&2
		failed=1
	fi
}

# run_size N: every case at N; the reversed time in $rev_secs.
run_size() {
	local n=$1 levels want

	gen "$n" base 1 >"$tmp/base.tsv"
	gen "$n" reversed 1 >"$tmp/rev.tsv"
	gen "$n" shuffled 7 >"$tmp/shuf.tsv"
	gen "$n" edited 1 >"$tmp/edit.tsv"
	tojson "$tmp/base.tsv" >"$tmp/base.json"
	levels=$(awk -F '\t' 'NR > 2 { print $1 }' "$tmp/base.tsv" |
		sort -u | wc -l)

	timed "$tmp/base.tsv" "$tmp/base.json"
	[ $? -eq 0 ] || { echo "diff-bench: tsv and json differ" >&2; failed=1; }
	report "$n" "identical (tsv vs json)" ""
	timed "$tmp/base.tsv" "$tmp/rev.tsv"
	# Reversed, only one initcall per level keeps its place, or two
	# in a level with twins (repeated names match in order of
	# appearance, so a pair of twins keeps its order).
	want=$(awk -F '\t' 'NR > 2 { n++; if (seen[$1, $4, $7]++) twin[$1] = 1;
		lv[$1] = 1 }
		END { for (l in lv) n -= 1 + (l in twin); print n }' \
		"$tmp/base.tsv")
	report "$n" reversed "$want"
	rev_secs=$secs
	timed "$tmp/base.tsv" "$tmp/shuf.tsv"
	report "$n" shuffled ""
	timed "$tmp/base.tsv" "$tmp/edit.tsv"
	# The generator's rules, level by level.
	want=$(awk -F '\t' 'NR > 2 { k[$1]++ }
		END { for (l in k) for (i = 1; i <= k[l]; i++) {
			if (i % 151 == 0) r++
			else if (i % 101 == 0) m++
			else if (i % 211 == 0) a++
		}
		printf "%d moved, %d added, %d removed", m, a, r }' \
		"$tmp/base.tsv")
	report "$n" edited "${want%% *}"
	grep -q "^initcall orders differ: $want, 0 changed level" \
		"$tmp/out" || {
		echo "diff-bench: edited: wanted $want" >&2
		failed=1
	}
}

run_size "$N"
small=$rev_secs
run_size $((N * 4))
large=$rev_secs
ratio=$(awk -v a="$small" -v b="$large" \
	'BEGIN { printf "%.1f", (a > 0 ? b / a : 0) }')
echo "diff scaling: reversed at $((N * 4)) takes ${ratio}x the time at $N (quadratic: 16x)"
if awk -v a="$small" -v b="$large" 'BEGIN { exit !(a >= 0.05 && b > 10 * a) }'; then
	echo "diff-bench: diff grows faster than N log N" >&2
	failed=1
fi
exit $failed
