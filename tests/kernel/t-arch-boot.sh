#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The boot proof on arm64 (PREL32 entries) and riscv64 (64-bit pointers):
# tinyconfig 6.12 kernels built with ThinLTO (arm64: the fragment by
# initcall-order through the make override; riscv64: by the kernel's own
# script) and without LTO, booted under QEMU (-M virt, TCG; OpenSBI from
# Debian for riscv64) with initcall_debug and no init, so that each ends
# in the missing-root panic after its last initcall and QEMU exits.  The
# no-LTO twins are built and booted only by make check-kernel-all (CI's
# time; x86_64 keeps its twin in make check-kernel).  On each
# architecture:
#
#   - check --image passes against the link inputs, both builds;
#   - check --boot-log passes, both boots;
#   - the calling lines are exactly the image's entries in table order,
#     console initcalls aside (tinyconfig has no tracepoints);
#   - diff finds the two images, and the two boot logs, the same;
#   - the LTO kernel relinked with every level of the fragment reversed
#     fails check --image and diff, against the image and against the
#     booted log, with as many moves as an independent count finds, the
#     first initcall of the biggest level named.
#
# The kselftest runs inside the arm64 LTO kernel from an initramfs with
# Debian's busybox-static:arm64 (unpacked by .ci/install-deps.sh, since
# it cannot be installed beside the amd64 one).  Debian 12 has no riscv64
# packages, so no busybox for it: there the kselftest script reads the
# console log on the host (-l), beside check --boot-log.

. "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
. "$TESTS_DIR/kernel/lib.sh"
. "$TESTS_DIR/lib/ktap.sh"

: "${BOOT_TIMEOUT:=300}"
: "${BUSYBOX_ARM64:=/usr/local/lib/aarch64-linux-gnu/busybox-static/busybox}"
: "${OPENSBI:=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin}"
SELFTEST_DIR=$TOP_DIR/tests/selftests/initcall_order
tmp=$(scratch)

# run ARG...: the tool; output in $tmp/out, messages in $tmp/err, $rc.
run() {
	"$ICO" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

has() {
	grep -qF -- "$1" "$tmp/out"
}

# boot ARCH BUILD LOG [INITRD]: the kernel under QEMU; sets $boot_rc and
# $boot_secs.  The calling lines are KERN_DEBUG: ignore_loglevel puts
# them on the console.
boot() {
	local arch=$1 b=$2 log=$3 initrd=${4:-} start
	local -a qemu initrd_arg=()

	case $arch in
	arm64)
		qemu=(qemu-system-aarch64 -M virt -cpu cortex-a57)
		con=ttyAMA0
		;;
	riscv)
		qemu=(qemu-system-riscv64 -M virt -bios "$OPENSBI")
		con=ttyS0
		;;
	esac
	[ -n "$initrd" ] && initrd_arg=(-initrd "$initrd")
	start=$(date +%s)
	timeout "$BOOT_TIMEOUT" "${qemu[@]}" -accel tcg -m 256M -smp 1 \
		-nographic -no-reboot -kernel "$b/arch/$arch/boot/Image" \
		"${initrd_arg[@]}" \
		-append "console=$con initcall_debug ignore_loglevel panic=-1" \
		</dev/null >"$log" 2>&1
	boot_rc=$?
	boot_secs=$(($(date +%s) - start))
}

# The symbols the calling lines of LOG name, in order.
logged_calls() {
	tr -d '\r' <"$1" | sed -n 's/^\[ *[0-9.]*\] calling  \([^ +]*\).* @ [0-9]*$/\1/p'
}

# The target symbols of a tsv image dump, console initcalls left out.
dumped_calls() {
	awk -F'\t' 'NR > 2 && $1 != "con" { s = $5; sub(/\+.*/, "", s); print s }' "$1"
}

# "level module:function" of each row of a tsv image dump, in run order.
dumped_names() {
	awk -F'\t' 'NR > 2 { id = $6
		if (!match(id, /__[0-9]+_[0-9]+_/)) { print $1, "?"; next }
		print $1, substr(id, 1, RSTART - 1) ":" \
		      substr(id, RSTART + RLENGTH) }' "$1"
}

