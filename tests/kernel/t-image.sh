#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# dump and check on real kernels (Linux 6.12 tinyconfig): x86_64 ThinLTO
# (PREL32 entries) and riscv64 ThinLTO (absolute entries), each as built,
# relinked without the fragment and relinked with every level of the
# fragment reversed; the non-LTO x86_64 and the 6.1 x86_64 builds as
# built (6.1 by make check-kernel-all only).  Then the x86_64 ThinLTO
# kernel boots under QEMU (TCG) with initcall_debug and check --boot-log
# compares its console with the image.

. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../lib/ktap.sh"

tmp=$(scratch)
BOOT_TIMEOUT=${BOOT_TIMEOUT:-300}

not() {
	! "$@"
}

quiet() {
	"$@" >/dev/null 2>&1
}

# link_inputs BUILD: the archives vmlinux.o is linked from, in link order
# (what the fragment generator is given too), as the build recorded the
# command: "savedcmd_vmlinux.o := ..." in 6.12, "cmd_vmlinux.o := ..." in
# 6.1.
link_inputs() {
	sed -n -E 's/^(saved)?cmd_vmlinux\.o := //p' "$1/.vmlinux.o.cmd" |
		tr ' ' '\n' |
		grep -E '(^|/)(vmlinux|lib)\.a$'
}

# Fragment entries per output section, as "LEVEL COUNT" lines.
fragment_levels() {
	awk '
	/^\t\.con_initcall\.init : \{/ { level = "con"; next }
	/^\t\.initcall.*\.init : \{/ {
		level = $1
		sub(/^\.initcall/, "", level)
		sub(/\.init$/, "", level)
		next
	}
	/^\t\t/ { n[level]++ }
	END { for (l in n) print l, n[l] }' "$1" | LC_ALL=C sort
}

# The entries without an id a build should have: the stand-in for a Rust
# built-in module in the x86 6.12 trees (tests/kernel/idless/).
idless_expected() {
	case $1 in
	x86-thin|x86-nolto) echo "__ico_idless_init " ;;
	esac
}

# check_built NAME BUILD: check --image against the build's own inputs;
# prints nothing, sets $entries to the number of initcalls.
check_built() {
	local name=$1 b=$2 rc
	local -a inputs

	mapfile -t inputs < <(link_inputs "$b")
	check "$name: the build recorded its link inputs (${inputs[*]})" \
		test "${#inputs[@]}" -ge 2
	(cd "$b" && "$ICO" dump --format=tsv vmlinux) >"$tmp/$name.tsv" \
		2>"$tmp/$name.dump.err"
	rc=$?
	check "$name: dump reads vmlinux (exit $rc)" test "$rc" -eq 0
	entries=$(tail -n +3 "$tmp/$name.tsv" | wc -l)
	check "$name: ... $entries initcalls, each with an id but the stand-in" \
		test "$entries" -gt 60 -a \
		"$(tail -n +3 "$tmp/$name.tsv" | awk -F '\t' '$6 == "-" { print $5 }' |
		   tr '\n' ' ')" = "$(idless_expected "$name")"
	(cd "$b" && "$ICO" check --format=ktap --image vmlinux "${inputs[@]}") \
		>"$tmp/$name.ktap" 2>"$tmp/$name.err"
	rc=$?
	grep -v 'initcalls without an id' "$tmp/$name.err" |
		sed 's/^/# stderr: /'
	check "$name: check --image passes against the link inputs (exit $rc)" \
		test "$rc" -eq 0
	check "$name: ... in well-formed KTAP" ktap_valid "$tmp/$name.ktap"
	check "$name: ... every level ok, none skipped" \
		test -z "$(grep -e '^not ok' -e '# SKIP' "$tmp/$name.ktap")" -a \
		"$(grep -c '^ok ' "$tmp/$name.ktap")" -gt 5
	check "$name: ... all $entries initcalls compared" \
		grep -q "initcall order matches link inputs: $entries initcalls" \
		"$tmp/$name.ktap"
}

