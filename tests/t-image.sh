#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# dump and check on small linked images: the fixture sources compiled for
# x86_64, i386, riscv64, aarch64 and big-endian powerpc, in both entry
# shapes, linked by GNU ld and ld.lld the way the kernel links (ld -r with
# the fragment, then a final link with an INIT_CALLS-like script).  The
# fragment comes from the kernel's own Perl script, so that what dump
# reads out of the image is checked against an independent order.

source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$TESTS_DIR/fixtures/lib.sh"
source "$TESTS_DIR/lib/ktap.sh"

# KEEP_DIR=FOLDER keeps the images and reports there for a look.
dir=${KEEP_DIR:-$(scratch)}
perl_script=$(kernel_script) || {
	fail "the kernel's generate_initcall_order.pl"
	done_testing
	exit
}

# Link order, with the module names Kbuild would give.
SOURCES="init/main.c kmod_main
kernel/core.c kmod_core
kernel/sub/core.c kmod_core
kernel/greedy.c kmod_greedy
drivers/tty/vt.c kmod_vt
lib/lib2.c kmod_lib2"

# Every entry the sources define, as "LEVEL ID", from the sources alone.
expected_entries() {
	local src mod
	while read -r src mod; do
		fixture_entries "$src" "$mod"
	done <<<"$SOURCES" | while read -r sym; do
		read -r m c l f lv <<<"$(split_entry "$sym")"
		echo "$lv ${m}__${c}_${l}_$f"
	done | LC_ALL=C sort
}
expected_entries >"$dir/entries"
nr_entries=$(wc -l <"$dir/entries")

# The linker script: INIT_CALLS and CON_INITCALL as vmlinux.lds.h lays
# them out, at a kernel-like address.
image_lds() {
	local base=$1 level
	cat <<EOF
ENTRY(start_kernel)
SECTIONS {
	. = $base;
	.text : { *(.text .text.*) }
	.init.data : {
		__initcall_start = .;
		KEEP(*(.initcallearly.init))
EOF
	for level in 0 1 2 3 4 5 rootfs 6 7; do
		printf '\t\t__initcall%s_start = .;\n' "$level"
		printf '\t\tKEEP(*(.initcall%s.init))\n' "$level"
		printf '\t\tKEEP(*(.initcall%ss.init))\n' "$level"
	done
	cat <<EOF
		__initcall_end = .;
		__con_initcall_start = .;
		KEEP(*(.con_initcall.init))
		__con_initcall_end = .;
	}
	.data : { *(.data .data.* .sdata .sdata.*) }
	.bss : { *(.bss .bss.* .sbss .sbss.*) }
}
EOF
}

