#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# initcall-order rename on ELF relocatable objects: legacy sections from
# assembly (GNU as and clang) and C (gcc and clang, with debug information,
# compressed or not), other architectures and byte orders, ids that are
# already there, idempotence, -o, --dry-run, objects with no initcalls,
# equal base names in different folders, refused and corrupt inputs.  The
# expected names follow from the rules in initcall-order-rename(1): module
# from the file name, counters in section and offset order after the
# largest one the object already uses, line 0, function from the
# relocation.

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

tmp=$(scratch)
cd "$tmp" || exit 2

# Section names, one a line.
sections() {
	readelf -SW "$1" | sed -n 's/^ *\[ *[0-9]*\] \([^ ]*\) .*/\1/p'
}

has_section() {
	sections "$1" | grep -qxF -- "$2"
}

# Local or global symbol names, one a line.
symbols() {
	nm "$1" | awk '{ print $NF }'
}

has_symbol() {
	symbols "$1" | grep -qxF -- "$2"
}

# Everything but the names: code with relocations, and section bytes.
meaning() {
	objdump -dr "$1" | tail -n +3
	for s in $(sections "$1" | grep -v -e '^\.rela\?\.' -e '^\.symtab' \
		   -e 'strtab$' -e '^\.initcall' -e '^\.con_initcall'); do
		objdump -s -j "$s" "$1" 2>/dev/null | tail -n +4
	done
}

readelf_clean() {
	readelf -a -W "$1" >/dev/null 2>"$1.readelf" && ! [ -s "$1.readelf" ]
}

mtime() {
	stat -c %Y.%y "$1"
}

# --- Assembly: several entries per section, no symbol, old symbol, global.
cat >legacy.S <<'EOF'
	.text
	.type fa, "function"
fa:	.skip 4
	.type fb, "function"
fb:	.skip 4
	.globl gc
	.type gc, "function"
gc:	.skip 4

	.section .initcall6.init, "a"
__initcall_fa6:
	.long fa - .
	.long fb - .
	.section .initcall1.init, "a"
	.long gc - .
	.section .initcallearly.init, "a"
	.globl early_entry
early_entry:
	.long fa - .
	.section .con_initcall.init, "a"
	.long fb - .
EOF

for as in gcc clang; do
	mkdir -p "$as"
	$as -c legacy.S -o "$as/legacy.o" || fail "$as assembles legacy.S"
	cp "$as/legacy.o" "$as/orig.o"
	check_status "$as: rename exits 0" 0 "$ICO" rename "$as/legacy.o"
	o=$as/legacy.o
	ok=true
	for s in .initcall6.init..legacy__0_0_fa .initcall6.init..legacy__1_0_fb \
		 .initcall1.init..legacy__2_0_gc .initcallearly.init..legacy__3_0_fa \
		 .con_initcall.init..legacy__4_0_fb; do
		has_section "$o" "$s" || { ok=false; echo "# no section $s"; }
		has_section "$o" ".rela$s" || { ok=false; echo "# no .rela$s"; }
	done
	check "$as: one section per entry, relocation sections follow" $ok
	check "$as: no legacy section left" \
		bash -c "! readelf -SW $o | grep -qE '\] \.(initcall[^ .]*|con_initcall)\.init '"
	ok=true
	for y in __initcall__legacy__0_0_fa6 __initcall__legacy__1_0_fb6 \
		 __initcall__legacy__2_0_gc1 __initcall__legacy__3_0_faearly \
		 __initcall__legacy__4_0_fbcon early_entry gc; do
		has_symbol "$o" "$y" || { ok=false; echo "# no symbol $y"; }
	done
	check "$as: entry symbols renamed or added, globals kept" $ok
	check "$as: the old local symbol is gone" \
		bash -c "! nm $o | grep -q ' __initcall_fa6\$'"
	check "$as: code, relocations and contents unchanged" \
		diff <(meaning "$as/orig.o") <(meaning "$o")
	check "$as: readelf reads the result without complaint" readelf_clean "$o"
	"$ICO" lds "$o" >"$as/frag.lds"
	check "$as: lds lists every renamed section" \
		test "$(grep -c '\*(\.[a-z_]*initcall[a-z0-9]*\.init\.\.legacy__' \
			"$as/frag.lds")" -eq 5

	# Idempotence: the second run leaves the file alone, mtime included.
	cp "$o" "$as/once.o"
	before=$(mtime "$o")
	check_status "$as: second run exits 0" 0 "$ICO" rename "$o"
	check "$as: second run changes no byte" cmp "$as/once.o" "$o"
	check "$as: second run does not rewrite the file" \
		test "$before" = "$(mtime "$o")"
	check "$as: second run plans nothing" \
		test -z "$("$ICO" rename -n "$o")"
