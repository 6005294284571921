#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Initcalls without an id on a real kernel (issue 12): the x86 6.12
# tinyconfig tree (with the kbuild/ series, whose Kconfig option runs
# lds --place-idless) holds kernel/ico_idless.o (tests/kernel/idless/), a
# level 6 initcall in the shape of a Rust built-in module, built without
# the LTO flags and linked early in kernel/.  Built without LTO it runs in
# the middle of level 6.  With ThinLTO and the kernel's own fragment it
# runs last; with the fragment of "lds --place-idless" it runs where it
# ran without LTO.  Shown on the images (diff, check --image) and on
# their boots under QEMU.

. "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
. "$TESTS_DIR/kernel/lib.sh"

tmp=$(scratch)
FN=__ico_idless_init
OBJ=vmlinux.a:kernel/ico_idless.o

if ! thin=$(kernel_build x86-thin) || ! nolto=$(kernel_build x86-nolto); then
	fail "build the x86 trees with the stand-in, with and without ThinLTO"
	done_testing
	exit
fi
pass "x86-thin ($(kernel_seconds "$thin") s) and x86-nolto ($(kernel_seconds "$nolto") s) built"
# The series falls back to the kernel's own script when the tool is
# missing (the relink t-kbuild-series.sh makes too).
if perl=$(kernel_variant_relink x86-thin no-tool "$KERNEL_NO_TOOL"); then
	pass "x86-thin relinked with the kernel's own fragment ($(kernel_seconds "$perl") s)"
	check "... which the kernel's Perl script wrote" \
		grep -q 'generate_initcall_order\.pl' "$perl/..tmp_initcalls.lds.cmd"
else
	fail "x86-thin relinked with the kernel's own fragment"
	done_testing
	exit
fi

check "the stand-in is a native object in the LTO build" \
	test "$(head -c 4 "$thin/kernel/ico_idless.o" | od -An -c | tr -d ' ')" = 177ELF
check "... and was built without the LTO flags" \
	not grep -q -- '-flto' "$thin/kernel/.ico_idless.o.cmd"
mapfile -t inputs < <(kernel_lds_inputs "$thin")
(cd "$thin" && "$ICO" dump --format=tsv "${inputs[@]}") >"$tmp/table.tsv"
check "the table lists it, without an id, from its object" \
	test "$(awk -F '\t' -v fn="$FN" '$7 == fn { print $1, $3, $4, $5, $6 }' \
		"$tmp/table.tsv")" = "6 $OBJ - - -"

# level6 IMAGE: the functions level 6 runs, in order (stubs named by the
# function in their id).
level6() {
	"$ICO" dump --format=tsv "$1" | awk -F '\t' '$1 == "6" { print $5 }' |
		sed -E 's/^__initstub__.*__[0-9]+_[0-9]+_(.*)6$/\1/; s/\+.*//'
}
level6 "$nolto/vmlinux" >"$tmp/nolto.6"
level6 "$thin/vmlinux" >"$tmp/thin.6"
level6 "$perl/vmlinux" >"$tmp/perl.6"
n6=$(wc -l <"$tmp/nolto.6")
pos=$(grep -nx "$FN" "$tmp/nolto.6" | cut -d: -f1)
echo "# without LTO, $FN runs ${pos:-?}th of $n6 in level 6"
check "without LTO it runs in the middle of level 6" \
	test -n "$pos" -a "${pos:-0}" -gt 1 -a "${pos:-0}" -lt "$n6"
check "ThinLTO with the kernel's fragment runs it last" \
	test "$(tail -n 1 "$tmp/perl.6")" = "$FN"
check "... and the other initcalls of level 6 as before" \
	cmp -s <(grep -vx "$FN" "$tmp/nolto.6") <(grep -vx "$FN" "$tmp/perl.6")
check "ThinLTO with --place-idless runs level 6 as without LTO" \
	cmp -s "$tmp/nolto.6" "$tmp/thin.6"

before=$(sed -n "$((pos - 1))p" "$tmp/nolto.6")
last=$(grep -vx "$FN" "$tmp/nolto.6" | tail -n 1)
# name FUNCTION: how diff and check name an initcall of level 6.
name() {
	awk -F '\t' -v fn="$1" '$1 == "6" && $7 == fn { print $4 ":" $7 }' \
		"$tmp/table.tsv"
}

"$ICO" diff "$nolto/vmlinux" "$perl/vmlinux" >"$tmp/perl.diff" 2>&1
check "diff without LTO against the kernel's fragment: exit 1 (got $?)" \
	test $? -eq 1
check "... one move: the stand-in, from its place to the end" \
	test "$(grep -c '^  moved ' "$tmp/perl.diff")" -eq 1 -a \
	"$(grep '^  moved ' "$tmp/perl.diff")" = \
	"  moved    $FN (no id): now after $(name "$last"), was after $(name "$before") (position $pos -> $n6)"
"$ICO" diff "$nolto/vmlinux" "$thin/vmlinux" >"$tmp/thin.diff" 2>&1
check "diff without LTO against --place-idless: the same (exit $?)" \
	grep -q '^initcall orders are the same' "$tmp/thin.diff"

(cd "$perl" && "$ICO" check --image vmlinux "${inputs[@]}") >"$tmp/perl.check" 2>&1
check "check --image on the kernel's fragment: exit 1 (got $?)" test $? -eq 1
check "... naming the initcall, its object, where it runs and should" \
	grep -qx "  moved    $FN (no id) from $OBJ: expected at position $pos, actual position $n6 (expected after $(name "$before"), actually after $(name "$last"))" \
	"$tmp/perl.check"
(cd "$thin" && "$ICO" check --image vmlinux "${inputs[@]}") >"$tmp/thin.check" 2>&1
check "check --image on --place-idless: exit 0 (got $?)" test $? -eq 0

# The boots: what really ran.
for k in nolto thin perl; do
	eval "b=\$$k"
	if log=$(kernel_boot "$b"); then
		cp "$log" "$tmp/$k.log"
		pass "the $k kernel boots"
	else
		fail "the $k kernel boots"
		: >"$tmp/$k.log"
	fi
	check "... and runs the stand-in" grep -q 'ico_idless: ran' "$tmp/$k.log"
	(cd "$b" && "$ICO" check --boot-log "$tmp/$k.log" --image vmlinux) \
		>"$tmp/$k.boot" 2>&1
	check "... in the order of its image (check --boot-log exit $?)" \
		test $? -eq 0
done
"$ICO" diff "$tmp/nolto.log" "$tmp/thin.log" >"$tmp/logs-thin.diff" 2>&1
check "the boots without LTO and with --place-idless ran the same order (exit $?)" \
	grep -q '^initcall orders are the same' "$tmp/logs-thin.diff"
"$ICO" diff "$tmp/nolto.log" "$tmp/perl.log" >"$tmp/logs-perl.diff" 2>&1
check "the boot with the kernel's fragment ran the stand-in elsewhere" \
	test "$(grep -c '^  moved ' "$tmp/logs-perl.diff")" -eq 1 -a \
	-n "$(grep "^  moved    $FN:" "$tmp/logs-perl.diff")"
sed 's/^/# /' "$tmp/logs-perl.diff"

done_testing