# seq_moves A B: how many lines of A a longest common subsequence with B
# leaves out (equal lines told apart by order of appearance): what diff
# must report moved when A and B hold the same lines.
seq_moves() {
	{ awk '{ print $0 "#" ++seen[$0] }' "$1"; echo "--"
	  awk '{ print $0 "#" ++seen[$0] }' "$2"; } | awk '
	$0 == "--" { side = 1; next }
	!side { a[++na] = $0; next }
	{ b[++nb] = $0 }
	END {
		for (i = 1; i <= na; i++)
			for (j = 1; j <= nb; j++)
				if (a[i] == b[j])
					L[i, j] = L[i - 1, j - 1] + 1
				else if (L[i - 1, j] > L[i, j - 1])
					L[i, j] = L[i - 1, j]
				else
					L[i, j] = L[i, j - 1]
		print na - L[na, nb]
	}'
}

# The first and second initcall ("module:function") of the biggest level
# of a fragment, as diff names them.
fragment_first_two() {
	awk '/^\t\.[a-z0-9_]*\.init : \{/ { sec = $1; next }
	     /^\t\t\*\(/ { n[sec]++; if (n[sec] <= 2) e[sec, n[sec]] = $0 }
	     END { for (s in n) if (n[s] > best) { best = n[s]; bs = s }
		   print e[bs, 1]; print e[bs, 2] }' "$1" |
		sed -E 's/.*\.\.(.*)__[0-9]+_[0-9]+_(.*)\) ;$/\1:\2/'
}

# check_image NAME BUILD: check --image against the build's link inputs.
check_image() {
	local name=$1 b=$2
	local -a inputs

	mapfile -t inputs < <(kernel_link_inputs "$b")
	(cd "$b" && "$ICO" check --format=ktap --image vmlinux \
		"${inputs[@]}") >"$tmp/$name.img.ktap" 2>"$tmp/$name.img.err"
	rc=$?
	grep -v 'initcalls without an id' "$tmp/$name.img.err" |
		sed 's/^/# stderr: /'
	check "$name: check --image passes against ${inputs[*]} (exit $rc)" \
		test "$rc" -eq 0 -a "${#inputs[@]}" -ge 2
	check "$name: ... every initcall compared" \
		grep -q "initcall order matches link inputs: $(($(wc -l \
			<"$tmp/$name.tsv") - 2)) initcalls" "$tmp/$name.img.ktap"
}

# check_log NAME BUILD LOG: the boot log against its image.
check_log() {
	local name=$1 b=$2 log=$3 calls cons total

	calls=$(logged_calls "$log" | wc -l)
	total=$(($(wc -l <"$tmp/$name.tsv") - 2))
	cons=$(awk -F'\t' 'NR > 2 && $1 == "con"' "$tmp/$name.tsv" | wc -l)
	echo "# $name: $total initcalls in the image ($cons console), $calls calling lines"
	check "$name: the log has one calling line per non-console initcall" \
		test "$calls" -eq $((total - cons)) -a "$calls" -gt 50
	check "$name: ... naming exactly the image's entries, in table order" \
		cmp -s <(logged_calls "$log") <(dumped_calls "$tmp/$name.tsv")
	(cd "$b" && "$ICO" check --format=ktap --boot-log "$log" \
		--image vmlinux) >"$tmp/$name.log.ktap" 2>"$tmp/$name.log.err"
	rc=$?
	sed 's/^/# stderr: /' "$tmp/$name.log.err"
	check "$name: check --boot-log passes (exit $rc)" test "$rc" -eq 0
	check "$name: ... in well-formed KTAP, no level failing" eval \
		'ktap_valid "$tmp/$name.log.ktap" &&
		 ! grep -q "^not ok" "$tmp/$name.log.ktap"'
}

# The initramfs for the selftest: busybox, /init, the kselftest as its
# Makefile installs it (with the image's table) and a shuffled table.
mk_initramfs() { # BUILD BUSYBOX OUT
	local b=$1 busybox=$2 root=$tmp/root

	rm -rf "$root"
	mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/selftest" \
		"$tmp/ksft" &&
	cp "$busybox" "$root/bin/busybox" &&
	ln -s busybox "$root/bin/sh" &&
	cp "$tmp/shuffled.tsv" "$root/selftest/" || return 1
	make -s -C "$SELFTEST_DIR" OUTPUT="$tmp/ksft" VMLINUX="$b/vmlinux" \
		INITCALL_ORDER="$ICO" INSTALL_PATH="$root/selftest" \
		install >"$tmp/install.log" 2>&1 &&
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
		gzip -9 >"$3"
}

# shuffle TSV OUT: the first and last initcall of the biggest non-console
# level trade places; prints the target symbol of the one now last.
shuffle() {
	awk -F'\t' -v out="$2" '
	NR <= 2 { print > out; next }
	{ row[++n] = $0; lvl[n] = $1; sym[n] = $5
	  if ($1 != "con") cnt[$1]++ }
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

# The selftest's output between ICO-BEGIN NAME and ICO-END NAME.
section() {
	tr -d '\r' <"$2" | sed -n "/^ICO-BEGIN $1\$/,/^ICO-END $1 /p"
}

# check_selftest NAME OUT_GOOD OUT_SHUFFLED RC_GOOD RC_SHUFFLED MOVED N
check_selftest() {
	local name=$1 good=$2 shuf=$3 rc_good=$4 rc_shuf=$5 moved=$6 n=$7

	sed "s/^/# $name good: /" "$good"
	grep -E '^(not )?ok|^# first|out of table' "$shuf" |
		sed "s/^/# $name shuffled: /"
	check "$name: selftest KTAP is well formed" eval \
		'grep -v "^ICO-" "$good" | ktap_valid /dev/stdin'
	check "$name: selftest passes on the image's table (exit $rc_good)" \
		eval 'grep -qx "ok 4 order" "$good" &&
		      grep -qx "ok 3 all_called" "$good" &&
		      ! grep -q "^not ok" "$good" && test "$rc_good" = 0'
	check "$name: ... counting $n initcalls called" \
		grep -qx "# kernel log: $n initcalls called" "$good"
	check "$name: selftest fails on the shuffled table (exit $rc_shuf)" \
		eval 'grep -qx "not ok 4 order" "$shuf" && test "$rc_shuf" = 1'
	check "$name: ... naming the first moved initcall ($moved)" \
		grep -q "^# first moved initcall: $moved (level " "$shuf"
	check "$name: ... 2 of $n initcalls out of table order" \
		grep -q "^# 2 of $n initcalls called out of table order" "$shuf"
}

# check_reversed ARCH THIN REV THIN_LOG
check_reversed() {
	local arch=$1 thin=$2 rev=$3 log=$4 want n first second cons
	local -a inputs

	check "$arch: the relink used the reversed fragment" \
		not cmp -s "$thin/.tmp_initcalls.lds" "$rev/.tmp_initcalls.lds"
	want=$(fragment_moves "$thin/.tmp_initcalls.lds" \
		"$rev/.tmp_initcalls.lds")
	check "$arch: the reversal moves many initcalls ($want)" \
		test "$want" -gt 50
	{ read -r first; read -r second; } < <(fragment_first_two \
		"$thin/.tmp_initcalls.lds")

	mapfile -t inputs < <(kernel_link_inputs "$thin")
	(cd "$rev" && "$ICO" check --format=ktap --image vmlinux \
		"${inputs[@]}") >"$tmp/out" 2>"$tmp/err"
	rc=$?
	n=$(grep -c '^# moved ' "$tmp/out")
	check "$arch: check --image fails on the reversed link (exit $rc)" \
		test "$rc" -eq 1
	check "$arch: ... $n moved initcalls named, as reversing makes $want" \
		test "$n" -eq "$want"
	check "$arch: ... $first among them" \
		grep -q "^# moved  *$first: " "$tmp/out"
	check "$arch: ... in well-formed KTAP" ktap_valid "$tmp/out"

	run diff "$thin/vmlinux" "$rev/vmlinux"
	check "$arch: diff LTO against reversed LTO: exit 1 ($rc)" \
		test "$rc" -eq 1
	check "$arch: ... $want moves, nothing else" has \
		"initcall orders differ: $want moved, 0 added, 0 removed, 0 changed level"
	check "$arch: ... $first named by its neighbour" \
		has "moved    $first: now after $second, was first"

	# Against the booted log: the run order of the log (console
	# initcalls aside) against the reversed image's.
	dumped_names "$tmp/$arch-thin.tsv" | grep -v '^con ' >"$tmp/ran"
	"$ICO" dump --format=tsv "$rev/vmlinux" >"$tmp/$arch-rev.tsv"
	dumped_names "$tmp/$arch-rev.tsv" | grep -v '^con ' >"$tmp/revnames"
	cons=$(awk -F'\t' 'NR > 2 && $1 == "con"' "$tmp/$arch-rev.tsv" | wc -l)
	if logged_calls "$log" | grep -q '^__initstub__'; then
		# The stubs name level, module and function: diff leaves the
		# console level out, which such a log cannot show.
		want=$(seq_moves "$tmp/ran" "$tmp/revnames")
		added=0
	else
		# Function names only: no levels, no modules to go by, so the
		# image's console initcalls are initcalls the log lacks.
		want=$(seq_moves <(cut -d: -f2 "$tmp/ran") \
			<(cut -d: -f2 "$tmp/revnames"))
		added=$cons
	fi
	run diff "$log" "$rev/vmlinux"
	check "$arch: diff of the booted log against the reversed image: exit 1 ($rc)" \
		test "$rc" -eq 1
	check "$arch: ... $want moves, and $added console initcalls the log cannot show" \
		has "initcall orders differ: $want moved, $added added, 0 removed, 0 changed level"
	if [ "$added" -eq 0 ]; then
		check "$arch: ... the console level left out, as the log cannot show it" \
			has "note: level con left out: "
	fi
	check "$arch: ... $first named" grep -q "^  moved  *$first: " "$tmp/out"
	(cd "$rev" && "$ICO" check --boot-log "$log" --image vmlinux) \
		>"$tmp/out" 2>"$tmp/err"
	rc=$?
	check "$arch: check --boot-log of the booted log fails against the reversed image (exit $rc)" \
		test "$rc" -eq 1
	check "$arch: ... with moves named" grep -q '^  moved ' "$tmp/out"
}

# prove_twin ARCH THIN NOLTO: the no-LTO twin runs the same initcalls in
# the same order as the LTO kernel, from its image and from its boot.
prove_twin() {
	local arch=$1 thin=$2 nolto=$3

	pass "$arch: build tinyconfig without LTO too ($(kernel_seconds "$nolto") s)"
	check "$arch: the other is not an LTO build" \
		grep -qx CONFIG_LTO_NONE=y "$nolto/.config"
	check "$arch: both built from one configuration otherwise" \
		cmp -s <(grep -vE '^(# )?CONFIG_LTO(_[A-Z_]*)?[= ]' "$thin/.config") \
		<(grep -vE '^(# )?CONFIG_LTO(_[A-Z_]*)?[= ]' "$nolto/.config")
	run dump --format=tsv "$nolto/vmlinux"
	cp "$tmp/out" "$tmp/$arch-nolto.tsv"
	check "$arch-nolto: dump reads vmlinux (exit $rc)" test "$rc" -eq 0
	check_image "$arch-nolto" "$nolto"

	run diff "$nolto/vmlinux" "$thin/vmlinux"
	check "$arch: diff without LTO against ThinLTO: the same $(($(wc -l \
		<"$tmp/$arch-thin.tsv") - 2)) initcalls (exit $rc)" eval \
		'test "$rc" -eq 0 &&
		 has "initcall orders are the same: $(($(wc -l <"$tmp/$arch-thin.tsv") - 2)) initcalls"'

	boot_and_check "$arch" nolto "$nolto"
	run diff "$tmp/$arch-nolto.log" "$tmp/$arch-thin.log"
	check "$arch: the two kernels ran the same initcalls in the same order (exit $rc)" \
		test "$rc" -eq 0
	grep -h '' "$tmp/out" | sed "s/^/# $arch logs: /"
}

# boot_and_check ARCH NAME BUILD: boots it into $tmp/ARCH-NAME.log.
boot_and_check() {
	local arch=$1 name=$2 b=$3

	boot "$arch" "$b" "$tmp/$arch-$name.log"
	echo "# $arch-$name: QEMU exited with $boot_rc after $boot_secs s"
	check "$arch-$name: boots to the no-root panic, QEMU exits by itself" \
		eval 'test "$boot_rc" -eq 0 &&
		      grep -q "Kernel panic" "$tmp/$arch-$name.log"'
	check_log "$arch-$name" "$b" "$tmp/$arch-$name.log"
}

prove() {
	local arch=$1 thin nolto rev

	if ! thin=$(kernel_build "$arch-thin"); then
		fail "$arch: build tinyconfig with ThinLTO"
		return
	fi
	pass "$arch: build tinyconfig with ThinLTO ($(kernel_seconds "$thin") s)"
	check "$arch: the LTO build is an LTO build" \
		grep -qx CONFIG_LTO_CLANG_THIN=y "$thin/.config"
	echo "# $arch: fragment: $(grep -c '^		\*(' "$thin/.tmp_initcalls.lds") initcalls, $(grep -c '^		\*(\.con_initcall' "$thin/.tmp_initcalls.lds") console"

	run dump --format=tsv "$thin/vmlinux"
	cp "$tmp/out" "$tmp/$arch-thin.tsv"
	check "$arch-thin: dump reads vmlinux (exit $rc)" test "$rc" -eq 0
	check_image "$arch-thin" "$thin"
	check "$arch-thin: the image holds every initcall of the fragment" \
		test "$(($(wc -l <"$tmp/$arch-thin.tsv") - 2))" -eq \
		"$(grep -c '^		\*(' "$thin/.tmp_initcalls.lds")"
	case $arch in
	arm64)
		check "arm64-thin: PREL32 entries point at the __initstub__ stubs" \
			test -z "$(dumped_calls "$tmp/$arch-thin.tsv" |
				   grep -v '^__initstub__')"
		;;
	riscv)
		check "riscv-thin: pointer entries point at the functions" \
			test -z "$(dumped_calls "$tmp/$arch-thin.tsv" |
				   grep '^__initstub__')"
		;;
	esac
	boot_and_check "$arch" thin "$thin"

	if kernel_all; then
		if nolto=$(kernel_build "$arch-nolto"); then
			prove_twin "$arch" "$thin" "$nolto"
		else
			fail "$arch: build tinyconfig without LTO"
		fi
	else
		echo "# $arch: the no-LTO twin is built and booted by make check-kernel-all"
	fi

	if ! rev=$(kernel_variant_relink "$arch-thin" reversed \
		   "$KERNEL_LDS_REVERSED"); then
		fail "$arch: relink the LTO kernel with a reversed fragment"
		return
	fi
	pass "$arch: relink the LTO kernel with a reversed fragment ($(kernel_seconds "$rev") s)"
	check_reversed "$arch" "$thin" "$rev" "$tmp/$arch-thin.log"
}

