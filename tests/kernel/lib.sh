# SPDX-License-Identifier: GPL-2.0-only
#
# Real kernels for the tests under tests/kernel/: Debian's linux-source
# tarballs unpacked once, and a few configurations built once, all under
# $KERNEL_CACHE.  Source this after tests/lib/common.sh.
#
#   kernel_src 6.12|6.1          unpacked tree, prints its path
#   kernel_src_patched 6.12|6.1  a hard-linked copy, a git tree with the
#                                kbuild/ series applied by git am
#   kernel_build VARIANT         builds VARIANT once, prints the build folder
#   kernel_variant_relink VARIANT NAME MAKE_ARG...
#                                a copy of VARIANT's build relinked with
#                                MAKE_ARGs added to "make vmlinux"
#                                (KERNEL_LDS_SCRIPT, KERNEL_LDS_REVERSED,
#                                KERNEL_LDS_NONE below)
#   kernel_check_hooks VARIANT BUILD TMP
#                                the kbuild/ series' golden and verify
#                                hooks on a copy of BUILD
#
# Variants (see kernel_recipe): x86-thin, x86-nolto, x86-thin-6.1,
# riscv-thin, riscv-nolto, arm64-thin, arm64-nolto.
# Every cached result carries a stamp file holding the recipe it was made
# from; a call whose recipe matches returns at once, any other re-runs the
# (incremental) build.  flock keeps two tests from building the same thing
# at the same time.  Build logs and timings go to
# $KERNEL_CACHE/build-VARIANT.log and .seconds; progress goes to stderr.

KERNEL_JOBS=${KERNEL_JOBS:-2}

# kernel_all: true under "make check-kernel-all" (KERNEL_ALL=1), which
# adds what CI leaves out to stay within its time: the no-LTO twins of
# arm64 and riscv64, Linux 6.1, and the kbuild/ series built patch by
# patch (README, "The kernel tests").
kernel_all() {
	[ "${KERNEL_ALL:-0}" = 1 ]
}

# The configuration every x86 variant shares: tinyconfig plus what it takes
# to print on a serial console and to run /init from an initramfs.
KERNEL_X86_OPTS="-e 64BIT -e PRINTK -e PRINTK_TIME -e TTY -e SERIAL_8250
	-e SERIAL_8250_CONSOLE -e KALLSYMS -e BLK_DEV_INITRD -e RD_GZIP
	-e BINFMT_ELF -e BINFMT_SCRIPT -e PROC_FS -e SYSFS -e DEVTMPFS"
KERNEL_LTO_THIN="-d LTO_NONE -e LTO_CLANG_THIN"
KERNEL_NO_LTO="-e LTO_NONE -d LTO_CLANG_THIN"

# arm64 under qemu-system-aarch64 -M virt: the PL011 console, and what it
# takes to run /init from an initramfs (Debian has busybox-static:arm64).
KERNEL_ARM64_OPTS="-e PRINTK -e PRINTK_TIME -e TTY -e SERIAL_AMBA_PL011
	-e SERIAL_AMBA_PL011_CONSOLE -e KALLSYMS -e BLK_DEV_INITRD -e RD_GZIP
	-e BINFMT_ELF -e BINFMT_SCRIPT -e PROC_FS -e SYSFS -e DEVTMPFS"

# riscv64 under qemu-system-riscv64 -M virt and OpenSBI: the ns16550a
# UART found through the device tree.  No initramfs support: Debian 12
# has no riscv64 packages, so no busybox to run there.
KERNEL_RISCV_OPTS="-e 64BIT -e CMODEL_MEDANY -d CMODEL_MEDLOW -e PRINTK
	-e PRINTK_TIME -e TTY -e SERIAL_8250 -e SERIAL_8250_CONSOLE
	-e SERIAL_OF_PLATFORM -e KALLSYMS"

# Kernel builds run the tool through this stable path, a symbolic link to
# $ICO renewed by every kernel_build and kernel_variant_relink: where the
# tool was built does not change the build's commands, so checkouts and
# build folders (build, build-san, OUT=...) share one kernel cache.
KERNEL_ICO=$KERNEL_CACHE/bin/initcall-order

_kernel_link_tool() {
	local tmp

	mkdir -p "${KERNEL_ICO%/*}" || return 1
	if [ ! -x "$ICO" ]; then
		_klog "$ICO is missing: build it first (make)"
		return 1
	fi
	tmp=$KERNEL_ICO.$$
	ln -sfn "$(readlink -f "$ICO")" "$tmp" && mv -fT "$tmp" "$KERNEL_ICO"
}

