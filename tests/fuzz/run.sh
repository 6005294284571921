#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make fuzz [FUZZ_SECONDS=N]: builds the library with libFuzzer coverage,
# AddressSanitizer and UndefinedBehaviorSanitizer into build-fuzz/, links
# each tests/fuzz/fuzz-*.c into a fuzzer (the Makefile's rule for
# $(OUT)/fuzz/%), makes seed inputs from the test fixtures and runs every
# fuzzer for FUZZ_SECONDS (default 10) seconds,
# with the dictionary tests/fuzz/fuzz-*.dict where there is one.
# Prints TAP; any crash, leak, timeout or out-of-memory is a "not ok" with
# the input saved under build-fuzz/artifacts/ (copy it to tests/regress/
# so that make check replays it).
#
# Environment: FUZZ_SECONDS, FUZZ_SEED (a number: libFuzzer's random
# seed, and a fresh corpus, so that runs repeat; CI sets it, a run that
# passed here then passes there), FUZZ_ONLY (a target name, e.g. fuzz-elf),
# FUZZ_CC (default clang), FUZZ_OUT (default build-fuzz).

set -u

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$top" || exit 2
secs=${FUZZ_SECONDS:-10}
out=${FUZZ_OUT:-build-fuzz}
cc=${FUZZ_CC:-clang}
san='-fsanitize=address,undefined -fno-sanitize-recover=all'
cflags="-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $san"
n=0
failed=0

pass() { n=$((n + 1)); echo "ok $n - $*"; }
fail() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }

seed=${FUZZ_SEED:-}
case $seed in
*[!0-9]*) echo "FUZZ_SEED must be a number" >&2; exit 2 ;;
esac

case $secs in
'' | *[!0-9]*) echo "FUZZ_SECONDS must be a number" >&2; exit 2 ;;
esac

mkdir -p "$out"

# 1. The library with coverage, and the tool (it makes dump seeds; the
#    fuzzers do without them if it does not build).
if ! make -s OUT="$out" CC="$cc" CFLAGS="$cflags" LDFLAGS="$san" \
	"$out/libinitcall-order.a" >"$out/build.log" 2>&1; then
	cat "$out/build.log"
	fail "build the library with $cc -fsanitize=fuzzer-no-link"
	echo "1..$n"
	exit 1
fi
make -s OUT="$out" CC="$cc" CFLAGS="$cflags" LDFLAGS="$san" \
	"$out/initcall-order" >"$out/build.log" 2>&1 ||
	echo "# the tool did not build: no dump seeds"
rm -f "$out/build.log"

# 2. Seeds, made fresh from the fixture sources with the real compilers.
seeds=$out/seeds
rm -rf "$seeds"
mkdir -p "$seeds"
bash "$top/tests/fuzz/make-seeds.sh" "$top" "$seeds" "$out/initcall-order" \
	>"$seeds/log" 2>&1 || { cat "$seeds/log"; fail "make seed inputs"; }

# 3. Each target: link, then run.
targets=
for src in tests/fuzz/fuzz-*.c; do
	t=$(basename "$src" .c)
	[ -z "${FUZZ_ONLY:-}" ] || [ "$FUZZ_ONLY" = "$t" ] || continue
	targets="$targets $t"
done

# Targets run FUZZ_JOBS at a time (default: the CPUs online; libFuzzer
# uses one each), each for $secs seconds; results are told in target
# order.
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
case $jobs in
'' | *[!0-9]* | 0) echo "FUZZ_JOBS must be a positive number" >&2; exit 2 ;;
esac

# link_target TARGET: $out/fuzz/TARGET, by the Makefile's pattern rule.
link_target() {
	mkdir -p "$out/fuzz" "$out/artifacts" "$seeds/$1"
	make -s OUT="$out" CC="$cc" CFLAGS="$cflags" LDFLAGS="$san" \
		"$out/fuzz/$1" >"$out/fuzz/$1.log" 2>&1
}

run_target() { # TARGET: exit status in $out/fuzz/TARGET.rc
	local t=$1 corpus=$out/corpus/$1 seed_opt= dict_opt=

	# The corpus grows across runs; seeded runs start from the seeds
	# alone, every time.  The seeds are remade every time.
	if [ -n "$seed" ]; then
		corpus=$out/corpus-seeded/$t
		rm -rf "$corpus"
		seed_opt=-seed=$seed
	fi
	mkdir -p "$corpus"
	[ -f "tests/fuzz/$t.dict" ] && dict_opt=-dict=tests/fuzz/$t.dict
	"$out/fuzz/$t" -max_total_time="$secs" -timeout=10 \
		-rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
		-artifact_prefix="$out/artifacts/$t-" \
		$seed_opt $dict_opt "$corpus" "$seeds/$t" \
		>"$out/fuzz/$t.run.log" 2>&1
	echo $? >"$out/fuzz/$t.rc"
}

report_target() { # TARGET
	local t=$1 log=$out/fuzz/$1.run.log rc execs

	rc=$(cat "$out/fuzz/$t.rc" 2>/dev/null || echo 255)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	if [ "$rc" -ne 0 ]; then
		tail -n 40 "$log" | sed 's/^/# /'
		fail "$t crashed, leaked or hung (exit $rc); input in $out/artifacts/$t-*"
	elif [ -z "$execs" ] || [ "$execs" -eq 0 ]; then
		tail -n 20 "$log" | sed 's/^/# /'
		fail "$t ran no inputs"
	else
		pass "$t ran $secs seconds, $execs execs"
	fi
}

linked=
for t in $targets; do
	if link_target "$t"; then
		linked="$linked $t"
	else
		cat "$out/fuzz/$t.log"
		fail "$t: link"
	fi
done
running=0
for t in $linked; do
	rm -f "$out/fuzz/$t.rc"
	if [ "$running" -ge "$jobs" ]; then
		wait -n
		running=$((running - 1))
	fi
	run_target "$t" &
	running=$((running + 1))
done
wait
for t in $linked; do
	report_target "$t"
done

echo "1..$n"
[ "$failed" -eq 0 ]
