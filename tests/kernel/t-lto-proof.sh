#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The point of the whole tool, on a real kernel: tinyconfig x86_64 from
# linux-source-6.12 built twice with one config, once with ThinLTO (the
# fragment made by initcall-order lds) and once without LTO.  Both vmlinux
# run the same initcalls in the same order: 'initcall-order diff' of the
# two images finds no difference, nor does it between the LTO build's
# link inputs and either image, nor between the two kernels' boot logs.
# The LTO kernel relinked with every level of the fragment reversed shows
# the moves, as many as the reversal makes.

. "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
. "$TESTS_DIR/kernel/lib.sh"

: "${BOOT_TIMEOUT:=300}"
tmp=$(scratch)

if ! thin=$(kernel_build x86-thin) || ! nolto=$(kernel_build x86-nolto); then
	fail "build tinyconfig x86_64 with and without ThinLTO"
	done_testing
	exit
fi
pass "build tinyconfig x86_64 with ThinLTO ($(kernel_seconds "$thin") s) and without ($(kernel_seconds "$nolto") s)"

check "the LTO build is an LTO build" grep -qx CONFIG_LTO_CLANG_THIN=y \
	"$thin/.config"
check "the other is not" grep -qx CONFIG_LTO_NONE=y "$nolto/.config"
no_lto() { grep -vE '^(# )?CONFIG_(LTO|INITCALL_ORDER)(_[A-Z_]*)?[= ]' "$1/.config"; }
check "both built from one configuration otherwise (LTO and the series aside)" \
	cmp -s <(no_lto "$thin") <(no_lto "$nolto")