# Fragment commands for kernel_variant_relink, shared so that every test
# asking for the same relink finds it in the cache:
#   KERNEL_LDS_SCRIPT    the kernel's own script (Perl and llvm-nm), run as
#                        Kbuild runs it but without scripts/jobserver-exec,
#                        which only passes it a job count and would make
#                        the tests need Python
#   KERNEL_LDS_REVERSED  our fragment (--place-idless: id-less sections
#                        too) with every level's entries reversed
#   KERNEL_LDS_NONE      no fragment at all: vmlinux.o linked without -T
KERNEL_LDS_SCRIPT='cmd_gen_initcalls_lds=$(PERL) $(real-prereqs) > $@'
KERNEL_LDS_REVERSED="cmd_gen_initcalls_lds=$KERNEL_ICO lds --place-idless"
KERNEL_LDS_REVERSED+=' $(filter-out %.pl,$(real-prereqs)) | awk'
KERNEL_LDS_REVERSED+=" '/^\\t\\t/ { l[++n] = \$\$0; next }"
KERNEL_LDS_REVERSED+=" { while (n) print l[n--]; print }' > \$@"
KERNEL_LDS_NONE='initcalls-lds='
#   KERNEL_NO_TOOL       (the kbuild/ series) INITCALL_ORDER naming no tool:
#                        Kbuild falls back to its own Perl script, run
#                        through python3 scripts/jobserver-exec
KERNEL_NO_TOOL='INITCALL_ORDER=/nonexistent/initcall-order'

_klog() {
	echo "# $*" >&2
}

# not COMMAND...: succeeds when COMMAND fails (for check).
not() {
	! "$@"
}

# _kernel_locked NAME CMD...: runs CMD holding $KERNEL_CACHE/.lock-NAME.
_kernel_locked() {
	local name=$1
	shift
	mkdir -p "$KERNEL_CACHE" || return 1
	(
		flock 9 || exit 1
		"$@"
	) 9>"$KERNEL_CACHE/.lock-$name"
}

# _kernel_fresh FILE RECIPE: true when the stamp FILE holds RECIPE.
_kernel_fresh() {
	[ -f "$1" ] && [ "$(cat "$1")" = "$2" ]
}

_kernel_unpack() {
	local v=$1 dir tmp tarball

	dir=$KERNEL_CACHE/linux-$v
	tarball=/usr/src/linux-source-$v.tar.xz

	[ -f "$dir/.ico-unpacked" ] && return 0
	if [ ! -f "$tarball" ]; then
		_klog "$tarball is missing (apt-get install linux-source-$v)"
		return 1
	fi
	_klog "unpacking $tarball"
	tmp=$(mktemp -d "$KERNEL_CACHE/.unpack-$v.XXXXXX") || return 1
	if ! tar xJf "$tarball" -C "$tmp"; then
		rm -rf "$tmp"
		return 1
	fi
	touch "$tmp/linux-source-$v/.ico-unpacked"
	rm -rf "$dir"
	mv "$tmp/linux-source-$v" "$dir" && rmdir "$tmp"
}

# kernel_src VERSION: the unpacked linux-source-VERSION tree.
kernel_src() {
	local dir=$KERNEL_CACHE/linux-$1

	if [ ! -f "$dir/.ico-unpacked" ]; then
		_kernel_locked "src-$1" _kernel_unpack "$1" || return 1
	fi
	echo "$dir"
}

# The series under kbuild/ (git format-patch files), in order, without the
# cover letter, and a digest of their diffs: a commit message edited does
# not rebuild a kernel.
kernel_patches() {
	ls "$TOP_DIR"/kbuild/[0-9][0-9][0-9][0-9]-*.patch 2>/dev/null |
		grep -v '/0000-' | sort
}

_kernel_patch_digest() {
	local p

	for p in $(kernel_patches); do
		sed -n '/^diff --git /,/^-- $/p' "$p"
	done | sha256sum | cut -d' ' -f1
}

# The files the series touches that the pristine tree has.
_kernel_series_files() {
	sed -n 's|^diff --git a/\([^ ]*\) b/.*|\1|p' $(kernel_patches) |
		sort -u
}

# git as the series' tests run it: a fixed identity, no user settings.
_kernel_git() {
	GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 \
	GIT_AUTHOR_NAME=initcall-order GIT_AUTHOR_EMAIL=initcall-order@localhost \
	GIT_COMMITTER_NAME=initcall-order \
	GIT_COMMITTER_EMAIL=initcall-order@localhost \
		git "$@"
}