# The fragment's "LEVEL ID" lines in its order.
fragment_order() {
	awk '
	/^\t\.con_initcall\.init : \{/ { level = "con"; next }
	/^\t\.initcall.*\.init : \{/ {
		level = $1
		sub(/^\.initcall/, "", level)
		sub(/\.init$/, "", level)
		next
	}
	/\*\(/ {
		id = $0
		sub(/.*\.init\.\./, "", id)
		sub(/\).*/, "", id)
		print level, id
	}' "$1"
}

# Same order per level, levels apart: a stable sort on the level only.
by_level() {
	LC_ALL=C sort -s -k1,1
}

# Swaps the first two entries of level 6 in a fragment.
swap_level6() {
	awk '
	/^\t\.initcall6\.init : \{/ { in6 = 1; print; next }
	in6 && /\*\(/ && !held { held = $0; next }
	in6 && /\*\(/ && held && !done { print; print held; done = 1; next }
	{ print }' "$1"
}

# Prints the first two ids of level 6 in a fragment.
level6_first_two() {
	fragment_order "$1" | awk '$1 == "6" { print $2; if (++n == 2) exit }'
}

# "module:function" of an id, as check names initcalls.
id_name() {
	local m c l f lv
	read -r m c l f lv <<<"$(split_entry "__initcall__${1}6")"
	echo "$m:$f"
}

# Entry addresses of one level group in a dump must step by the width.
entry_steps_ok() { # TSV WIDTH
	local prev='' addr level group='' width=$2
	while IFS=$'\t' read -r level _ addr _; do
		case $level in
		level | \#*) continue ;;
		con) level=con ;;
		*) level=table ;;
		esac
		if [ "$level" = "$group" ] &&
		   [ $((addr - prev)) -ne "$width" ]; then
			echo "entry $addr follows $prev: not $width bytes on" >&2
			return 1
		fi
		group=$level
		prev=$addr
	done <"$1"
}

# build NAME CC CFLAGS SHAPE LD LDFLAGS BASE WIDTH
# (CC, CFLAGS and LDFLAGS are word lists.)
# shellcheck disable=SC2086
build() {
	local name=$1 cc=$2 cflags=$3 shape=$4 ld=$5 ldflags=$6 base=$7
	local d=$dir/$name src mod objs=() o
	mkdir -p "$d/obj"
	while read -r src mod; do
		o=$d/obj/${src%.c}.o
		mkdir -p "$(dirname "$o")"
		$cc $cflags -O2 -DKI_SHAPE_$shape "-DMODNAME=$mod" \
			-I"$TESTS_DIR/fixtures" -fno-ident -c -o "$o" \
			"$TESTS_DIR/fixtures/src/$src" || return 1
		objs+=("obj/${src%.c}.o")
	done <<<"$SOURCES"
	image_lds "$base" >"$d/image.lds"
	(
		cd "$d" || exit 1
		NM=llvm-nm perl "$perl_script" "${objs[@]}" >frag.lds &&
		swap_level6 frag.lds >swapped.lds &&
		$ld $ldflags -r -T frag.lds -o good.o "${objs[@]}" &&
		$ld $ldflags -T image.lds -o vmlinux good.o &&
		$ld $ldflags -r -o nofrag.o "${objs[@]}" &&
		$ld $ldflags -T image.lds -o vmlinux-nofrag nofrag.o &&
		$ld $ldflags -r -T swapped.lds -o swapped.o "${objs[@]}" &&
		$ld $ldflags -T image.lds -o vmlinux-swapped swapped.o &&
		printf '%s\n' "${objs[@]}" >inputs
	)
}

# test_config NAME SHAPE WIDTH: the assertions on one built image.
test_config() {
	local name=$1 shape=$2 width=$3 d=$dir/$1 n a b moved rc
	local -a inputs

	mapfile -t inputs <"$d/inputs"
	cd "$d" || return

	check "$name: dump reads the image" \
		"$ICO" dump --format=tsv vmlinux -o dump.tsv
	check "$name: dump is an initcall-order-image version 1" \
		test "$(head -n 1 dump.tsv)" = "# initcall-order-image 2"
	n=$(tail -n +3 dump.tsv | wc -l)
	check "$name: one row per entry ($n of $nr_entries)" \
		test "$n" -eq "$nr_entries"
	tail -n +3 dump.tsv | cut -f1,6 | tr '\t' ' ' | LC_ALL=C sort \
		>dump-entries
	check "$name: the rows are the sources' entries at their levels" \
		cmp -s dump-entries "$dir/entries"
	tail -n +3 dump.tsv | cut -f1,6 | tr '\t' ' ' | by_level >dump-order
	fragment_order frag.lds | by_level >frag-order
	check "$name: the order in each level is the Perl fragment's" \
		cmp -s dump-order frag-order
	check "$name: entries are $width bytes apart" \
		entry_steps_ok dump.tsv "$width"
	if [ "$shape" = PREL32 ]; then
		check "$name: PREL32 entries point at the __initstub__ stubs" \
			test -z "$(tail -n +3 dump.tsv | cut -f5 |
				   grep -v '^__initstub__')"
	else
		check "$name: pointers point at the functions themselves" \
			test -z "$(tail -n +3 dump.tsv | awk -F'\t' '{
				n = length($6) - length($5)
				if (substr($6, n) != "_" $5) print }')"
	fi

	"$ICO" check --image vmlinux "${inputs[@]}" >good.out 2>&1
	rc=$?
	check "$name: check --image passes on the good link (exit $rc)" \
		test "$rc" -eq 0
	check "$name: ... and says the order matches" \
		grep -q "vmlinux: initcall order matches link inputs: $nr_entries initcalls" good.out

	"$ICO" check --image vmlinux-nofrag "${inputs[@]}" >nofrag.out \
		2>nofrag.err
	rc=$?
	check "$name: check --image fails without the fragment (exit $rc)" \
		test "$rc" -eq 1
	n=$(grep -c '^  missing ' nofrag.out)
	check "$name: ... every entry is missing ($n)" \
		test "$n" -eq "$nr_entries"
	check "$name: ... and says why" \
		grep -q "initcall sections outside the initcall table" \
		nofrag.err

	read -r a b <<<"$(level6_first_two frag.lds | tr '\n' ' ')"
	"$ICO" check --format=ktap --image vmlinux-swapped \
		"${inputs[@]}" >swapped.ktap 2>swapped.err
	rc=$?
	check "$name: check --image fails on a swapped fragment (exit $rc)" \
		test "$rc" -eq 1
	moved=$(grep '^# moved ' swapped.ktap)
	check "$name: ... naming one of the swapped pair as moved" \
		test "$(echo "$moved" | wc -l)" -eq 1 -a \
		\( -n "$(echo "$moved" | grep -F "$(id_name "$a"):")" -o \
		   -n "$(echo "$moved" | grep -F "$(id_name "$b"):")" \)
	check "$name: ... with positions 1 and 2" \
		grep -Eq '^# moved .*expected at position [12], actual position [12] ' \
		swapped.ktap
	check "$name: the KTAP report is well formed" ktap_valid swapped.ktap
	check "$name: ... level 6 fails, level 7 passes" \
		test "$(ktap_result swapped.ktap 'level 6')" = "not ok" -a \
		"$(ktap_result swapped.ktap 'level 7')" = ok
	check "$name: ... and only level 6 fails" \
		test "$(grep -c '^not ok ' swapped.ktap)" -eq 1
	cd "$dir" || return
}

# Runs a command with its output thrown away.
quiet() {
	"$@" >/dev/null 2>&1
}

# A console log of a boot that ran the dump's entries in order, as
# initcall_debug prints it: PRINTK_TIME stamps, "\r\n" line ends, %pS
# symbols, "returned" lines, and lines that are no initcalls of vmlinux
# (a PCI quirk, a module).  With "raw", functions are raw addresses and
# lines end in "\n" alone, as without KALLSYMS and PRINTK_TIME.
fake_log() { # TSV [raw]
	tail -n +3 "$1" | awk -F'\t' -v raw="${2:-}" '
	BEGIN {
		eol = raw ? "" : "\r"
		ts = raw ? "" : "[    0.000000] "
		print ts "Linux version 6.12.0 (fixture)" eol
		print ts "Command line: console=ttyS0 initcall_debug" eol
	}
	{
		fn = raw ? $4 : $5 "+0x0/0x10"
		if (!raw)
			ts = sprintf("[    0.%06d] ", NR * 10)
		print ts "calling  " fn " @ 1" eol
		print ts "initcall " fn " returned 0 after 3 usecs" eol
		if (NR == 3)
			print ts "pci 0000:00:00.0: calling  quirk_mmio+0x0/0x20 @ 1" eol
	}
	END {
		print ts "calling  modfoo_init+0x0/0x40 [modfoo] @ 97" eol
		print ts "Kernel panic - not syncing: No working init found." eol
	}'
}

# Swaps the first two "calling" lines of level 6 of the dump in a log.
swap_log_lines() { # LOG TSV
	local a b
	read -r a b <<<"$(awk -F'\t' '$1 == "6" { print $5 }' "$2" |
			  head -n 2 | tr '\n' ' ')"
	awk -v a="calling  $a+" -v b="calling  $b+" '
	index($0, a) { held = $0; next }
	index($0, b) && held != "" { print; print held; held = ""; next }
	{ print }' "$1"
}

