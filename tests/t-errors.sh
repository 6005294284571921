#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Bad input: every class the issue lists gets a message naming the file
# (and the archive member), the documented exit status, nothing on stdout
# and, with -o, the old output file left as it was.  Then the cases where
# the kernel's script is silently wrong and we are loud, and the $NM
# fallback for bitcode whose symbol table cannot be used.

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$TESTS_DIR/fixtures/lib.sh"

tmp=$(scratch)

require_fixtures
script=$(kernel_script) || fail "extract generate_initcall_order.pl"

w=$tmp/w
mkdir -p "$w"
cd "$w" || exit 1

# check_messages WHAT FILE PATTERN...: each fixed string is in FILE, and
# every line of FILE has the tool's "initcall-order: " prefix.
check_messages() {
	local what=$1 file=$2 p
	shift 2
	for p in "$@"; do
		check "$what: message names '$p'" grep -qF -- "$p" "$file"
	done
	check "$what: every message line starts with 'initcall-order: '" \
		awk '!/^initcall-order: / { exit 1 }' "$file"
}

# expect_fail WHAT STATUS PATTERNS ARG...: lds fails with STATUS, says
# each of the '|'-separated PATTERNS, prints nothing on stdout and leaves
# an existing -o file (content and mtime) and its folder alone.
expect_fail() {
	local what=$1 want=$2 pats=$3 rc before after
	local -a p
	shift 3
	IFS='|' read -ra p <<<"$pats"

	"$ICO" lds "$@" >"$tmp/stdout" 2>"$tmp/stderr"
	rc=$?
	check "$what: exit $want (got $rc)" test "$rc" -eq "$want"
	check "$what: nothing on stdout" test ! -s "$tmp/stdout"
	check_messages "$what" "$tmp/stderr" "${p[@]}"
	if [ "$rc" -ne "$want" ] || [ "${VERBOSE:-0}" = 1 ]; then
		sed 's/^/# stderr: /' "$tmp/stderr" | head -5
	fi

	rm -rf "$tmp/o"
	mkdir "$tmp/o"
	echo OLD >"$tmp/o/keep.lds"
	touch -d '2001-02-03 04:05:06' "$tmp/o/keep.lds"
	before=$(stat -c %Y "$tmp/o/keep.lds")
	"$ICO" lds -o "$tmp/o/keep.lds" "$@" >/dev/null 2>&1
	after=$(stat -c %Y "$tmp/o/keep.lds")
	check "$what: -o keeps the old file" \
		test "$(cat "$tmp/o/keep.lds")" = OLD -a "$before" = "$after"
	check "$what: -o leaves no temporary file" \
		test "$(ls -A "$tmp/o")" = keep.lds
	"$ICO" lds -o "$tmp/o/new.lds" "$@" >/dev/null 2>&1
	check "$what: -o creates no new file" test ! -e "$tmp/o/new.lds"
}

