#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Golden files: check --golden FILE [--update-golden] INPUT...  A round
# trip (write, then pass), an edited golden file failing with the edited
# initcall named, json golden files, atomic and idempotent updates, and
# the errors: no golden file, a damaged one.

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$TESTS_DIR/fixtures/lib.sh"

tmp=$(scratch)

require_fixtures

set=kernel-llvm
mapfile -t args <"$fx/sets/$set.args"

# golden FILE [OPTION...]: check --golden in the set's folder; the report
# in $tmp/out, messages in $tmp/err, the status in $rc.
golden() {
	local file=$1
	shift
	(cd "$fx/sets/$set" &&
		"$ICO" check --golden "$file" "$@" "${args[@]}") \
		>"$tmp/out" 2>"$tmp/err"
	rc=$?
}

has() { grep -qF -- "$1" "$tmp/out"; }

g=$tmp/order.tsv
golden "$g"
check "no golden file yet: exit 2" test "$rc" -eq 2
check "no golden file yet: says how to make one" grep -qF \
	"$g: error: no golden file: make it with --update-golden" "$tmp/err"

golden "$g" --update-golden
check "--update-golden: exit 0" test "$rc" -eq 0
check "--update-golden: writes the dump, byte for byte" \
	cmp -s "$g" <(cd "$fx/sets/$set" &&
		      "$ICO" dump --format=tsv "${args[@]}")
total=$(($(wc -l <"$g") - 2))
check "--update-golden: says what it wrote" grep -qF \
	"$g: golden order written: $total initcalls" "$tmp/err"

golden "$g"
check "round trip: exit 0" test "$rc" -eq 0
check "round trip: same order" has \
	"initcall orders are the same: $total initcalls"

# The golden file is a dump: diff reads it too.
(cd "$fx/sets/$set" && "$ICO" dump --format=json "${args[@]}") \
	>"$tmp/now.json"
check "diff reads the golden file" "$ICO" diff -o "$tmp/diff.txt" "$g" "$tmp/now.json"

# Edit one line: swap two adjacent rows of one level (the 5th and 6th
# rows of the biggest level): the later one is reported as moved.
big=$(awk -F '\t' 'NR > 2 { n[$1]++ }
	END { for (l in n) if (n[l] > best) { best = n[l]; b = l }; print b }' "$g")
row=$(awk -F '\t' -v l="$big" '$1 == l && ++n == 5 { print NR; exit }' "$g")
name5=$(awk -F '\t' -v r="$row" 'NR == r { print $4 ":" $7 }' "$g")
name6=$(awk -F '\t' -v r="$row" 'NR == r + 1 { print $4 ":" $7 }' "$g")
name4=$(awk -F '\t' -v r="$row" 'NR == r - 1 { print $4 ":" $7 }' "$g")
cp "$g" "$tmp/keep.tsv"
awk -v r="$row" 'NR == r { held = $0; next } { print } NR == r + 1 { print held }' \
	"$tmp/keep.tsv" >"$g"
golden "$g"
check "edited golden file: exit 1" test "$rc" -eq 1
# Either of the two is one move that explains the swap.
check "edited golden file: names an initcall and where it went" \
	grep -qxF -e "  moved    $name6: now after $name5, was after $name4 (position 5 -> 6)" \
	-e "  moved    $name5: now after $name4, was after $name6 (position 6 -> 5)" \
	"$tmp/out"
check "edited golden file: one change" has \
	"initcall orders differ: 1 moved, 0 added, 0 removed, 0 changed level"
golden "$g" --format=ktap
check "edited golden file, ktap: exit 1" test "$rc" -eq 1
check "edited golden file, ktap: the level fails" \
	grep -qE "^not ok [0-9]+ level $big\$" "$tmp/out"

# Edit one line: rename a function; it is added, the original removed.
sed "${row}s/\t[^\t]*\t\([^\t]*\)\$/\tgone_init\t\1/" "$tmp/keep.tsv" >"$g"
golden "$g"
check "renamed in the golden file: exit 1" test "$rc" -eq 1
check "renamed in the golden file: the real one is added" has \
	"added    $name5: now after $name4 (position 5)"
check "renamed in the golden file: the golden one is removed" has \
	"removed  ${name5%%:*}:gone_init: was after $name4 (position 5)"

# -o: the report goes to the file.
golden "$g" -o "$tmp/report.txt"
check "-o: exit 1 and the report in the file" test "$rc" -eq 1 -a \
	! -s "$tmp/out"
check "-o: the report names the initcall" grep -qF "removed  ${name5%%:*}:gone_init" \
	"$tmp/report.txt"

# --update-golden puts it right, atomically: a new inode, no stray files.
ino=$(stat -c %i "$g")
golden "$g" --update-golden
check "update of an edited golden file: exit 0" test "$rc" -eq 0
check "update: reports what it changes" has "removed  ${name5%%:*}:gone_init"
check "update: the file is the dump again" cmp -s "$g" "$tmp/keep.tsv"
check "update: replaced by rename, not rewritten in place" \
	test "$(stat -c %i "$g")" != "$ino"
check "update: no temporary file left" \
	test "$(find "$tmp" -maxdepth 1 -name '*order.tsv*' | wc -l)" -eq 1
golden "$g"
check "after the update: exit 0" test "$rc" -eq 0

# An update that changes nothing leaves the file alone, mtime included.
touch -d '2000-01-01 00:00' "$g"
golden "$g" --update-golden
check "idempotent update: exit 0" test "$rc" -eq 0
check "idempotent update: file untouched" \
	test "$(stat -c %Y "$g")" = "$(date -d '2000-01-01 00:00' +%s)"

# New golden files are tsv, whatever their name; a json one stays json.
j=$tmp/order.json
golden "$j" --update-golden
check "new golden files are tsv" grep -qx '# initcall-order-dump 3' "$j"
sed '6d' "$tmp/now.json" >"$j"
golden "$j"
check "json golden with a row taken out: exit 1" test "$rc" -eq 1
check "json golden with a row taken out: one added" has \
	"initcall orders differ: 0 moved, 1 added, 0 removed"
golden "$j" --update-golden
check "json golden: updated as json" cmp -s "$j" "$tmp/now.json"
golden "$j"
check "json golden: round trip exit 0" test "$rc" -eq 0

# A damaged golden file is bad input, not a difference.
head -c 100 "$tmp/keep.tsv" >"$g"
golden "$g"
check "truncated golden file: exit 2" test "$rc" -eq 2
check "truncated golden file: says so" grep -qF "$g: error: truncated" \
	"$tmp/err"
golden "$g" --update-golden
check "truncated golden file: --update-golden replaces it" \
	test "$rc" -eq 0
check "truncated golden file: with a warning" grep -qF \
	"warning: $g: replacing a golden file that does not read back" \
	"$tmp/err"
check "truncated golden file: now whole" cmp -s "$g" "$tmp/keep.tsv"

done_testing
