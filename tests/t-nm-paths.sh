#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Paths handed to $NM are never options or response files (issue 16):
# bitcode that falls back to $NM, named "@resp" and "-fb.o" (thin archive
# members and command-line inputs), is read as the file it is, by GNU nm
# and by llvm-nm, with the kernel script's result; a file "resp" holding
# an option nm does not know would make either fail if it were read.

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$TESTS_DIR/fixtures/lib.sh"

tmp=$(scratch)
require_fixtures
script=$(kernel_script) || fail "extract generate_initcall_order.pl"
cd "$tmp" || exit 1

if ! fallback_bitcode "$fx/obj/thin/init/main.o" ./@resp ||
	! fallback_bitcode "$fx/obj/thin/kernel/core.o" ./-fb.o; then
	fail "make bitcode objects that fall back to \$NM"
	done_testing
	exit
fi
# GNU nm reads bitcode through the LLVM plugin, which lists no local
# symbols, so no initcall of the bitcode: an ELF object beside it gives
# the fragment something to hold.
cp "$fx/obj/gcc/lib/lib1.o" lib1.o
# Read as response files, these would stop nm with an unknown option.
echo '--no-such-option-from-a-response-file' >resp
cp resp fb.resp
ar rcT thin.a -- @resp -fb.o 2>/dev/null ||
	llvm-ar rcT thin.a ./@resp ./-fb.o || fail "make thin.a"
check "thin.a names its members @resp and -fb.o" \
	sh -c 'ar t thin.a | tr "\n" " " | grep -qx "@resp -fb.o "'

# A wrapper that logs the arguments nm gets.
cat >lognm <<'EOF'
#!/bin/sh
printf '%s\n' "$@" >>"${0%/*}/nm.args"
exec "$REAL_NM" "$@"
EOF
chmod +x lognm

for nm in llvm-nm nm; do
	if ! command -v "$nm" >/dev/null; then
		fail "$nm installed"
		continue
	fi
	# What the kernel's script makes of the same archive (it passes
	# "./thin.a", and nm opens the members itself).
	NM=$nm perl "$script" lib1.o thin.a >want 2>/dev/null
	check "$nm: the kernel's script makes a fragment" grep -q 'lib1' want
	if [ "$nm" = llvm-nm ]; then
		check "$nm: ... with the members' initcalls" \
			grep -q 'kmod_main__0_25_setup_early' want
	fi

	rm -f nm.args
	REAL_NM=$nm NM=$tmp/lognm "$ICO" lds lib1.o thin.a >got 2>err
	rc=$?
	check "$nm, thin members @resp and -fb.o: exit 0 (got $rc)" \
		test "$rc" -eq 0
	check "$nm, thin members: the kernel script's bytes" cmp -s want got
	[ "$rc" -eq 0 ] || sed 's/^/# /' err | head -3
	check "$nm, thin members: nm got ./@resp and ./-fb.o" \
		sh -c 'grep -qx "\./@resp" nm.args && grep -qx "\./-fb\.o" nm.args'
	check "$nm, thin members: no argument starts with @ or names a file with -" \
		sh -c '! grep -q "^@\|^-[^-]" nm.args'

	rm -f nm.args
	REAL_NM=$nm NM=$tmp/lognm "$ICO" lds -- lib1.o @resp -fb.o >got 2>err
	rc=$?
	check "$nm, inputs '@resp' '-fb.o' on the command line: exit 0 (got $rc)" \
		test "$rc" -eq 0
	check "$nm, command line: the same fragment" cmp -s want got
	check "$nm, command line: nm got ./@resp and ./-fb.o" \
		sh -c 'grep -qx "\./@resp" nm.args && grep -qx "\./-fb\.o" nm.args'

	# Absolute paths stay as they are.
	rm -f nm.args
	REAL_NM=$nm NM=$tmp/lognm "$ICO" lds lib1.o "$tmp/@resp" >got 2>err
	check "$nm, an absolute path: exit 0 and passed as is" \
		sh -c "[ $? -eq 0 ] && grep -qx '$tmp/@resp' nm.args"
done

done_testing
