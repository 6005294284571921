#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Bad input to initcall-order diff: truncated dumps (at every length, tsv
# and json), dumps of a newer format version, a log without any initcall
# line, and other damage.  Each is a clear error naming the file and exit
# status 2, with nothing on stdout.

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$TESTS_DIR/fixtures/lib.sh"

tmp=$(scratch)

require_fixtures

set=kernel-llvm
mapfile -t args <"$fx/sets/$set.args"
if ! (cd "$fx/sets/$set" && "$ICO" dump --format=tsv "${args[@]}") \
		>"$tmp/a.tsv" ||
   ! (cd "$fx/sets/$set" && "$ICO" dump --format=json "${args[@]}") \
		>"$tmp/a.json"; then
	fail "dump the fixture kernel"
	done_testing
	exit
fi
pass "dump the fixture kernel"

# bad NAME FILE MESSAGE: diff of a good dump against FILE fails with exit
# 2, nothing on stdout and MESSAGE (fixed string) on stderr; FILE on
# either side.
bad() {
	local what=$1 file=$2 msg=$3 rc side

	for side in new old; do
		if [ "$side" = new ]; then
			"$ICO" diff "$tmp/a.tsv" "$file" >"$tmp/out" 2>"$tmp/err"
		else
			"$ICO" diff "$file" "$tmp/a.tsv" >"$tmp/out" 2>"$tmp/err"
		fi
		rc=$?
		if [ "$rc" -ne 2 ]; then
			fail "$what ($side): exit $rc, wanted 2"
		elif [ -s "$tmp/out" ]; then
			fail "$what ($side): something on stdout"
		elif ! grep -qF -- "$msg" "$tmp/err"; then
			fail "$what ($side): no '$msg' in: $(head -c 300 "$tmp/err")"
		else
			pass "$what ($side)"
		fi
	done
}

# Truncated inside a line.
size=$(stat -c %s "$tmp/a.tsv")
head -c $((size * 2 / 3)) "$tmp/a.tsv" >"$tmp/cut.tsv"
# ...so that the cut really is inside a line.
[ "$(tail -c 1 "$tmp/cut.tsv" | od -An -c | tr -d ' ')" != '\n' ] ||
	head -c $((size * 2 / 3 - 1)) "$tmp/a.tsv" >"$tmp/cut.tsv"
bad "tsv cut in a line" "$tmp/cut.tsv" \
	"$tmp/cut.tsv: error: truncated: the dump ends in the middle"
size=$(stat -c %s "$tmp/a.json")
head -c $((size / 2)) "$tmp/a.json" >"$tmp/cut.json"
bad "json cut in the middle" "$tmp/cut.json" \
	"$tmp/cut.json: error: truncated: the dump ends in the middle"

# cut_lengths SIZE: every length for the first and last 100 bytes, every
# 53rd in between.
cut_lengths() {
	local n

	for ((n = 1; n < $1; n++)); do
		((n > 100 && n < $1 - 100 && n % 53)) || echo "$n"
	done
}

# A json dump cut at any length is refused (short of its final newline,
# after which the document is whole).
failures=
for n in $(cut_lengths $((size - 1))); do
	head -c "$n" "$tmp/a.json" >"$tmp/cut.json"
	"$ICO" diff "$tmp/a.tsv" "$tmp/cut.json" >/dev/null 2>&1
	rc=$?
	[ "$rc" -eq 2 ] || failures="$failures $n:$rc"
done
check "json cut at any length: exit 2${failures:+ (not at:$failures)}" \
	test -z "$failures"
# The same for tsv, wherever the cut leaves a partial line.
size=$(stat -c %s "$tmp/a.tsv")
failures=
for n in $(cut_lengths "$size"); do
	head -c "$n" "$tmp/a.tsv" >"$tmp/cut.tsv"
	[ "$(tail -c 1 "$tmp/cut.tsv" | od -An -tx1 | tr -d ' ')" = 0a ] &&
		continue
	"$ICO" diff "$tmp/a.tsv" "$tmp/cut.tsv" >/dev/null 2>&1
	rc=$?
	[ "$rc" -eq 2 ] || failures="$failures $n:$rc"
done
check "tsv cut inside any line: exit 2${failures:+ (not at:$failures)}" \
	test -z "$failures"

