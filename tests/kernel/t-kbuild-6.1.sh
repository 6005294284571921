#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Kbuild integration on Linux 6.1 through the kbuild/ series: it applies
# with git am, Kconfig offers the options only with the tool, and x86_64
# tinyconfig ThinLTO with CONFIG_INITCALL_ORDER_TOOL and
# CONFIG_INITCALL_ORDER_VERIFY, the tool named by INITCALL_ORDER= on the
# make command line, builds without running Perl or Python for the
# fragment, which is byte-identical to what the kernel's own script
# writes for it.  A golden file with two initcalls swapped stops the
# build; a link whose fragment is reversed must fail the verify step.

. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib.sh"

if ! kernel_all; then
	echo "# Linux 6.1 is built by make check-kernel-all, not in CI's time"
	done_testing
	exit
fi

tmp=$(scratch)

if src=$(kernel_src_patched 6.1); then
	pass "the kbuild/ series applies to linux-source-6.1 with git am"
else
	fail "the kbuild/ series applies to linux-source-6.1 with git am"
	done_testing
	exit
fi
check "... one commit per patch on top of the pristine files" \
	test "$(_kernel_git -C "$src" rev-list --count linux-source-6.1..HEAD)" \
	-eq "$(kernel_patches | wc -l)"
check "the series' Kconfig file is Kconfig.fragment" \
	cmp "$src/scripts/Kconfig.initcall-order" "$TOP_DIR/Kconfig.fragment"

# kconfig_with TOOL: tinyconfig with LTO and the options asked for, with
# INITCALL_ORDER=TOOL; olddefconfig must run without a warning.
kconfig_with() {
	local d=$tmp/kconfig

	rm -rf "$d"
	make -s -C "$src" O="$d" LLVM=1 tinyconfig >"$d.log" 2>&1 &&
	"$src/scripts/config" --file "$d/.config" -e 64BIT -d LTO_NONE \
		-e LTO_CLANG_THIN -e INITCALL_ORDER_TOOL \
		-e INITCALL_ORDER_VERIFY &&
	make -C "$d" LLVM=1 INITCALL_ORDER="$1" olddefconfig >>"$d.log" 2>&1 &&
	! grep -i warning "$d.log"
}
check "olddefconfig with INITCALL_ORDER=\$ICO (6.1)" kconfig_with "$ICO"
check "... the options stick" eval \
	'grep -qx "CONFIG_INITCALL_ORDER_TOOL=y" "$tmp/kconfig/.config" &&
	 grep -qx "CONFIG_INITCALL_ORDER_VERIFY=y" "$tmp/kconfig/.config" &&
	 grep -qx "CONFIG_INITCALL_ORDER_GOLDEN=\"\"" "$tmp/kconfig/.config"'
check "olddefconfig without the tool (6.1)" \
	kconfig_with /nonexistent/initcall-order
check "... the options are not offered" eval \
	'grep -qx "CONFIG_INITCALL_ORDER_VERSION=0" "$tmp/kconfig/.config" &&
	 ! grep -q "^CONFIG_INITCALL_ORDER_TOOL=" "$tmp/kconfig/.config"'

if ! b=$(kernel_build x86-thin-6.1); then
	fail "x86-thin-6.1 builds through the kbuild/ series"
	done_testing
	exit
fi
pass "x86-thin-6.1 builds through the kbuild/ series ($(kernel_seconds "$b") s)"

check "ThinLTO and the patch's options on" eval \
	'grep -qx CONFIG_LTO_CLANG_THIN=y "$b/.config" &&
	 grep -qx CONFIG_INITCALL_ORDER_TOOL=y "$b/.config" &&
	 grep -qx CONFIG_INITCALL_ORDER_VERIFY=y "$b/.config"'

cmd=$(kernel_lds_cmd "$b" | tr -s ' ')
echo "# fragment command: $cmd"
case "$cmd" in
"$KERNEL_ICO lds --place-idless -o .tmp_initcalls.lds vmlinux.a "*)
	pass "Kbuild ran the INITCALL_ORDER= of the command line: lds --place-idless -o" ;;
*)
	fail "Kbuild ran the INITCALL_ORDER= of the command line: lds --place-idless -o" ;;
esac
if grep -E 'generate_initcall_order\.pl|jobserver-exec' \
		"$b/.ico-exec.log" 2>/dev/null; then
	fail "no Perl or Python process ran for the fragment"
else
	pass "no Perl or Python process ran for the fragment"
fi

# The verify step ran, and kept quiet about it: its report is in the build
# folder, not in the build's output.
report=$b/.initcall-order-verify.tmp
check "the verify step wrote its report" test -s "$report"
check "a passing verify step prints nothing" \
	not grep -qxF "$(head -n 1 "$report" 2>/dev/null)" "$b.log"

if kernel_perl_lds "$b" >"$tmp/perl.lds" 2>"$tmp/perl.err"; then
	check "fragment byte-identical to the kernel script's (6.1)" \
		cmp "$tmp/perl.lds" "$b/.tmp_initcalls.lds"
else
	fail "the kernel script runs on the 6.1 inputs"
	sed 's/^/# /' "$tmp/perl.err"
fi
check "the fragment lists initcalls" \
	test "$(grep -c '^		\*(' "$b/.tmp_initcalls.lds")" -gt 100

kernel_check_hooks x86-thin-6.1 "$b" "$tmp"

done_testing
