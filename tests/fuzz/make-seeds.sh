#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make-seeds.sh TOP SEEDS ICO: seed inputs for the fuzzers, made from the
# fixture sources with the compilers installed (nothing is committed).
# Writes SEEDS/fuzz-<target>/ for every target; ICO is a built tool used
# to make dumps.

set -eu

top=$1
mkdir -p "$2"
seeds=$(cd "$2" && pwd)
ico=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
fx=$top/tests/fixtures
objs=$seeds/objs
: "${CLANG:=clang}" "${GCC:=gcc}"

mkdir -p "$objs"
for t in elf bitcode irsymtab archive name image dumpread bootlog rename escape; do
	mkdir -p "$seeds/fuzz-$t"
done

# A few fixtures: several levels, a long file name, a shared module name.
srcs="kernel/core.c init/main.c fs/a_very_long_file_name_for_gnu.c
mm/digits.c drivers/a__1_2_b.c"
for s in $srcs; do
	b=$(basename "$s" .c)
	mod=kmod_$b
	for f in clang thin full gcc plain nolto; do
		cc=$CLANG opt=
		case $f in
		thin) opt=-flto=thin ;;
		full) opt=-flto ;;
		gcc) cc=$GCC ;;
		plain) opt=-DKI_SHAPE_PLAIN ;;
		nolto) opt=-DKI_SHAPE_NOLTO ;;
		esac
		command -v "$cc" >/dev/null || continue
		$cc -O2 $opt -DMODNAME=$mod -I"$fx" -fno-ident -c \
			-o "$objs/$b-$f.o" "$fx/src/$s"
	done
