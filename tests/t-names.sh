#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Names are data (issue 16).  A symbol under the __initcall__ prefix with a
# byte no kernel id holds is refused, never copied into the linker script;
# names from files never reach a report, KTAP or a message raw; and dumps
# give back every byte of a name, so that a dump compares equal to the
# image it was made from whatever the names.

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

tmp=$(scratch)
cd "$tmp" || exit 1

# no_ctl FILE: no byte below 0x20 other than newline, none from 0x7f.
no_ctl() {
	! LC_ALL=C grep -q '[^ -~]' "$1"
}

# no_c0 FILE: no control character (UTF-8 is fine: json).
no_c0() {
	! LC_ALL=C grep -q '[[:cntrl:]]' "$1"
}

# --- 1. Ids: only what the kernel's macros make --------------------------

# An entry whose name closes the section list and writes linker commands.
cat >inject.c <<'EOF'
static int evil(void) { return 0; }
static int (*const entry)(void) __asm__(
	"__initcall__kmod_x__1_2_fn)\n\t}\n\tevil_sym = 0x1337;\n"
	"\t/DISCARD/ : { *(.text*) }\n\t.initcall6.init : {\n\t\t*(X6")
	__attribute__((used, section(".initcall6.init..kmod_x__1_2_fn"))) = evil;
EOF
# A module the script's \S* refuses and that would still be code.
cat >spaces.c <<'EOF'
static int evil(void) { return 0; }
static int (*const entry)(void) __asm__(
	"__initcall__kmod_x) ; } .text : { *(.text) } /* x__1_2_fn6")
	__attribute__((used, section(".initcall6.init..x"))) = evil;
EOF
# An ESC sequence, a tab and a byte over 0x7f in the function part.
printf '%s\n' 'static int f(void) { return 0; }' \
	'static int (*const e)(void) __asm__("__initcall__kmod_y__1_2_f\033[2J\t\377" "6")' \
	'	__attribute__((used, section(".initcall6.init..y"))) = f;' >esc.c
cat >good.c <<'EOF'
static int ok(void) { return 0; }
static int (*const entry)(void) __asm__("__initcall__kmod_good__0_1_ok6")
	__attribute__((used, section(".initcall6.init..kmod_good__0_1_ok"))) = ok;
EOF
for src in inject spaces esc good; do
	clang -O2 -c -o "$src.o" "$src.c" &&
	clang -O2 -flto=thin -c -o "$src.bc.o" "$src.c" ||
		fail "compile $src.c"
done
ar rcT lib.a good.o inject.o 2>/dev/null || fail "make lib.a"

# refused WHAT SYMBOL-PART CMD...: exit 2, nothing on stdout, the message
# names the file and shows the symbol escaped, no control byte on stderr.
refused() {
	local what=$1 part=$2 rc
	shift 2
	"$@" >out 2>err
	rc=$?
	check "$what: exit 2 (got $rc)" test "$rc" -eq 2
	check "$what: nothing on stdout" test ! -s out
	check "$what: the message shows the symbol escaped" \
		grep -qF -- "$part" err
	check "$what: no control byte in the messages" no_ctl err
	[ "$rc" -eq 2 ] || sed 's/^/# /' err | head -5
}

for o in inject.o inject.bc.o; do
	refused "lds $o" \
		"$o: error: symbol __initcall__kmod_x__1_2_fn)\\x0a\\x09}\\x0a\\x09evil_sym" \
		"$ICO" lds good.o "$o"
	refused "dump $o" "$o: error: symbol __initcall__kmod_x__1_2_fn)\\x0a" \
		"$ICO" dump good.o "$o"
done
refused "lds spaces.o" \
	"spaces.o: error: symbol __initcall__kmod_x) ; } .text : { *(.text) } /* x__1_2_fn6" \
	"$ICO" lds spaces.o
refused "lds spaces.bc.o" "spaces.bc.o: error: symbol __initcall__kmod_x) ;" \
	"$ICO" lds spaces.bc.o
refused "lds esc.o" \
	'esc.o: error: symbol __initcall__kmod_y__1_2_f\x1b[2J\x09\xff6' \
	"$ICO" lds esc.o
refused "lds thin archive member" "lib.a(inject.o): error: symbol" \
	"$ICO" lds lib.a
refused "check --golden" "inject.o: error: symbol" \
	"$ICO" check --golden g.tsv --update-golden inject.o
check "check --golden: no golden file written" test ! -e g.tsv

echo OLD >keep.lds
"$ICO" lds -o keep.lds good.o inject.o 2>/dev/null
check "lds -o: the old fragment is kept" test "$(cat keep.lds)" = OLD
"$ICO" lds good.o >good.lds 2>err
check "a good id still gives its line" \
	grep -qxF "$(printf '\t\t*(.initcall6.init..kmod_good__0_1_ok) ;')" good.lds

# --- 2. Reports, KTAP and messages ----------------------------------------

