#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make bench: initcall-order lds against the kernel's pipeline, side by
# side on the same corpora, and the table written to BENCH.md.
#
# Corpora: kernel-like trees of BENCH_SIZES objects (bench/gen-corpus.sh,
# cached under $BENCH_CACHE); the tinyconfig x86_64 ThinLTO kernel of
# tests/kernel/lib.sh (built once into $KERNEL_CACHE, a few minutes; skip
# with BENCH_KERNEL=0); and, when KERNEL_BUILD names a built kernel tree,
# that one.  On each, with warm caches, BENCH_REPS runs (median):
#
#   ico -j1    initcall-order lds -j1
#   ico -jN    initcall-order lds -jN, N = online CPUs
#   perl       NM=llvm-nm perl scripts/generate_initcall_order.pl (from
#              linux-source-6.12; Kbuild runs it through a Python
#              jobserver helper too, which is left out here)
#   cat        xargs cat of every input and member, once (the I/O floor)
#   C floor    bench/floor.c: open, fstat, 64 head bytes and 8 KiB tail
#              of every member, one thread (the system-call floor)
#
# Peak RSS is the largest of the command and its waited-for children
# (bench/measure.c).  The lds output must be byte-identical to perl's.
#
# Environment: BENCH_SIZES (default "1000 10000 50000"), BENCH_REPS (5),
# BENCH_MIN_TIME (2: fast commands run until their runs add up to 2 s,
# 201 runs at most), BENCH_PERL_REPS (3; perl takes the longest), BENCH_OUT
# (default BENCH.md at the top of the tree), BENCH_CACHE, KERNEL_BUILD,
# BENCH_KERNEL (1), CC.

# make runs this with sh: the rest needs bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

set -eu

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
TOP_DIR=$(cd "$BENCH_DIR/.." && pwd)
: "${ICO:=$TOP_DIR/build/initcall-order}"
: "${BENCH_CACHE:=$TOP_DIR/.cache/bench}"
: "${BENCH_SIZES:=1000 10000 50000}"
: "${BENCH_REPS:=5}"
: "${BENCH_PERL_REPS:=3}"
: "${BENCH_MIN_TIME:=2}"
: "${BENCH_OUT:=$TOP_DIR/BENCH.md}"
: "${BENCH_KERNEL:=1}"
: "${CC:=cc}"
export BENCH_CACHE
# Every contender runs outside make's jobserver (ico would use it, perl's
# worker count would follow PARALLELISM), with the kernel's NM, and is
# started straight from bench/measure, without a wrapper process.
unset MAKEFLAGS MFLAGS PARALLELISM
export NM=llvm-nm
CPUS=$(getconf _NPROCESSORS_ONLN)
BIN=$BENCH_CACHE/bin
RESULTS=$BENCH_CACHE/results.tsv

log() {
	echo "bench: $*" >&2
}

die() {
	log "$*"
	exit 1
}

[ -x "$ICO" ] || die "$ICO is missing: run it as 'make bench'"
command -v llvm-nm >/dev/null || die "llvm-nm is missing (apt-get install llvm)"
command -v perl >/dev/null || die "perl is missing"

mkdir -p "$BIN"
for tool in measure floor; do
	if [ ! -x "$BIN/$tool" ] || [ "$BENCH_DIR/$tool.c" -nt "$BIN/$tool" ]
	then
		$CC -O2 -Wall -o "$BIN/$tool" "$BENCH_DIR/$tool.c" ||
			die "cannot build $tool"
	fi
done

# shellcheck source=../tests/lib/common.sh
. "$TOP_DIR/tests/lib/common.sh"
SCRIPT=$(kernel_script) || die "cannot extract generate_initcall_order.pl"

# measure_cmd NAME REPS DIR OUT COMMAND...: appends a result line.
measure_cmd() {
	local name=$1 reps=$2 dir=$3 out=$4 line min_time=$BENCH_MIN_TIME
	shift 4
	log "  $name"
	if ! line=$("$BIN/measure" -r "$reps" -t "$min_time" -w 1 -C "$dir" \
		-o "$out" -- "$@"); then
		die "$name failed in $dir"
	fi
	printf '%s\t%s\t%s\n' "$corpus" "$name" "$line" >>"$RESULTS"
}

