#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# dump --format=c: a C array of level and function, in run order, for
# programs that replay Linux's initcall order elsewhere.  It compiles
# without a warning, and a program built with it prints the same levels
# and functions, byte for byte, as the tsv dump holds, whatever bytes the
# names hold (an id-less entry's function is any symbol name).

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

tmp=$(scratch)
cd "$tmp" || exit 1

# Two modules with ids in levels 1 and 6, and an id-less entry in level 6
# calling a function whose name holds what a C string must escape.
cat >ids.c <<'CEOF'
static int a(void) { return 0; }
static int b(void) { return 0; }
static int (*const e1)(void) __asm__("__initcall__kmod_m__1_10_a6")
	__attribute__((used, section(".initcall6.init..kmod_m__1_10_a"))) = a;
static int (*const e2)(void) __asm__("__initcall__kmod_m__2_20_b1")
	__attribute__((used, section(".initcall1.init..kmod_m__2_20_b"))) = b;
CEOF
printf '%s\n' \
	'int odd(void) __asm__("odd\"\\??=*/\n\t\377x");' \
	'int odd(void) { return 0; }' \
	'static int (*const e)(void) __attribute__((used, section(".initcall6.init"))) = odd;' \
	>odd.c
for src in ids odd; do
	clang -O2 -Wno-trigraphs -c -o "$src.o" "$src.c" ||
		fail "compile $src.c"
done

"$ICO" dump --format=c -o table.h ids.o odd.o 2>err
check "dump --format=c: exit 0 (got $?)" test $? -eq 0
sed 's/^/# /' table.h | head -n 12
check "... a comment naming the format" \
	grep -qE '^/\* initcall-order-dump [0-9]+ \*/$' table.h
check "... an array of level and function" \
	grep -q '^} initcalls\[\] = {$' table.h
check "... nothing but printable ASCII and tabs" \
	eval '! LC_ALL=C grep -q $'"'"'[^\t -~]'"'"' table.h'

cat >replay.c <<'CEOF'
#include <stdio.h>
#include "table.h"

int main(void)
{
	unsigned int i;

	for (i = 0; i < sizeof(initcalls) / sizeof(initcalls[0]); i++)
		printf("%s\t%s\n", initcalls[i].level, initcalls[i].function);
	return 0;
}
CEOF
if cc -std=c99 -Wall -Wextra -Werror -o replay replay.c 2>cc.err; then
	pass "the array compiles with -std=c99 -Wall -Wextra -Werror"
else
	fail "the array compiles with -std=c99 -Wall -Wextra -Werror"
	sed 's/^/# /' cc.err
fi
./replay >got 2>/dev/null

# The tsv dump, unescaped (\\, \t, \n, \r and \xNN): level and function.
"$ICO" dump --format=tsv ids.o odd.o | tail -n +3 |
	while IFS=$'\t' read -r level _ _ _ _ _ fn _; do
		printf '%b\t%b\n' "$level" "$fn"
	done >want
check "the program prints the levels and functions of the tsv dump, byte for byte" \
	cmp want got
check "... in run order: level 1 first, then level 6 in link order" \
	test "$(head -n 3 got | cut -c1-5 | tr '\n\t' ' :')" = "1:b 6:a 6:odd "
check "... the id-less entry's name with its quote, backslash, newline and byte 0xff" \
	grep -q $'odd"\\\\??=\\*/' got

# A linked image: level and target symbol.
ld.lld -T "$TOP_DIR/tests/unit/arch/initcalls.lds" -o image ids.o odd.o \
	2>ld.err ||
	fail "link image"
"$ICO" dump --format=c image >image.h
check "dump --format=c of a linked image (exit $?)" test $? -eq 0
check "... level and target symbol" \
	grep -q '^	const char \*target_symbol;$' image.h
check "... the same three entries" \
	test "$(grep -c '^	{ "[16]", ' image.h)" -eq 3

"$ICO" dump --format=xml ids.o >/dev/null 2>err
rc=$?
check "an unknown format: exit 2 (got $rc)" test "$rc" -eq 2
check "... and the message lists the formats dump takes" grep -qxF \
	"initcall-order: error: dump: unknown format 'xml' (text, tsv, json or c)" err

done_testing