selftest_arm64() {
	local b=$KERNEL_CACHE/build-arm64-thin moved n good shuf

	[ -f "$b/.ico-built" ] || return
	moved=$(shuffle "$tmp/arm64-thin.tsv" "$tmp/shuffled.tsv")
	n=$(dumped_calls "$tmp/arm64-thin.tsv" | wc -l)
	if [ ! -x "$BUSYBOX_ARM64" ]; then
		fail "arm64: $BUSYBOX_ARM64 is missing (.ci/install-deps.sh unpacks busybox-static:arm64 there)"
		return
	fi
	check "arm64: $BUSYBOX_ARM64 is a static aarch64 busybox" eval \
		'readelf -h "$BUSYBOX_ARM64" | grep -q "AArch64" &&
		 ! readelf -l "$BUSYBOX_ARM64" | grep -q INTERP'
	check "arm64: the initramfs is built (busybox, kselftest install, tables)" \
		mk_initramfs "$b" "$BUSYBOX_ARM64" "$tmp/initramfs.gz"
	boot arm64 "$b" "$tmp/arm64-selftest.log" "$tmp/initramfs.gz"
	echo "# arm64-thin with the selftest: QEMU exited with $boot_rc after $boot_secs s"
	check "arm64: the kernel runs /init, which reboots" test "$boot_rc" -eq 0
	section good "$tmp/arm64-selftest.log" >"$tmp/good.out"
	section shuffled "$tmp/arm64-selftest.log" >"$tmp/shuffled.out"
	good=$(sed -n 's/^ICO-END good rc=//p' "$tmp/good.out")
	shuf=$(sed -n 's/^ICO-END shuffled rc=//p' "$tmp/shuffled.out")
	[ -n "$shuf" ] || tail -n 20 "$tmp/arm64-selftest.log" | sed 's/^/# console: /'
	check_selftest arm64 "$tmp/good.out" "$tmp/shuffled.out" "$good" \
		"$shuf" "$moved" "$n"
}

selftest_riscv_host() {
	local moved n out rc_good rc_shuf

	[ -s "$tmp/riscv-thin.log" ] || return
	echo "# riscv: Debian 12 has no riscv64 packages, so no busybox to run the kselftest inside the kernel; it reads the console log on the host"
	moved=$(shuffle "$tmp/riscv-thin.tsv" "$tmp/shuffled.tsv")
	n=$(dumped_calls "$tmp/riscv-thin.tsv" | wc -l)
	out=$SELFTEST_DIR/initcall_order.sh
	sh "$out" -t "$tmp/riscv-thin.tsv" -l "$tmp/riscv-thin.log" \
		>"$tmp/good.out" 2>&1
	rc_good=$?
	sh "$out" -t "$tmp/shuffled.tsv" -l "$tmp/riscv-thin.log" \
		>"$tmp/shuffled.out" 2>&1
	rc_shuf=$?
	check_selftest riscv "$tmp/good.out" "$tmp/shuffled.out" "$rc_good" \
		"$rc_shuf" "$moved" "$n"
}

for arch in arm64 riscv; do
	prove "$arch"
done
selftest_arm64
selftest_riscv_host

done_testing
