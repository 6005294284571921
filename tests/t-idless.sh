#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Initcalls without an id (issue 12): the shape Rust built-in modules and
# assembly register initcalls in, a plain .initcall<level>.init section in
# a native object.  The table lists them in link order; lds keeps the
# kernel script's bytes without --place-idless and, with it, writes a rule
# naming their object at its place, which ld.lld 14, 16 and 22 follow; an
# image linked without that rule runs them last in their level, and check
# --image says so.  Then the entry shapes of other architectures, the names
# that need quoting in a linker script, bitcode that cannot be placed, bad
# sections, and an image whose entries no longer call what their symbols
# name.

source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

tmp=${KEEP_DIR:-$(scratch)}
cd "$tmp" || exit 2
FX=$TESTS_DIR/fixtures
script=$(kernel_script) || {
	fail "the kernel's generate_initcall_order.pl"
	done_testing
	exit
}

# An object with kernel-style ids in level 6 (PREL32 entries, sections of
# their own): MODNAME FUNCTION... as bitcode (ThinLTO) or native (the
# reference build, whose link keeps input order by nature).
id_source() {
	local fn

	echo '#include "kinit.h"'
	for fn in "$@"; do
		printf 'static int %s(void) { return 0; }\ndevice_initcall(%s);\n' \
			"$fn" "$fn"
	done
}

compile_ids() { # OUT SHAPE MODNAME FUNCTION...
	local out=$1 shape=$2 mod=$3 flags
	shift 3
	mkdir -p "$(dirname "$out")"
	id_source "$@" >"$out.c"
	case $shape in
	lto) flags="-flto=thin -DKI_SHAPE_PREL32" ;;
	nolto) flags="-DKI_SHAPE_PREL32" ;;
	esac
	# shellcheck disable=SC2086
	clang -O2 $flags -DMODNAME="$mod" -I"$FX" -c -o "$out" "$out.c"
}

# The Rust shape: a global function and an entry in .initcall6.init with
# a local label, in an object built without LTO.
compile_rust_shape() { # OUT FUNCTION [CLANG_ARGS...]
	local out=$1 fn=$2
	shift 2
	mkdir -p "$(dirname "$out")"
	cat >"$out.c" <<-EOF
	int $fn(void);
	int $fn(void) { return 0; }
	__asm__(".section \".initcall6.init\", \"a\"\n"
		"__${fn}_initcall:\n"
		".long $fn - .\n"
		".previous\n");
	EOF
	clang -O2 "$@" -c -o "$out" "$out.c"
}

# The image: INIT_CALLS as the kernel lays it out.  Each level also takes
# the sections of its own, for the reference linked without a fragment:
# one pattern list keeps them in input order.
cat >image.lds <<'EOF'
ENTRY(main)
SECTIONS {
	. = 0x200000;
	.text : { *(.text .text.*) }
	.init.data : {
		__initcall_start = .;
		KEEP(*(.initcallearly.init))
		__initcall0_start = .; KEEP(*(.initcall0.init)) KEEP(*(.initcall0s.init))
		__initcall1_start = .; KEEP(*(.initcall1.init)) KEEP(*(.initcall1s.init))
		__initcall2_start = .; KEEP(*(.initcall2.init)) KEEP(*(.initcall2s.init))
		__initcall3_start = .; KEEP(*(.initcall3.init)) KEEP(*(.initcall3s.init))
		__initcall4_start = .; KEEP(*(.initcall4.init)) KEEP(*(.initcall4s.init))
		__initcall5_start = .; KEEP(*(.initcall5.init)) KEEP(*(.initcall5s.init))
		__initcallrootfs_start = .; KEEP(*(.initcallrootfs.init)) KEEP(*(.initcallrootfss.init))
		__initcall6_start = .; KEEP(*(.initcall6.init .initcall6.init..*)) KEEP(*(.initcall6s.init))
		__initcall7_start = .; KEEP(*(.initcall7.init)) KEEP(*(.initcall7s.init))
		__initcall_end = .;
		__con_initcall_start = .;
		KEEP(*(.con_initcall.init))
		__con_initcall_end = .;
	}
	.data : { *(.data .data.*) }
	.bss : { *(.bss .bss.*) }
}
EOF
echo 'int main(void) { return 0; }' >main.c
clang -O2 -c -o main.o main.c