done

# --- -o and --dry-run leave the input alone.
cp gcc/orig.o in.o
"$ICO" rename --modname legacy -o out.o in.o
check "-o: input untouched" cmp gcc/orig.o in.o
check "-o: output equals the in-place result" cmp gcc/legacy.o out.o
plan=$("$ICO" rename --dry-run in.o)
check "--dry-run: input untouched" cmp gcc/orig.o in.o
check "--dry-run: one line per entry" test "$(wc -l <<<"$plan")" -eq 5
check "--dry-run: names the old symbol and the new one" \
	grep -q '__initcall_fa6 -> __initcall__in__0_0_fa6' <<<"$plan"
"$ICO" rename -o copy.o gcc/legacy.o
check "-o on a renamed object copies it" cmp gcc/legacy.o copy.o
check_status "-o with two objects is a usage error" 2 \
	"$ICO" rename -o x.o in.o out.o 2>/dev/null
check "--help exits 0 and shows the usage" \
	bash -c '"$0" rename --help | grep -q "^Usage: initcall-order rename"' "$ICO"

# --- --modname, and a name the file cannot give.
cp gcc/orig.o m.o
"$ICO" rename --modname kmod_demo m.o
check "--modname gives the module" \
	has_section m.o .initcall6.init..kmod_demo__0_0_fa
check_status "--modname must be an identifier" 2 \
	"$ICO" rename --modname a-b gcc/orig.o 2>/dev/null
cp gcc/orig.o my-drv,x.o
"$ICO" rename my-drv,x.o
check "file name: '-' and ',' become '_'" \
	has_section my-drv,x.o .initcall6.init..my_drv_x__0_0_fa

# --- Entries that already carry an id keep it; counters continue after it.
cat >ids.S <<'EOF'
	.text
	.type f, "function"
f:	.skip 4
	.type g, "function"
g:	.skip 4
	.section .initcall6.init, "a"
__initcall__kmod_ids__7_12_f6:
	.long f - .
	.section .initcall4.init, "a"
	.long g - .
	.section .initcall3.init..kmod_ids__2_5_g, "a"
__initcall__kmod_ids__2_5_g3:
	.long g - .
EOF
gcc -c ids.S -o ids.o && cp ids.o ids.orig.o
"$ICO" rename --modname kmod_ids ids.o
check "an entry with an id only gets its section renamed" \
	has_section ids.o .initcall6.init..kmod_ids__7_12_f
check "its symbol is kept" has_symbol ids.o __initcall__kmod_ids__7_12_f6
check "a new id continues after the largest counter (7)" \
	has_section ids.o .initcall4.init..kmod_ids__8_0_g
check "an already unique section is left alone" \
	has_section ids.o .initcall3.init..kmod_ids__2_5_g