# diff OLD NEW [OPTION...]: report in $tmp/out, messages in $tmp/err.
run_diff() {
	"$ICO" diff "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}
has() { grep -qF -- "$1" "$tmp/out"; }

# How many initcalls the LTO image holds, from its dump.
"$ICO" dump --format=tsv "$thin/vmlinux" >"$tmp/thin.tsv"
"$ICO" dump --format=json "$nolto/vmlinux" >"$tmp/nolto.json"
total=$(($(wc -l <"$tmp/thin.tsv") - 2))
check "the LTO image holds a kernel's initcalls ($total)" test "$total" -gt 100
check "every one of them named by its id, but the id-less stand-in" test \
	"$(awk -F '\t' 'NR > 2 && $6 == "-" { print $5 }' "$tmp/thin.tsv")" = \
	__ico_idless_init

# The proof.
run_diff "$nolto/vmlinux" "$thin/vmlinux"
check "without LTO against ThinLTO: exit 0" test "$rc" -eq 0
check "without LTO against ThinLTO: the same $total initcalls" \
	has "initcall orders are the same: $total initcalls"
run_diff --format=ktap "$nolto/vmlinux" "$thin/vmlinux"
check "ktap: every level passes" test "$rc" -eq 0 -a \
	"$(grep -c '^not ok' "$tmp/out")" -eq 0 -a \
	"$(grep -c '^ok [0-9]* level ' "$tmp/out")" -gt 5

# Saved dumps of either build against the other image.
run_diff "$tmp/nolto.json" "$thin/vmlinux"
check "json dump without LTO against the LTO image: exit 0" test "$rc" -eq 0
run_diff "$nolto/vmlinux" "$tmp/thin.tsv"
check "image without LTO against the LTO tsv dump: exit 0" test "$rc" -eq 0

# The order the LTO build's link inputs ask for is the order both run.
mapfile -t inputs < <(kernel_lds_inputs "$thin")
(cd "$thin" && "$ICO" dump --format=tsv "${inputs[@]}") >"$tmp/inputs.tsv"
for img in "$thin" "$nolto"; do
	run_diff "$tmp/inputs.tsv" "$img/vmlinux"
	check "link inputs against $(basename "$img")/vmlinux: exit 0" \
		test "$rc" -eq 0
done

# The LTO kernel relinked with the fragment reversed level by level (the
# relink tests/kernel/t-image.sh makes too: one build for both).
if ! rev=$(kernel_variant_relink x86-thin reversed "$KERNEL_LDS_REVERSED"); then
	fail "relink the LTO kernel with a reversed fragment"
	done_testing
	exit
fi
pass "relink the LTO kernel with a reversed fragment ($(kernel_seconds "$rev") s)"
check "the relink used the reversed fragment" \
	test "$(sed -n '3p' "$rev/.tmp_initcalls.lds")" = \
	     "$(awk '/^\t\t\*\(/ { l = $0 } /^\t}/ { print l; exit }' \
		"$thin/.tmp_initcalls.lds")"

# What the diff must report, computed independently of the tool.
want=$(fragment_moves "$thin/.tmp_initcalls.lds" "$rev/.tmp_initcalls.lds")
check "the reversed fragment moves many initcalls ($want)" test "$want" -gt 50

run_diff "$thin/vmlinux" "$rev/vmlinux"
check "LTO against reversed LTO: exit 1" test "$rc" -eq 1
check "LTO against reversed LTO: $want moves, nothing else" has \
	"initcall orders differ: $want moved, 0 added, 0 removed, 0 changed level"
# The first initcall of level 6 in the fragment now runs after the second.
first=$(sed -n '/^\t\.initcall6\.init : {/{n;p;q}' "$thin/.tmp_initcalls.lds" |
	sed -E 's/.*\.\.(.*)__[0-9]+_[0-9]+_(.*)\) ;$/\1:\2/')
second=$(sed -n '/^\t\.initcall6\.init : {/{n;n;p;q}' "$thin/.tmp_initcalls.lds" |
	sed -E 's/.*\.\.(.*)__[0-9]+_[0-9]+_(.*)\) ;$/\1:\2/')
check "the move is named by its neighbours ($first)" \
	has "moved    $first: now after $second, was first"
run_diff "$nolto/vmlinux" "$rev/vmlinux"
check "without LTO against reversed LTO: the same $want moves" has \
	"initcall orders differ: $want moved, 0 added, 0 removed, 0 changed level"

# Boot both kernels with initcall_debug (its lines are KERN_DEBUG:
# ignore_loglevel puts them on the console); without an init they panic
# and, with panic=-1 and -no-reboot, QEMU exits.
boot() { # BUILD LOG
	local log

	log=$(kernel_boot "$1") && cp "$log" "$2"
}
boot "$thin" "$tmp/thin.log"
boot "$nolto" "$tmp/nolto.log"
calls=$(grep -c ' calling  ' "$tmp/thin.log")
check "the LTO kernel logs its initcalls ($calls)" test "$calls" -gt 100
check "the kernel without LTO logs as many" test \
	"$(grep -c ' calling  ' "$tmp/nolto.log")" -eq "$calls"

# Console initcalls print no 'calling' line without tracepoints
# (tinyconfig): diff leaves their level out then, and says so.
cons=$(awk -F '\t' 'NR > 2 && $1 == "con"' "$tmp/thin.tsv" | wc -l)
for b in thin nolto; do
	[ "$b" = thin ] && img=$thin || img=$nolto
	run_diff --image "$img/vmlinux" "$img/vmlinux" "$tmp/$b.log"
	if [ "$((total - calls))" -eq "$cons" ]; then
		check "$b: the boot log runs the image's order (exit $rc)" \
			test "$rc" -eq 0
		check "$b: ... the $cons console initcalls left out, with a note" \
			has "note: level con left out: "
	else
		check "$b: the boot log runs the image's order" \
			test "$rc" -eq 0
	fi
done
# The LTO log names stubs (module, function, level), the other plain
# functions: compared as one run order, the two boots agree.
run_diff "$tmp/nolto.log" "$tmp/thin.log"
check "the two kernels ran the same initcalls in the same order" \
	test "$rc" -eq 0
check "compared without levels, said so" has "levels unknown"

done_testing