# --- A kernel-like link: bitcode, a native id-less object, bitcode --------

# Link order: kernel/a.o, drivers/b.o (id-less), lib/c.o, then
# drivers/sub/b.o (id-less, the same base name).  The reference is the
# same tree built without LTO: its entries lie in link order by nature.
for shape in lto nolto; do
	mkdir -p "$shape"
	compile_ids "$shape/kernel/a.o" "$shape" kmod_a a_first a_second
	compile_rust_shape "$shape/drivers/b.o" b_init
	compile_ids "$shape/lib/c.o" "$shape" kmod_c c_first c_second c_third
	compile_rust_shape "$shape/drivers/sub/b.o" sub_b_init
done
members="kernel/a.o drivers/b.o lib/c.o drivers/sub/b.o"
# One link straight from the archive: a relocatable link first would
# merge the sections named alike, out of input order.
(cd nolto && llvm-ar rcsT vmlinux.a $members &&
 ld.lld -T ../image.lds --whole-archive vmlinux.a ../main.o -o vmlinux) ||
	fail "link the tree without LTO"
(cd lto && llvm-ar rcsT vmlinux.a $members) || fail "archive the LTO tree"

"$ICO" dump --format=tsv lto/vmlinux.a >dump.tsv 2>dump.err
check_status "dump lists the objects' initcalls" 0 test -s dump.tsv
rows() { awk -F '\t' 'NR > 2 { print $3, $4, $5, $6, $7, $8 }' dump.tsv; }
check "dump: the id-less entries in link order, marked as having no id" \
	test "$(rows | tr '\n' ';')" = \
	"$(printf '%s;' \
		"lto/vmlinux.a:kernel/a.o kmod_a 0 3 a_first t" \
		"lto/vmlinux.a:kernel/a.o kmod_a 1 5 a_second t" \
		"lto/vmlinux.a:drivers/b.o - - - b_init r" \
		"lto/vmlinux.a:lib/c.o kmod_c 0 3 c_first t" \
		"lto/vmlinux.a:lib/c.o kmod_c 1 5 c_second t" \
		"lto/vmlinux.a:lib/c.o kmod_c 2 7 c_third t" \
		"lto/vmlinux.a:drivers/sub/b.o - - - sub_b_init r")"
"$ICO" dump --format=json lto/vmlinux.a >dump.json
check "dump --format=json: no module, counter or line for them" \
	test "$(jq -c '[.initcalls[] | select(.module == "-") |
		[.function, .counter, .line]]' dump.json)" = \
	'[["b_init","-","-"],["sub_b_init","-","-"]]'
"$ICO" dump lto/vmlinux.a >dump.txt
check "dump (text) shows them with their input" \
	grep -q 'lto/vmlinux.a:drivers/sub/b.o  *-  *-  *-  *sub_b_init' dump.txt

# Without the option: the kernel script's bytes, and a warning.
(cd lto && NM=llvm-nm perl "$script" vmlinux.a) >perl.lds 2>/dev/null
(cd lto && "$ICO" lds vmlinux.a) >plain.lds 2>plain.err
check "lds without --place-idless: the script's bytes" cmp -s perl.lds plain.lds
check "... and a warning for each object left to the linker" \
	test "$(grep -c 'initcalls without an id in \.initcall6\.init: left to the linker' plain.err)" -eq 2
(cd lto && "$ICO" lds --place-idless -o ../placed.lds vmlinux.a) 2>placed.err
check_status "lds --place-idless: exit 0, nothing to warn about" 0 \
	test ! -s placed.err
