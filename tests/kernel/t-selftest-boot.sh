#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# End to end: the x86-thin kernel (6.12 tinyconfig ThinLTO, fragment by
# initcall-order) boots under QEMU (TCG) with initcall_debug from an
# initramfs holding busybox, the kselftest and two tables of the image:
# the one "initcall-order dump --format=tsv vmlinux" writes, which must
# give "ok", and a copy with two initcalls swapped, which must give
# "not ok" naming the first initcall that moved.

. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib.sh"

tmp=$(scratch)
selftest=$TOP_DIR/tests/selftests/initcall_order/initcall_order.sh
BOOT_TIMEOUT=${BOOT_TIMEOUT:-300}

if ! b=$(kernel_build x86-thin); then
	fail "x86-thin builds"
	done_testing
	exit
fi
pass "x86-thin builds ($(kernel_seconds "$b") s)"

"$ICO" dump --format=tsv -o "$tmp/good.tsv" "$b/vmlinux" 2>"$tmp/dump.err"
rc=$?
sed 's/^/# dump: /' "$tmp/dump.err"
check "initcall-order dump --format=tsv vmlinux exits 0" test "$rc" -eq 0

# Rows of the image table outside the con level, as the selftest sees them.
rows() {
	awk -F'\t' '!/^#/ && !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1;
		next } !/^#/ && $c["level"] != "con"' "$1"
}
nrows=$(rows "$tmp/good.tsv" | wc -l)
# Every line of an output section is an initcall: "*(<section>..<id>)", or
# (--place-idless) the rule of an object's id-less section.
entries=$(grep -c '^		' "$b/.tmp_initcalls.lds")
cons=$(grep -c '^		\*(.con_initcall' "$b/.tmp_initcalls.lds")
echo "# table: $nrows initcalls outside con; fragment: $entries, $cons con"
check "the table holds every non-console initcall of the fragment" \
	test "$nrows" -eq $((entries - cons)) -a "$nrows" -gt 100

# The shuffled table: in the level with the most initcalls, its first and
# last rows trade places (at least 3 apart, so both count as moved).
# Prints the name the first of them runs under.
shuffle() {
	awk -F'\t' -v OFS='\t' -v out="$2" '
	/^#/ { print > out; next }
	!h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; print > out; next }
	{ row[++n] = $0; lvl[n] = $c["level"]; sym[n] = $c["target_symbol"]
	  if (lvl[n] != "con") cnt[lvl[n]]++ }
	END {
		for (l in cnt) if (cnt[l] > best) { best = cnt[l]; bl = l }
		for (i = 1; i <= n; i++) if (lvl[i] == bl) {
			if (!first) first = i
			last = i
		}
		if (best < 4) exit 1
		t = row[first]; row[first] = row[last]; row[last] = t
		for (i = 1; i <= n; i++) print row[i] > out
		s = sym[first]; sub(/\+.*/, "", s)
		print s
	}' "$1"
}
moved=$(shuffle "$tmp/good.tsv" "$tmp/shuffled.tsv")
check "a shuffled table is made ($moved moved)" test -n "$moved"
check "the shuffled table differs from the image's" \
	not cmp -s "$tmp/good.tsv" "$tmp/shuffled.tsv"

# The initramfs: busybox, /init, the selftest and both tables.
busybox=$(command -v busybox || echo /bin/busybox)
mk_initramfs() {
	local root=$tmp/root

	mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/sys" \
		"$root/selftest" || return 1
	cp "$busybox" "$root/bin/busybox" &&
	ln -s busybox "$root/bin/sh" &&
	cp "$tmp/shuffled.tsv" "$root/selftest/" || return 1
	# The kselftest way: the Makefile generates the image's table and
	# installs it next to the script, where the script looks by default.
	make -s -C "$TOP_DIR/tests/selftests/initcall_order" OUTPUT="$tmp" \
		VMLINUX="$b/vmlinux" INITCALL_ORDER="$ICO" \
		INSTALL_PATH="$root/selftest" install >"$tmp/install.log" 2>&1 &&
	cmp "$tmp/initcall_order.tsv" "$tmp/good.tsv" &&
	test -x "$root/selftest/initcall_order.sh" || return 1
	cat >"$root/init" <<-'EOF'
	#!/bin/sh
	/bin/busybox --install -s /bin
	export PATH=/bin
	mount -t devtmpfs devtmpfs /dev
	mount -t proc proc /proc
	exec </dev/console >/dev/console 2>&1
	echo "ICO-BEGIN good"
	/selftest/initcall_order.sh
	echo "ICO-END good rc=$?"
	echo "ICO-BEGIN shuffled"
	/selftest/initcall_order.sh -t /selftest/shuffled.tsv
	echo "ICO-END shuffled rc=$?"
	reboot -f
	EOF
	chmod +x "$root/init" &&
	(cd "$root" && find . | sort | cpio -o -H newc -R 0:0 --quiet) |
		gzip -9 >"$tmp/initramfs.gz"
}
check "the initramfs is built (busybox-static, kselftest install, tables)" \
	mk_initramfs

start=$(date +%s)
timeout "$BOOT_TIMEOUT" qemu-system-x86_64 -accel tcg -m 256M \
	-kernel "$b/arch/x86/boot/bzImage" -initrd "$tmp/initramfs.gz" \
	-append "console=ttyS0 initcall_debug panic=-1 nokaslr" \
	-nographic -no-reboot </dev/null >"$tmp/console" 2>&1
rc=$?
tr -d '\r' <"$tmp/console" >"$tmp/console.txt"
echo "# QEMU exited with $rc after $(($(date +%s) - start)) s"
check "the kernel boots and /init reboots before the timeout" \
	test "$rc" -eq 0
grep -q 'ICO-END shuffled' "$tmp/console.txt" ||
	tail -n 20 "$tmp/console.txt" | sed 's/^/# console: /'

# section NAME: the selftest's output for one table.
section() {
	sed -n "/^ICO-BEGIN $1\$/,/^ICO-END $1 /p" "$tmp/console.txt"
}
section good >"$tmp/good.out"
section shuffled >"$tmp/shuffled.out"
sed 's/^/# good: /' "$tmp/good.out"
sed 's/^/# shuffled: /' "$tmp/shuffled.out"

check "selftest prints KTAP" grep -qx 'KTAP version 1' "$tmp/good.out"
check "selftest: ok on the image's own table" \
	grep -qx 'ok 4 order' "$tmp/good.out"
check "selftest: every initcall called, none unknown" \
	grep -qx 'ok 3 all_called' "$tmp/good.out"
check "selftest: no 'not ok' and exit 0 on the image's table" \
	eval '! grep -q "^not ok" "$tmp/good.out" &&
	      grep -qx "ICO-END good rc=0" "$tmp/good.out"'
check "selftest counts one call per initcall of the table" \
	grep -qx "# kernel log: $nrows initcalls called" "$tmp/good.out"
check "selftest: not ok on the shuffled table" \
	grep -qx 'not ok 4 order' "$tmp/shuffled.out"
check "selftest names the first moved initcall ($moved)" \
	grep -q "^# first moved initcall: $moved (level " "$tmp/shuffled.out"
check "selftest: 2 initcalls out of table order, exit 1" \
	eval 'grep -q "^# 2 of $nrows initcalls called out of table order" \
		"$tmp/shuffled.out" &&
	      grep -qx "ICO-END shuffled rc=1" "$tmp/shuffled.out"'

done_testing