# put_bytes FILE OFFSET ESCAPES: writes printf's rendering of ESCAPES
# (e.g. '\x00\x01') over the bytes at OFFSET.
put_bytes() {
	printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# put_str FILE OFFSET STRING
put_str() {
	printf '%s' "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

cut_to() { # SRC DST SIZE
	head -c "$3" "$1" >"$2"
}

good=$fx/obj/thin/kernel/core.o
elf=$fx/obj/clang/kernel/core.o
bc=$fx/obj/thin/init/main.o
cp "$fx/obj/gcc/lib/lib1.o" lib1.o

# --- Inputs that are not there ---------------------------------------

mkdir adir
expect_fail "directory input" 2 "adir" lib1.o adir
expect_fail "nonexistent input" 2 "no-such.o" lib1.o no-such.o
objtree=$w expect_fail "nonexistent input under objtree" 2 "$w/no-such.o" \
	lib1.o no-such.o
"$ICO" lds >/dev/null 2>&1
rc=$?
check "no input: exit 2 (got $rc)" test "$rc" -eq 2

# --- Truncated and corrupt ELF ----------------------------------------

size=$(stat -c %s "$elf")
for at in 10 40 63 $((size / 2)) $((size - 64)) $((size - 1)); do
	cut_to "$elf" "elf-cut-$at.o" "$at"
	expect_fail "ELF cut at $at of $size" 2 "elf-cut-$at.o" \
		lib1.o "elf-cut-$at.o"
done

# ELF64 header fields: e_shoff at 40, e_shnum at 60, e_shstrndx at 62.
cp "$elf" elf-shoff.o
put_bytes elf-shoff.o 40 '\xf0\xff\xff\xff\xff\xff\xff\x7f'
expect_fail "ELF e_shoff past the end" 2 "elf-shoff.o" lib1.o elf-shoff.o
cp "$elf" elf-shnum.o
put_bytes elf-shnum.o 60 '\xff\x7f'
expect_fail "ELF e_shnum too large" 2 "elf-shnum.o" lib1.o elf-shnum.o
cp "$elf" elf-shstrndx.o
put_bytes elf-shstrndx.o 62 '\xf0\x7f'
expect_fail "ELF e_shstrndx out of range" 2 "elf-shstrndx.o" \
	lib1.o elf-shstrndx.o
cp "$elf" elf-class.o
put_bytes elf-class.o 4 '\x07'
expect_fail "ELF with a bad class byte" 2 "elf-class.o" lib1.o elf-class.o

# The symbol table's section header: sh_offset past the end.
shoff=$(readelf -h "$elf" | awk '/Start of section headers/ { print $5 }')
symidx=$(readelf -S -W "$elf" |
	sed -n 's/^ *\[ *\([0-9]*\)\] \.symtab .*/\1/p')
if [ -n "$shoff" ] && [ -n "$symidx" ]; then
	cp "$elf" elf-symoff.o
	put_bytes elf-symoff.o $((shoff + symidx * 64 + 24)) \
		'\x00\x00\x00\x00\x00\x00\x00\x01'
	expect_fail "ELF symbol table past the end" 2 "elf-symoff.o" \
		lib1.o elf-symoff.o
else
	fail "find .symtab in $elf"
fi

# In an archive: the message names the archive and the member.
cp elf-cut-63.o cut.o
ar qcS elf-bad.a lib1.o cut.o
expect_fail "ELF member cut short" 2 "elf-bad.a|cut.o" elf-bad.a

# --- Truncated bitcode --------------------------------------------------

size=$(stat -c %s "$bc")
for at in 4 20 $((size / 2)) $((size - 8)) $((size - 1)); do
	cut_to "$bc" "bc-cut-$at.o" "$at"
	expect_fail "bitcode cut at $at of $size" 2 "bc-cut-$at.o" \
		lib1.o "bc-cut-$at.o"
done
cp "bc-cut-$((size / 2)).o" half.o
# No symbol table: the archivers refuse to index a broken member.
ar qcS bc-bad.a lib1.o half.o
expect_fail "bitcode member cut short" 2 "bc-bad.a|half.o" bc-bad.a

# --- Corrupt archives ---------------------------------------------------

cp "$fx/obj/gcc/kernel/core.o" core.o
ar qcS plain.a lib1.o core.o
# Without a symbol table (S): magic (8), then lib1.o's 60-byte header.
hdr2=$((8 + 60 + $(stat -c %s lib1.o)))
hdr2=$((hdr2 + hdr2 % 2))

cp plain.a ar-fmag.a
put_str ar-fmag.a $((hdr2 + 58)) 'xx'
expect_fail "archive header without its end marker" 2 "ar-fmag.a" ar-fmag.a
cp plain.a ar-size-digits.a
put_str ar-size-digits.a $((hdr2 + 48)) '12x4      '
expect_fail "archive member size not a number" 2 "ar-size-digits.a" \
	ar-size-digits.a
cp plain.a ar-size-big.a
put_str ar-size-big.a $((hdr2 + 48)) '9999999   '
expect_fail "archive member size past the end" 2 "ar-size-big.a" \
	ar-size-big.a
cut_to plain.a ar-cut.a $((hdr2 + 30))
expect_fail "archive cut inside a member header" 2 "ar-cut.a" ar-cut.a
cut_to plain.a ar-cut2.a $((hdr2 + 60 + 100))
expect_fail "archive cut inside a member" 2 "ar-cut2.a" ar-cut2.a

# A long name pointing past the "//" table.
cp core.o a_member_with_a_long_name.o
ar qcS ar-longname.a a_member_with_a_long_name.o
off=$(grep -boa '/0              ' ar-longname.a | head -1 | cut -d: -f1)
if [ -n "$off" ]; then
	cp ar-longname.a ar-badlong.a
	put_str ar-badlong.a "$off" '/9999'
	expect_fail "archive long name offset past the table" 2 \
		"ar-badlong.a" ar-badlong.a
else
	fail "find the /0 member header in ar-longname.a"
fi

# Thin archive whose member file is gone.
mkdir -p thin/sub
cp lib1.o thin/sub/gone.o
cp core.o thin/sub/here.o
(cd thin && ar qcT t.a sub/here.o sub/gone.o)
rm thin/sub/gone.o
expect_fail "missing thin archive member" 2 "thin/t.a|sub/gone.o" thin/t.a

# --- Names the kernel's script trips over ------------------------------

cat >badlevel.c <<'EOF'
__asm__(".section .rodata\n__initcall__m__1_2_fnX:\n.long 0\n.previous\n");
int badlevel(void) { return 0; }
EOF
clang -c -o badlevel.o badlevel.c
ar qc badlevel.a lib1.o badlevel.o
expect_fail "initcall name without a level" 2 \
	"badlevel.a|badlevel.o|__initcall__m__1_2_fnX" badlevel.a
clang -flto=thin -c -o badlevel-bc.o badlevel.c
expect_fail "initcall name without a level (bitcode)" 2 \
	"badlevel-bc.o|__initcall__m__1_2_fnX" lib1.o badlevel-bc.o

# Two initcalls with counter 5 in one object.
cat >samecounter.c <<'EOF'
__asm__(".section \".initcall6.init..m__5_1_a\", \"a\"\n"
	"__initcall__m__5_1_a6:\n.long 0\n.previous\n"
	".section \".initcall6.init..m__5_2_b\", \"a\"\n"
	"__initcall__m__5_2_b6:\n.long 0\n.previous\n");
EOF
clang -c -o samecounter.o samecounter.c
expect_fail "same counter twice in one object" 1 \
	"samecounter.o|__initcall__m__5_1_a6|__initcall__m__5_2_b6" \
	lib1.o samecounter.o
clang -flto=thin -c -o samecounter-bc.o samecounter.c
ar qc samecounter.a lib1.o samecounter-bc.o
expect_fail "same counter twice in one object (bitcode member)" 1 \
	"samecounter.a|samecounter-bc.o" samecounter.a

# The same id in two objects.
mkdir -p a b
cp "$good" a/core.o
cp "$fx/obj/gcc/kernel/core.o" b/core.o
expect_fail "same id in two objects" 1 "a/core.o|b/core.o" \
	lib1.o a/core.o b/core.o
NM=llvm-nm perl "$script" lib1.o a/core.o b/core.o >dup.want 2>/dev/null
"$ICO" lds --allow-duplicates lib1.o a/core.o b/core.o >dup.got 2>dup.err
rc=$?
check "--allow-duplicates: exit 0 (got $rc)" test "$rc" -eq 0
check "--allow-duplicates: the kernel script's bytes" cmp -s dup.want dup.got
check "--allow-duplicates: the kernel's script repeats the line" \
	test "$(grep -c 'kmod_core__1_16_probe2)' dup.want)" -eq 2
check_messages "--allow-duplicates" dup.err a/core.o b/core.o
check "--allow-duplicates: warnings only" grep -q warning dup.err

# --- Sections the fragment cannot place: warnings -----------------------

# The shape of a build without LTO: .initcall6.init without the id.
gcc -O2 -DKI_SHAPE_NOLTO -DMODNAME=kmod_nolto -I"$FIXTURES_SRC" -c \
	-o nolto.o "$FIXTURES_SRC/src/kernel/core.c"
# An old-style entry in .initcall6.init, and a per-initcall section whose
# entry symbol is not an id.
cat >oddsec.c <<'EOF'
__attribute__((used)) static int fn(void) { return 0; }
__asm__(".section \".initcall6.init\", \"a\"\n"
	"__initcall_fn6:\n.long fn - .\n.previous\n");
__asm__(".section \".initcall7.init..m__0_1_ghost\", \"a\"\n"
	"ghost_entry:\n.long fn - .\n.previous\n");
int use_fn(void) { return fn(); }
EOF
clang -O2 -c -o oddsec.o oddsec.c
cp "$fx/obj/clang/lib/lib2.o" lib2.o
ar qc warn.a lib2.o oddsec.o
for input in "nolto.o" "warn.a"; do
	NM=llvm-nm perl "$script" lib1.o "$input" >warn.want 2>/dev/null
	"$ICO" lds lib1.o "$input" >warn.got 2>warn.err
	rc=$?
	check "$input: warning only, exit 0 (got $rc)" test "$rc" -eq 0
	check "$input: the kernel script's bytes" cmp -s warn.want warn.got
	case $input in
	nolto.o)
		check_messages "$input" warn.err nolto.o .initcall6.init \
			.initcall1.init
		;;
	warn.a)
		check_messages "$input" warn.err warn.a oddsec.o \
			.initcall6.init .initcall7.init..m__0_1_ghost
		;;
	esac
	check "$input: says warning" grep -q warning warn.err