check "... a rule for each id-less object at its place in link order" \
	test "$(grep -P '^\t\t' placed.lds | sed -E 's/.*[.]{2}kmod_(.).*/\1/')" = \
	"$(printf '%s\n' a a $'\t\tvmlinux.a:drivers/b.o(.initcall6.init) ;' \
		c c c $'\t\tvmlinux.a:drivers/sub/b.o(.initcall6.init) ;')"
check "... the rest as the script writes it" \
	cmp -s perl.lds <(grep -vP '^\t\tvmlinux\.a:' placed.lds)

image_order() { # IMAGE: "function" per entry of level 6
	"$ICO" dump --format=tsv "$1" |
		awk -F '\t' 'NR > 2 && $1 == "6" { sub(/\+.*/, "", $5); print $5 }' |
		sed -E 's/^__initstub__.*__[0-9]+_[0-9]+_(.*)6$/\1/' | tr '\n' ' '
}
want=$(image_order nolto/vmlinux)
check "without LTO the entries run in link order ($want)" \
	test "$want" = "a_first a_second b_init c_first c_second c_third sub_b_init "

for v in 14 16 22; do
	lld=ld.lld-$v
	if ! command -v "$lld" >/dev/null; then
		fail "$lld is installed"
		continue
	fi
	for frag in placed perl; do
		out=lto-$v-$frag
		if ! (cd lto && "$lld" -r -T "../$frag.lds" --whole-archive \
				vmlinux.a -o "../$out.o") 2>"$out.err" ||
		   ! "$lld" -T image.lds "$out.o" main.o -o "$out" 2>>"$out.err"; then
			fail "$lld links with the $frag fragment"
			sed 's/^/# /' "$out.err"
			continue
		fi
		"$ICO" diff nolto/vmlinux "$out" >"$out.diff" 2>&1
		rc=$?
		(cd lto && "$ICO" check --image "../$out" vmlinux.a) \
			>"$out.check" 2>&1
		crc=$?
		if [ "$frag" = placed ]; then
			check "$lld, --place-idless: the order without LTO" \
				test "$(image_order "$out")" = "$want"
			check "... diff against the image without LTO: same (exit $rc)" \
				test "$rc" -eq 0
			check "... check --image against the link inputs passes (exit $crc)" \
				test "$crc" -eq 0
		else
			check "$lld, the script's fragment: the id-less entries run last" \
				test "$(image_order "$out")" = \
				"a_first a_second c_first c_second c_third b_init sub_b_init "
			check "... diff names the one move (exit $rc)" \
				grep -qx '  moved    b_init (no id): now after kmod_c:c_third, was after kmod_a:a_second (position 3 -> 6)' \
				"$out.diff"
			check "... check --image fails (exit $crc)" test "$crc" -eq 1
			check "... naming the initcall, its object and both places" \
				grep -qx '  moved    b_init (no id) from vmlinux.a:drivers/b.o: expected at position 3, actual position 6 (expected after kmod_a:a_second, actually after kmod_c:c_third)' \
				"$out.check"
		fi
	done
done

# Plain objects on the command line: named as given.
(cd lto && "$ICO" lds --place-idless $members) >objs.lds
check "plain objects: the rule names the object as given" \
	grep -qxP '\t\tdrivers/sub/b.o\(.initcall6.init\) ;' objs.lds
if (cd lto && ld.lld -r -T ../objs.lds $members -o ../objs.o) &&
   ld.lld -T image.lds objs.o main.o -o objs; then
	check "plain objects: ld.lld keeps link order" \
		test "$(image_order objs)" = "$want"
else
	fail "plain objects link"
fi

# objtree: the inputs are opened under it, the rules name them as given.
(objtree=lto "$ICO" lds --place-idless vmlinux.a) >objtree.lds
check "objtree: the rules name the archive as given" cmp -s placed.lds objtree.lds

# --- Names a linker script must quote ---------------------------------------

