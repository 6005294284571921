#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Does the running kernel call its initcalls in the order its image lays
# them out?  Compares the "calling  <fn> @ <pid>" lines that initcall_debug
# leaves in the kernel log with the table "initcall-order dump --format=tsv
# vmlinux" wrote for this image, and prints KTAP.
#
# Usage: initcall_order.sh [-t TABLE] [-l LOG]
#
#   -t TABLE  the image's table (default: $INITCALL_ORDER_TABLE, else
#             initcall_order.tsv next to this script, else
#             /boot/initcall_order-$(uname -r).tsv)
#   -l LOG    a saved kernel log instead of dmesg
#
# Console initcalls are left out: they run before the console is up and
# print a "calling" line only when tracepoints are built in.  Names are
# matched on the symbol before "+0x..", so both the function itself and
# the __initstub__ LTO prints match; without KALLSYMS the kernel prints
# the address, which is matched against the table's target address.
#
# Needs only a POSIX sh and awk: runs under busybox.
# Exit: 0 all passed, 1 a test failed, 4 skipped (kselftest's codes).

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

table=${INITCALL_ORDER_TABLE:-}
log=

usage() {
	echo "Usage: $0 [-t TABLE] [-l LOG]" >&2
	exit 2
}

while getopts "t:l:h" opt; do
	case "$opt" in
	t) table=$OPTARG ;;
	l) log=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage

skip_all() {
	echo "KTAP version 1"
	echo "1..0 # SKIP $*"
	exit $KSFT_SKIP
}

if [ -z "$table" ]; then
	here=$(dirname "$0")
	for t in "$here/initcall_order.tsv" \
		 "/boot/initcall_order-$(uname -r).tsv"; do
		if [ -f "$t" ]; then
			table=$t
			break
		fi
	done
fi
[ -n "$table" ] ||
	skip_all "no table: give -t the output of" \
		"'initcall-order dump --format=tsv vmlinux'"
[ -r "$table" ] || skip_all "cannot read table $table"

if [ -n "$log" ]; then
	[ -r "$log" ] || skip_all "cannot read log $log"
	grep -q 'calling  ' "$log" ||
		skip_all "no initcall_debug lines in $log"
	exec <"$log"
else
	dmesg >/dev/null 2>&1 || skip_all "cannot read the kernel log (dmesg)"
	dmesg | grep -q 'calling  ' ||
		skip_all "no initcall_debug lines in the kernel log: boot with initcall_debug"
fi