done

# A kernel built without LTO has such sections in every object: one line
# for each of the first five inputs, in link order whatever the thread
# count, then one line counting all.
for i in 1 2 3 4 5 6 7; do
	gcc -O2 -DKI_SHAPE_NOLTO -DMODNAME=kmod_nolto$i -I"$FIXTURES_SRC" -c \
		-o "nolto$i.o" "$FIXTURES_SRC/src/kernel/core.c"
done
"$ICO" lds -j4 lib1.o nolto[1-7].o >/dev/null 2>many.err
check "seven objects without ids: five named, in link order" \
	test "$(grep -o '^initcall-order: nolto[0-9].o' many.err | tr -d '\n')" = \
	"$(printf 'initcall-order: nolto%d.o' 1 2 3 4 5)"
check "... each line naming the object's six sections" \
	test "$(grep -c 'initcalls with an id in \.initcall1\.init, \.initcall6\.init, \.initcall7s\.init, \.initcall7\.init, \.initcall1s\.init, \.initcall2\.init, not in sections of their own' many.err)" -eq 5
per_object=$(nm nolto1.o | grep -c ' __initcall__')
check "... and the others counted in one line" \
	grep -qx "initcall-order: warning: 2 more inputs hold initcalls the fragment cannot place (7 inputs, $((7 * per_object)) initcalls in all)" many.err
