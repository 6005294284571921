#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# What every command says about --format, from one parser: a bad format is
# refused with exit 2 and the list of the formats that command takes; under
# --format=json every message is one JSON object per line on stderr (file,
# member, level, message), stdout staying the report alone; otherwise
# messages are text.

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

tmp=$(scratch)
cd "$tmp" || exit 1

cat >ok.c <<'CEOF'
static int a(void) { return 0; }
static int (*const e)(void) __asm__("__initcall__kmod_m__1_10_a6")
	__attribute__((used, section(".initcall6.init..kmod_m__1_10_a"))) = a;
CEOF
clang -O2 -c -o ok.o ok.c || fail "compile ok.c"
printf 'not an object\n' >bad.o
ar rc lib.a ok.o bad.o 2>/dev/null

# --- a bad format: one message shape, each command's own list -----------

for c in "dump:text, tsv, json or c" "check:text, json or ktap" \
	 "diff:text, json or ktap"; do
	cmd=${c%%:*}
	"$ICO" "$cmd" --format=yaml ok.o >out 2>err
	rc=$?
	check "$cmd --format=yaml: exit 2 (got $rc), nothing on stdout" \
		test "$rc" -eq 2 -a ! -s out
	check "$cmd: the message lists ${c#*:}" grep -qxF \
		"initcall-order: error: $cmd: unknown format 'yaml' (${c#*:})" err
done

# --- errors as JSON ------------------------------------------------------

# jq_true ARG...: jq -e, its result kept quiet.
jq_true() {
	jq -e "$@" >/dev/null
}

# json_messages FILE: every line is a JSON object with the four keys.
json_messages() {
	test -s "$1" &&
	jq_true -s 'all(.[]; (keys == ["file", "level", "member", "message"]))' \
		"$1" >/dev/null
}

"$ICO" dump --format=json ok.o lib.a >out 2>err
rc=$?
check "dump --format=json of an archive with a bad member: exit 2 (got $rc)" \
	test "$rc" -eq 2
check "... each message a JSON object" json_messages err
check "... naming the archive and the member" \
	jq_true -s 'any(.[]; .level == "error" and .file == "lib.a" and
		   .member == "bad.o" and (.message | test("not an object")))' err
check "... and nothing on stdout" test ! -s out

"$ICO" dump --format=tsv ok.o lib.a >out 2>err
check "the same with --format=tsv: a text message" \
	grep -q '^initcall-order: lib.a(bad.o): error: ' err

"$ICO" check --format=json --image missing-vmlinux ok.o >out 2>err
check "check --format=json: its error in JSON" \
	jq_true -s 'length == 1 and .[0].file == "missing-vmlinux" and
		  .[0].level == "error"' err
"$ICO" diff --format=json old.tsv new.tsv >out 2>err
check "diff --format=json: its error in JSON" \
	jq_true -s 'length >= 1 and .[0].file == "old.tsv"' err

# A name with a control byte and invalid UTF-8 stays valid JSON.
printf 'x' >"$(printf 'odd\033name\377.o')"
"$ICO" dump --format=json "$(printf 'odd\033name\377.o')" >/dev/null 2>err
check "a file name with ESC and byte 0xff: still valid JSON" json_messages err

"$ICO" dump --format=json ok.o >out 2>err
check "dump --format=json, no message: stdout is one JSON document" \
	jq_true '.format == "initcall-order-dump"' out
check "... and stderr is empty" test ! -s err

done_testing
