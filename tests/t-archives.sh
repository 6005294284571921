#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Archive shapes beyond the fixture sets: 64-bit symbol tables, empty
# archives, thin archives that list other archives (by hand, as ar would
# flatten them), loops, absolute member paths, archives inside regular
# archives, GNU's nested thin archives, BSD names and members that are not
# objects.  Where the kernel's script can read the archive, the bytes must
# match it; where the tool refuses, it must say so naming the archive
# (exit 2), never drop initcalls silently.

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$TESTS_DIR/fixtures/lib.sh"

tmp=$(scratch)

require_fixtures
script=$(kernel_script) || fail "extract generate_initcall_order.pl"

cd "$tmp" || exit 1
cp "$fx/obj/clang/kernel/core.o" x.o
cp "$fx/obj/thin/init/main.o" y.o
cp "$fx/obj/gcc-plain/drivers/tty/vt.o" z.o
cp "$fx/obj/full/fs/a_very_long_file_name_for_gnu.o" \
	a_very_long_file_name_for_gnu.o

perl_lds() {
	NM=llvm-nm perl "$script" "$@" 2>/dev/null
}

# same_as_perl WHAT "PERL ARGS" "ICO ARGS": the tool on ICO ARGS gives
# the bytes of the kernel's script on PERL ARGS, silently.
same_as_perl() {
	local what=$1 rc
	local -a pa ia
	read -ra pa <<<"$2"
	read -ra ia <<<"$3"
	perl_lds "${pa[@]}" >want
	"$ICO" lds "${ia[@]}" >got 2>err
	rc=$?
	check "$what: exit 0 (got $rc)" test "$rc" -eq 0
	if [ -s want ] && cmp -s want got; then
		pass "$what: the kernel script's bytes"
	else
		fail "$what: the kernel script's bytes"
		sed 's/^/# stderr: /' err | head -5
	fi
	check "$what: silent" test ! -s err
}

# refused WHAT NAME ARG...: exit 2, NAME in the message, no stdout.
refused() {
	local what=$1 name=$2 rc
	shift 2
	"$ICO" lds "$@" >got 2>err
	rc=$?
	check "$what: exit 2 (got $rc)" test "$rc" -eq 2
	check "$what: message names $name" grep -qF -- "$name" err
	check "$what: nothing on stdout" test ! -s got
}

# same_or_refused WHAT NAME "PERL ARGS" ARG...: either the bytes of the
# kernel's script on PERL ARGS (exit 0), or a refusal naming NAME.
same_or_refused() {
	local what=$1 name=$2 rc
	local -a pa
	read -ra pa <<<"$3"
	shift 3
	perl_lds "${pa[@]}" >want
	"$ICO" lds "$@" >got 2>err
	rc=$?
	if [ "$rc" -eq 0 ] && [ -s want ] && cmp -s want got; then
		pass "$what: read, the kernel script's bytes"
	elif [ "$rc" -eq 2 ] && [ ! -s got ] && grep -qF -- "$name" err; then
		pass "$what: refused with a message naming $name"
	else
		fail "$what: exit $rc, neither the right bytes nor a clear refusal"
		sed 's/^/# stderr: /' err | head -5
	fi
}

# --- Symbol tables and names ------------------------------------------

SYM64_THRESHOLD=0 llvm-ar qcs sym64.a x.o y.o a_very_long_file_name_for_gnu.o
check "llvm-ar wrote a /SYM64/ table" \
	test "$(head -c 15 sym64.a | tail -c 7)" = "/SYM64/"
same_as_perl "/SYM64/ symbol table" \
	"x.o y.o a_very_long_file_name_for_gnu.o" sym64.a

printf '!<arch>\n' >empty.a
same_as_perl "empty archive among inputs" "x.o" "empty.a x.o"
printf '!<thin>\n' >empty-thin.a
same_as_perl "empty thin archive among inputs" "x.o" "empty-thin.a x.o"

mkdir -p abs
cp y.o abs/y.o
llvm-ar qcT abs.a "$tmp/abs/y.o" x.o
check "llvm-ar stored an absolute member path" \
	grep -qaF "$tmp/abs/y.o" abs.a
same_as_perl "thin archive with an absolute member path" "y.o x.o" abs.a

# --- Thin archives that list archives -----------------------------------

mkdir -p t/inner
cp x.o y.o t/inner/
cp z.o t/z.o
(cd t && llvm-ar qcT in.a inner/x.o inner/y.o)
thin_archive t/outer.a in.a z.o
same_as_perl "thin archive listing a thin archive" \
	"t/inner/x.o t/inner/y.o t/z.o" t/outer.a
"$ICO" dump --format=tsv t/outer.a >nested.tsv 2>/dev/null
check "dump names the inner archive's members" \
	grep -qF "in.a:inner/x.o" nested.tsv

thin_archive loop.a loop.a
refused "thin archive listing itself" loop.a loop.a
thin_archive loop1.a loop2.a
thin_archive loop2.a loop1.a
refused "two thin archives listing each other" loop1.a x.o loop1.a

# --- Archives inside archives --------------------------------------------

ar qc reg.a x.o y.o
ar qc outer-reg.a reg.a z.o
refused "regular archive inside a regular archive" reg.a outer-reg.a

# GNU ar makes a nested thin archive when given a regular archive.
ar qcT gnu-nested.a reg.a z.o
same_or_refused "GNU nested thin archive" gnu-nested.a "x.o y.o z.o" \
	gnu-nested.a

# --- Other formats and members -------------------------------------------

llvm-ar --format=bsd qcs bsd.a x.o a_very_long_file_name_for_gnu.o
same_or_refused "BSD archive" bsd.a "x.o a_very_long_file_name_for_gnu.o" \
	bsd.a

printf 'not an object\n' >notes.txt
ar qcS text-member.a x.o notes.txt
refused "member that is no object" notes.txt text-member.a
check "member that is no object: archive named too" grep -qF text-member.a err

done_testing