check "... and nothing else" test "$(wc -l <many.err)" -eq 6

# --- Nothing to order ---------------------------------------------------

cp "$fx/obj/thin/kernel/nothing_here.o" nothing.o
cp "$fx/obj/gcc/lib/empty.o" empty.o
expect_fail "no initcalls" 2 "no initcalls" nothing.o empty.o

# --- Bitcode whose symbol table cannot be used: $NM ---------------------

cp "$bc" fallback.o
offs=$(symtab_version_offset fallback.o)
if [ "$(echo "$offs" | wc -w)" -ne 1 ]; then
	fail "find the irsymtab version word in $bc (found: $offs)"
else
	put_bytes fallback.o "$offs" '\x63'
	NM=llvm-nm perl "$script" lib1.o fallback.o >fb.want 2>/dev/null
	cp "$bc" unbroken.o
	NM=llvm-nm perl "$script" lib1.o unbroken.o >fb.orig 2>/dev/null
	check "fallback: the corruption does not bother llvm-nm" \
		cmp -s fb.want fb.orig
	for nm in llvm-nm ""; do
		what="fallback (NM=${nm:-unset})"
		if [ -n "$nm" ]; then
			NM=$nm "$ICO" lds lib1.o fallback.o >fb.got 2>fb.err
		else
			env -u NM "$ICO" lds lib1.o fallback.o >fb.got 2>fb.err
		fi
		rc=$?
		check "$what: exit 0 (got $rc)" test "$rc" -eq 0
		check "$what: the kernel script's bytes" cmp -s fb.want fb.got
		check "$what: exactly one line on stderr" \
			test "$(wc -l <fb.err)" -eq 1
		check_messages "$what" fb.err fallback.o llvm-nm
	done
	llvm-ar qc fallback.a lib1.o fallback.o
	NM=llvm-nm "$ICO" lds fallback.a >fba.got 2>fba.err
	rc=$?
	check "fallback in an archive: exit 0 (got $rc)" test "$rc" -eq 0
	check "fallback in an archive: the kernel script's bytes" \
		cmp -s fb.want fba.got
	check "fallback in an archive: exactly one line on stderr" \
		test "$(wc -l <fba.err)" -eq 1
	check_messages "fallback in an archive" fba.err fallback.a fallback.o
	NM=llvm-nm "$ICO" dump --format=tsv fallback.a >fba.tsv 2>/dev/null
	check "fallback in an archive: dump names the member" \
		grep -qF "fallback.a:fallback.o" fba.tsv

	NM=/nonexistent/nm expect_fail "fallback to an NM that does not exist" \
		2 "fallback.o|/nonexistent/nm" lib1.o fallback.o
fi

done_testing
