#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The output does not depend on the number of scanning threads nor on the
# order in which they take the units: lds and dump give the same bytes on
# stdout and stderr, and the same exit status, for -j1 to -j8 and with
# ICO_SHUFFLE_SEED (util/parallel.c takes the units in a shuffled order;
# tests/unit/test-parallel.c shows that it does shuffle).
#
# Inputs: every fixture set; a kernel-like tree of 400 objects from
# bench/gen-corpus.sh; a tree whose scan prints notes ($NM fallback) and
# errors (corrupt members) in several places.

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$TESTS_DIR/fixtures/lib.sh"

tmp=$(scratch)
SEEDS="1 2 3 17 4242"

require_fixtures

# run_all DIR OUT CMD...: CMD (a command and its options, then the
# inputs) in DIR at every -j and seed; OUT.<variant>.{out,err,rc}.
run_all() {
	local dir=$1 out=$2 j seed
	shift 2
	local cmd=$1
	shift
	for j in 1 2 3 4 5 6 7 8; do
		(cd "$dir" && env -u ICO_SHUFFLE_SEED -u MAKEFLAGS \
			"$ICO" "$cmd" -j "$j" "$@" >"$out.j$j.out" \
			2>"$out.j$j.err"; echo $? >"$out.j$j.rc")
	done
	for seed in $SEEDS; do
		for j in 1 2 8; do
			(cd "$dir" && ICO_SHUFFLE_SEED=$seed \
				env -u MAKEFLAGS "$ICO" "$cmd" -j "$j" "$@" \
				>"$out.s$seed.j$j.out" 2>"$out.s$seed.j$j.err"
			 echo $? >"$out.s$seed.j$j.rc")
		done
	done
}

# same_all WHAT OUT: every variant equals -j1 without a seed.
same_all() {
	local what=$1 out=$2 f v bad=
	for f in "$out".*.out; do
		v=${f%.out}
		cmp -s "$out.j1.out" "$v.out" &&
			cmp -s "$out.j1.err" "$v.err" &&
			cmp -s "$out.j1.rc" "$v.rc" || bad="$bad ${v#"$out".}"
	done
	if [ -z "$bad" ]; then
		pass "$what: identical for -j1..-j8 and $(echo $SEEDS | wc -w) seeds"
	else
		fail "$what: differs in:$bad"
	fi
}

# --- Every fixture set, lds and dump --------------------------------------

while read -r set; do
	mapfile -t args <"$fx/sets/$set.args"
	dir=$fx/sets/$set
	run_all "$dir" "$tmp/$set.lds" lds "${args[@]}"
	same_all "fixtures $set: lds" "$tmp/$set.lds"
	run_all "$dir" "$tmp/$set.tsv" dump --format=tsv "${args[@]}"
	same_all "fixtures $set: dump tsv" "$tmp/$set.tsv"
done <"$fx/sets.list"

# --- A kernel-like tree of 400 objects --------------------------------------

corpus=$ICO_BUILD/determinism-corpus
if BENCH_TEMPLATES=24 bash "$TOP_DIR/bench/gen-corpus.sh" 400 "$corpus" \
	>"$tmp/gen.log" 2>&1; then
	pass "bench/gen-corpus.sh made a 400-object tree"
	args=(vmlinux.a lib/lib.a arch/x86/lib/lib.a)
	script=$(kernel_script)
	(cd "$corpus" && NM=llvm-nm perl "$script" "${args[@]}" \
		>"$tmp/corpus.perl" 2>/dev/null)
	run_all "$corpus" "$tmp/corpus.lds" lds "${args[@]}"
	check "400 objects: lds is the kernel script's output" \
		cmp -s "$tmp/corpus.perl" "$tmp/corpus.lds.j1.out"
	check "400 objects: more than 50 initcalls" \
		test "$(grep -c '\*(' "$tmp/corpus.lds.j1.out")" -gt 50
	same_all "400 objects: lds" "$tmp/corpus.lds"
	run_all "$corpus" "$tmp/corpus.json" dump --format=json "${args[@]}"
	same_all "400 objects: dump json" "$tmp/corpus.json"
else
	cat "$tmp/gen.log"
	fail "bench/gen-corpus.sh made a 400-object tree"
fi

# --- Messages from many places: notes, then errors --------------------------

noisy=$tmp/noisy
fixtures_copy_set "$fx" kernel-llvm "$noisy"
for o in init/main.o kernel/core.o drivers/tty/vt.o; do
	llvm-dis "$noisy/$o" -o "$tmp/x.ll" &&
		llvm-as "$tmp/x.ll" -o "$noisy/$o" ||
		fail "rebuild $o without a symbol table"
done
mapfile -t args <"$fx/sets/kernel-llvm.args"
export NM=llvm-nm
run_all "$noisy" "$tmp/notes.lds" lds "${args[@]}"
check "notes: three \$NM notes on stderr" \
	test "$(grep -c 'llvm-nm' "$tmp/notes.lds.j1.err")" -eq 3
same_all "notes: lds (stdout, stderr, status)" "$tmp/notes.lds"

head -c 300 "$noisy/fs/exactly15char.o" >"$tmp/cut.o" &&
	mv "$tmp/cut.o" "$noisy/fs/exactly15char.o"
printf 'garbage' >"$noisy/lib/lib1.o"
run_all "$noisy" "$tmp/errs.lds" lds "${args[@]}"
check "errors: exit 2" test "$(cat "$tmp/errs.lds.j1.rc")" -eq 2
check "errors: both corrupt members named" \
	grep -q 'exactly15char' "$tmp/errs.lds.j1.err"
check "errors: ... the second too" grep -q 'lib1.o' "$tmp/errs.lds.j1.err"
same_all "errors: lds (stdout, stderr, status)" "$tmp/errs.lds"

done_testing