# test_bootlog NAME: check --boot-log on logs made from NAME's dump.
test_bootlog() {
	local name=$1 d=$dir/$1 rc a
	cd "$d" || return

	fake_log dump.tsv >boot.log
	"$ICO" check --format=ktap --boot-log boot.log --image vmlinux \
		>boot.ktap 2>boot.err
	rc=$?
	check "$name: check --boot-log passes on a log in image order (exit $rc)" \
		test "$rc" -eq 0
	check "$name: ... the KTAP report is well formed" ktap_valid boot.ktap
	check "$name: ... console initcalls are checked" \
		test "$(ktap_result boot.ktap 'level con')" = ok -a \
		-z "$(grep 'level con # SKIP' boot.ktap)"
	check "$name: ... the module's line is left out, with a note" \
		grep -q "1 initcall of loadable modules left out" boot.err

	fake_log dump.tsv raw >raw.log
	"$ICO" check --boot-log raw.log --image vmlinux >raw.out 2>&1
	rc=$?
	check "$name: raw addresses (no KALLSYMS) match too (exit $rc)" \
		test "$rc" -eq 0

	sed 's/^\[ *[0-9.]*\] /&[    T1] /' boot.log | sed 's/^/<6>/' \
		>caller.log
	check_status "$name: syslog levels and caller fields are skipped" 0 \
		quiet "$ICO" check --boot-log caller.log --image vmlinux

	awk -F'\t' 'NR == FNR { if ($1 == "con") con["calling  " $5 "+"] = 1; next }
		{ for (c in con) if (index($0, c)) next; print }' \
		dump.tsv boot.log >nocon.log
	"$ICO" check --format=ktap --boot-log nocon.log --image vmlinux \
		>nocon.ktap 2>&1
	rc=$?
	check "$name: a log without console initcalls passes (exit $rc)" \
		test "$rc" -eq 0
	check "$name: ... and skips their level" \
		grep -q '^ok [0-9]* level con # SKIP ' nocon.ktap

	swap_log_lines boot.log dump.tsv >swapped.log
	"$ICO" check --format=ktap --boot-log swapped.log --image vmlinux \
		>swapped-log.ktap 2>swapped-log.err
	rc=$?
	check "$name: two calling lines swapped fail (exit $rc)" \
		test "$rc" -eq 1
	check "$name: ... level 6 fails with one moved initcall" \
		test "$(ktap_result swapped-log.ktap 'level 6')" = "not ok" -a \
		"$(grep -c '^# moved ' swapped-log.ktap)" -eq 1
	check "$name: ... the KTAP report is well formed" \
		ktap_valid swapped-log.ktap

	a=$(awk -F'\t' '$1 == "2" { print $5; exit }' dump.tsv)
	grep -v "calling  $a+" boot.log >dropped.log
	"$ICO" check --boot-log dropped.log --image vmlinux >dropped.out 2>&1
	rc=$?
	check "$name: a line that is not there fails (exit $rc)" \
		test "$rc" -eq 1
	check "$name: ... named missing in its level" \
		grep -q "^  missing  .*$(awk -F'\t' '$1 == "2" {
			id = $6; sub(/__[0-9]+_[0-9]+_.*/, "", id); print id; exit
			}' dump.tsv):" dropped.out

	awk '/calling  .* @ 1/ { n++ } { print }
	     n == 30 && !done { print "[    9.000000] calling  mystery_init+0x0/0x10 @ 1\r"; done = 1 }' \
		boot.log >extra.log
	"$ICO" check --boot-log extra.log --image vmlinux >extra.out 2>&1
	rc=$?
	check "$name: a line the image does not know fails (exit $rc)" \
		test "$rc" -eq 1
	check "$name: ... named extra" \
		grep -q '^  extra    mystery_init: at position' extra.out

	printf 'calling  broken line without pid\n' >>boot.log
	"$ICO" check --boot-log boot.log --image vmlinux >broken.out 2>&1
	rc=$?
	check "$name: a malformed calling line is warned about (exit $rc)" \
		test "$rc" -eq 0 -a -n "$(grep -F 'boot.log: warning: line' broken.out)"

	printf 'Linux version 6.12.0\nno initcall_debug here\n' >empty.log
	check_status "$name: a log without calling lines is bad input" 2 \
		quiet "$ICO" check --boot-log empty.log --image vmlinux
	cd "$dir" || return
}