# check_relinks VARIANT BUILD: the build relinked without the fragment
# (everything missing) and with it reversed (moves, as many as expected).
check_relinks() {
	local variant=$1 b=$2 none rev rc n want
	local -a inputs

	mapfile -t inputs < <(link_inputs "$b")
	if none=$(kernel_variant_relink "$variant" none "$KERNEL_LDS_NONE"); then
		pass "$variant: relinked without the fragment ($(kernel_seconds "$none") s)"
	else
		fail "$variant: relinked without the fragment"
		none=/nonexistent
	fi
	(cd "$none" && "$ICO" check --image vmlinux "${inputs[@]}") \
		>"$tmp/$variant-none.out" 2>"$tmp/$variant-none.err"
	rc=$?
	check "$variant: check --image fails without the fragment (exit $rc)" \
		test "$rc" -eq 1
	# Without a fragment the id-less sections still match INIT_CALLS.
	n=$(grep -c '^  missing ' "$tmp/$variant-none.out")
	want=$(grep -c '^		\*(' "$b/.tmp_initcalls.lds")
	check "$variant: ... every initcall of the fragment missing ($n of $want)" \
		test "$n" -eq "$want"
	check "$variant: ... and the leftover sections are pointed at" \
		grep -q 'initcall sections outside the initcall table' \
		"$tmp/$variant-none.err"

	if rev=$(kernel_variant_relink "$variant" reversed \
		 "$KERNEL_LDS_REVERSED"); then
		pass "$variant: relinked with the fragment reversed ($(kernel_seconds "$rev") s)"
	else
		fail "$variant: relinked with the fragment reversed"
		rev=/nonexistent
	fi
	(cd "$rev" && "$ICO" check --format=ktap --image vmlinux \
		"${inputs[@]}") >"$tmp/$variant-rev.ktap" 2>"$tmp/$variant-rev.err"
	rc=$?
	check "$variant: check --image fails on the reversed link (exit $rc)" \
		test "$rc" -eq 1
	check "$variant: ... in well-formed KTAP" ktap_valid "$tmp/$variant-rev.ktap"
	# Reversing n entries leaves one in place: n - 1 moves per level.
	want=$(fragment_levels "$b/.tmp_initcalls.lds" |
	       awk '{ s += $2 - 1 } END { print s }')
	n=$(grep -c '^# moved ' "$tmp/$variant-rev.ktap")
	check "$variant: ... $n moved initcalls named, as reversing makes $want" \
		test "$n" -eq "$want" -a "$n" -gt 10
	check "$variant: ... nothing missing or extra" \
		test -z "$(grep -e '^# missing' -e '^# extra' "$tmp/$variant-rev.ktap")"
	fragment_levels "$b/.tmp_initcalls.lds" |
		awk '$2 >= 2 { print "not ok", $1 } $2 < 2 { print "ok", $1 }' \
		>"$tmp/$variant-rev.want"
	grep -E '^(not )?ok [0-9]+ level ' "$tmp/$variant-rev.ktap" |
		sed -E 's/ [0-9]+ level / /' | LC_ALL=C sort -k2 \
		>"$tmp/$variant-rev.got"
	check "$variant: ... exactly the levels of two or more initcalls fail" \
		cmp -s <(LC_ALL=C sort -k2 "$tmp/$variant-rev.want") \
		"$tmp/$variant-rev.got"
}

for variant in x86-thin riscv-thin; do
	if ! b=$(kernel_build "$variant"); then
		fail "$variant builds"
		continue
	fi
	pass "$variant builds ($(kernel_seconds "$b") s)"
	check_built "$variant" "$b"
	case $variant in
	x86-thin) x86_entries=$entries x86=$b ;;
	esac
	check_relinks "$variant" "$b"
done

check "x86-thin: PREL32 entries with an id point at the __initstub__ stubs" \
	test -z "$(tail -n +3 "$tmp/x86-thin.tsv" | awk -F'\t' '$6 != "-"' |
		   cut -f5 | grep -v '^__initstub__')"
check "x86-thin: ... and the id-less stand-in's at its function" \
	test "$(tail -n +3 "$tmp/x86-thin.tsv" | awk -F'\t' '$6 == "-"' |
		cut -f5)" = __ico_idless_init
check "riscv-thin: absolute entries point at the functions" \
	test -z "$(tail -n +3 "$tmp/riscv-thin.tsv" | cut -f5 |
		   grep '^__initstub__')" -a -s "$tmp/riscv-thin.tsv"

image_variants=x86-nolto
if kernel_all; then
	image_variants="$image_variants x86-thin-6.1"
else
	echo "# x86-thin-6.1: read by make check-kernel-all"
fi
for variant in $image_variants; do
	if b=$(kernel_build "$variant"); then
		pass "$variant builds ($(kernel_seconds "$b") s)"
		check_built "$variant" "$b"
	else
		fail "$variant builds"
	fi
done

# The boot: no initramfs, so the kernel panics for lack of an init after
# the last initcall, and panic=-1 with -no-reboot ends QEMU.  The calling
# lines are KERN_DEBUG: ignore_loglevel lets them through to the console.
if [ -z "${x86:-}" ]; then
	fail "x86-thin boots: no kernel"
	done_testing
	exit
