#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Kbuild integration without a patch, on an unmodified Linux 6.12 tree:
# arm64 tinyconfig ThinLTO built with the fragment's command replaced on
# make's command line (arm64-thin, shared with t-arch-boot.sh).  No Perl
# or Python process runs for it, and the fragment is byte-identical to the
# one the kernel's own script writes for the same kernel.  (The x86
# kernels go through the kbuild/ series: t-kbuild-series.sh.)

. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib.sh"

tmp=$(scratch)

# ran_for_fragment BUILD_DIR: the logged perl/python3 runs that made a
# fragment.
ran_for_fragment() {
	grep -E 'generate_initcall_order\.pl|jobserver-exec' \
		"$1/.ico-exec.log" 2>/dev/null
}

if ! b=$(kernel_build arm64-thin); then
	fail "arm64-thin (6.12 tinyconfig ThinLTO) builds through the make override"
	done_testing
	exit
fi
pass "arm64-thin builds through the make override ($(kernel_seconds "$b") s)"

check "ThinLTO really on" grep -qx CONFIG_LTO_CLANG_THIN=y "$b/.config"
check "the tree is the pristine one: no kbuild/ series in it" \
	not grep -q INITCALL_ORDER "$b/.config"
check "the cache's tool link is this \$ICO" \
	test "$(readlink -f "$KERNEL_ICO")" = "$(readlink -f "$ICO")"
check "Image and vmlinux exist" test -s "$b/arch/arm64/boot/Image" -a \
	-s "$b/vmlinux"

cmd=$(kernel_lds_cmd "$b")
echo "# fragment command: $cmd"
case "$cmd" in
"$KERNEL_ICO lds --place-idless -o .tmp_initcalls.lds vmlinux.a "*)
	pass "the fragment was written by initcall-order lds --place-idless -o" ;;
*)
	fail "the fragment was written by initcall-order lds --place-idless -o" ;;
esac

check "perl and python3 spies were in PATH for the build" \
	test -x "$b/.ico-spies/perl" -a -x "$b/.ico-spies/python3"
if ran_for_fragment "$b" >"$tmp/ran"; then
	sed 's/^/# ran: /' "$tmp/ran"
	fail "no Perl or Python process ran for the fragment"
else
	pass "no Perl or Python process ran for the fragment"
fi
runs=$(cat "$b/.ico-exec.log" 2>/dev/null | wc -l)
echo "# perl/python3 runs during the whole build (Kconfig probes): $runs"

# The spies see Kbuild's route: riscv-thin is built with the kernel's own
# script, and they caught it; proof that they would have seen ours.
if ref=$(kernel_build riscv-thin); then
	check "the spies caught perl running generate_initcall_order.pl" \
		grep -q '^perl .*generate_initcall_order\.pl vmlinux\.a' \
		"$ref/.ico-exec.log"
	(cd "$ref" && "$ICO" lds $(kernel_lds_inputs "$ref")) \
		>"$tmp/riscv.lds" 2>/dev/null
	check "... and initcall-order lds writes the bytes that script wrote" \
		cmp "$tmp/riscv.lds" "$ref/.tmp_initcalls.lds"
else
	fail "riscv-thin builds with the kernel's own script"
fi

entries=$(grep -c '^		\*(' "$b/.tmp_initcalls.lds")
echo "# fragment: $entries initcalls, inputs:" $(kernel_lds_inputs "$b")
check "the fragment lists initcalls" test "$entries" -gt 100

# The kernel's script run by hand on the recorded inputs: an unmodified
# tree has no initcall without an id, so --place-idless adds nothing.
if kernel_perl_lds "$b" >"$tmp/perl.lds" 2>"$tmp/perl.err"; then
	check "kernel script by hand (NM=llvm-nm) gives the built fragment" \
		cmp "$tmp/perl.lds" "$b/.tmp_initcalls.lds"
else
	fail "kernel script by hand (NM=llvm-nm) runs"
	sed 's/^/# /' "$tmp/perl.err"
fi
(cd "$b" && "$ICO" lds $(kernel_lds_inputs "$b")) \
	>"$tmp/ico.lds" 2>"$tmp/ico.err"
rc=$?
check "initcall-order lds on the build's inputs exits 0" test "$rc" -eq 0
check "initcall-order lds now gives the kernel script's bytes" \
	cmp "$tmp/ico.lds" "$tmp/perl.lds"
check "initcall-order lds is silent on a real kernel" test ! -s "$tmp/ico.err"

# The relink helper really changes the image: with every level of the
# fragment reversed, the entries of vmlinux come in another order.
# entry_order VMLINUX: the __initcall__ entry symbols in address order.
entry_order() {
	llvm-nm -n "$1" | awk '$3 ~ /^__initcall__/ { print $3 }'
}
if rev=$(kernel_variant_relink arm64-thin reversed "$KERNEL_LDS_REVERSED"); then
	pass "arm64-thin relinked with a reversed fragment ($(kernel_seconds "$rev") s)"
else
	fail "arm64-thin relinked with a reversed fragment"
	rev=/nonexistent
fi
entry_order "$b/vmlinux" >"$tmp/order.built"
entry_order "$rev/vmlinux" >"$tmp/order.rev" 2>/dev/null
echo "# entries in vmlinux: $(wc -l <"$tmp/order.built")"
check "vmlinux keeps one entry symbol per fragment line" \
	test "$(wc -l <"$tmp/order.built")" -eq "$entries"
check "the reversed relink orders its entries differently" \
	not cmp -s "$tmp/order.built" "$tmp/order.rev"
check "... the same entries" \
	cmp -s <(sort "$tmp/order.built") <(sort "$tmp/order.rev")
# The relink regenerated the fragment through the override (the build
# itself may have been cached, its log not showing that step).
check "the override keeps the quiet line 'GEN     .tmp_initcalls.lds'" \
	grep -qx '  GEN     .tmp_initcalls.lds' "$rev.log"

done_testing