mkdir -p odd
cp lto/kernel/a.o odd/
compile_rust_shape 'odd/d[1] x/b.o' odd_bracket
compile_rust_shape 'odd/q"x/b.o' odd_quote
compile_rust_shape odd/plain/b.o odd_plain
# A glob character and a name it would match: quoted names are exact.
compile_rust_shape 'odd/s*x/b.o' odd_star
compile_rust_shape odd/syx/b.o odd_twin
compile_rust_shape $'odd/\xc3\xa9/b.o' odd_utf8
(cd odd && llvm-ar rcsT odd.a a.o 'd[1] x/b.o' 'q"x/b.o' plain/b.o \
	syx/b.o 's*x/b.o' $'\xc3\xa9/b.o')
(cd odd && "$ICO" lds --place-idless odd.a) >odd.lds 2>odd.err
check_status "special characters: lds exit 0" 0 test ! -s odd.err
check "... a quoted, exact name for brackets and spaces" \
	grep -qx $'\t\t"odd.a:d\\[1\\] x/b.o"(.initcall6.init) ;' odd.lds ||
	grep -qx $'\t\t"odd.a:d[1] x/b.o"(.initcall6.init) ;' odd.lds
check "... a '?' pattern for a double quote" \
	grep -qx $'\t\todd.a:q?x/b.o(.initcall6.init) ;' odd.lds
check "... plain names stay plain" \
	grep -qx $'\t\todd.a:plain/b.o(.initcall6.init) ;' odd.lds
check "... a glob character is quoted" \
	grep -qxF $'\t\t"odd.a:s*x/b.o"(.initcall6.init) ;' odd.lds
check "... and so is UTF-8" \
	grep -qxF $'\t\t"odd.a:\xc3\xa9/b.o"(.initcall6.init) ;' odd.lds
for v in 14 16 22; do
	if (cd odd && "ld.lld-$v" -r -T ../odd.lds --whole-archive odd.a \
			-o ../odd-$v.o) 2>odd-$v.err &&
	   "ld.lld-$v" -T image.lds odd-$v.o main.o -o odd-$v 2>>odd-$v.err; then
		check "ld.lld-$v places every odd name in link order" \
			test "$("$ICO" check --image odd-$v odd/odd.a \
				>/dev/null 2>&1; echo $?)" -eq 0
	else
		fail "ld.lld-$v links the odd names"
		sed 's/^/# /' odd-$v.err
	fi
done
# A '?' pattern that would match another member too is refused.
compile_rust_shape "odd/q'x/b.o" odd_apostrophe
(cd odd && rm -f twin.a && llvm-ar rcsT twin.a a.o 'q"x/b.o' "q'x/b.o")
(cd odd && "$ICO" lds --place-idless -o ../twin.lds twin.a) 2>twin.err
check_status "an ambiguous pattern: exit 2" 2 \
	sh -c "cd odd && '$ICO' lds --place-idless twin.a >/dev/null 2>&1"
check "... naming the object and the other" \
	grep -q "twin.a(q\"x/b.o): error: no linker script pattern names this object alone: twin.a:q?x/b.o matches twin.a:q'x/b.o too" twin.err
check "... and no output file" test ! -e twin.lds

# --- Other architectures: relocations of each entry shape ------------------

# A static function (relocations against the section symbol, implicit
# addends on REL targets) and a global one, by offset or by pointer, in
# the order the entries lie in the section.
arch_source() { # DIRECTIVE ("prel32" or a data directive)
	local a=".long first_fn - .\\n" b=".long second_fn - .\\n"

	if [ "$1" != prel32 ]; then
		a="$1 first_fn\\n"
		b="$1 second_fn\\n"
	fi
	cat <<-EOF
	static int first_fn(void) { return 1; }
	int second_fn(void) { return 2; }
	__attribute__((used)) static void *keep = first_fn;
	__asm__(".section \\".initcall6.init\\", \\"a\\"\\n"
		"$a" "second_label:\\n" "$b" ".previous\\n");
	EOF
}
while read -r name shape cc args; do
	arch_source "$shape" >"arch-$name.c"
	# shellcheck disable=SC2086
	if ! $cc $args -O2 -c -o "arch-$name.o" "arch-$name.c" 2>"arch-$name.err"; then
		fail "$name: compiles"
		sed 's/^/# /' "arch-$name.err"
		continue
	fi
	"$ICO" dump --format=tsv "arch-$name.o" >"arch-$name.tsv" 2>&1
	check "$name ($shape): both entries, functions resolved, in order" \
		test "$(awk -F '\t' 'NR > 2 { print $7 $8 }' "arch-$name.tsv" |
			tr '\n' ' ')" = "first_fn- second_fnr "