_kernel_patch_tree() {
	local v=$1 src=$2 dir=$3 recipe=$4 tmp f
	local -a files=()

	_kernel_fresh "$dir/.ico-patched" "$recipe" && return 0
	_klog "applying the kbuild/ series to linux-$v with git am"
	tmp=$dir.tmp
	rm -rf "$tmp" "$dir"
	# Hard links keep the copy cheap.  Every file the series touches is
	# copied for real first, so that the pristine tree stays pristine
	# whatever git does to it, and only those files are committed: git
	# am reads and writes no others, and hashing the whole tree would
	# take a minute and 1.5 GB per tree.  LICENSES/ is committed too:
	# checkpatch.pl's SPDX check (scripts/spdxcheck.py) reads it from
	# the git tree.
	# The pristine tree may be a symbolic link to another cache's: copy
	# what it points to, never write through it.
	src=$(readlink -f "$src") || return 1
	cp -al "$src" "$tmp" || return 1
	if [ -L "$tmp" ] || [ ! -d "$tmp" ]; then
		_klog "$tmp is not a folder of its own"
		return 1
	fi
	rm -f "$tmp/.ico-unpacked"
	for f in $(_kernel_series_files) $(cd "$tmp" && find LICENSES -type f); do
		[ -f "$tmp/$f" ] || continue
		cp "$tmp/$f" "$tmp/$f.ico" && mv "$tmp/$f.ico" "$tmp/$f" ||
			return 1
		files+=("$f")
	done
	# Debian's tree ignores everything at its top (.gitignore): -f.
	_kernel_git -C "$tmp" init -q -b linux &&
	_kernel_git -C "$tmp" add -f -- "${files[@]}" &&
	_kernel_git -C "$tmp" commit -q -m "linux-source-$v" &&
	_kernel_git -C "$tmp" tag linux-source-$v || return 1
	if ! _kernel_git -C "$tmp" am -q $(kernel_patches) >&2; then
		_klog "the kbuild/ series does not apply to linux-$v (git am)"
		return 1
	fi
	if [ "$v" = "$KERNEL_IDLESS_VERSION" ] &&
	   ! _kernel_add_idless "$src" "$tmp"; then
		return 1
	fi
	echo "$recipe" >"$tmp/.ico-patched"
	mv "$tmp" "$dir"
}

# kernel_src_patched VERSION: linux-VERSION as a git tree (the files the
# series touches) with the kbuild/ series applied by git am on branch
# "linux"; the pristine files are tagged linux-source-VERSION.
kernel_src_patched() {
	local v=$1 src dir=$KERNEL_CACHE/linux-$1-series recipe

	src=$(kernel_src "$v") || return 1
	recipe="series $(_kernel_patch_digest)"
	[ "$v" = "$KERNEL_IDLESS_VERSION" ] &&
		recipe="$recipe idless $(_kernel_idless_digest)"
	if ! _kernel_fresh "$dir/.ico-patched" "$recipe"; then
		_kernel_locked "src-$v-series" \
			_kernel_patch_tree "$v" "$src" "$dir" "$recipe" ||
			return 1
	elif [ "$(_kernel_git -C "$dir" rev-parse HEAD)" != \
	       "$(_kernel_git -C "$dir" rev-parse linux)" ]; then
		# A test that checks out single steps was stopped midway.
		_kernel_locked "src-$v-series" \
			_kernel_git -C "$dir" checkout -q linux || return 1
	fi
	echo "$dir"
}

# The stand-in for a Rust built-in module (tests/kernel/idless/): a level 6
# initcall without an id in an object built without the LTO flags, linked
# early in kernel/ so that it runs in the middle of level 6.  The 6.12
# series tree carries it: the x86 kernels built from that tree prove the
# series and --place-idless at once.
KERNEL_IDLESS_DIR=$TESTS_DIR/kernel/idless
KERNEL_IDLESS_VERSION=6.12