# bench_corpus NAME DIR INPUT...: every contender on one corpus.
bench_corpus() {
	local dir=$2 objects initcalls size members out
	corpus=$1
	shift 2

	log "$corpus: $dir"
	out=$BENCH_CACHE/out/$(echo "$corpus" | tr -c 'a-zA-Z0-9\n' _)
	mkdir -p "$BENCH_CACHE/out"
	members=$out.members
	(cd "$dir" && "$BIN/floor" -l "$@") >"$members" ||
		die "$corpus: cannot list the members"
	objects=$(cd "$dir" && "$BIN/floor" "$@" | awk '{ print $1 }')
	size=$(cd "$dir" && xargs -d '\n' -a "$members" stat -L -c %s |
		awk '{ s += $1 } END { printf "%.0f", s / 1048576 }')
	# warm the page cache, then measure
	(cd "$dir" && xargs -d '\n' -a "$members" cat >/dev/null)

	measure_cmd "ico -j1" "$BENCH_REPS" "$dir" "$out.j1" \
		"$ICO" lds -j1 "$@"
	measure_cmd "ico -jN" "$BENCH_REPS" "$dir" "$out.jN" \
		"$ICO" lds -j"$CPUS" "$@"
	BENCH_MIN_TIME=0 measure_cmd "perl" "$BENCH_PERL_REPS" "$dir" \
		"$out.perl" \
		perl "$SCRIPT" "$@"
	measure_cmd "cat" "$BENCH_REPS" "$dir" /dev/null \
		xargs -d '\n' -a "$members" cat
	measure_cmd "C floor" "$BENCH_REPS" "$dir" /dev/null \
		"$BIN/floor" "$@"

	initcalls=$(grep -c '^		\*(' "$out.perl" || true)
	same=no
	cmp -s "$out.perl" "$out.j1" &&
		cmp -s "$out.perl" "$out.jN" &&
		same=yes
	printf '%s\tinfo\t%s %s %s %s\n' "$corpus" "$objects" "$initcalls" \
		"$size" "$same" >>"$RESULTS"
}

: >"$RESULTS"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

for n in $BENCH_SIZES; do
	bash "$BENCH_DIR/gen-corpus.sh" "$n" "$BENCH_CACHE/corpus-$n" ||
		die "cannot generate the $n-object corpus"
	bench_corpus "synthetic $n" "$BENCH_CACHE/corpus-$n" \
		vmlinux.a lib/lib.a arch/x86/lib/lib.a
done

# kernel_inputs DIR: the inputs Kbuild gives the script, those that exist.
kernel_inputs() {
	local f
	for f in vmlinux.a lib/lib.a arch/x86/lib/lib.a; do
		[ -f "$1/$f" ] && echo "$f"
	done
}

kernel_corpus() { # NAME DIR
	local inputs
	mapfile -t inputs < <(kernel_inputs "$2")
	if [ ! -f "$2/vmlinux.a" ]; then
		log "$1: no vmlinux.a in $2"
		return 0
	fi
	bench_corpus "$1" "$2" "${inputs[@]}"
}

TINY=
if [ "$BENCH_KERNEL" = 1 ]; then
	# shellcheck source=../tests/kernel/lib.sh
	. "$TOP_DIR/tests/kernel/lib.sh"
	if TINY=$(kernel_build x86-thin); then
		kernel_corpus "tinyconfig x86_64 ThinLTO" "$TINY"
	else
		log "the tinyconfig kernel did not build; see $KERNEL_CACHE"
		TINY=
	fi
fi
if [ -n "${KERNEL_BUILD:-}" ]; then
	kernel_corpus "KERNEL_BUILD $(basename "$KERNEL_BUILD")" \
		"$KERNEL_BUILD"
fi

# Other benchmarks (bench/diff-bench.sh: initcall-order diff) print their
# result lines on stdout; they go after the table.
EXTRA=$BENCH_CACHE/extra.md
: >"$EXTRA"
if [ -f "$BENCH_DIR/diff-bench.sh" ]; then
	log "bench/diff-bench.sh"
	bash "$BENCH_DIR/diff-bench.sh" >"$EXTRA" ||
		die "bench/diff-bench.sh failed"
fi

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
export CPUS LOAD_BEFORE LOAD_AFTER BENCH_REPS BENCH_PERL_REPS BENCH_MIN_TIME
{
	bash "$BENCH_DIR/report.sh" "$RESULTS"
	if [ -s "$EXTRA" ]; then
		printf '\n## initcall-order diff (bench/diff-bench.sh)\n\n```\n'
		cat "$EXTRA"
		printf '```\n'
	fi
} >"$BENCH_OUT.tmp" && mv "$BENCH_OUT.tmp" "$BENCH_OUT"
log "wrote $BENCH_OUT"
cat "$BENCH_OUT"
