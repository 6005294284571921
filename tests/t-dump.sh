#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# initcall-order dump on every fixture set, in its three formats.  The
# expected table is derived from the fixture sources themselves: each
# initcall macro's line, its position in the file (the counter), the
# module name the set was compiled with, the flavour's nm letter, the
# set's link order, and the kernel's splitting and ordering rules.

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$TESTS_DIR/fixtures/lib.sh"

tmp=$(scratch)

require_fixtures

# Kernel run order of the levels (init/main.c: console_init() in
# start_kernel, then early, then the numbered levels with rootfs after 5s).
RUN_ORDER="con early 0 0s 1 1s 2 2s 3 3s 4 4s 5 5s rootfs 6 6s 7 7s"
COLUMNS="level position input module counter line function type"

declare -A entries
while read -r src mod; do
	entries[$src]=$(fixture_entries "$src" "$mod" | while read -r sym; do
		split_entry "$sym"
	done)
done <"$fx/sources.list"

# The expected rows of a set, tab-separated, in dump's order.
expected_rows() {
	local set=$1 flavour src unit type level

	while read -r flavour src unit; do
		type=$(flavour_type "$flavour")
		# Within one object: by counter, as a number.
		[ -n "${entries[$src]}" ] || continue
		sort -s -n -k2,2 <<<"${entries[$src]}" |
		while read -r mod counter line fn level; do
			printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$level" "$unit" \
				"$mod" "$counter" "$line" "$fn" "$type"
		done
	done <"$fx/sets/$set.members" >"$tmp/link-order"
	# Group by level in run order, keeping link order inside a level.
	for level in $RUN_ORDER; do
		awk -F '\t' -v l="$level" -v OFS='\t' '
			$1 == l { n++; $1 = $1 OFS n; print }' "$tmp/link-order"
	done
}

dump() { # SET FORMAT
	local args
	mapfile -t args <"$fx/sets/$1.args"
	(cd "$fx/sets/$1" && "$ICO" dump --format="$2" "${args[@]}")
}

# Text alignment: the header gives where each column starts; strings
# start there, numbers (position, counter, line) end two blanks before the
# next column.
cat >"$tmp/aligned.awk" <<'EOF'
NR == 1 {
	n = 0
	for (i = 1; i <= length($0); i++)
		if (substr($0, i, 1) != " " &&
		    (i == 1 || substr($0, i - 1, 1) == " "))
			start[++n] = i
	if (n != 8) {
		bad = 1
		exit
	}
	next
}
{
	for (c = 1; c <= 8; c++) {
		if (c == 2 || c == 5 || c == 6) {
			e = start[c + 1] - 3
			if (substr($0, e, 1) == " " ||
			    substr($0, e + 1, 2) != "  ")
				bad = 1
		} else {
			s = start[c]
			if (substr($0, s, 1) == " " ||
			    (c > 1 && substr($0, s - 1, 1) != " "))
				bad = 1
		}
	}
}
END { exit bad || NR < 2 }
EOF

# jq -e FILTER FILE, but false on an empty file (jq 1.6 says true).
jq_true() {
	[ -s "$2" ] && jq -e "$1" "$2" >/dev/null
}

have_jq=false
command -v jq >/dev/null && have_jq=true

while read -r set; do
	expected_rows "$set" >"$tmp/want.rows"

	dump "$set" tsv >"$tmp/tsv" 2>"$tmp/tsv.err"
	rc=$?
	check "$set: dump --format=tsv exits 0 (got $rc)" test "$rc" -eq 0
	check "$set: tsv starts with the format line" \
		test "$(sed -n 1p "$tmp/tsv")" = "# initcall-order-dump 3"
	check "$set: tsv column names" test "$(sed -n 2p "$tmp/tsv")" = \
		"$(tr ' ' '\t' <<<"$COLUMNS")"
	tail -n +3 "$tmp/tsv" >"$tmp/tsv.rows"
	if cmp -s "$tmp/want.rows" "$tmp/tsv.rows"; then
		pass "$set: tsv rows as the sources declare ($(wc -l <"$tmp/want.rows") initcalls)"
	else
		fail "$set: tsv rows differ from the sources' declarations"
		diff "$tmp/want.rows" "$tmp/tsv.rows" | head -10 | sed 's/^/# /'
	fi
	check "$set: tsv fields never empty, 8 per line" awk -F '\t' '
		NR > 2 && NF != 8 { exit 1 }
		NR > 2 { for (i = 1; i <= NF; i++) if ($i == "") exit 1 }
		END { exit NR < 3 }
	' "$tmp/tsv"

	# text: same cells, aligned; names hold no blanks so fields split.
	dump "$set" text >"$tmp/text" 2>/dev/null
	awk 'NR == 1 { print; next } { $1 = $1; print }' OFS='\t' \
		"$tmp/text" >"$tmp/text.cells"
	{
		tr ' ' '\t' <<<"$COLUMNS"
		cat "$tmp/want.rows"
	} >"$tmp/want.cells"
	sed -i '1s/  */\t/g' "$tmp/text.cells"
	check "$set: text has the same cells" cmp -s "$tmp/want.cells" \
		"$tmp/text.cells"
	check "$set: text columns aligned" awk -f "$tmp/aligned.awk" "$tmp/text"

	dump "$set" json >"$tmp/json" 2>/dev/null
	if $have_jq; then
		check "$set: json is valid" jq_true . "$tmp/json"
		check "$set: json names its format and version" jq_true \
			'.format == "initcall-order-dump" and .version == 3' \
			"$tmp/json"
		check "$set: json numbers are numbers" jq_true '[.initcalls[] |
			(.position | type) == "number" and
			(.counter | type) == "number" and
			(.line | type) == "number"] | all' "$tmp/json"
		jq -r '.initcalls[] | [.level, .position, .input, .module,
			.counter, .line, .function, .type] | @tsv' \
			"$tmp/json" >"$tmp/json.rows"
		check "$set: json rows as the sources declare" \
			cmp -s "$tmp/want.rows" "$tmp/json.rows"
	else
		fail "$set: jq is needed to check the json output"
	fi
done <"$fx/sets.list"

# Options: unknown format, no input.
"$ICO" dump --format=xml "$fx/sets/objs-thin/init/main.o" \
	>"$tmp/x" 2>"$tmp/x.err"
rc=$?
check "unknown format: exit 2 (got $rc)" test "$rc" -eq 2
check "unknown format: named in the message" grep -q xml "$tmp/x.err"
check "unknown format: nothing on stdout" test ! -s "$tmp/x"
"$ICO" dump >/dev/null 2>&1
rc=$?
check "no input: exit 2 (got $rc)" test "$rc" -eq 2
"$ICO" dump --help >"$tmp/help" 2>&1
rc=$?
check "--help: exit 0 (got $rc)" test "$rc" -eq 0
check "--help mentions every format" grep -q 'text|tsv|json' "$tmp/help"

# -o: the same bytes as stdout.
dump objs-gcc json >"$tmp/stdout.json" 2>/dev/null
(cd "$fx/sets/objs-gcc" && mapfile -t a <../objs-gcc.args &&
	"$ICO" dump --format=json -o "$tmp/file.json" "${a[@]}")
check "-o writes what stdout gets" cmp -s "$tmp/stdout.json" "$tmp/file.json"

done_testing