_kernel_idless_digest() {
	cat "$KERNEL_IDLESS_DIR"/* | sha256sum | cut -d' ' -f1
}

# The kernel/Makefile of the tree in $1 with the stand-in's two lines at
# the end of its first obj-y list.
_kernel_idless_makefile() {
	awk '
	/^obj-y[ \t]*=/ { list = 1 }
	list && /^$/ && !done {
		print "obj-y += ico_idless.o"
		print "CFLAGS_REMOVE_ico_idless.o += $(CC_FLAGS_LTO)"
		done = 1
	}
	{ print }' "$1/kernel/Makefile"
}

# _kernel_add_idless PRISTINE TREE: the stand-in added to TREE, a
# hard-linked copy of PRISTINE.  Its files are not committed: git am and
# the series' checks see a clean tree.
_kernel_add_idless() {
	local src=$1 tmp=$2 mk=$2/kernel/Makefile

	_klog "adding the id-less stand-in to $tmp"
	cp "$KERNEL_IDLESS_DIR/ico_idless.c" "$tmp/kernel/" || return 1
	# Written to a new file and renamed: the pristine tree keeps its link.
	_kernel_idless_makefile "$src" >"$mk.ico" && mv -f "$mk.ico" "$mk" ||
		return 1
	if ! grep -q '^obj-y += ico_idless\.o$' "$mk"; then
		_klog "$mk has no obj-y list to extend"
		return 1
	fi
}

# kernel_recipe VARIANT: sets k_ver, k_src_kind (plain|patched),
# k_arch, k_opts (scripts/config arguments), k_targets, k_make (extra make
# arguments, one per line) and k_trace (1: the build's execve calls are
# logged by strace to BUILD_DIR/.ico-execve.log).
kernel_recipe() {
	k_arch=x86
	k_targets="vmlinux bzImage"
	k_src_kind=plain
	k_ver=6.12
	k_make=
	k_trace=0
	case "$1" in
	x86-thin)
		# Through the kbuild/ series and Kconfig, the tool found in
		# PATH as "initcall-order" (see _kernel_make), every execve
		# of the build logged.  The tree holds the id-less stand-in,
		# which the series' --place-idless keeps in link order.
		k_src_kind=patched
		k_opts="$KERNEL_X86_OPTS $KERNEL_LTO_THIN
			-e INITCALL_ORDER_TOOL -e INITCALL_ORDER_VERIFY"
		k_trace=1
		;;
	x86-nolto)
		# The same tree without LTO: the options of the series are
		# not offered.
		k_src_kind=patched
		k_opts="$KERNEL_X86_OPTS -e LTO_NONE -d LTO_CLANG_THIN"
		;;
	x86-thin-6.1)
		# Through the kbuild/ series and Kconfig, the tool named on
		# the make command line.
		k_ver=6.1
		k_src_kind=patched
		k_opts="$KERNEL_X86_OPTS $KERNEL_LTO_THIN
			-e INITCALL_ORDER_TOOL -e INITCALL_ORDER_VERIFY"
		k_make="INITCALL_ORDER=$KERNEL_ICO"
		;;
	riscv-thin)
		# The kernel's own Perl script: a reference made without us.
		k_arch=riscv
		k_make=$KERNEL_LDS_SCRIPT
		k_targets="vmlinux Image"
		k_opts="$KERNEL_RISCV_OPTS $KERNEL_LTO_THIN"
		;;
	riscv-nolto)
		k_arch=riscv
		k_targets="vmlinux Image"
		k_opts="$KERNEL_RISCV_OPTS $KERNEL_NO_LTO"
		;;
	arm64-thin)
		# Through the make command-line override on the pristine
		# tree: no patch.
		k_arch=arm64
		k_targets="vmlinux Image"
		k_opts="$KERNEL_ARM64_OPTS $KERNEL_LTO_THIN"
		k_make="$(kernel_lds_override)"
		;;
	arm64-nolto)
		k_arch=arm64
		k_targets="vmlinux Image"
		k_opts="$KERNEL_ARM64_OPTS $KERNEL_NO_LTO"
		;;
	*)
		_klog "unknown kernel variant '$1'"
		return 1
		;;
	esac
}

# The no-patch integration: the fragment's command, set on make's command
# line.  Kbuild's if_changed notices the new command; the quiet line stays
# "GEN     .tmp_initcalls.lds".
kernel_lds_override() {
	printf '%s' "cmd_gen_initcalls_lds=$KERNEL_ICO lds --place-idless" \
		' -o $@ $(filter-out %.pl,$(real-prereqs))'
}

# A PATH folder whose perl and python3 log their arguments to $2 before
# running the real ones, so a build can prove it never ran them.
_kernel_exec_spies() {
	local dir=$1 log=$2 prog real

	mkdir -p "$dir" || return 1
	for prog in perl python3; do
		real=$(command -v "$prog" || echo "/nonexistent/$prog")
		cat >"$dir/$prog" <<-EOF
		#!/bin/sh
		echo "$prog \$*" >>"$log"
		exec "$real" "\$@"
		EOF
		chmod +x "$dir/$prog" || return 1
	done
}

# kernel_path_tool: the "initcall-order" a build finds in PATH, resolved.
kernel_path_tool() {
	readlink -f "$(command -v initcall-order)" 2>/dev/null
}

# The PATH of kernel builds: the perl and python3 spies first; then, unless
# the initcall-order in PATH already is $ICO (CI, after installing the
# package), the cache's link to $ICO, so that the series' default
# INITCALL_ORDER, "initcall-order", finds the tool under test.
_kernel_path() {
	local b=$1

	if [ "$(kernel_path_tool)" = "$(readlink -f "$ICO")" ]; then
		echo "$b/.ico-spies:$PATH"
	else
		echo "$b/.ico-spies:${KERNEL_ICO%/*}:$PATH"
	fi
}

# _kernel_make BUILD_DIR ARG...: make in an O= build folder; with
# KERNEL_STRACE=FILE, under strace -f, logging every execve call to FILE.
_kernel_make() {
	local b=$1
	shift
	local -a extra=() pre=()
	local line

	while IFS= read -r line; do
		[ -n "$line" ] && extra+=("$line")
	done <<<"$k_make"
	if [ -n "${KERNEL_STRACE:-}" ]; then
		pre=(strace -f -qq --seccomp-bpf -s 4096 -o "$KERNEL_STRACE"
			-e trace=execve)
	fi
	# The variant's own arguments first: a later assignment of the same
	# variable (kernel_variant_relink) wins.
	PATH=$(_kernel_path "$b") "${pre[@]}" make -C "$b" ARCH="$k_arch" \
		LLVM=1 "${extra[@]}" "$@"
}

# _kernel_configure SRC BUILD_DIR: tinyconfig plus the variant's options;
# fails loudly when an option did not stick (a dependency missing).
_kernel_configure() {
	local src=$1 b=$2 opt want sym

	make -C "$src" O="$b" ARCH="$k_arch" LLVM=1 tinyconfig || return 1
	# shellcheck disable=SC2086
	"$src/scripts/config" --file "$b/.config" $k_opts || return 1
	_kernel_make "$b" olddefconfig || return 1
	set -- $k_opts
	while [ $# -ge 2 ]; do
		opt=$1 sym=$2
		shift 2
		case "$opt" in
		-e) want="CONFIG_$sym=y" ;;
		-d) want="# CONFIG_$sym is not set" ;;
		*) continue ;;
		esac
		if [ "$opt" = -d ] &&
		   ! grep -q "^CONFIG_$sym=" "$b/.config"; then
			continue
		fi
		if ! grep -qx "$want" "$b/.config"; then
			_klog "config: '$want' did not stick in $b/.config"
			return 1
		fi
	done
}

_kernel_do_build() {
	local variant=$1 b=$2 recipe=$3 src start end trace=

	_kernel_fresh "$b/.ico-built" "$recipe" && return 0
	case "$k_src_kind" in
	patched) src=$(kernel_src_patched "$k_ver") || return 1 ;;
	*) src=$(kernel_src "$k_ver") || return 1 ;;
	esac
	_klog "building kernel $variant in $b (log: $b.log)"
	start=$(date +%s)
	# The exec log is kept across incremental builds: it covers every
	# command the build folder ever ran.
	rm -f "$b/.ico-built"
	mkdir -p "$b" || return 1
	_kernel_exec_spies "$b/.ico-spies" "$b/.ico-exec.log" || return 1
	rm -f "$b/.ico-execve.log"
	if [ "$k_trace" = 1 ]; then
		trace=$b/.ico-execve.log
		# The trace must show the fragment being written, also
		# when an incremental build would have kept it.
		rm -f "$b/.tmp_initcalls.lds"
	fi
	{
		_kernel_configure "$src" "$b" &&
		# shellcheck disable=SC2086
		KERNEL_STRACE=$trace _kernel_make "$b" -j"$KERNEL_JOBS" \
			$k_targets
	} >"$b.log" 2>&1
	if [ $? -ne 0 ]; then
		_klog "kernel $variant failed to build; end of $b.log:"
		tail -n 30 "$b.log" | sed 's/^/#   /' >&2
		return 1
	fi
	end=$(date +%s)
	echo $((end - start)) >"$b.seconds"
	_klog "built kernel $variant in $((end - start)) s"
	echo "$recipe" >"$b/.ico-built"
}

_kernel_recipe_text() {
	local patches=

	if [ "$k_src_kind" = patched ]; then
		patches=$(_kernel_patch_digest)
		[ "$k_ver" = "$KERNEL_IDLESS_VERSION" ] &&
			patches="$patches idless $(_kernel_idless_digest)"
	fi
	printf 'ver %s\narch %s\nopts %s\ntargets %s\nmake %s\npatches %s\n' \
		"$k_ver" "$k_arch" "$(printf '%s ' $k_opts)" "$k_targets" "$k_make" \
		"$patches"
	if [ "$k_trace" = 1 ]; then
		echo "trace execve"
	fi
}

# kernel_build VARIANT: builds VARIANT once; prints the build folder.
kernel_build() {
	local variant=$1 b=$KERNEL_CACHE/build-$1 recipe

	_kernel_link_tool || return 1
	kernel_recipe "$variant" || return 1
	recipe=$(_kernel_recipe_text)
	if ! _kernel_fresh "$b/.ico-built" "$recipe"; then
		_kernel_locked "build-$variant" \
			_kernel_do_build "$variant" "$b" "$recipe" || return 1
	fi
	echo "$b"
}

# _kernel_same_flags FROM TO: the C compiler command of init/main.o is the
# same in both builds.  On this shared machine a compiler probe
# (cc-option) has been seen to fail at random, and Kbuild then quietly
# recompiles everything without that flag: such a relink is no relink.
_kernel_same_flags() {
	cmp -s <(sed -n 1p "$1/init/.main.o.cmd") \
		<(sed -n 1p "$2/init/.main.o.cmd")
}

# _kernel_relink_once VARIANT FROM DIR MAKE_ARG...
_kernel_relink_once() {
	local variant=$1 from=$2 b=$3 trace=
	shift 3

	rm -rf "$b" "$b.tmp"
	_kernel_locked "build-$variant" cp -a "$from" "$b.tmp" &&
		mv "$b.tmp" "$b" || return 1
	rm -f "$b/.ico-built"
	_kernel_exec_spies "$b/.ico-spies" "$b/.ico-exec.log" || return 1
	rm -f "$b/.ico-execve.log"
	if [ "$k_trace" = 1 ]; then
		trace=$b/.ico-execve.log
		rm -f "$b/.tmp_initcalls.lds"
	fi
	# shellcheck disable=SC2086
	if ! KERNEL_STRACE=$trace _kernel_make "$b" -j"$KERNEL_JOBS" \
			$k_targets "$@" >"$b.log" 2>&1; then
		_klog "relink of $variant failed; end of $b.log:"
		tail -n 30 "$b.log" | sed 's/^/#   /' >&2
		return 1
	fi
	if ! _kernel_same_flags "$from" "$b"; then
		_klog "relink of $variant recompiled with other compiler flags"
		return 2
	fi
}

_kernel_do_relink() {
	local variant=$1 from=$2 b=$3 recipe=$4 start end rc
	shift 4

	_kernel_fresh "$b/.ico-built" "$recipe" && return 0
	_klog "relinking $variant into $b"
	start=$(date +%s)
	_kernel_relink_once "$variant" "$from" "$b" "$@"
	rc=$?
	if [ "$rc" -eq 2 ]; then
		_klog "trying the relink of $variant once more"
		_kernel_relink_once "$variant" "$from" "$b" "$@"
		rc=$?
	fi
	[ "$rc" -eq 0 ] || return 1
	end=$(date +%s)
	echo $((end - start)) >"$b.seconds"
	_klog "relinked $variant in $((end - start)) s"
	echo "$recipe" >"$b/.ico-built"
}

# kernel_variant_relink VARIANT NAME MAKE_ARG...: VARIANT's build copied
# to build-VARIANT-NAME and rebuilt with the MAKE_ARGs (for example a
# different cmd_gen_initcalls_lds, or "initcalls-lds=" for no fragment at
# all); prints the folder.  Cached like kernel_build, keyed on the args.
# A relink never runs the verify step of the kbuild/ series: relinks make
# images in a wrong order on purpose, for the tests to catch, and the
# verify step would fail the link first.
kernel_variant_relink() {
	local variant=$1 name=$2 from b recipe
	shift 2
	set -- "$@" CONFIG_INITCALL_ORDER_VERIFY=

	from=$(kernel_build "$variant") || return 1
	kernel_recipe "$variant" || return 1
	b=$KERNEL_CACHE/build-$variant-$name
	recipe="$(cat "$from/.ico-built")
relink $(printf '%s\n' "$@")"
	if ! _kernel_fresh "$b/.ico-built" "$recipe"; then
		_kernel_locked "build-$variant-$name" \
			_kernel_do_relink "$variant" "$from" "$b" "$recipe" \
			"$@" || return 1
	fi
	echo "$b"
}

# kernel_boot BUILD_DIR: the console log of the x86 bzImage of BUILD_DIR
# booted once under QEMU (TCG) with initcall_debug, and no init: the
# kernel panics after its last initcall and, with panic=-1 and
# -no-reboot, QEMU exits.  Cached beside the build, keyed on its recipe,
# so that every test of a run reads the same boot; prints the log's path.
KERNEL_BOOT_APPEND="console=ttyS0 initcall_debug ignore_loglevel panic=-1 nokaslr"

_kernel_do_boot() {
	local b=$1 log=$2 stamp=$3

	_kernel_fresh "$log.stamp" "$stamp" && return 0
	_klog "booting $b under QEMU"
	if ! timeout "${BOOT_TIMEOUT:-300}" qemu-system-x86_64 -accel tcg \
		-m 256M -kernel "$b/arch/x86/boot/bzImage" \
		-append "$KERNEL_BOOT_APPEND" -nographic -no-reboot \
		</dev/null >"$log.tmp" 2>&1; then
		_klog "QEMU did not end by itself; end of $log.tmp:"
		tail -n 5 "$log.tmp" | sed 's/^/#   /' >&2
		return 1
	fi
	mv "$log.tmp" "$log" && echo "$stamp" >"$log.stamp"
}

kernel_boot() {
	local b=$1 log=$1.boot.log stamp

	stamp="$(cat "$b/.ico-built" 2>/dev/null)
boot $KERNEL_BOOT_APPEND"
	if ! _kernel_fresh "$log.stamp" "$stamp"; then
		_kernel_locked "boot-${b##*/}" _kernel_do_boot "$b" "$log" \
			"$stamp" || return 1
	fi
	echo "$log"
}