done <<'EOF'
x86_64-clang prel32 clang --target=x86_64-linux-gnu
x86_64-gcc prel32 gcc
x86_64-ptr .quad clang --target=x86_64-linux-gnu
i386-rel prel32 clang --target=i386-linux-gnu
i386-ptr .long gcc -m32
aarch64 prel32 clang --target=aarch64-linux-gnu
aarch64-ptr .quad clang --target=aarch64-linux-gnu
riscv64-ptr .quad clang --target=riscv64-linux-gnu
loongarch64 prel32 clang-16 --target=loongarch64-linux-gnu
loongarch64-ptr .quad clang-16 --target=loongarch64-linux-gnu
ppc-be .long clang --target=powerpc-linux-gnu
s390x .quad clang --target=s390x-linux-gnu
EOF

# --- Bitcode: LTO swallows what has no id ----------------------------------

compile_rust_shape bc-asm.o bc_init -flto=thin
printf '%s\n' 'int g(void);' 'int g(void) { return 0; }' \
	'__asm__(".pushsection .initcall6.init,\"a\"; .long g - .; .popsection");' \
	>bc-nolabel.c
clang -O2 -flto=thin -c -o bc-nolabel.o bc-nolabel.c
printf '%s\n' 'typedef int (*initcall_t)(void);' \
	'static int h(void) { return 0; }' \
	'static initcall_t e __attribute__((used, section(".initcall6.init"))) = h;' \
	>bc-var.c
clang -O2 -flto=thin -c -o bc-var.o bc-var.c
for o in bc-asm bc-nolabel bc-var; do
	"$ICO" lds --place-idless -o "$o.lds" lto/kernel/a.o "$o.o" 2>"$o.err"
	rc=$?
	check "bitcode $o: exit 2 (got $rc), no output" \
		test "$rc" -eq 2 -a ! -e "$o.lds"
	check "... the message names the object and the section and says why" \
		grep -q "$o.o: error: LLVM bitcode with initcalls in .initcall6.init, a section without an id: LTO merges them" "$o.err"
done
# Exports are asm too, and harmless.
printf '%s\n' 'int x(void) { return 0; }' \
	'__asm__(".section .export_symbol,\"a\"\n__export_symbol_x:\n.long x - .\n.previous");' \
	>bc-export.c
clang -O2 -flto=thin -c -o bc-export.o bc-export.c
"$ICO" lds --place-idless lto/kernel/a.o bc-export.o >/dev/null 2>&1
check "bitcode whose asm only exports: no complaint (exit $?)" test $? -eq 0

# --- An entry is what it calls --------------------------------------------

# put_le32 FILE OFFSET VALUE: four bytes, little-endian, in place.
put_le32() {
	local v=$(($3 & 0xffffffff))

	printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $((v & 255)) \
		$((v >> 8 & 255)) $((v >> 16 & 255)) $((v >> 24 & 255)))" |
		dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# The two entries' bytes swap, their symbols stay: the first slot now
# calls c_first's stub and the fourth a_first's.
good=lto-14-placed
cp "$good" swapped
"$ICO" dump --format=tsv "$good" |
	awk -F '\t' '$1 == "6" && ($2 == 1 || $2 == 4) { print $3, $4 }' >slots
