#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Hostile input, replayed on every make check:
#  1. every input under tests/regress/<target>/ (crashes and hangs the
#     fuzzers found, and inputs written to show a bug) goes through the
#     fuzz target's code again, built without libFuzzer as
#     $ICO_BUILD/tests/replay/fuzz-<target> (with make SAN=1, under the
#     sanitizers);
#     those of the file readers also go through "initcall-order dump";
#  2. classes of bad input made here from a freshly compiled object:
#     bit flips all over ELF, bitcode and archives, zero-length files,
#     wrong magic, loops of thin archives, thin members that are FIFOs or
#     devices.  The tool must exit 0, 1 or 2 (never die of a signal or
#     hang), and say something when it fails.

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ico-regress.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
limit=${REGRESS_TIMEOUT:-60}

# invoke ARG...: runs the tool, killed after $limit seconds; sets rc_last.
invoke() {
	timeout -s KILL "$limit" "$ICO" "$@" >"$tmp/out" 2>"$tmp/err"
	rc_last=$?
}

# run_tool WHAT ARG...: the tool ends by itself with 0, 1 or 2, and says
# why on stderr when it is not 0.
run_tool() {
	local what=$1
	shift
	invoke "$@"
	if [ "$rc_last" -gt 2 ]; then
		fail "$what: exit $rc_last (signal, hang or crash)"
		sed "s/^/# /" "$tmp/err" | head -20
	elif [ "$rc_last" -ne 0 ] && ! grep -q "^initcall-order: " "$tmp/err"; then
		fail "$what: exit $rc_last without a message"
	else
		pass "$what: exit $rc_last"
	fi
}

# --- 1. Saved inputs ----------------------------------------------------

for dir in "$TESTS_DIR"/regress/*/; do
	t=$(basename "$dir")
	tool=$ICO_BUILD/tests/replay/fuzz-$t
	for f in "$dir"*; do
		[ -f "$f" ] || continue
		name=$t/$(basename "$f")
		if [ ! -x "$tool" ]; then
			fail "$name: no replay tool $tool"
			continue
		fi
		timeout -s KILL "$limit" "$tool" "$f" >"$tmp/out" 2>&1
		rc=$?
		if [ "$rc" -eq 0 ]; then
			pass "$name: replayed through fuzz-$t"
		else
			fail "$name: fuzz-$t exit $rc"
			sed 's/^/# /' "$tmp/out" | head -30
		fi
		case $t in
		elf | bitcode | archive | image)
			run_tool "$name: initcall-order dump" dump "$f"
			;;
		rename)
			run_tool "$name: initcall-order rename" rename \
				-o "$tmp/renamed.o" "$f"
			;;
		esac
	done
done

# --- 2. Classes of bad input --------------------------------------------

cd "$tmp" || exit 1
fx=$TESTS_DIR/fixtures
if ! clang -O2 -DMODNAME=kmod_core -I"$fx" -c -o elf.o \
	"$fx/src/kernel/core.c" ||
	! clang -O2 -flto=thin -DMODNAME=kmod_main -I"$fx" -c -o bc.o \
		"$fx/src/init/main.c"; then
	fail "compile the objects to corrupt"
	done_testing
	exit
fi
ar rcs good.a elf.o bc.o

# flip FILE OFFSET: a copy of FILE with the byte at OFFSET inverted.
flip() {
	local size
	size=$(stat -c %s "$1")
	{
		head -c "$2" "$1"
		head -c $(($2 + 1)) "$1" | tail -c 1 | od -An -tu1 |
			{ read -r b; printf "\\$(printf %03o $((255 - b)))"; }
		tail -c $((size - $2 - 1)) "$1"
	} >"$3"
}

# Bit flips at offsets spread over each file, header bytes densely.
for f in elf.o bc.o good.a; do
	size=$(stat -c %s "$f")
	bad=0
	offs="$(seq 0 1 71) $(seq 72 37 $((size - 1)))"
	for off in $offs; do
		flip "$f" "$off" "flip.o"
		timeout -s KILL "$limit" "$ICO" dump flip.o >/dev/null \
			2>"$tmp/err"
		rc=$?
		if [ "$rc" -gt 2 ] ||
			{ [ "$rc" -ne 0 ] && [ ! -s "$tmp/err" ]; }; then
			bad=$((bad + 1))
			echo "# $f with byte $off flipped: exit $rc"
			cp flip.o "$tmp/../ico-flip-$f-$off" 2>/dev/null
		fi
	done
	check "$f: $(echo $offs | wc -w) single-byte flips, no crash or silent failure" \
		test "$bad" -eq 0
done

# expect_error WHAT PATTERN ARG...: exit 2, and the message names PATTERN.
expect_error() {
	local what=$1 pat=$2
	shift 2
	invoke "$@"
	if [ "$rc_last" -eq 2 ] && grep -qF -- "$pat" "$tmp/err"; then
		pass "$what: exit 2 naming '$pat'"
	else
		fail "$what: exit $rc_last, wanted 2 and a message naming '$pat'"
		sed 's/^/# /' "$tmp/err" | head -5
	fi
}

: >empty.o
expect_error "zero-length object" "empty.o" dump elf.o empty.o
: >empty.a
printf '!<arch>\n' >bare.a
run_tool "archive of no members" dump bare.a
{ printf '\177ELG'; tail -c +5 elf.o; } >magic.o
expect_error "ELF with a wrong magic" "magic.o" dump magic.o
{ printf 'BC\300\337'; tail -c +5 bc.o; } >magic-bc.o
expect_error "bitcode with a wrong magic" "magic-bc.o" dump magic-bc.o
{ printf '!<arcx>\n'; tail -c +9 good.a; } >magic.a
expect_error "archive with a wrong magic" "magic.a" dump magic.a

# ar_hdr NAME SIZE: a 60-byte member header.
ar_hdr() {
	printf '%-16s%-12s%-6s%-6s%-8s%-10s`\n' "$1" 0 0 0 644 "$2"
}
thin() { # ARCHIVE MEMBER...: a thin archive naming the members
	local a=$1
	shift
	{
		printf '!<thin>\n'
		for m in "$@"; do ar_hdr "$m/" 100; done
	} >"$a"
}

thin self.a elf.o self.a
expect_error "thin archive naming itself" "self.a" dump self.a
thin ping.a elf.o pong.a
thin pong.a ping.a
expect_error "two thin archives naming each other" "ping.a" dump ping.a
thin deep0.a deep1.a
for i in 1 2 3 4 5 6 7 8 9 10; do thin "deep$i.a" "deep$((i + 1)).a"; done
cp elf.o deep11.a
expect_error "thin archives nested eleven deep" "deep" dump deep0.a

mkfifo fifo.o
thin fifo.a elf.o fifo.o
expect_error "thin member that is a FIFO (must not block)" "fifo.o" \
	dump fifo.a
thin dev.a /dev/zero
expect_error "thin member that is a device" "/dev/zero" dump dev.a
mkdir adir
thin dir.a adir
expect_error "thin member that is a folder" "adir" dump dir.a
thin gone.a elf.o gone.o
expect_error "thin member missing" "gone.o" dump gone.a

done_testing