# _kernel_swap_in_level TSV: the table with the first and last initcall of
# its biggest level trading places (column 1 is the level).
_kernel_swap_in_level() {
	awk -F'\t' '/^#/ || !h { if (!/^#/) h = 1; head[++nh] = $0; next }
	{ row[++n] = $0; lvl[n] = $1; cnt[$1]++ }
	END {
		for (l in cnt) if (cnt[l] > best) { best = cnt[l]; bl = l }
		for (i = 1; i <= n; i++) if (lvl[i] == bl) {
			if (!first) first = i
			last = i
		}
		t = row[first]; row[first] = row[last]; row[last] = t
		for (i = 1; i <= nh; i++) print head[i]
		for (i = 1; i <= n; i++) print row[i]
	}' "$1"
}

# kernel_check_hooks VARIANT BUILD TMP: the golden and verify hooks of the
# kbuild/ series, on a copy of BUILD (built with CONFIG_INITCALL_ORDER_TOOL
# and CONFIG_INITCALL_ORDER_VERIFY) in TMP/copy.  A golden file of this
# very build passes with the same fragment (CONFIG_INITCALL_ORDER_GOLDEN
# set on make's command line, as auto.conf would set it); one with two
# initcalls swapped stops the build before the link; a link whose
# fragment is reversed fails the verify step.
kernel_check_hooks() {
	local v=$1 b=$2 tmp=$3 copy=$3/copy rc

	cp -a "$b" "$copy" &&
		_kernel_exec_spies "$copy/.ico-spies" "$copy/.ico-exec.log"
	kernel_recipe "$v"

	(cd "$b" && "$ICO" dump --format=tsv -o "$tmp/golden.tsv" \
		$(kernel_lds_inputs "$b"))
	check "$v: a golden table of the inputs is written" \
		test -s "$tmp/golden.tsv"
	_kernel_swap_in_level "$tmp/golden.tsv" >"$tmp/golden-bad.tsv"
	check "$v: ... and a copy with two initcalls swapped" \
		not cmp -s "$tmp/golden.tsv" "$tmp/golden-bad.tsv"
	_kernel_make "$copy" -j"$KERNEL_JOBS" vmlinux \
		CONFIG_INITCALL_ORDER_GOLDEN="$tmp/golden.tsv" \
		>"$tmp/golden.log" 2>&1
	rc=$?
	check "$v: the build passes with a matching golden file" \
		test "$rc" -eq 0
	check "$v: ... which really ran 'check --golden'" \
		grep -q "check .*--golden" "$copy/..tmp_initcalls.lds.cmd"
	check "$v: ... and the same fragment" \
		cmp "$copy/.tmp_initcalls.lds" "$b/.tmp_initcalls.lds"
	check "$v: ... keeping Kbuild's quiet line" \
		grep -qx '  GEN     .tmp_initcalls.lds' "$tmp/golden.log"

	cp -p "$copy/vmlinux" "$tmp/vmlinux.before"
	_kernel_make "$copy" -j"$KERNEL_JOBS" vmlinux \
		CONFIG_INITCALL_ORDER_GOLDEN="$tmp/golden-bad.tsv" \
		>"$tmp/golden-bad.log" 2>&1
	rc=$?
	grep -A 3 'initcall order differs' "$tmp/golden-bad.log" |
		sed 's/^/# /'
	check "$v: a golden file with two initcalls swapped fails the build" \
		test "$rc" -ne 0
	check "$v: ... and says so, with the report" eval \
		'grep -q "^.tmp_initcalls.lds: initcall order differs from" \
			"$tmp/golden-bad.log" &&
		 grep -q "moved" "$tmp/golden-bad.log"'
	check "$v: ... before the link: vmlinux untouched" \
		test "$(stat -c %y "$copy/vmlinux")" = \
		"$(stat -c %y "$tmp/vmlinux.before")"

	_kernel_make "$copy" -j"$KERNEL_JOBS" vmlinux "$KERNEL_LDS_REVERSED" \
		>"$tmp/rev.log" 2>&1
	rc=$?
	grep -A 3 'out of link order' "$tmp/rev.log" | sed 's/^/# /'
	check "$v: the reversed fragment differs from the built one" \
		not cmp -s "$b/.tmp_initcalls.lds" "$copy/.tmp_initcalls.lds"
	check "$v: CONFIG_INITCALL_ORDER_VERIFY fails the link of a misordered vmlinux" \
		test "$rc" -ne 0
	check "$v: ... and says so, with the report of what moved" eval \
		'grep -q "^vmlinux: initcalls out of link order:" "$tmp/rev.log" &&
		 grep -q "moved" "$tmp/rev.log"'
	check "$v: ... and no misordered vmlinux is left behind" \
		test ! -e "$copy/vmlinux"
}

