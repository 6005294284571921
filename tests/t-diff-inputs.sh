#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Every kind of input initcall-order diff accepts, on either side, for one
# build: the objects' dump (tsv, json), a linked image, the image's dump
# (tsv, json) and boot logs naming stubs, raw addresses or plain
# functions.  The image is linked here from the fixture kernel's objects
# with the fragment 'lds' makes and an INIT_CALLS-like script; the boot
# logs are written from the image's own dump.  A second image linked with
# every level of the fragment reversed must show the moves.

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$TESTS_DIR/fixtures/lib.sh"

tmp=$(scratch)

require_fixtures

set=objs-thin
mapfile -t args <"$fx/sets/$set.args"
in_set() { (cd "$fx/sets/$set" && "$@"); }

# The final link: INIT_CALLS of include/asm-generic/vmlinux.lds.h, reduced.
{
	echo 'SECTIONS {'
	echo '	. = 0xffffffff81000000;'
	echo '	.text : { *(.text .text.*) }'
	echo '	.init.data : {'
	echo '		__initcall_start = .;'
	echo '		KEEP(*(.initcallearly.init))'
	for l in 0 1 2 3 4 5 rootfs 6 7; do
		echo "		__initcall${l}_start = .;"
		echo "		KEEP(*(.initcall$l.init)) KEEP(*(.initcall${l}s.init))"
	done
	echo '		__initcall_end = .;'
	echo '		__con_initcall_start = .;'
	echo '		KEEP(*(.con_initcall.init))'
	echo '		__con_initcall_end = .;'
	echo '	}'
	echo '}'
} >"$tmp/image.lds"

# link_image FRAGMENT OUTPUT: vmlinux.o with the fragment, then the image.
link_image() {
	in_set ld.lld -r -T "$1" -o "$2.o" "${args[@]}" &&
		ld.lld -T "$tmp/image.lds" -e 0 -o "$2" "$2.o"
}

in_set "$ICO" lds "${args[@]}" >"$tmp/frag.lds"
# Every output section's input sections in reverse order (as the kernel
# tests' KERNEL_LDS_REVERSED does).
awk '/^\t\t/ { l[++n] = $0; next } { while (n) print l[n--]; print }' \
	"$tmp/frag.lds" >"$tmp/reversed.lds"
if ! link_image "$tmp/frag.lds" "$tmp/vmlinux" ||
   ! link_image "$tmp/reversed.lds" "$tmp/vmlinux-rev"; then
	fail "link fixture images with ld.lld"
	done_testing
	exit
fi
pass "link fixture images with ld.lld"

in_set "$ICO" dump --format=tsv "${args[@]}" >"$tmp/objects.tsv"
in_set "$ICO" dump --format=json "${args[@]}" >"$tmp/objects.json"
"$ICO" dump --format=tsv "$tmp/vmlinux" >"$tmp/image.tsv"
"$ICO" dump --format=json "$tmp/vmlinux" >"$tmp/image.json"
total=$(($(wc -l <"$tmp/objects.tsv") - 2))
check "the image dump has every initcall ($total)" test \
	"$(($(wc -l <"$tmp/image.tsv") - 2))" -eq "$total"
check "the image dump names its format" \
	grep -qx '# initcall-order-image 2' "$tmp/image.tsv"

# Boot logs as a kernel prints them: timestamps, \r\n, other "calling"
# lines that are not initcalls, "returned" lines, a loadable module.
# boot_log KIND: KIND is stub (the symbol), addr (the raw target) or plain
# (the function, as without LTO).
boot_log() {
	awk -F '\t' -v kind="$1" 'NR > 2 {
		n++
		if (kind == "stub") fn = $5 "+0x0/0x10"
		else if (kind == "addr") fn = $4
		else { fn = $6; sub(/^.*__[0-9]+_[0-9]+_/, "", fn)
			fn = fn "+0x0/0x2c" }
		printf "[    0.%06d] calling  %s @ 1\r\n", n * 7, fn
		if (n == 2)
			printf "[    0.%06d] pci 0000:00:00.0: calling  quirk_x+0x0/0x10 @ 1\r\n", n * 7
		printf "[    0.%06d] initcall %s returned 0 after 0 usecs\r\n", n * 7, fn
	}
	END { print "[    9.000000] calling  mod_init+0x0/0x1000 [mod] @ 77" }
	' "$tmp/image.tsv"
}
boot_log stub >"$tmp/boot-stub.log"
boot_log addr >"$tmp/boot-addr.log"
boot_log plain >"$tmp/boot-plain.log"