# name cc cflags shape ld ldflags base width
CONFIGS="
x86_64-clang-lld-prel32|clang|-mcmodel=kernel -fno-pic|PREL32|ld.lld||0xffffffff81000000|4
x86_64-gcc-bfd-prel32|gcc|-mcmodel=kernel -fno-pic|PREL32|ld.bfd||0xffffffff81000000|4
x86_64-clang-bfd-abs64|clang|-mcmodel=kernel -fno-pic|PLAIN|ld.bfd||0xffffffff81000000|8
x86_64-gcc-lld-abs64|gcc|-mcmodel=kernel -fno-pic|PLAIN|ld.lld||0xffffffff81000000|8
x86_64-thinlto-lld-prel32|clang|-flto=thin -mcmodel=kernel -fno-pic|PREL32|ld.lld||0xffffffff81000000|4
i386-gcc-bfd-prel32|gcc|-m32 -fno-pic|PREL32|ld.bfd|-m elf_i386|0xc1000000|4
i386-clang-lld-abs32|clang|--target=i386-linux-gnu -fno-pic|PLAIN|ld.lld|-m elf_i386|0xc1000000|4
i386-gcc-bfd-abs32|gcc|-m32 -fno-pic|PLAIN|ld.bfd|-m elf_i386|0xc1000000|4
riscv64-clang-lld-abs64|clang|--target=riscv64-linux-gnu -mcmodel=medany -mno-relax|PLAIN|ld.lld||0xffffffff80000000|8
aarch64-clang-lld-prel32|clang|--target=aarch64-linux-gnu|PREL32|ld.lld||0xffff800008000000|4
powerpc-be-clang-lld-abs32|clang|--target=powerpc-linux-gnu -fno-pic|PLAIN|ld.lld||0xc0000000|4
"

