#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make demo (examples/demo.sh): it runs, and the fragment it prints is the
# one the kernel's own script makes from the same thin vmlinux.a.

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

tmp=$(scratch)
script=$(kernel_script) || fail "extract generate_initcall_order.pl"

DEMO_OUT=$tmp/build sh "$TOP_DIR/examples/demo.sh" >"$tmp/demo.out" \
	2>"$tmp/demo.err"
rc=$?
check "demo runs (exit $rc)" test "$rc" -eq 0
check "demo is quiet on stderr" test ! -s "$tmp/demo.err"
sed 's/^/# stderr: /' "$tmp/demo.err" | head -5

# What follows the "$ initcall-order lds" line is the fragment.
sed -n '/^\$ initcall-order lds /,$p' "$tmp/demo.out" | tail -n +2 \
	>"$tmp/demo.lds"
(cd "$tmp/build" && NM=llvm-nm perl "$script" vmlinux.a) \
	>"$tmp/perl.lds" 2>/dev/null
check "demo built a thin vmlinux.a" \
	test "$(head -c 8 "$tmp/build/vmlinux.a")" = '!<thin>'
n=$(grep -c '^		\*(' "$tmp/perl.lds")
declared=$(cat "$TOP_DIR"/examples/tree/*/*.c "$TOP_DIR"/examples/tree/*/*/*.c |
	grep -c -E '^[a-z_]+_initcall(_sync)?\(')
check "the kernel's script finds all $declared initcalls of the tree ($n)" \
	test "$n" -eq "$declared"
check "demo's fragment is the kernel script's" \
	cmp -s "$tmp/perl.lds" "$tmp/demo.lds"

# The dump part: a header and one row per initcall.
rows=$(sed -n '/^\$ initcall-order dump /,/^$/p' "$tmp/demo.out" |
	grep -c 'vmlinux\.a:')
check "demo's dump lists every initcall ($rows of $declared)" \
	test "$rows" -eq "$declared"

done_testing