# Each kind on each side: all the same build.
kinds="objects.tsv objects.json vmlinux image.tsv image.json boot-stub.log
	boot-addr.log boot-plain.log"
bad=
for old in $kinds; do
	for new in $kinds; do
		"$ICO" diff --image "$tmp/vmlinux" "$tmp/$old" "$tmp/$new" \
			>"$tmp/out" 2>"$tmp/err"
		rc=$?
		if [ "$rc" -ne 0 ] ||
		   ! grep -q "^initcall orders are the same: $total initcalls" \
				"$tmp/out"; then
			bad="$bad $old:$new($rc)"
		fi
	done
done
check "every input kind against every other: same order${bad:+ (not:$bad)}" \
	test -z "$bad"

# An image dump without ids (an image that did not keep the entry
# symbols) names the LTO stubs: they hold the same ids.
awk -F '\t' -v OFS='\t' 'NR > 2 { $6 = "-" } { print }' "$tmp/image.tsv" \
	>"$tmp/noid.tsv"
check "image dump without ids: stubs give the same order" \
	"$ICO" diff -o "$tmp/out" "$tmp/vmlinux" "$tmp/noid.tsv"
sed 's/"id": "[^"]*"/"id": "-"/' "$tmp/image.json" >"$tmp/noid.json"
check "image json without ids: the same" \
	"$ICO" diff -o "$tmp/out" "$tmp/noid.json" "$tmp/objects.json"

# Where an initcall was: the entry address of an image dump's row.
awk 'NR == 4 { held = $0; next } { print } NR == 5 { print held }' \
	"$tmp/image.tsv" >"$tmp/image-swapped.tsv"
entry=$(awk -F '\t' 'NR == 4 { print $3 }' "$tmp/image.tsv")
"$ICO" diff --format=json "$tmp/image.tsv" "$tmp/image-swapped.tsv" \
	>"$tmp/out" 2>&1
check "json report: the moved entry's old address from the dump" \
	grep -qF "\"old_where\": \"$entry\"" "$tmp/out"

# Without the image a plain log has no levels: one run order.
"$ICO" diff "$tmp/objects.tsv" "$tmp/boot-plain.log" >"$tmp/out" 2>&1
check "plain log without --image: same order" test $? -eq 0
check "plain log without --image: says levels are unknown" grep -qF \
	"$tmp/boot-plain.log: levels unknown: compared as one run order" \
	"$tmp/out"
check "plain log without --image: and modules" grep -qF \
	"$tmp/boot-plain.log: modules unknown" "$tmp/out"

# A kernel without tracepoints prints no line for console initcalls:
# diff leaves their level out, as check --boot-log skips it.
grep -v 'calling  __initstub__[^ ]*con+0x' \
	"$tmp/boot-stub.log" >"$tmp/boot-nocon.log"
cons=$(awk -F '\t' 'NR > 2 && $1 == "con"' "$tmp/image.tsv" | wc -l)
check "a log without console lines is made ($cons console initcalls)" \
	test "$cons" -gt 0 -a "$(grep -c 'calling  ' "$tmp/boot-nocon.log")" -eq \
	"$(($(grep -c 'calling  ' "$tmp/boot-stub.log") - cons))"
for args in "$tmp/vmlinux $tmp/boot-nocon.log" \
	    "$tmp/boot-nocon.log $tmp/objects.tsv"; do
	# shellcheck disable=SC2086
	"$ICO" diff $args >"$tmp/out" 2>&1
	check "diff ${args//$tmp\//}: the same, exit 0 (got $?)" \
		grep -q "^initcall orders are the same: $((total - cons)) initcalls" \
		"$tmp/out"
	check "... saying why the console level is left out" \
		grep -qx 'note: level con left out: no calling lines for console initcalls (printed only with CONFIG_TRACEPOINTS)' \
		"$tmp/out"