# kernel_seconds BUILD_DIR: how long the build took, when known.
kernel_seconds() {
	cat "$1.seconds" 2>/dev/null || echo '?'
}

# kernel_lds_cmd BUILD_DIR: the command that wrote .tmp_initcalls.lds, as
# Kbuild recorded it ("savedcmd_" since 6.2, "cmd_" before).
kernel_lds_cmd() {
	sed -n 's/^\(saved\)\{0,1\}cmd_\.tmp_initcalls\.lds := *//p' \
		"$1/..tmp_initcalls.lds.cmd" 2>/dev/null
}

# kernel_lds_inputs BUILD_DIR: the fragment generator's inputs, as the
# build recorded them (vmlinux.a and the lib.a files), one per line.
kernel_lds_inputs() {
	kernel_lds_cmd "$1" | tr ' ' '\n' |
		grep -E '(^|/)(vmlinux|lib)\.a$'
}

# kernel_link_inputs BUILD_DIR: the archives vmlinux.o was linked from, in
# link order, with or without LTO ("savedcmd_vmlinux.o := ..." since 6.2,
# "cmd_vmlinux.o := ..." before), one per line.
kernel_link_inputs() {
	sed -n -E 's/^(saved)?cmd_vmlinux\.o := //p' "$1/.vmlinux.o.cmd" |
		tr ' ' '\n' | grep -E '(^|/)(vmlinux|lib)\.a$'
}

