#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Every header under include/ compiles on its own (it includes what it
# needs), and all of them together in one file: no two share an include
# guard, no two declare one name in two ways.

source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

tmp=$(scratch)
cd "$TOP_DIR" || exit 2
CC=${CC:-cc}
flags="-std=gnu11 -D_GNU_SOURCE -Iinclude $(pkg-config --cflags libelf 2>/dev/null) -DINITCALL_ORDER_MODNAME=headers -Wall -Werror -fsyntax-only"

mapfile -t headers < <(cd include && find . -name '*.h' | sed 's|^\./||' | LC_ALL=C sort)
check "include/ holds headers (${#headers[@]})" test "${#headers[@]}" -gt 20

for h in "${headers[@]}"; do
	printf '#include <%s>\n' "$h" >"$tmp/one.c"
	# shellcheck disable=SC2086
	if $CC $flags -c "$tmp/one.c" 2>"$tmp/one.err"; then
		pass "$h compiles on its own"
	else
		fail "$h compiles on its own"
		sed 's/^/# /' "$tmp/one.err" | head -5
	fi
done

printf '#include <%s>\n' "${headers[@]}" >"$tmp/all.c"
# shellcheck disable=SC2086
$CC $flags -c "$tmp/all.c" 2>"$tmp/all.err"
check "all of them together in one file (exit $?)" test ! -s "$tmp/all.err"
sed 's/^/# /' "$tmp/all.err" | head -10

guards=$(for h in "${headers[@]}"; do
	sed -n 's/^#ifndef \([A-Z0-9_]*_H\)$/\1/p' "include/$h" | head -n 1
done | LC_ALL=C sort)
check "each header has a guard of its own" \
	test "$(echo "$guards" | wc -l)" -eq "${#headers[@]}" -a \
	-z "$(echo "$guards" | uniq -d)"

done_testing