# --- C objects: pointer entries, debug information, .llvm_addrsig.
cat >legacy.c <<'EOF'
#include <stdio.h>
typedef int (*initcall_t)(void);
#define LEGACY(fn, lvl) static initcall_t __initcall_##fn##lvl \
	__attribute__((used, section(".initcall" #lvl ".init"))) = fn
static int one(void) { puts("one"); return 0; }
static int two(void) { puts("two"); return 0; }
int three(void) { puts("three"); return 0; }
LEGACY(one, 6);
LEGACY(two, 6);
LEGACY(three, 4);
EOF
cat >main.c <<'EOF'
#include <stdio.h>
#include "initcall_order.h"
static void before(const char *level, const struct initcall_order_entry *e)
{
	(void)e;
	printf("%s: ", level);
}
int main(void) { return initcall_order_run_all(before); }
EOF
for flavour in "gcc -g" "clang -g" "clang -g -gz -ffunction-sections"; do
	name=$(tr -c 'a-z0-9\n' _ <<<"$flavour")
	$flavour -O2 -c legacy.c -o "c_$name.o" || fail "$flavour compiles"
	cp "c_$name.o" "c_$name.orig.o"
	check_status "$flavour: rename exits 0" 0 "$ICO" rename "c_$name.o"
	check "$flavour: two entries of one section split" \
		test "$(sections "c_$name.o" | grep -c "^\.initcall6\.init\.\.c_${name}__[0-9]*_0_")" -eq 2
	check "$flavour: readelf reads it without complaint" \
		readelf_clean "c_$name.o"
	check "$flavour: code and its relocations unchanged" \
		diff <(objdump -dr -j .text "c_$name.orig.o" | tail -n +3) \
		     <(objdump -dr -j .text "c_$name.o" | tail -n +3)
	# The program runs the same initcalls in the same order.
	gcc -DINITCALL_ORDER_PREL32=0 -DINITCALL_ORDER_MODNAME=main \
		-I"$TOP_DIR/include" -c main.c -o main.o
	for v in orig.o o; do
		gcc main.o "c_$name.$v" -o "prog.$v" \
			-Wl,-T,"$TOP_DIR/include/initcall_order.lds"
	done
	./prog.orig.o >run.orig
	./prog.o >run.new
	check "$flavour: the linked program runs as before" cmp run.orig run.new
	check "$flavour: and runs all three" test "$(grep -c 'one\|two\|three' run.new)" -eq 3
done
if command -v llvm-readobj >/dev/null; then
	addrsig() {
		llvm-readobj --addrsig "$1" | sed -n 's/.*Sym: \(.*\) (.*/\1/p'
	}
	check "clang: .llvm_addrsig names the same symbols after renumbering" \
		diff <(addrsig c_clang__g.orig.o) \
		     <(addrsig c_clang__g.o | sed "s/^__initcall__c_clang__g__[0-9]*_0_/__initcall_/")
fi

# --- Other architectures: REL (i386, arm, mips), big-endian (ppc64, s390x).
cat >neutral.S <<'EOF'
	.text
	.type fa, "function"
fa:	.skip 4
	.type fb, "function"
fb:	.skip 4
	.section .initcall6.init, "a"
	.long fa - .
	.long fb - .
	.section .initcall3.init, "aw"
	.balign 4
	.long fb
	.long fa
EOF
for t in i386 x86_64 aarch64 armv7a powerpc64 powerpc riscv64 s390x mips; do
	o=arch_$t.o
	if ! clang --target=$t-linux-gnu -c neutral.S -o $o 2>/dev/null; then
		fail "$t: clang assembles for it"
		continue
	fi
	cp $o $o.orig
	"$ICO" rename $o
	want=".initcall6.init..arch_${t}__0_0_fa .initcall6.init..arch_${t}__1_0_fb"
	want="$want .initcall3.init..arch_${t}__2_0_fb .initcall3.init..arch_${t}__3_0_fa"
	ok=true
	for s in $want; do has_section $o "$s" || ok=false; done
	check "$t: functions found through relocations (REL or RELA)" $ok
	check "$t: readelf reads it without complaint" readelf_clean $o
	check "$t: entry bytes unchanged" \
		diff <(for s in .initcall6.init .initcall3.init; do
			objdump -s -j $s $o.orig | tail -n +5 | cut -c7-42; done | tr -d ' \n') \
		     <(for s in $want; do
			objdump -s -j "$s" $o | tail -n +5 | cut -c7-42; done | tr -d ' \n')
done

# --- eu-elflint (elfutils), when installed: nothing it did not already say
# about the original.
lint() {
	eu-elflint --gnu-ld "$1" 2>&1 | grep -v '^No errors' |
		sed -e "s/section \[ *[0-9]*\] '[^']*'/section/" \
		    -e 's/relocation [0-9]*/relocation/' | sort -u
}
for pair in gcc/orig.o:gcc/legacy.o clang/orig.o:clang/legacy.o \
	    c_gcc__g.orig.o:c_gcc__g.o c_clang__g.orig.o:c_clang__g.o \
	    ids.orig.o:ids.o arch_i386.o.orig:arch_i386.o \
	    arch_powerpc64.o.orig:arch_powerpc64.o \
	    arch_riscv64.o.orig:arch_riscv64.o; do
	if ! command -v eu-elflint >/dev/null; then
		echo "ok $((tap_n += 1)) # skip eu-elflint not installed (elfutils)"
		break
	fi
	check "eu-elflint: ${pair#*:} as clean as ${pair%:*}" \
		diff <(lint "${pair%:*}") <(lint "${pair#*:}")
done

# --- Objects with no initcalls are left alone.
echo 'int f(void) { return 1; }' >plain.c
gcc -c plain.c -o plain.o && cp plain.o plain.orig.o
before=$(mtime plain.o)
check_status "no initcalls: exit 0" 0 "$ICO" rename plain.o
check "no initcalls: unchanged" cmp plain.orig.o plain.o
check "no initcalls: not rewritten" test "$before" = "$(mtime plain.o)"

# --- Equal base names in different folders.
mkdir -p a b c
gcc -c legacy.S -o a/setup.o
cp a/setup.o b/setup.o
cp a/setup.o c/setup.o
"$ICO" rename a/setup.o b/setup.o
check "same module on one command line: the second continues the counter" \
	has_section b/setup.o .initcall6.init..setup__5_0_fa
check "same module on one command line: lds finds no duplicate" \
	"$ICO" lds a/setup.o b/setup.o -o /dev/null
"$ICO" rename c/setup.o
check "renamed separately, the ids are equal" \
	has_section c/setup.o .initcall6.init..setup__0_0_fa
check_status "... and lds refuses the duplicates instead of misplacing them" 1 \
	"$ICO" lds a/setup.o c/setup.o -o /dev/null 2>/dev/null
gcc -c legacy.S -o c/setup.o
"$ICO" rename --modname c_setup c/setup.o
check "--modname separates them" "$ICO" lds a/setup.o c/setup.o -o /dev/null

# --- Refused inputs: clear message, exit 2, file untouched.
refused() { # DESCRIPTION FILE PATTERN
	local rc
	cp "$2" refused.copy 2>/dev/null
	"$ICO" rename "$2" 2>err
	rc=$?
	if [ $rc -eq 2 ] && grep -q -- "$3" err && grep -qF "$2" err &&
	   { [ ! -e "$2" ] || cmp -s refused.copy "$2"; }; then
		pass "$1"
	else
		fail "$1 (exit $rc: $(cat err))"
	fi
}
clang -flto=thin -c plain.c -o bitcode.o
refused "LLVM bitcode is refused" bitcode.o "bitcode"
gcc main.o c_gcc__g.o -o exe -Wl,-T,"$TOP_DIR/include/initcall_order.lds"
refused "an executable is refused" exe "executable"
ar rc lib.a plain.o
refused "an archive is refused" lib.a "archive"
echo hello >text.o
refused "a text file is refused" text.o "not an ELF"
refused "a missing file is an error" missing.o "cannot open"

cp gcc/orig.o trunc.o
truncate -s 300 trunc.o
refused "truncated object: clear error" trunc.o "outside the file"
cp gcc/orig.o shoff.o
printf '\377\377\377\177' | dd of=shoff.o bs=1 seek=40 conv=notrunc 2>/dev/null
refused "bad section header offset: clear error" shoff.o "section header table"
cp gcc/orig.o secoff.o
shoff=$(od -An -t u8 -j 40 -N 8 secoff.o | tr -d ' ')
# sh_offset of section 1, 24 bytes into its header.
printf '\377\377\377\177' | dd of=secoff.o bs=1 seek=$((shoff + 64 + 24)) \
	conv=notrunc 2>/dev/null
refused "bad section offset: clear error" secoff.o "outside the file"

# Sections aligned to 1 MiB, the padding in the file as assemblers make it:
# renamed.  The same alignments written over an object that lacks the
# padding would make the output gigabytes: refused.
{
	cat legacy.c
	echo 'asm('
	for i in $(seq 1 300); do
		printf '"\\t.section .s%d,\\"a\\"\\n\\t.byte 1\\n"\n' "$i"
	done
	for i in 1 2 3; do
		printf '"\\t.section .big%d,\\"a\\"\\n\\t.p2align 20\\n"\n' "$i"
	done
	echo ');'
} >aligned.c
clang -O2 -c aligned.c -o aligned.o
cp aligned.o bigalign.o
check_status "sections aligned to 1 MiB with their padding: renamed" 0 \
	"$ICO" rename aligned.o
shoff=$(od -An -t u8 -j 40 -N 8 bigalign.o | tr -d ' ')
shnum=$(od -An -t u2 -j 60 -N 2 bigalign.o | tr -d ' ')
for i in $(seq 1 $((shnum - 1))); do
	# sh_addralign, 48 bytes into the header, of every PROGBITS section.
	h=$((shoff + 64 * i))
	[ "$(od -An -t u4 -j $((h + 4)) -N 4 bigalign.o | tr -d ' ')" = 1 ] ||
		continue
	printf '\0\0\020\0\0\0\0\0' |
		dd of=bigalign.o bs=1 seek=$((h + 48)) conv=notrunc 2>/dev/null
done
refused "1 MiB alignments on 300 sections without the padding: refused" \
	bigalign.o "corrupt alignments"

# Entries that are not one relocation each.
cat >odd.S <<'EOF'
	.text
fa:	.skip 4
	.section .initcall6.init, "a"
	.long fa - .
	.long 0
	.long 0
EOF
gcc -c odd.S -o odd.o
refused "a section that is not entries is an error" odd.o "not entries"

# The same file twice would be planned twice.
cp gcc/orig.o twice.o
"$ICO" rename twice.o ./twice.o 2>err
rc=$?
check "the same object twice: exit 2" test $rc -eq 2
check "the same object twice: named in the error" \
	grep -q "\./twice.o: error: the same file as twice.o" err
check "the same object twice: untouched" cmp gcc/orig.o twice.o

# One bad object stops all: nothing is written.
cp gcc/orig.o good.o
"$ICO" rename good.o odd.o 2>/dev/null
check "a bad object on the command line leaves the good ones untouched" \
	cmp gcc/orig.o good.o
check "no temporary file is left" \
	test -z "$(find . -name '*.tmp*')"

done_testing