fi
# (kernel_boot: one boot per kernel, shared with the other tests.)
if log=$(kernel_boot "$x86"); then
	cp "$log" "$tmp/console.log"
	pass "x86-thin boots under QEMU and stops before the timeout"
else
	fail "x86-thin boots under QEMU and stops before the timeout"
	: >"$tmp/console.log"
fi
calls=$(grep -c 'calling  ' "$tmp/console.log")
cons=$(awk -F'\t' '$1 == "con"' "$tmp/x86-thin.tsv" | wc -l)
check "the console shows $calls calling lines, one per non-console initcall" \
	test "$calls" -eq $((x86_entries - cons))
check "... with PRINTK_TIME stamps and \\r\\n line ends" \
	grep -q $'^\\[ *[0-9]*\\.[0-9]*\\] calling  .*\r$' "$tmp/console.log"

(cd "$x86" && "$ICO" check --format=ktap --boot-log "$tmp/console.log" \
	--image vmlinux) >"$tmp/boot.ktap" 2>"$tmp/boot.err"
rc=$?
sed 's/^/# stderr: /' "$tmp/boot.err"
check "check --boot-log passes on the real boot (exit $rc)" test "$rc" -eq 0
check "... in well-formed KTAP" ktap_valid "$tmp/boot.ktap"
check "... console initcalls skipped: tinyconfig has no tracepoints" \
	grep -q '^ok [0-9]* level con # SKIP ' "$tmp/boot.ktap"
grep -E '^(not )?ok ' "$tmp/boot.ktap" | sed 's/^/# /'

# Two calling lines of the biggest level swapped.
level=$(awk -F'\t' 'NR > 2 && $1 != "con" { n[$1]++ }
	END { for (l in n) if (n[l] > best) { best = n[l]; bl = l }
	      print bl }' "$tmp/x86-thin.tsv")
read -r a b <<<"$(awk -F'\t' -v l="$level" '$1 == l { print $5 }' \
	"$tmp/x86-thin.tsv" | sed -n '3p;4p' | tr '\n' ' ')"
awk -v a="calling  $a+" -v b="calling  $b+" '
	index($0, a) { held = $0; next }
	index($0, b) && held != "" { print; print held; held = ""; next }
	{ print }' "$tmp/console.log" >"$tmp/swapped.log"
check "a log with two calling lines of level $level swapped is made" \
	not cmp -s "$tmp/console.log" "$tmp/swapped.log"
(cd "$x86" && "$ICO" check --format=ktap --boot-log "$tmp/swapped.log" \
	--image vmlinux) >"$tmp/swapped.ktap" 2>/dev/null
rc=$?
check "check --boot-log fails on it (exit $rc)" test "$rc" -eq 1
check "... level $level fails, the rest pass" \
	test "$(ktap_result "$tmp/swapped.ktap" "level $level")" = "not ok" \
	-a "$(grep -c '^not ok ' "$tmp/swapped.ktap")" -eq 1
# "module:function" of the initcall whose target is $1, as check names it.
check_name() {
	awk -F'\t' -v s="$1" '$5 == s { print $6; exit }' "$tmp/x86-thin.tsv" |
		sed -E 's/^(.*)__[0-9]+_[0-9]+_(.*)$/\1:\2/'
}
na=$(check_name "$a")
nb=$(check_name "$b")
check "... naming one of the two ($na, $nb) as moved" \
	grep -Eq "^# moved +($na|$nb): " "$tmp/swapped.ktap"
check "... in well-formed KTAP" ktap_valid "$tmp/swapped.ktap"

# Without KALLSYMS the log holds raw addresses: the image's own targets.
awk -F'\t' 'NR == FNR { if (FNR > 2) addr["calling  " $5 "+"] = $4; next }
	{ for (k in addr) if (index($0, k)) {
		sub(/calling  [^ ]*/, "calling  " addr[k]); break }
	  print }' "$tmp/x86-thin.tsv" "$tmp/console.log" >"$tmp/raw.log"
check "a log with raw addresses is made" \
	test "$(grep -c 'calling  0xffffffff' "$tmp/raw.log")" -eq "$calls" -a \
	"$calls" -gt 100
check_status "check --boot-log passes on raw addresses" 0 \
	quiet "$ICO" check --boot-log "$tmp/raw.log" --image "$x86/vmlinux"

# The boot does not match another image: the reversed relink.
rev=$(kernel_variant_relink x86-thin reversed "$KERNEL_LDS_REVERSED")
check_status "check --boot-log fails against the reversed image" 1 \
	quiet "$ICO" check --boot-log "$tmp/console.log" --image "$rev/vmlinux"

done_testing
