#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# initcall-order diff on dumps of the fixture kernel: equal orders, a moved
# initcall, a block moved, added and removed initcalls, a changed level,
# and the three report formats.  Every expectation is derived from the
# dump itself, edited the way the test says.

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$TESTS_DIR/fixtures/lib.sh"

tmp=$(scratch)

require_fixtures

set=kernel-llvm
mapfile -t args <"$fx/sets/$set.args"
dump() { # FORMAT
	(cd "$fx/sets/$set" && "$ICO" dump --format="$1" "${args[@]}")
}
dump tsv >"$tmp/a.tsv" && dump json >"$tmp/a.json"
check "dump the fixture kernel in tsv and json" \
	test -s "$tmp/a.tsv" -a -s "$tmp/a.json"
total=$(($(wc -l <"$tmp/a.tsv") - 2))

# diff OLD NEW [OPTIONS]: the report in $tmp/out, the status in $rc.
run_diff() {
	"$ICO" diff "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

has() { grep -qF -- "$1" "$tmp/out"; }

# The level with the most rows, and its rows as "module:function".
big=$(awk -F '\t' 'NR > 2 { n[$1]++ }
	END { for (l in n) if (n[l] > best) { best = n[l]; b = l }; print b }' \
	"$tmp/a.tsv")
mapfile -t names < <(awk -F '\t' -v l="$big" 'NR > 2 && $1 == l {
	print $4 ":" $7 }' "$tmp/a.tsv")
k=${#names[@]}
check "level $big has enough initcalls to move ($k)" test "$k" -ge 5

# rewrite AWK-PROGRAM: a.tsv with the rows of level $big handed to the
# program as r[1..k] (whole lines); it prints the level's new rows.
rewrite() {
	awk -F '\t' -v l="$big" "
		NR <= 2 || \$1 != l { line = \$0; flush(); print line; next }
		{ r[++k] = \$0 }
		function flush() { if (k) { $1; k = 0 } }
		END { flush() }" "$tmp/a.tsv"
}

for pair in "a.tsv a.tsv" "a.tsv a.json" "a.json a.tsv" "a.json a.json"; do
	set -- $pair
	run_diff "$tmp/$1" "$tmp/$2"
	check "$1 against $2: exit 0" test "$rc" -eq 0
	check "$1 against $2: says so with the count" \
		has "initcall orders are the same: $total initcalls"
done

# One move: the first initcall of the level goes last.
rewrite 'for (i = 2; i <= k; i++) print r[i]; print r[1]' >"$tmp/move.tsv"
run_diff "$tmp/a.tsv" "$tmp/move.tsv"
check "one move: exit 1" test "$rc" -eq 1
check "one move: named by its neighbours" has \
	"moved    ${names[0]}: now after ${names[k - 1]}, was first (position 1 -> $k)"
check "one move: counted once" has \
	"initcall orders differ: 1 moved, 0 added, 0 removed, 0 changed level"
check "one move: under its level's header" has \
	"level $big: $k -> $k initcalls"

# A block of three moved to the end: three moves, in block order.
rewrite 'print r[1]; for (i = 5; i <= k; i++) print r[i];
	print r[2]; print r[3]; print r[4]' >"$tmp/block.tsv"
run_diff "$tmp/a.tsv" "$tmp/block.tsv"
check "block: exit 1" test "$rc" -eq 1
check "block: three moves" has "initcall orders differ: 3 moved, 0 added"
check "block: its head follows the old tail" has \
	"moved    ${names[1]}: now after ${names[k - 1]}, was after ${names[0]}"
check "block: the rest follow their head" has \
	"moved    ${names[2]}: now after ${names[1]}, was after ${names[1]}"

# One initcall replaced by another at the same place.
rewrite 'for (i = 1; i <= k; i++) {
		if (i == 3) { OFS = "\t"; $0 = r[i]; $4 = "kmod_new";
			$7 = "new_init"; print; continue }
		print r[i] }' >"$tmp/swap.tsv"
run_diff "$tmp/a.tsv" "$tmp/swap.tsv"
check "replaced: exit 1" test "$rc" -eq 1
check "replaced: the new one is added after the same neighbour" has \
	"added    kmod_new:new_init: now after ${names[1]} (position 3)"
check "replaced: the old one is removed from there" has \
	"removed  ${names[2]}: was after ${names[1]} (position 3)"
check "replaced: nothing moved" has "0 moved, 1 added, 1 removed"

# The last initcall of the level changes level to 7s.
lastfn=${names[k - 1]}
awk -F '\t' -v OFS='\t' -v l="$big" -v m="${lastfn%%:*}" \
	-v f="${lastfn#*:}" 'NR > 2 && $1 == l && $4 == m && $7 == f {
		$1 = "7s" } { print }' "$tmp/a.tsv" >"$tmp/level.tsv"
run_diff "$tmp/a.tsv" "$tmp/level.tsv"
check "level change: exit 1" test "$rc" -eq 1
check "level change: reported as such" has \
	"level    $lastfn: now "
check "level change: and where it left" has \
	"left     $lastfn: now in level 7s; was after ${names[k - 2]}"
check "level change: counted" has "0 removed, 1 changed level"

# Formats of the one-move report.
run_diff --format=json "$tmp/a.tsv" "$tmp/move.tsv"
check "json: exit 1" test "$rc" -eq 1
check "json: format name and version" \
	grep -q '^  "format": "initcall-order-diff",$' "$tmp/out"
check "json: the move with both neighbours" has \
	"\"kind\": \"moved\", \"level\": \"$big\", \"module\": \"${names[0]%%:*}\", \"function\": \"${names[0]#*:}\""
check "json: new neighbour" has "\"now_after\": \"${names[k - 1]}\""
check "json: balanced braces" test \
	"$(tr -cd '{' <"$tmp/out" | wc -c)" -eq "$(tr -cd '}' <"$tmp/out" | wc -c)"

run_diff --format=ktap "$tmp/a.tsv" "$tmp/move.tsv"
check "ktap: exit 1" test "$rc" -eq 1
check "ktap: version line first" test "$(head -n 1 "$tmp/out")" = "KTAP version 1"
levels=$(awk -F '\t' 'NR > 2 { print $1 }' "$tmp/a.tsv" | sort -u | wc -l)
check "ktap: plan of one test per level" grep -qx "1..$levels" "$tmp/out"
check "ktap: as many results as planned" test \
	"$(grep -cE '^(not )?ok [0-9]+ level ' "$tmp/out")" -eq "$levels"
check "ktap: only the changed level fails" test \
	"$(grep -c '^not ok ' "$tmp/out")" -eq 1
check "ktap: and it is level $big" grep -qE "^not ok [0-9]+ level $big\$" \
	"$tmp/out"
check "ktap: the move as a diagnostic" has "# moved    ${names[0]}: "

# -o writes the report, atomically, and keeps the status.
run_diff -o "$tmp/report.txt" "$tmp/a.tsv" "$tmp/move.tsv"
check "-o: exit 1, nothing on stdout" test "$rc" -eq 1 -a ! -s "$tmp/out"
check "-o: the report is in the file" grep -qF "moved    ${names[0]}" \
	"$tmp/report.txt"

# Usage.
run_diff --help
check "--help: exit 0" test "$rc" -eq 0
check "--help: synopsis" has "Usage: initcall-order diff"
check_status "one argument: exit 2" 2 "$ICO" diff "$tmp/a.tsv" 2>/dev/null
check_status "bad format: exit 2" 2 "$ICO" diff --format=tsv \
	"$tmp/a.tsv" "$tmp/a.tsv" 2>/dev/null

done_testing
