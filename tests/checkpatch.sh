#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The kernel's scripts/checkpatch.pl (from Debian's linux-source-6.12, taken
# from the unpacked tree in $KERNEL_CACHE or extracted from the tarball)
# on every .c and .h file of the tool and its tests: one TAP line per file,
# "ok" when checkpatch reports nothing.  Ends with "N passed, N failed".

cd "$(dirname "$0")/.." || exit 2

KERNEL_CACHE=${KERNEL_CACHE:-$PWD/.cache/kernels}
TARBALL=/usr/src/linux-source-6.12.tar.xz
DIRS="symtab initcall util cmd include tests/unit tests/tools tests/fuzz"

find_checkpatch() {
	tree=$KERNEL_CACHE/linux-6.12
	if [ -f "$tree/.ico-unpacked" ]; then
		echo "$tree/scripts/checkpatch.pl"
		return 0
	fi
	dir=$KERNEL_CACHE/checkpatch-6.12
	if [ ! -f "$dir/scripts/checkpatch.pl" ]; then
		[ -f "$TARBALL" ] || {
			echo "# $TARBALL is missing" >&2
			return 1
		}
		mkdir -p "$dir.tmp" &&
		tar xJf "$TARBALL" -C "$dir.tmp" --strip-components=1 \
			linux-source-6.12/scripts/checkpatch.pl \
			linux-source-6.12/scripts/spelling.txt \
			linux-source-6.12/scripts/const_structs.checkpatch &&
		rm -rf "$dir" && mv "$dir.tmp" "$dir" || return 1
	fi
	echo "$dir/scripts/checkpatch.pl"
}

n=0
passed=0
failed=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

if ! checkpatch=$(find_checkpatch); then
	echo "not ok 1 - checkpatch.pl from linux-source-6.12"
	echo "1..1"
	echo "0 passed, 1 failed"
	exit 1
fi

for f in $(find $DIRS -name '*.[ch]' 2>/dev/null | sort); do
	n=$((n + 1))
	perl "$checkpatch" --no-tree --file --quiet --no-summary \
		--show-types "$f" >"$out" 2>&1
	rc=$?
	if [ "$rc" -eq 0 ] && [ ! -s "$out" ]; then
		passed=$((passed + 1))
		echo "ok $n - $f"
	else
		failed=$((failed + 1))
		echo "not ok $n - $f"
		sed 's/^/# /' "$out"
	fi
done
echo "1..$n"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$n" -gt 0 ]