done
for f in "$fx"/bitcode/*.c; do
	b=$(basename "$f" .c)
	$CLANG -O2 -flto=thin -c -o "$objs/bc-$b.o" "$f" || true
	$CLANG -O2 -c -o "$objs/elf-$b.o" "$f" || true
done

is_bitcode() { [ "$(head -c 2 "$1")" = BC ]; }

for o in "$objs"/*.o; do
	if is_bitcode "$o"; then
		cp "$o" "$seeds/fuzz-bitcode/"
	else
		cp "$o" "$seeds/fuzz-elf/"
		cp "$o" "$seeds/fuzz-rename/"
	fi
done
# Objects and archives read as archives and as the first of their files.
(
	cd "$objs"
	ar rcs "$seeds/fuzz-archive/gnu.a" core-clang.o main-thin.o \
		a_very_long_file_name_for_gnu-gcc.o
	llvm-ar rcs "$seeds/fuzz-archive/llvm.a" core-full.o digits-clang.o \
		a_very_long_file_name_for_gnu-thin.o
	ar rcsT thin-gnu.a core-clang.o main-thin.o \
		a_very_long_file_name_for_gnu-gcc.o
	llvm-ar rcsT thin-llvm.a digits-full.o a__1_2_b-clang.o
	# Thin archive and its members in one input (see fuzz-archive.c).
	for a in thin-gnu.a thin-llvm.a; do
		{
			cat "$a"
			for m in $(ar t "$a"); do
				printf '\n%%%%FILE %s\n' "$m"
				cat "$m"
			done
		} >"$seeds/fuzz-archive/fs-$a"
	done
	# A thin archive naming itself, and one naming a missing member.
	{ cat thin-llvm.a; printf '\n%%%%FILE digits-full.o\n'; } \
		>"$seeds/fuzz-archive/fs-missing.a"
	cp core-clang.o "$seeds/fuzz-archive/"
)

# Names: every id of the objects, and some odd ones.
n=0
for o in "$objs"/*-clang.o; do
	for s in $(nm "$o" | sed -n 's/.* \(__initcall__.*\)$/\1/p'); do
		n=$((n + 1))
		printf '%s' "$s" >"$seeds/fuzz-name/id$n"
	done
done
for s in __initcall__kmod_a__1_2_b__3_4_fn7s __initcall__m__0_0_frootfs \
	__initcall__x__1_2_con __initcall__y__12_34_early \
	__initcall__z__00012_34_f6s; do
	n=$((n + 1))
	printf '%s' "$s" >"$seeds/fuzz-name/id$n"
done
# Ids with a byte no kernel id holds, newline first (issue 16).
for s in '__initcall__kmod_x__1_2_fn)\n\t}\n\tevil = 1;\n\t*(X6' \
	'__initcall__kmod_x\n__1_2_fn6' '__initcall__kmod_x__1_2_fn6\r' \
	'__initcall__kmod_x) ; } /* x__1_2_fn6' '__initcall__k\033[2J__1_2_f6' \
	'__initcall__kmod_\303\251__1_2_fn6' '__initcall__kmod_x__1_2_f.llvm.16'; do
	n=$((n + 1))
	printf "$s" >"$seeds/fuzz-name/id$n"
done

# Names with every kind of byte, for the escaping rules.
printf 'kmod_x__1_2_fn\nok 7 forged\r\033[2J\t\\x41\377\303\251\355\262\200' \
	>"$seeds/fuzz-escape/mixed"
printf 'plain_name' >"$seeds/fuzz-escape/plain"

# Linked images: the ELF fixtures laid out as INIT_CALLS does.
lds=$seeds/image.lds
{
	echo 'SECTIONS {'
	echo '  . = 0x1000000;'
	echo '  .text : { *(.text .text.* .init.text) }'
	echo '  .init.data : {'
	echo '    __initcall_start = .;'
	echo '    KEEP(*(.initcallearly.init .initcallearly.init.*))'
	for l in 0 1 2 3 4 5 rootfs 6 7; do
		echo "    __initcall${l}_start = .;"
		echo "    KEEP(*(.initcall$l.init .initcall$l.init.*))"
		case $l in
		rootfs) ;;
		*) echo "    KEEP(*(.initcall${l}s.init .initcall${l}s.init.*))" ;;
		esac
	done
	echo '    __initcall_end = .;'
	echo '    __con_initcall_start = .;'
	echo '    KEEP(*(.con_initcall.init .con_initcall.init.*))'
	echo '    __con_initcall_end = .;'
	echo '  }'
	echo '  .data : { *(.data .data.* .bss .bss.*) }'
	echo '}'
} >"$lds"
ld.lld -T "$lds" -o "$seeds/fuzz-image/vmlinux-prel32" \
	"$objs/core-clang.o" "$objs/main-clang.o" "$objs/digits-clang.o"
ld.lld -T "$lds" -o "$seeds/fuzz-image/vmlinux-plain" \
	"$objs/core-plain.o" "$objs/main-plain.o"
ld.lld -m elf_i386 -T "$lds" -o "$seeds/fuzz-image/vmlinux-32" \
	"$(
		$CLANG -m32 -O2 -DMODNAME=kmod_core32 -I"$fx" -c \
			-o "$objs/core32.o" "$fx/src/kernel/core.c" &&
			echo "$objs/core32.o"
	)"

# Dumps of the objects and images, every format the readers take.
[ -x "$ico" ] && for f in tsv json; do
	"$ico" dump --format "$f" "$objs"/core-clang.o "$objs"/main-thin.o \
		>"$seeds/fuzz-dumpread/objs.$f" || true
	"$ico" dump --format "$f" "$seeds/fuzz-image/vmlinux-prel32" \
		>"$seeds/fuzz-dumpread/image.$f" || true
done

# Boot logs.
cat >"$seeds/fuzz-bootlog/log1" <<'LOG'
[    0.246757] calling  __initstub__kmod_core__12_34_core_setup1+0x0/0x10 @ 1
[    0.246800] initcall __initstub__kmod_core__12_34_core_setup1+0x0/0x10 returned 0 after 0 usecs
<6>[    0.300000] calling  foo_init+0x0/0x20 [foo] @ 1
[    0.400000] calling  0xffffffff816c1340 @ 1
pci 0000:00:00.0: calling  quirk_x+0x0/0x10 @ 1
LOG
printf 'calling  bad\r\ncalling  x+0x1/0x2 @ 1\r\n' >"$seeds/fuzz-bootlog/log2"

# irsymtab: a 4-byte length, the table, the strings (see fuzz-irsymtab.c).
le32() {
	local v
	for v in "$@"; do
		printf "\\$(printf %03o $((v & 255)))\\$(printf %03o $((v >> 8 & 255)))\\$(printf %03o $((v >> 16 & 255)))\\$(printf %03o $((v >> 24 & 255)))"
	done
}
irsym() { # VERSION UNCOMMON-SIZE: one module, one symbol, one uncommon
	local ver=$1 usz=$2 symoff=88 uncoff=112 end
	end=$((uncoff + usz))
	le32 $end
	# Version, producer, modules, comdats, symbols, uncommons
	le32 "$ver" 0 0 76 1 $symoff 0 $symoff 1 $uncoff 1
	# triple, source file, COFF options, dependent libraries
	le32 0 3 0 0 0 0 $end 0
	le32 0 1 0                     # module: symbols 0..1, uncommon 0
	le32 0 3 0 3 4294967295 $((0x2404))   # symbol foo, flags
	if [ "$usz" -eq 28 ]; then le32 0; fi
	le32 0 0 0 0 3 5               # common size/align, fallback, section
	printf 'foo.text'
}
irsym 2 24 >"$seeds/fuzz-irsymtab/v2"
irsym 4 28 >"$seeds/fuzz-irsymtab/v4"
