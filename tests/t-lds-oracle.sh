#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Differential test: on every fixture set, the kernel's own
# scripts/generate_initcall_order.pl (from Debian's linux-source-6.12, run
# with NM=llvm-nm) and `initcall-order lds` give the same bytes.  Then the
# -o output file: same bytes, written atomically, left alone (mtime
# included) when its content would not change.

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$TESTS_DIR/fixtures/lib.sh"

tmp=$(scratch)

require_fixtures
if ! script=$(kernel_script); then
	fail "extract generate_initcall_order.pl from linux-source-6.12"
	done_testing
	exit
fi

# The number of initcalls the sources of a set declare.
declared_initcalls() {
	local set=$1 src mod n=0

	while read -r _ src _; do
		mod=$(awk -v s="$src" '$1 == s { print $2 }' \
			"$fx/sources.list")
		n=$((n + $(fixture_entries "$src" "$mod" | wc -l)))
	done <"$fx/sets/$set.members"
	echo "$n"
}

perl_lds() { # SET OUT
	local args
	mapfile -t args <"$fx/sets/$1.args"
	NM=llvm-nm objtree=$fx/sets/$1 perl "$script" "${args[@]}" \
		>"$2" 2>"$2.err"
}

ico_lds() { # SET OUT [OPTION...]
	local set=$1 out=$2 args
	shift 2
	mapfile -t args <"$fx/sets/$set.args"
	objtree=$fx/sets/$set "$ICO" lds "$@" "${args[@]}" >"$out" 2>"$out.err"
}

while read -r set; do
	if ! perl_lds "$set" "$tmp/$set.want"; then
		fail "$set: the kernel's script failed: $(head -3 "$tmp/$set.want.err")"
		continue
	fi
	# The oracle itself: every declared initcall is in its output.
	n=$(grep -c '^		\*(' "$tmp/$set.want")
	want=$(declared_initcalls "$set")
	if [ "$n" -eq "$want" ]; then
		pass "$set: the kernel's script lists all $want initcalls"
	else
		fail "$set: the kernel's script lists $n initcalls, the sources declare $want"
	fi

	ico_lds "$set" "$tmp/$set.got"
	rc=$?
	if [ "$rc" -eq 0 ] && cmp -s "$tmp/$set.want" "$tmp/$set.got"; then
		pass "$set: lds gives the kernel script's bytes"
	else
		fail "$set: lds (exit $rc) differs from the kernel's script"
		diff "$tmp/$set.want" "$tmp/$set.got" | head -20 | sed 's/^/# /'
		sed 's/^/# stderr: /' "$tmp/$set.got.err" | head -5
	fi
	if [ -s "$tmp/$set.got.err" ]; then
		fail "$set: lds is silent on clean input"
		sed 's/^/# stderr: /' "$tmp/$set.got.err" | head -5
	else
		pass "$set: lds is silent on clean input"
	fi
done <"$fx/sets.list"

# The kernel runs the script from the objtree with objtree unset or ".".
set=kernel-llvm
mapfile -t args <"$fx/sets/$set.args"
(cd "$fx/sets/$set" && env -u objtree "$ICO" lds "${args[@]}") \
	>"$tmp/cwd.got" 2>/dev/null
check "objtree unset: inputs relative to the working directory" \
	cmp -s "$tmp/$set.want" "$tmp/cwd.got"
(cd "$fx/sets" && objtree=$set "$ICO" lds "${args[@]}") \
	>"$tmp/rel.got" 2>/dev/null
check "relative objtree" cmp -s "$tmp/$set.want" "$tmp/rel.got"

# More threads than units and one thread: the same bytes.
for j in 1 3 64; do
	ico_lds "$set" "$tmp/j$j.got" -j "$j"
	check "-j $j: same bytes" cmp -s "$tmp/$set.want" "$tmp/j$j.got"
done

# -o FILE: the same bytes, nothing on stdout.
out=$tmp/out/initcalls.lds
mkdir -p "$tmp/out"
ico_lds "$set" "$tmp/o.stdout" -o "$out"
rc=$?
check "-o: exit 0 (got $rc)" test "$rc" -eq 0
check "-o: the file holds the script's bytes" cmp -s "$tmp/$set.want" "$out"
check "-o: nothing on stdout" test ! -s "$tmp/o.stdout"
check "-o: no temporary file left" \
	test "$(ls -A "$tmp/out")" = initcalls.lds

# Same content again: the file is not rewritten.
touch -d '2001-02-03 04:05:06' "$out"
before=$(stat -c '%Y %i' "$out")
ico_lds "$set" "$tmp/o2.stdout" -o "$out"
rc=$?
after=$(stat -c '%Y %i' "$out")
check "-o unchanged: exit 0 (got $rc)" test "$rc" -eq 0
check "-o unchanged: mtime and inode kept ($before -> $after)" \
	test "$before" = "$after"
check "-o unchanged: content intact" cmp -s "$tmp/$set.want" "$out"

# Different content: replaced by rename (a new inode), no leftovers.
printf 'SECTIONS {\n}\n' >"$out"
touch -d '2001-02-03 04:05:06' "$out"
before=$(stat -c '%Y %i' "$out")
ico_lds "$set" "$tmp/o3.stdout" -o "$out"
after=$(stat -c '%Y %i' "$out")
check "-o changed: content replaced" cmp -s "$tmp/$set.want" "$out"
check "-o changed: a new file renamed over the old ($before -> $after)" \
	test "${before#* }" != "${after#* }" -a "${before% *}" != "${after% *}"
check "-o changed: no temporary file left" \
	test "$(ls -A "$tmp/out")" = initcalls.lds

# "-o -" is stdout.
ico_lds "$set" "$tmp/dash.got" -o -
check "-o -: stdout" cmp -s "$tmp/$set.want" "$tmp/dash.got"

# Ids of any length: two with a 5,000-character module that differ only
# at their end (no false duplicate), written whole, as the script does.
long=$(printf 'm%.0s' $(seq 5000))
cat >"$tmp/long.c" <<EOF
int f(void) { return 0; }
__asm__(".section \".initcall6.init..${long}__1_1_f\", \"a\"\n"
	"__initcall__${long}__1_1_f6:\n.long f - .\n"
	".section \".initcall6.init..${long}x__2_1_f\", \"a\"\n"
	"__initcall__${long}x__2_1_f6:\n.long f - .\n.previous\n");
EOF
clang -O2 -c -o "$tmp/long.o" "$tmp/long.c"
# The script opens "$objtree/INPUT": relative names, from the folder.
(cd "$tmp" && NM=llvm-nm perl "$script" long.o) >"$tmp/long.want" 2>/dev/null
(cd "$tmp" && "$ICO" lds long.o) >"$tmp/long.got" 2>"$tmp/long.err"
check "ids of 5,000 characters: exit 0, nothing to warn about (exit $?)" \
	test $? -eq 0 -a ! -s "$tmp/long.err"
check "... the script's bytes" \
	test -s "$tmp/long.want" -a "$(cat "$tmp/long.want")" = "$(cat "$tmp/long.got")"
check "... each line whole" test "$(grep -c "${long}__1_1_f) ;$" \
	"$tmp/long.got")" -eq 1 -a "$(grep -c "${long}x__2_1_f) ;$" \
	"$tmp/long.got")" -eq 1

done_testing
