#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make check-valgrind: the tool under valgrind (memcheck) on a
# representative set of commands and inputs: lds and dump of ELF and
# bitcode objects, regular and thin archives, a linked image, a diff of
# two dumps and the error paths of corrupt and missing inputs.  Any
# memory error or definite/indirect leak fails the command (exit 99).

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ico-valgrind.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

if ! command -v valgrind >/dev/null; then
	fail "valgrind is not installed (apt-get install valgrind)"
	done_testing
	exit
fi

fx=$TESTS_DIR/fixtures
cc_fx() { # COMPILER FLAGS OUT SRC MOD
	$1 -O2 $2 -DMODNAME="$5" -I"$fx" -c -o "$3" "$fx/src/$4"
}
cc_fx clang "" core.o kernel/core.c kmod_core &&
	cc_fx clang -flto=thin main.o init/main.c kmod_main &&
	cc_fx clang -flto digits.o mm/digits.c kmod_digits &&
	cc_fx gcc "" lib1.o lib/lib1.c kmod_lib1 &&
	cc_fx clang -DKI_SHAPE_PLAIN lib2.o lib/lib2.c kmod_lib2 ||
	fail "compile the inputs"
ar rcs plain.a lib1.o digits.o
ar rcsT thin.a lib2.o
head -c 1500 core.o >cut.o

# An image laid out as INIT_CALLS does.
{
	echo 'SECTIONS { . = 0x1000000; .text : { *(.text .text.*) }'
	echo '.init.data : { __initcall_start = .;'
	echo 'KEEP(*(.initcallearly.init*))'
	for l in 0 1 2 3 4 5 rootfs 6 7; do
		echo "__initcall${l}_start = .; KEEP(*(.initcall$l.init*))"
	done
	echo '__initcall_end = .; } }'
} >image.lds
ld.lld -T image.lds -o vmlinux core.o 2>/dev/null ||
	fail "link the image"

vg() { # WANT-STATUS WHAT ARG...
	local want=$1 what=$2 rc
	shift 2
	valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--show-leak-kinds=definite,indirect --error-exitcode=99 \
		"$ICO" "$@" >out 2>err
	rc=$?
	if [ "$rc" -eq "$want" ]; then
		pass "valgrind: $what (exit $rc)"
	else
		fail "valgrind: $what (exit $rc, wanted $want)"
		grep -v '^initcall-order: ' err | head -40 | sed 's/^/# /'
	fi
}

vg 0 "lds of ELF, bitcode and archives" lds core.o main.o plain.a thin.a
vg 0 "lds with 2 threads, -o" lds -j 2 -o out.lds core.o main.o plain.a thin.a
vg 0 "dump json" dump --format json core.o main.o plain.a thin.a
vg 0 "dump tsv" dump --format tsv -o a.tsv core.o main.o
vg 0 "dump tsv, other inputs" dump --format tsv -o b.tsv core.o plain.a
vg 0 "dump of a linked image" dump vmlinux
"$ICO" diff a.tsv b.tsv >/dev/null 2>&1
want=$?
vg "$want" "diff of two dumps" diff a.tsv b.tsv
vg 2 "corrupt ELF after valid inputs" lds -o out.lds core.o cut.o
vg 2 "missing input" lds core.o missing.o
vg 2 "missing archive" lds gone.a
printf '!<thin>\n%-16s%-12s%-6s%-6s%-8s%-10s`\n' gone.o/ 0 0 0 644 100 >gone.a
vg 2 "thin archive with a missing member" lds gone.a
vg 2 "not an object" lds image.lds
vg 2 "usage error" lds --no-such-option

# Issue 16: names, outputs and costs.
printf '{"format": "initcall-order-dump", "version": 3, "initcalls": [{"level": "6", "module": "m\\u001b", "function": "x\\nok 7\\udcff"}, {"level": "6", "module": "m", "function": "y"}]}\n' \
	>weird.json
vg 1 "diff --format=ktap of escaped names" diff --format=ktap weird.json a.tsv
vg 1 "diff --format=json of escaped names" diff --format=json weird.json a.tsv
vg 0 "diff of a dump of weird names with itself" diff weird.json weird.json
vg 2 "-o onto an input" lds -o core.o core.o
printf '.text\nfa: ret\nfb: ret\n.section .initcall6.init, "a"\n.quad fa\n.quad fb\n' >legacy.s
as --64 -o r1.o legacy.s && cp r1.o r2.o && ln -s r2.o r3.o
vg 0 "rename of two objects, one through a symbolic link" rename r1.o r3.o
printf 'calling  nobody+0x0/0x10 @ 1\n' >boot.log
vg 1 "check --boot-log with an unknown line" check --boot-log boot.log --image vmlinux
truncate -s 64M sparse.o
vg 2 "a large sparse file" lds sparse.o
truncate -s 64M zeros.log
vg 2 "a log of NUL bytes" diff a.tsv zeros.log
printf '!<thin>\n%-16s%-12s%-6s%-6s%-8s%-10s`\n%-16s%-12s%-6s%-6s%-8s%-10s`\n' \
	in.a/ 0 0 0 644 0 in.a/ 0 0 0 644 0 >fan.a
printf '!<thin>\n%-16s%-12s%-6s%-6s%-8s%-10s`\n' core.o/ 0 0 0 644 0 >in.a
vg 0 "lds of a thin archive of one object" lds in.a
vg 2 "an archive listed twice inside an archive" lds fan.a

done_testing
