#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The native bitcode reader against llvm-nm: the sources under
# tests/fixtures/bitcode are compiled by clang (ThinLTO and full LTO, -O0
# and -O2, two-module split LTO units, a Darwin target in its wrapper) and
# the sorted "TYPE NAME" lines of tests/tools/symdump must equal those of
# "llvm-nm --defined-only".  Then: the sections of initcall entries, the
# fallback on concatenated files, errors on cut files, and how few pages
# of a large file the reader touches.

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

tmp=$(scratch)
src=$TESTS_DIR/fixtures/bitcode
symdump=$ICO_TOOLS/symdump
: "${CLANG:=clang}" "${CLANGXX:=clang++}" "${NM:=llvm-nm}"
: "${BCANALYZER:=llvm-bcanalyzer}" "${LLVM_CAT:=llvm-cat}"

missing=
for tool in "$CLANG" "$CLANGXX" "$NM" "$BCANALYZER" "$LLVM_CAT" "$symdump"
do
	command -v "$tool" >/dev/null || missing="$missing $tool"
done
if [ -n "$missing" ]; then
	fail "tools installed (missing:$missing)"
	done_testing
	exit
fi

# Sorted "TYPE NAME" lines of llvm-nm; the address column goes.
nm_lines() {
	"$NM" --defined-only "$1" | sed "s/^[^ ]* //; ${2:-}" | LC_ALL=C sort
}

# compare DESCRIPTION OBJECT [SED-SCRIPT applied to llvm-nm's lines]
compare() {
	local what=$1 obj=$2 fix=${3:-} rc

	if ! nm_lines "$obj" "$fix" >"$tmp/nm"; then
		fail "$what: llvm-nm failed"
		return
	fi
	"$symdump" "$obj" >"$tmp/ours.raw" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		fail "$what: symdump exit $rc: $(cat "$tmp/err")"
		return
	fi
	LC_ALL=C sort "$tmp/ours.raw" >"$tmp/ours"
	# Guard against two empty lists agreeing.
	if [ "$(wc -l <"$tmp/nm")" -lt 4 ]; then
		fail "$what: llvm-nm lists only $(wc -l <"$tmp/nm") symbols"
	elif diff -u "$tmp/nm" "$tmp/ours" >"$tmp/diff"; then
		pass "$what ($(wc -l <"$tmp/ours") symbols)"
	else
		fail "$what"
		sed 's/^/# /' "$tmp/diff"
	fi
}

# Number of MODULE blocks, as llvm-bcanalyzer counts them.
modules_in() {
	"$BCANALYZER" "$1" |
		awk '/\(MODULE_BLOCK\):/ { getline; print $3; exit }'
}