while IFS='|' read -r name cc cflags shape ld ldflags base width; do
	[ -n "$name" ] || continue
	if ! build "$name" "$cc" "$cflags" "$shape" "$ld" "$ldflags" \
		"$base" >"$dir/$name.log" 2>&1; then
		sed 's/^/# /' "$dir/$name.log"
		fail "$name: compile and link the fixture image"
		continue
	fi
	pass "$name: compile and link the fixture image"
	test_config "$name" "$shape" "$width"
	case $name in
	x86_64-clang-lld-prel32 | i386-gcc-bfd-abs32 | powerpc-be-*)
		test_bootlog "$name" ;;
	esac
done <<<"$CONFIGS"

# Usage and bad input: exit 2 and a message naming the file.
d=$dir/x86_64-clang-lld-prel32
if [ -f "$d/vmlinux" ]; then
	cd "$d" || exit 1
	mapfile -t inputs <inputs
	check_status "check --help exits 0" 0 quiet "$ICO" check --help
	check_status "check without --image is a usage error" 2 \
		quiet "$ICO" check "${inputs[@]}"
	check_status "check --image without inputs is a usage error" 2 \
		quiet "$ICO" check --image vmlinux
	check_status "check --boot-log with inputs is a usage error" 2 \
		quiet "$ICO" check --boot-log boot.log --image vmlinux \
		"${inputs[@]}"
	check_status "check --format=tsv is refused" 2 \
		quiet "$ICO" check --format=tsv --image vmlinux "${inputs[@]}"
	"$ICO" check --image "${inputs[0]}" "${inputs[@]}" >/dev/null \
		2>rel.err
	rc=$?
	check "an object file is no image (exit $rc)" test "$rc" -eq 2
	check "... and the message says so, naming it" \
		grep -q "^initcall-order: ${inputs[0]}: error: not a linked image" \
		rel.err
	check_status "a missing image is bad input" 2 \
		quiet "$ICO" check --image nonexistent "${inputs[@]}"
	check_status "dump of a missing file is bad input" 2 \
		quiet "$ICO" dump nonexistent
	head -c 3000 vmlinux >cut-vmlinux
	check_status "a truncated image is bad input" 2 \
		quiet "$ICO" check --image cut-vmlinux "${inputs[@]}"
	llvm-strip -o stripped vmlinux
	"$ICO" dump stripped >/dev/null 2>stripped.err
	rc=$?
	check "a stripped image is bad input (exit $rc)" test "$rc" -eq 2
	check "... with a message saying it is stripped" \
		grep -q 'no symbol table' stripped.err
	"$ICO" check --format=ktap -o report.ktap --image vmlinux-swapped \
		"${inputs[@]}" >stdout.txt 2>/dev/null
	rc=$?
	check "check -o writes the report to the file (exit $rc)" \
		test "$rc" -eq 1 -a ! -s stdout.txt
	check "... the same report as on standard output" \
		cmp -s report.ktap swapped.ktap
	"$ICO" check --format=json --image vmlinux-swapped "${inputs[@]}" \
		>report.json 2>/dev/null
	rc=$?
	check "check --format=json gives the diff report (exit $rc)" \
		test "$rc" -eq 1 -a -n "$(grep '"format": "initcall-order-diff"' report.json)" \
		-a -n "$(grep '"kind": "moved"' report.json)"
	cd "$dir" || exit 1
else
	fail "usage tests: no x86_64 fixture image"
fi

done_testing