done
"$ICO" check --boot-log "$tmp/boot-nocon.log" --image "$tmp/vmlinux" \
	>"$tmp/out" 2>&1
check "check --boot-log on the same log: exit 0 (got $?)" test $? -eq 0

# A stub log needs no image: the stub holds the id.
"$ICO" diff "$tmp/image.json" "$tmp/boot-stub.log" >"$tmp/out" 2>&1
check "stub log without --image: same order" test $? -eq 0

# A raw address log needs the image.
"$ICO" diff "$tmp/objects.tsv" "$tmp/boot-addr.log" >"$tmp/out" 2>&1
check "raw address log without --image: exit 2" test $? -eq 2
check "raw address log without --image: asks for it" grep -qF \
	"$tmp/boot-addr.log: error: line 1: raw address 0x" "$tmp/out"

# A log of some other kernel: a function the image does not have.
sed '6s/calling  [^ ]*/calling  not_in_image+0x0\/0x8/' \
	"$tmp/boot-plain.log" >"$tmp/boot-other.log"
"$ICO" diff --image "$tmp/vmlinux" "$tmp/objects.tsv" \
	"$tmp/boot-other.log" >"$tmp/out" 2>&1
# The same rule as check --boot-log: an initcall the image does not have,
# kept at its place; here it replaced one, so one is added, one removed.
check "log of another kernel: exit 1" test $? -eq 1
check "log of another kernel: its function added, the one it replaced removed" \
	grep -q '^initcall orders differ: 0 moved, 1 added, 1 removed, 0 changed level$' \
	"$tmp/out"
check "... naming the function" grep -q '^  added    not_in_image: ' "$tmp/out"

# The first two initcalls of the log swapped: one move.
awk '/ calling  / && ++n == 1 { held = $0; next } { print }
	/ calling  / && n == 2 { print held }' \
	"$tmp/boot-stub.log" >"$tmp/boot-swapped.log"
"$ICO" diff "$tmp/vmlinux" "$tmp/boot-swapped.log" >"$tmp/out" 2>&1
check "log with two lines swapped: exit 1" test $? -eq 1
check "log with two lines swapped: one move" grep -q \
	"^initcall orders differ: 1 moved, 0 added, 0 removed" "$tmp/out"

# The reversed fragment: what the diff must report, computed independently
# of the tool.
want=$(fragment_moves "$tmp/frag.lds" "$tmp/reversed.lds")
check "the reversed fragment moves something" test "$want" -gt 0
for old in objects.tsv vmlinux image.json; do
	"$ICO" diff "$tmp/$old" "$tmp/vmlinux-rev" >"$tmp/out" 2>&1
	rc=$?
	check "$old against the reversed image: exit 1" test "$rc" -eq 1
	check "$old against the reversed image: $want moves" grep -q \
		"^initcall orders differ: $want moved, 0 added, 0 removed, 0 changed level" \
		"$tmp/out"
done

# The first initcall of a level of the fragment now runs last but one
# ... after its old successor: the one move that names both neighbours.
first=$(sed -n '/^\t\.initcall6\.init : {/{n;p;q}' "$tmp/frag.lds" |
	sed -E 's/.*\.\.(.*)__[0-9]+_[0-9]+_(.*)\) ;$/\1:\2/')
second=$(sed -n '/^\t\.initcall6\.init : {/{n;n;p;q}' "$tmp/frag.lds" |
	sed -E 's/.*\.\.(.*)__[0-9]+_[0-9]+_(.*)\) ;$/\1:\2/')
"$ICO" diff "$tmp/vmlinux" "$tmp/vmlinux-rev" >"$tmp/out" 2>&1
check "reversed: the old first of level 6 now follows the old second" \
	grep -qF "moved    $first: now after $second, was first" "$tmp/out"

done_testing