compare() {
	awk -v table="$table" '
# Lower-case hex without 0x and leading zeros: "0xFFFF81" -> "ffff81".
function norm_addr(s) {
	s = tolower(s)
	sub(/^0x/, "", s)
	sub(/^0+/, "", s)
	return s
}

function add_key(k, row) {
	if (k == "")
		return
	rows_of[k] = (k in rows_of) ? rows_of[k] " " row : row
}

function cell(name) {
	return (name in col) ? f[col[name]] : ""
}

function read_table(    line, nf, i, lvl, sym, id) {
	header = 0
	while ((getline line < table) > 0) {
		sub(/\r$/, "", line)
		if (line ~ /^#/ || line == "")
			continue
		nf = split(line, f, "\t")
		if (!header) {
			for (i = 1; i <= nf; i++)
				col[f[i]] = i
			header = 1
			if (!("level" in col))
				return "no level column"
			continue
		}
		total++
		lvl = cell("level")
		if (lvl == "con")
			continue
		n++
		level[n] = lvl
		pos[n] = ++in_level[lvl]
		sym = cell("target_symbol")
		sub(/\+.*/, "", sym)
		id = cell("id")
		if (id == "" && cell("function") != "")
			id = cell("module") "__" cell("counter") "_" \
			     cell("line") "_" cell("function")
		add_key(sym, n)
		if (cell("target_address") != "")
			add_key("@" norm_addr(cell("target_address")), n)
		if (id != "")
			add_key("__initstub__" id lvl, n)
		if (cell("function") != "" && cell("function") != sym)
			add_key(cell("function"), n)
		name[n] = sym != "" ? sym : (id != "" ? id : \
			  cell("target_address"))
	}
	close(table)
	if (!header)
		return "empty table"
	return ""
}

# The first row still free among those a printed name can be.
function take_row(k,    list, cnt, i) {
	if (!(k in rows_of))
		return 0
	cnt = split(rows_of[k], list, " ")
	for (i = 1; i <= cnt; i++)
		if (!(list[i] in used)) {
			used[list[i]] = 1
			return list[i] + 0
		}
	return 0
}

# Marks in kept[] the calls of one longest run in table order; every
# other call ran out of place.
function longest_in_order(    i, lo, hi, mid, len, k) {
	len = 0
	for (i = 1; i <= m; i++) {
		lo = 1
		hi = len
		while (lo <= hi) {
			mid = int((lo + hi) / 2)
			if (ran[tail[mid]] < ran[i])
				lo = mid + 1
			else
				hi = mid - 1
		}
		prev[i] = lo > 1 ? tail[lo - 1] : 0
		tail[lo] = i
		if (lo > len)
			len = lo
	}
	for (k = len ? tail[len] : 0; k; k = prev[k])
		kept[k] = 1
	return len
}

BEGIN {
	err = read_table()
}

{
	sub(/\r$/, "")
	sub(/^<[0-9]+>/, "")
	sub(/^\[ *[0-9]+\.[0-9]+\] /, "")
	if (substr($0, 1, 9) != "calling  ")
		next
	# "calling  fn+0x0/0x10 @ 1"; a module prints "fn [mod] @ pid".
	if ($3 != "@")
		next
	calls++
	k = $2
	sub(/\+.*/, "", k)
	if (k ~ /^0x[0-9a-fA-F]+$/)
		k = "@" norm_addr(k)
	r = take_row(k)
	if (!r) {
		unknown[++nunknown] = $2
		next
	}
	ran[++m] = r
}

END {
	print "KTAP version 1"
	print "1..4"
	if (err != "" || n == 0) {
		printf "# %s: %s\n", table, err != "" ? err : "no initcalls"
		print "not ok 1 table"
	} else {
		printf "# %s: %d initcalls, %d outside the con level\n",
			table, total, n
		print "ok 1 table"
	}

	if (calls == 0) {
		print "# no \"calling\" lines in the kernel log"
		print "not ok 2 boot_log"
	} else {
		printf "# kernel log: %d initcalls called\n", calls
		print "ok 2 boot_log"
	}

	missing = 0
	for (i = 1; i <= n; i++)
		if (!(i in used) && ++missing <= 5)
			printf "# not called: %s (level %s)\n", name[i], level[i]
	for (i = 1; i <= nunknown && i <= 5; i++)
		printf "# called but not in the table: %s\n", unknown[i]
	if (missing || nunknown || n == 0) {
		printf "# %d of %d initcalls not called, %d unknown called\n",
			missing, n, nunknown
		print "not ok 3 all_called"
	} else {
		print "ok 3 all_called"
	}

	in_order = longest_in_order()
	for (i = 1; i <= m; i++)
		if (!(i in kept))
			break
	if (m == 0) {
		print "not ok 4 order"
	} else if (i <= m) {
		r = ran[i]
		printf "# first moved initcall: %s (level %s) was call %d, " \
			"position %d of its level in the table\n",
			name[r], level[r], i, pos[r]
		printf "# %d of %d initcalls called out of table order\n",
			m - in_order, m
		print "not ok 4 order"
	} else {
		printf "# %d initcalls called in table order\n", m
		print "ok 4 order"
	}
	failed = (err != "" || n == 0 || calls == 0 || missing ||
		  nunknown || m == 0 || i <= m)
	exit failed ? 1 : 0
}'
}

if [ -n "$log" ]; then
	compare
else
	dmesg | compare
fi
case $? in
0) exit $KSFT_PASS ;;
*) exit $KSFT_FAIL ;;
esac
