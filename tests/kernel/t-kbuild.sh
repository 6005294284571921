#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Kbuild integration on Linux 6.12, both ways:
#  - no patch: x86_64 tinyconfig ThinLTO built with the fragment's command
#    replaced on make's command line; no Perl or Python process runs for
#    it, and the fragment is byte-identical to the one the kernel's own
#    script writes for the same kernel;
#  - the kbuild/ patch applies, its Kconfig file is Kconfig.fragment, and
#    scripts/kconfig accepts it (make olddefconfig).

. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib.sh"

tmp=$(scratch)

# ran_for_fragment BUILD_DIR: the logged perl/python3 runs that made a
# fragment.
ran_for_fragment() {
	grep -E 'generate_initcall_order\.pl|jobserver-exec' \
		"$1/.ico-exec.log" 2>/dev/null
}

if ! b=$(kernel_build x86-thin); then
	fail "x86-thin (6.12 tinyconfig ThinLTO) builds through the make override"
	done_testing
	exit
fi
pass "x86-thin builds through the make override ($(kernel_seconds "$b") s)"

check "ThinLTO really on" grep -qx CONFIG_LTO_CLANG_THIN=y "$b/.config"
check "the cache's tool link is this \$ICO" \
	test "$(readlink -f "$KERNEL_ICO")" = "$(readlink -f "$ICO")"
check "bzImage and vmlinux exist" test -s "$b/arch/x86/boot/bzImage" -a \
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

# The same kernel with the kernel's own script: relinks vmlinux.o only.
if ref=$(kernel_variant_relink x86-thin kernel-script \
		"$KERNEL_LDS_SCRIPT"); then
	pass "x86-thin relinked with the kernel's own script" \
		"($(kernel_seconds "$ref") s)"
else
	fail "x86-thin relinked with the kernel's own script"
	ref=/nonexistent
fi
# The spies see Kbuild's route: proof that they would have seen ours.
check "the spies caught perl running generate_initcall_order.pl" \
	grep -q '^perl .*generate_initcall_order\.pl vmlinux\.a' \
	"$ref/.ico-exec.log"
case "$(kernel_lds_cmd "$ref")" in
"perl "*"/scripts/generate_initcall_order.pl vmlinux.a "*)
	pass "the reference fragment was written by the kernel's script" ;;
*)
	fail "the reference fragment was written by the kernel's script" ;;
esac
# The tree holds one object with an initcall without an id (the stand-in
# for a Rust built-in module, tests/kernel/idless/): --place-idless adds
# one rule for it; the rest is the script's, byte for byte.
without_rules() {
	grep -v "$(printf '^\t\tvmlinux\\.a:')" "$1"
}
check "the fragment has the stand-in's rule, and no other" \
	test "$(grep -c "$(printf '^\t\tvmlinux\\.a:')" "$b/.tmp_initcalls.lds")" -eq 1 -a \
	"$(grep "$(printf '^\t\tvmlinux\\.a:')" "$b/.tmp_initcalls.lds")" = \
	"$(printf '\t\tvmlinux.a:kernel/ico_idless.o(.initcall6.init) ;')"
check "fragment otherwise byte-identical to the kernel script's" \
	cmp <(without_rules "$b/.tmp_initcalls.lds") "$ref/.tmp_initcalls.lds"

entries=$(grep -c '^		\*(' "$b/.tmp_initcalls.lds")
echo "# fragment: $entries initcalls, inputs:" $(kernel_lds_inputs "$b")
check "the fragment lists initcalls" test "$entries" -gt 100

# The tool as built now (the cached kernel may be older) against the
# script run by hand on the recorded inputs.
if kernel_perl_lds "$b" >"$tmp/perl.lds" 2>"$tmp/perl.err"; then
	check "kernel script by hand (NM=llvm-nm) gives the built fragment" \
		cmp "$tmp/perl.lds" <(without_rules "$b/.tmp_initcalls.lds")
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
check "... warning about the stand-in's initcall alone" \
	test "$(cat "$tmp/ico.err")" = "initcall-order: vmlinux.a(kernel/ico_idless.o): warning: initcalls without an id in .initcall6.init: left to the linker, which puts them after every initcall of their level in the fragment (--place-idless keeps link order)"
(cd "$b" && "$ICO" lds --place-idless $(kernel_lds_inputs "$b")) \
	>"$tmp/placed.lds" 2>"$tmp/placed.err"
check "initcall-order lds --place-idless now gives the built fragment" \
	cmp "$tmp/placed.lds" "$b/.tmp_initcalls.lds"
check "... silently" test ! -s "$tmp/placed.err"

# The relink helper really changes the image: with every level of the
# fragment reversed, the entries of vmlinux come in another order.
# entry_order VMLINUX: the __initcall__ entry symbols in address order.
entry_order() {
	llvm-nm -n "$1" | awk '$3 ~ /^__initcall__/ { print $3 }'
}
if rev=$(kernel_variant_relink x86-thin reversed "$KERNEL_LDS_REVERSED"); then
	pass "x86-thin relinked with a reversed fragment ($(kernel_seconds "$rev") s)"
else
	fail "x86-thin relinked with a reversed fragment"
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