# json dumps whose names would forge KTAP lines and terminal escapes
# (version 1: what the last release wrote and still reads).
dump_json() { # FILE FUNCTION-AS-JSON
	printf '{"format": "initcall-order-dump", "version": 1, "initcalls": [\n' >"$1"
	printf ' {"level": "6", "module": "m", "function": "a"},\n' >>"$1"
	printf ' {"level": "6", "module": "m\\u001b]0;t\\u0007", "function": %s},\n' "$2" >>"$1"
	printf ' {"level": "6", "module": "m", "function": "z"}]}\n' >>"$1"
}
dump_json old.json '"x\nok 7 forged\r\u001b[2J\u00ff"'
{
	printf '{"format": "initcall-order-dump", "version": 1, "initcalls": [\n'
	printf ' {"level": "6", "module": "m", "function": "z"},\n'
	printf ' {"level": "6", "module": "m", "function": "a"}]}\n'
} >new.json
for fmt in text ktap json; do
	"$ICO" diff --format=$fmt old.json new.json >report.$fmt 2>err
	check "diff --format=$fmt: exit 1" test $? -eq 1
	check "diff --format=$fmt: no forged line" \
		sh -c '! grep -q "^ok 7" report.'$fmt
	if [ $fmt = json ]; then
		check "diff --format=$fmt: no control character" no_c0 report.$fmt
	else
		check "diff --format=$fmt: no control byte" no_ctl report.$fmt
	fi
done
check "diff --format=text: the name shown escaped" grep -qF \
	'removed  m\x1b]0;t\x07:x\x0aok 7 forged\x0d\x1b[2J\xc3\xbf:' report.text
check "diff --format=ktap: a diagnostic line, escaped" grep -qF \
	'# removed  m\x1b]0;t\x07:x\x0aok 7 forged' report.ktap
check "diff --format=json: the name as json escapes" grep -qF \
	'"function": "x\u000aok 7 forged\u000d\u001b[2J'"$(printf '\303\277')"'"' report.json

# Boot logs: names with escape sequences, in reports and in messages.
printf 'calling  fn_a @ 1\ncalling  fn\033[31mred @ 1\n' >a.log
printf 'calling  fn\033[31mred @ 1\ncalling  fn_a @ 1\n' >b.log
"$ICO" diff a.log b.log >report 2>err
check "diff of boot logs: exit 1" test $? -eq 1
check "diff of boot logs: no control byte" no_ctl report
check "diff of boot logs: the name escaped" grep -qF 'fn\x1b[31mred' report

# A message body quoting a name: the bad level of a dump.
printf '# initcall-order-dump 3\nlevel\tmodule\tfunction\n6\\x1b[2J\tm\tf\n' \
	>badlevel.tsv
"$ICO" diff badlevel.tsv new.json >/dev/null 2>err
check "bad level: exit 2" test $? -eq 2
check "bad level: the message body is escaped" \
	grep -qF "badlevel.tsv: error: line 3: bad level '6\\x1b[2J'" err
check "bad level: no control byte in the message" no_ctl err

# --- 3. Dumps give back every byte -----------------------------------------

cat >image.c <<'EOF'
void start_kernel(void) {}
int weird(void) __asm__("weird\tname\nok 7\033[2J\\x41\377");
int weird(void) { return 0; }
int plain(void) { return 1; }
static int (*const e1)(void) __attribute__((used, section(".initcall6.init"))) = weird;
static int (*const e2)(void) __attribute__((used, section(".initcall6.init"))) = plain;
EOF
tiny_image_lds >image.lds
clang -O2 -fno-pic -c -o image.o image.c &&
	ld.lld -T image.lds -o vmlinux image.o || fail "link the image"
for fmt in tsv json; do
	"$ICO" dump --format=$fmt vmlinux >image.$fmt 2>err
	check "image dump $fmt: exit 0" test $? -eq 0
	"$ICO" diff image.$fmt vmlinux >report 2>err
	check "image dump $fmt: same order as the image it came from" \
		test $? -eq 0
	[ -s err ] && sed 's/^/# /' err | head -3
done
check "tsv: the name's bytes as tsv escapes" \
	grep -qF 'weird\tname\nok 7\x1b[2J\\x41'"$(printf '\377')" image.tsv
check "json: the name as valid json escapes" \
	grep -qF '"weird\u0009name\u000aok 7\u001b[2J\\x41\udcff"' image.json
"$ICO" diff image.tsv image.json >report 2>err
check "tsv and json dumps of the image compare equal" test $? -eq 0

# Link-input paths with such bytes round-trip too (the input column).
mkdir "d$(printf '\t')x"
cp good.o "d$(printf '\t')x/g$(printf '\033\377').o"
"$ICO" dump --format=tsv "d$(printf '\t')x/g$(printf '\033\377').o" >paths.tsv
check "tsv: an input path with a tab, ESC and 0xff, escaped" \
	grep -qF 'd\tx/g\x1b'"$(printf '\377')"'.o' paths.tsv
"$ICO" dump --format=json "d$(printf '\t')x/g$(printf '\033\377').o" >paths.json
check "json: the same path" grep -qF '"d\u0009x/g\u001b\udcff.o"' paths.json

done_testing
