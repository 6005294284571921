#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# report.sh RESULTS: BENCH.md from the results bench/run.sh collected.
# RESULTS lines: "CORPUS<TAB>NAME<TAB>median min max peak_rss_kib cpu" and
# "CORPUS<TAB>info<TAB>objects initcalls MiB same-bytes(yes|no)".
# The targets are those of the benchmark's issue; a missed one is printed
# with its shortfall.  bench/analysis.md, when present, is appended.

set -eu

RESULTS=$1
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
TOP_DIR=$(cd "$BENCH_DIR/.." && pwd)

cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
clang_version=$(clang --version 2>/dev/null | head -1)
commit=$(git -C "$TOP_DIR" rev-parse --short HEAD 2>/dev/null || echo none)
dirty=$(git -C "$TOP_DIR" status --porcelain 2>/dev/null | head -1)
[ -n "$dirty" ] && commit="$commit + local changes"

cat <<EOF
# initcall-order benchmark

Written by \`make bench\` (bench/run.sh) on $(date -u +%Y-%m-%d): $cpu_model,
${CPUS:-?} online CPUs, load average ${LOAD_BEFORE:-?} before and
${LOAD_AFTER:-?} after; $clang_version; initcall-order at $commit.

Each command runs once to warm up, then at least ${BENCH_REPS:-5} times and
until its runs add up to ${BENCH_MIN_TIME:-2} s (perl: ${BENCH_PERL_REPS:-3} times);
times are medians of wall-clock time, with warm page caches.  **ico** is \`initcall-order lds\` (-jN: N = online CPUs);
**perl** is \`NM=llvm-nm perl scripts/generate_initcall_order.pl\` from
linux-source-6.12, without Kbuild's Python jobserver wrapper (which only adds
to its time); **cat** reads every input and member once (\`xargs cat\`);
**C floor** (bench/floor.c) opens each member, reads its first 64 bytes and
last 8 KiB, and closes it, in one thread.  Peak RSS counts the largest
process of each command's tree (llvm-nm for perl).  "Same" says whether the
lds output was byte-identical to perl's at both -j.

EOF

awk -F'\t' '
function fmt_t(s) {
	if (s >= 10) return sprintf("%.1f s", s)
	if (s >= 1) return sprintf("%.2f s", s)
	return sprintf("%.1f ms", s * 1000)
}
function fmt_mib(kib) { return sprintf("%.1f MiB", kib / 1024) }
function max(a, b) { return a > b ? a : b }
function cell(c, name) {
	return fmt_t(t[c, name]) " (" fmt_t(tmin[c, name]) ")"
}
function fmt_x(r) {
	if (r >= 100) return sprintf("%.0fx", r)
	if (r >= 10) return sprintf("%.1fx", r)
	return sprintf("%.2fx", r)
}
{
	c = $1
	if (!(c in seen)) { seen[c] = 1; order[n++] = c }
	split($3, v, " ")
	if ($2 == "info") {
		objs[c] = v[1]; ics[c] = v[2]; mib[c] = v[3]; same[c] = v[4]
	} else {
		t[c, $2] = v[1]; tmin[c, $2] = v[2]; rss[c, $2] = v[4]
		cpu[c, $2] = v[5]
	}
}
END {
	print "| corpus | objects | initcalls | MiB | ico -j1 | ico -jN | perl | cat | C floor | same |"
	print "|---|---:|---:|---:|---:|---:|---:|---:|---:|:---:|"
	for (i = 0; i < n; i++) {
		c = order[i]
		printf "| %s | %d | %d | %d | %s | %s | %s | %s | %s | %s |\n", \
			c, objs[c], ics[c], mib[c], cell(c, "ico -j1"), \
			cell(c, "ico -jN"), cell(c, "perl"), cell(c, "cat"), \
			cell(c, "C floor"), same[c]
	}
	print ""
	print "Each cell: median (fastest run)."
	print ""
	print "| corpus | perl / ico | cat / ico | ico / C floor | perl / ico, CPU time | ico per object | ico -j1 per object | ico peak RSS | perl peak RSS |"
	print "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
	for (i = 0; i < n; i++) {
		c = order[i]
		ico = t[c, "ico -jN"]
		printf "| %s | %s | %s | %s | %s | %.2f us | %.2f us | %s | %s |\n", \
			c, fmt_x(t[c, "perl"] / ico), fmt_x(t[c, "cat"] / ico), \
			fmt_x(ico / t[c, "C floor"]), \
			fmt_x(cpu[c, "perl"] / cpu[c, "ico -jN"]), \
			ico / objs[c] * 1e6, \
			t[c, "ico -j1"] / objs[c] * 1e6, \
			fmt_mib(max(rss[c, "ico -jN"], rss[c, "ico -j1"])), \
			fmt_mib(rss[c, "perl"])
	}
	print ""
	print "## Targets"
	print ""
	# 1. 100x faster than perl on every corpus of 1,000 objects or more
	for (i = 0; i < n; i++) {
		c = order[i]
		if (objs[c] < 1000) continue
		r = t[c, "perl"] / t[c, "ico -jN"]
		if (r >= 100) {
			verdict = "**met**"
			short = ""
		} else {
			verdict = "**missed**"
			short = sprintf(", short by %.1fx (%s; 100x needs %s)", \
				100 / r, fmt_t(t[c, "ico -jN"]), \
				fmt_t(t[c, "perl"] / 100))
		}
		printf("- %s: 100x faster than perl on %s (%d objects): %s%s\n",
		       verdict, c, objs[c], fmt_x(r), short)
	}
	# 2. faster than the cat floor
	for (i = 0; i < n; i++) {
		c = order[i]
		r = t[c, "cat"] / t[c, "ico -jN"]
		if (r > 1) {
			verdict = "**met**"
			short = fmt_x(r) " faster"
		} else {
			verdict = "**missed**"
			short = "cat is " fmt_x(1 / r) " faster"
		}
		printf("- %s: faster than cat on %s: %s\n", verdict, c, short)
	}
	# 3. peak RSS at most 20 MB at 10,000 objects
	for (i = 0; i < n; i++) {
		c = order[i]
		if (objs[c] != 10000) continue
		m = max(rss[c, "ico -jN"], rss[c, "ico -j1"])
		verdict = m * 1024 <= 20e6 ? "**met**" : "**missed**"
		printf("- %s: peak RSS at most 20 MB at 10,000 objects: %s (%.1f MB)\n",
		       verdict, fmt_mib(m), m * 1024 / 1e6)
	}
	# 4. time per object flat within 1.5x from 1,000 to 50,000 objects
	lo = ""; hi = ""; lo1 = ""; hi1 = ""; list = ""
	for (i = 0; i < n; i++) {
		c = order[i]
		if (c !~ /^synthetic/ || objs[c] < 1000 || objs[c] > 50000) continue
		p = t[c, "ico -jN"] / objs[c]
		p1 = t[c, "ico -j1"] / objs[c]
		if (lo == "" || p < lo) lo = p
		if (hi == "" || p > hi) hi = p
		if (lo1 == "" || p1 < lo1) lo1 = p1
		if (hi1 == "" || p1 > hi1) hi1 = p1
		list = list sprintf(" %d: %.2f us;", objs[c], p * 1e6)
	}
	if (lo != "") {
		verdict = hi / lo <= 1.5 ? "**met**" : "**missed**"
		printf("- %s: time per object flat within 1.5x from 1,000 to 50,000 objects: -jN varies %.2fx (%s), -j1 %.2fx\n",
		       verdict, hi / lo, substr(list, 2, length(list) - 2),
		       hi1 / lo1)
	}
}' "$RESULTS"

if [ -f "$BENCH_DIR/analysis.md" ]; then
	echo
	cat "$BENCH_DIR/analysis.md"
fi