# ThinLTO and full LTO, unoptimised and optimised, with and without -g.
for f in symbols initcalls; do
	for lto in -flto=thin -flto; do
		for opt in -O0 -O2 "-O2 -g"; do
			kind=full
			[ "$lto" = -flto=thin ] && kind=thin
			obj=$tmp/$f-$kind${opt// /}.o
			# shellcheck disable=SC2086
			if "$CLANG" $lto $opt -fcommon -c "$src/$f.c" \
				-o "$obj"; then
				compare "$f.c $lto $opt" "$obj"
			else
				fail "$f.c $lto $opt compiles"
			fi
		done
	done
done

# Split LTO units: two modules in one file.
obj=$tmp/split.o
if "$CLANGXX" -flto=thin -fsplit-lto-unit -fwhole-program-vtables -O2 \
	-c "$src/split.cc" -o "$obj"; then
	check "split.cc has 2 modules" [ "$(modules_in "$obj")" = 2 ]
	compare "split.cc -flto=thin -fsplit-lto-unit" "$obj"
else
	fail "split.cc compiles"
fi
obj=$tmp/cfi.o
if "$CLANG" -flto=thin -fsplit-lto-unit -fsanitize=cfi-icall \
	-fvisibility=hidden -O2 -c "$src/cfi.c" -o "$obj"; then
	check "cfi.c has 2 modules" [ "$(modules_in "$obj")" = 2 ]
	compare "cfi.c -flto=thin -fsanitize=cfi-icall" "$obj"
else
	fail "cfi.c compiles"
fi

# Darwin: the bitcode wrapper header.  llvm-nm prints 's'/'S' for
# constants of Darwin targets; the irsymtab does not record constness,
# so the reader says 'd'/'D' (documented in symtab/bitcode.c).
obj=$tmp/darwin.o
if "$CLANG" -target x86_64-apple-macosx10.15 -flto=thin -O2 -fcommon \
	-c "$src/darwin.c" -o "$obj"; then
	check "darwin.o starts with the wrapper magic" \
		[ "$(od -An -tx1 -N4 "$obj" | tr -d ' ')" = dec0170b ]
	compare "darwin.c in the wrapper" "$obj" 's/^S /D /; s/^s /d /'
else
	fail "darwin.c compiles"
fi

# Sections: from the Uncommon records of section-placed variables.
obj=$tmp/initcalls-thin-O0.o
"$symdump" --sections "$obj" >"$tmp/sections"
check "static initcall entry has its section" grep -qx \
	'd __initcall__kmod_demo__13_57_bar_init4 .initcall4.init..kmod_demo__13_57_bar_init' \
	"$tmp/sections"
check "asm initcall label has no section" grep -qx \
	't __initcall__kmod_demo__11_40_foo_init6 -' "$tmp/sections"
check "__init function is in .init.text" grep -qx \
	't foo_init .init.text' "$tmp/sections"

# Binary concatenation (llvm-cat -b) keeps the modules and string tables
# but writes no symbol table: the reader must fall back.
"$LLVM_CAT" -b -o "$tmp/cat.o" "$tmp/symbols-thin-O2.o" \
	"$tmp/initcalls-thin-O2.o"
"$symdump" "$tmp/cat.o" >/dev/null 2>"$tmp/err"
check "concatenated file falls back (exit 3)" [ $? -eq 3 ]
check "fallback says why" grep -q \
	"fallback: no symbol table" "$tmp/err"

# A file cut in its module: corrupt, exit 2, with the block and bytes.
head -c 1000 "$tmp/symbols-thin-O2.o" >"$tmp/cut.o"
"$symdump" "$tmp/cut.o" >/dev/null 2>"$tmp/err"
check "cut file is an error (exit 2)" [ $? -eq 2 ]
check "error names the block" grep -Eq \
	'truncated: block 8 at byte [0-9]+ claims [0-9]+ words, [0-9]+ left' \
	"$tmp/err"

# A large module with few symbols: the reader must touch the first page
# (magic and block headers) and the last ones (SYMTAB, STRTAB) only.
{
	echo 'volatile int sink;'
	for f in $(seq 1 30); do
		echo "int big_$f(int x) {"
		echo " switch (x) {"
		for c in $(seq 1 300); do
			echo "  case $c: sink = x * $c + $f; break;"
		done
		echo " }"
		echo " return sink;"
		echo "}"
	done
} >"$tmp/big.c"
if "$CLANG" -flto=thin -O0 -c "$tmp/big.c" -o "$tmp/big.o"; then
	"$symdump" --touched "$tmp/big.o" >"$tmp/touched"
	read -r _ touched _ total _ pages <"$tmp/touched"
	echo "# big.o: $(cat "$tmp/touched")"
	check "big.o spans at least 32 pages" [ "$total" -ge 32 ]
	check "reader touches at most 3 of its pages" [ "$touched" -le 3 ]
	first_and_last() {
		[ "${pages%% *}" = 0 ] && [ "${pages##* }" = $((total - 1)) ]
	}
	check "touched pages are the first and the last" first_and_last
	compare "big.c -flto=thin" "$tmp/big.o"
else
	fail "big.c compiles"
fi

done_testing