# kernel_fragment_execs STRACE_LOG: the execve calls of a traced build
# (k_trace) made while .tmp_initcalls.lds was written, one per line: from
# the start of the shell that runs its recipe (the one that saves
# ..tmp_initcalls.lds.cmd) to the start of the first command that reads
# the fragment (-T .tmp_initcalls.lds), which make starts only once that
# recipe has ended, or to the end of the log.  Every process of the build
# is in the window, the fragment's own among them: what is not there did
# not run for the fragment.
kernel_fragment_execs() {
	awk '!/ execve\(/ { next }
	/\.\.tmp_initcalls\.lds\.cmd/ { on = 1; n++ }
	on && /-T[ ",]+\.tmp_initcalls\.lds/ { on = 0 }
	on { print }
	END { if (!n) exit 1 }' "$1"
}

# kernel_perl_lds BUILD_DIR: the kernel's own script run on the build's
# inputs, in the build folder, printed on stdout.
kernel_perl_lds() {
	local b=$1 src

	src=$(sed -n 's|^include \(.*\)/Makefile$|\1|p' "$b/Makefile" 2>/dev/null)
	[ -n "$src" ] || src=$(kernel_src 6.12) || return 1
	(cd "$b" && NM=llvm-nm perl "$src/scripts/generate_initcall_order.pl" \
		$(kernel_lds_inputs "$b"))
}