read -r e1 t1 e4 t4 <<<"$(tr '\n' ' ' <slots)"
read -r vma off <<<"$(readelf -SW "$good" |
	sed -n 's/.*\] \.init\.data *[A-Z]* *\([0-9a-f]*\) \([0-9a-f]*\).*/\1 \2/p')"
put_le32 swapped $((e1 - 0x$vma + 0x$off)) $((t4 - e1))
put_le32 swapped $((e4 - 0x$vma + 0x$off)) $((t1 - e4))
"$ICO" dump --format=tsv swapped >swapped.tsv 2>swapped.err
check "dump of an image whose entries call others: exit 1 (got $?)" \
	test $? -eq 1
check "... naming the slot's symbol and what it calls" \
	grep -qF 'swapped: error: level 6 entry 1 at '"$e1"': its symbol __initcall__kmod_a__0_3_a_first6 names another initcall than the one it calls, __initstub__kmod_c__0_3_c_first6' \
	swapped.err
check "... the rows say what each entry calls" \
	test "$(awk -F '\t' 'NR > 2 && ($2 == 1 || $2 == 4) { print $5 }' swapped.tsv |
		tr '\n' ' ')" = \
	"__initstub__kmod_c__0_3_c_first6 __initstub__kmod_a__0_3_a_first6 "
"$ICO" diff "$good" swapped >swapped.diff 2>&1
check "diff sees the moves the symbols hide" \
	grep -q '^initcall orders differ: 2 moved' swapped.diff
(cd lto && "$ICO" check --image ../swapped vmlinux.a) >swapped.check 2>&1
check "check --image: exit 1 (got $?)" test $? -eq 1
check "... the entries out of link order named" \
	grep -q 'moved    kmod_' swapped.check
for img in nolto/vmlinux lto-14-placed lto-22-perl objs; do
	"$ICO" dump "$img" >/dev/null 2>"consistent.err"
	check "$img as linked: no entry names another initcall (exit $?)" \
		test ! -s consistent.err
done

# --- Bad sections: error naming object, section and offset, no output -----

bad_section() { # NAME ASM MESSAGE
	printf '%s\n' 'int f(void) { return 0; }' 'int g(void) { return 0; }' \
		"__asm__(\".section .initcall6.init,\\\"a\\\"\\n$2\\n.previous\");" \
		>"bad-$1.c"
	if ! clang -O2 -c -o "bad-$1.o" "bad-$1.c" 2>"bad-$1.cc"; then
		fail "$1: compiles"
		sed 's/^/# /' "bad-$1.cc"
		return
	fi
	"$ICO" lds --place-idless -o "bad-$1.lds" "bad-$1.o" 2>"bad-$1.err"
	rc=$?
	check "$1: exit 2 (got $rc), no output file" \
		test "$rc" -eq 2 -a ! -e "bad-$1.lds"
	check "... $3" grep -qF "bad-$1.o: error: .initcall6.init$3" "bad-$1.err"
	"$ICO" dump "bad-$1.o" >/dev/null 2>&1
	check "... dump refuses it too" test $? -eq 2
}
bad_section size '.long f - .\n.short 0' \
	': 6 bytes are not a whole number of 4-byte entries'
bad_section type '.long f - .\n.short f - .\n.short 0' \
	'+0x4: relocation type 13 is neither a 32-bit offset nor a pointer'
bad_section undefined '.long nowhere - .' \
	'+0x0: the entry calls nowhere, which is not defined in this object'
bad_section norel '.long f - .\n.long 0' '+0x4: entry without a relocation'
bad_section tworel '.reloc ., R_X86_64_PC32, g\n.long f - .' \
	'+0x0: two relocations for one entry'
bad_section middle '.reloc .+2, R_X86_64_PC32, g\n.long f - .\n.long f - .' \
	'+0x2: relocation in the middle of a 4-byte entry'
bad_section mixed '.long f - .\n.quad g' '+0x4: a 8-byte entry among 4-byte ones'
bad_section noname '.long .Lhere - .\n.text\n.Lhere: ret' \
	'+0x0: the entry points at no named symbol'

done_testing