# A newer format version.
sed '1s/ 3$/ 4/' "$tmp/a.tsv" >"$tmp/v4.tsv"
bad "tsv of version 4" "$tmp/v4.tsv" \
	"$tmp/v4.tsv: error: initcall-order-dump version 4 is newer than this initcall-order reads (up to 3)"
sed 's/^  "version": 3,$/  "version": 4,/' "$tmp/a.json" >"$tmp/v4.json"
bad "json of version 4" "$tmp/v4.json" \
	"$tmp/v4.json: error: initcall-order-dump version 4 is newer than this initcall-order reads (up to 3)"
# Versions 1 (before initcalls without an id were listed) and 2 (before
# fields were escaped) read.
for v in 1 2; do
	sed "1s/ 3\$/ $v/" "$tmp/a.tsv" >"$tmp/v$v.tsv"
	"$ICO" diff "$tmp/a.tsv" "$tmp/v$v.tsv" >/dev/null 2>&1
	check "tsv of version $v still reads" test $? -eq 0
done
# ...even when the rest does not look like version 1 at all.
printf '{"format": "initcall-order-dump", "version": 7, "initcalls": [[1, 2]]}\n' \
	>"$tmp/v7.json"
bad "json of version 7 with other rows" "$tmp/v7.json" "version 7 is newer"

# A log without any initcall.
printf '[    0.000000] Linux version 6.12.0\r\n[    0.1] pci 0000:00:00.0: calling  quirk_a+0x0/0x10 @ 1\r\n' \
	>"$tmp/nocall.log"
bad "a log without 'calling' lines" "$tmp/nocall.log" \
	"$tmp/nocall.log: error: not a boot log: no 'calling  <function> @ <pid>' line"
: >"$tmp/empty"
bad "an empty file" "$tmp/empty" "$tmp/empty: error: not a boot log"

# Other damage.
sed '1s/initcall-order-dump/initcall-order-diff/' "$tmp/a.tsv" >"$tmp/fmt.tsv"
bad "another format" "$tmp/fmt.tsv" \
	"format 'initcall-order-diff' is not a dump of initcall-order"
sed '5s/\t[^\t]*$//' "$tmp/a.tsv" >"$tmp/fields.tsv"
bad "a row short of a field" "$tmp/fields.tsv" \
	"$tmp/fields.tsv: error: line 5: 7 fields where the header has 8"
sed '4s/^[^\t]*/9x/' "$tmp/a.tsv" >"$tmp/level.tsv"
bad "a bad level" "$tmp/level.tsv" "$tmp/level.tsv: error: line 4: bad level '9x'"
sed '0,/"function": "[^"]*"/s//"function": ""/' "$tmp/a.json" >"$tmp/nofn.json"
bad "a row without function" "$tmp/nofn.json" \
	"$tmp/nofn.json: error: line 5: no function"
sed '1s/^{/{"format": "initcall-order-dump", /' "$tmp/a.json" \
	>"$tmp/twice.json"
bad "json with the format twice" "$tmp/twice.json" "$tmp/twice.json: error:"
printf '{"format": "initcall-order-dump", "version": 1, "initcalls": [{"level": "6", "function": "a\\u0000b", "module": "m"}]}' \
	>"$tmp/nul.json"
bad "json string with \\u0000" "$tmp/nul.json" "\\u0000 in a string"
printf '{"format": "initcall-order-dump", "version": 1, "initcalls": []} x' \
	>"$tmp/trail.json"
bad "json with trailing data" "$tmp/trail.json" "data after the end of the dump"
bad "a missing file" "$tmp/nonexistent" \
	"$tmp/nonexistent: error: cannot read: No such file or directory"

# Escapes in json strings read back as the characters they stand for.
printf '{"format": "initcall-order-dump", "version": 1, "x": {"y": [1, {}]}, "initcalls": [{"level": "6", "module": "m\\u00e9", "function": "f\\ud83d\\ude00"}]}' \
	>"$tmp/esc.json"
printf '# initcall-order-dump 1\nlevel\tmodule\tfunction\n6\tm\xc3\xa9\tf\xf0\x9f\x98\x80\n' \
	>"$tmp/esc.tsv"
"$ICO" diff "$tmp/esc.json" "$tmp/esc.tsv" >"$tmp/out" 2>&1
check "json escapes and unknown keys: same as the tsv" test $? -eq 0

done_testing
