#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# gen-corpus.sh N DIR: a kernel-like tree of N objects under DIR, linked
# into thin archives as Kbuild does (one built-in.a per folder, flattened
# into DIR/vmlinux.a; a few lib-y objects in DIR/lib/lib.a and
# DIR/arch/x86/lib/lib.a).
#
# About one object in four has initcalls (one to five, at kernel levels,
# in the shape CONFIG_LTO_CLANG gives them on x86_64, from the fixtures'
# tests/fixtures/kinit.h); one in ten is a plain ELF object (clang without
# LTO); the rest is clang -flto=thin bitcode.  Sizes run from 4 to 125 KiB.
#
# Compiling 50,000 objects takes ~30 ms each here (25 minutes on two
# cores), so BENCH_TEMPLATES sources (default 400) are compiled once,
# with the tag QZXQZX in their module name, into $BENCH_CACHE/templates,
# and clone (bench/clone.c) writes each object as a copy of one template
# with its own six-digit number in place of the tag, in the string tables
# and in the bitcode's module asm alike: every object has its own
# initcall ids, and llvm-nm (which parses the module) agrees with the
# symbol table.  BENCH_TEMPLATES=N compiles every object instead.
#
# The corpus is cached: DIR/.corpus-done records how it was made.

set -eu

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
TOP_DIR=$(cd "$BENCH_DIR/.." && pwd)
: "${BENCH_CACHE:=$TOP_DIR/.cache/bench}"
: "${CLANG:=clang}"
: "${LLVM_AR:=llvm-ar}"
: "${LLVM_NM:=llvm-nm}"
: "${HOSTCC:=cc}"
# Bump when the templates or the layout change: cached corpora are remade.
GEN_VERSION=4
TAG=QZXQZX

usage() {
	echo "usage: $0 N DIR" >&2
	exit 2
}

[ $# -eq 2 ] || usage
N=$1
DIR=$2
case $N in
'' | *[!0-9]*) usage ;;
esac
[ "$N" -ge 1 ] && [ "$N" -le 999999 ] || usage
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
: "${BENCH_TEMPLATES:=$((N < 400 ? N : 400))}"
T=$BENCH_TEMPLATES
JOBS=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
KINIT_DIR=$TOP_DIR/tests/fixtures
export CLANG KINIT_DIR

# Templates depend on this generator, the initcall macros and the compiler.
TKEY=$({ echo "$GEN_VERSION"; cat "$KINIT_DIR/kinit.h"; "$CLANG" --version; } |
	md5sum | cut -c1-12)
stamp="templates=$TKEY n=$N count=$T"
if [ -f "$DIR/.corpus-done" ] && [ "$(cat "$DIR/.corpus-done")" = "$stamp" ]
then
	exit 0
fi

log() {
	echo "gen-corpus: $*" >&2
}

# The clone tool, rebuilt when its source changes.
CLONE=$BENCH_CACHE/bin/clone
if [ ! -x "$CLONE" ] || [ "$BENCH_DIR/clone.c" -nt "$CLONE" ]; then
	mkdir -p "$BENCH_CACHE/bin"
	$HOSTCC -O2 -Wall -o "$CLONE" "$BENCH_DIR/clone.c"
fi

# Template sources: a Park-Miller generator keeps them the same whatever
# awk the machine has.
TDIR=$BENCH_CACHE/templates/$TKEY
export TDIR
mkdir -p "$TDIR"

gen_template_sources() {
	awk -v T="$T" -v tdir="$TDIR" -v tag="$TAG" '
	function rnd(n) {
		seed = (seed * 16807) % 2147483647
		return seed % n
	}
	function pick_level(   r) {
		r = rnd(100)
		if (r < 40) return "device_initcall"
		if (r < 50) return "subsys_initcall"
		if (r < 58) return "fs_initcall"
		if (r < 66) return "arch_initcall"
		if (r < 74) return "core_initcall"
		if (r < 79) return "postcore_initcall"
		if (r < 87) return "late_initcall"
		if (r < 90) return "late_initcall_sync"
		if (r < 93) return "early_initcall"
		if (r < 94) return "pure_initcall"
		if (r < 95) return "core_initcall_sync"
		if (r < 97) return "device_initcall_sync"
		if (r < 98) return "rootfs_initcall"
		return "console_initcall"
	}
	BEGIN {
		split("core main dev bus irq dma ops power sysfs proc " \
		      "table queue timer clk gpio i2c spi usb pci phy " \
		      "regmap hwmon input tty serial block net sock " \
		      "crypto hash cipher fs inode dentry page slab " \
		      "sched cpu mem acpi", words, " ")
		nw = 40
		for (t = 0; t < T; t++) {
			f = sprintf("%s/t%05d.c", tdir, t)
			if ((getline line < f) > 0) {
				close(f)
				continue
			}
			close(f)
			seed = t * 7919 + 1
			rnd(2)
			w = words[t % nw + 1]
			p = w "_" tag
			nf = 4 + rnd(24) + (rnd(3) == 0 ? rnd(100) : 0)
			nic = 0
			if (rnd(4) == 0) {
				r = rnd(10)
				nic = r < 7 ? 1 : r < 9 ? 2 : 3 + rnd(3)
			}
			print "#include \"kinit.h\"\n" > f
			# What kernel headers bring: many struct types (one
			# chain, so that using the first keeps them all) and
			# many external functions, as kernel objects have
			# (kernel/fork.o: 470 types, 123 declarations).
			nt = 40 + rnd(400)
			nx = 20 + rnd(120)
			if (nx > 3 * nf)
				nx = 3 * nf
			for (i = 0; i < nt; i++)
				printf "struct ks_%d;\n", i > f
			for (i = 0; i < nt; i++)
				printf "struct ks_%d { int a; long b[%d]; " \
				       "struct ks_%d *next; struct ks_%d *other; " \
				       "char name[%d]; };\n", i, 1 + rnd(4), \
				       (i + 1) % nt, rnd(nt), 8 + rnd(24) > f
			for (i = 0; i < nx; i++)
				printf "extern int kx_%d(struct ks_%d *p, " \
				       "const char *fmt, int v);\n", i, \
				       rnd(nt) > f
			printf "\nstruct %s_dev { int id; long flags; " \
			       "const char *name; int regs[8]; " \
			       "struct ks_0 *ks; };\n\n", p > f
			for (i = 0; i < nf; i++) {
				m = 4 + rnd(12)
				printf "static const int %s_tbl%d[%d] = {", \
				       p, i, m > f
				for (j = 0; j < m; j++)
					printf " %d,", rnd(100000) > f
				printf " };\n\n" > f
				printf "int %s_op%d(int x, struct %s_dev *d)\n", \
				       p, i, p > f
				printf "{\n\tint r = %d, k;\n\n", rnd(50) > f
				printf "\tfor (k = 0; k < x; k++) {\n" > f
				printf "\t\tswitch ((k + d->id) %% 7) {\n" > f
				for (c = 0; c < 7; c++)
					printf "\t\tcase %d: r += %s_tbl%d[k %% " \
					       "%d] * %d + d->regs[%d]; break;\n", \
					       c, p, i, m, rnd(1000), rnd(8) > f
				printf "\t\t}\n\t\tif (d->flags & (1L << " \
				       "(k & 31)))\n\t\t\tr ^= k << %d;\n" \
				       "\t}\n", rnd(5) > f
				for (c = 0; c < 3; c++)
					printf "\tr += kx_%d((void *)d->ks, " \
					       "\"%s: op%d step %d: %%d\\n\", r);\n", \
					       (i * 3 + c) % nx, w, i, c > f
				printf "\treturn r;\n}\n\n" > f
			}
			printf "struct %s_dev %s_device = { %d, %d, \"%s\" };\n\n", \
			       p, p, rnd(9), rnd(99), w > f
			for (i = 0; i < nic; i++) {
				printf "static int %s_init%d(void)\n{\n\treturn " \
				       "%s_op0(%d, &%s_device);\n}\n", \
				       w, i, p, i + 1, p > f
				for (j = rnd(3); j > 0; j--)
					print "" > f
				printf "%s(%s_init%d);\n\n", \
				       pick_level(), w, i > f
			}
			close(f)
			# ELF for every tenth template, bitcode otherwise
			printf "%s %s %s\n", t, w, (t % 10 == 9 ? "elf" : "bc") \
				> (tdir "/t" sprintf("%05d", t) ".kind")
			close(tdir "/t" sprintf("%05d", t) ".kind")
		}
	}'
}

compile_templates() {
	local t kind word todo=()

	for ((t = 0; t < T; t++)); do
		[ -f "$TDIR/t$(printf %05d "$t").o" ] && continue
		todo+=("$t")
	done
	[ ${#todo[@]} -eq 0 ] && return 0
	log "compiling ${#todo[@]} templates with $CLANG on $JOBS jobs"
	printf '%s\n' "${todo[@]}" | while read -r t; do
		read -r _ word kind <"$TDIR/t$(printf %05d "$t").kind"
		echo "$t $word $kind"
	done | xargs -P "$JOBS" -n 3 sh -c '
		t=$(printf %05d "$1"); word=$2; kind=$3
		flags="-O2 -ffreestanding -fno-PIE -mcmodel=kernel -fno-common"
		[ "$kind" = bc ] && flags="$flags -flto=thin"
		"$CLANG" $flags -I"$KINIT_DIR" \
			-DMODNAME=kmod_${word}_'"$TAG"' \
			-c "$TDIR/t$t.c" -o "$TDIR/t$t.o.tmp" &&
		mv "$TDIR/t$t.o.tmp" "$TDIR/t$t.o"
	' sh
}

# Lays out the tree: prints "template dest number" for clone, in link
# order, into $1, the folder of each object into $2, and the lib-y objects
# of lib/lib.a and arch/x86/lib/lib.a into $3.
plan_tree() {
	awk -v N="$N" -v T="$T" -v tdir="$TDIR" \
	    -v man="$1" -v dirs="$2" -v libs="$3" '
	BEGIN {
		split("core main dev bus irq dma ops power sysfs proc " \
		      "table queue timer clk gpio i2c spi usb pci phy " \
		      "regmap hwmon input tty serial block net sock " \
		      "crypto hash cipher fs inode dentry page slab " \
		      "sched cpu mem acpi", words, " ")
		nw = 40
		# top folders in the order of vmlinux.a, with their share
		nt = split("init:1 arch/x86:4 kernel:8 mm:4 fs:12 ipc:1 " \
			   "security:3 crypto:4 block:2 drivers:42 " \
			   "sound:5 net:12 lib:2", tops, " ")
		nlib = int(N * 2 / 100)
		nx86lib = int(N / 200)
		nbuilt = N - nlib - nx86lib
		if (nbuilt < 1) {
			nbuilt = N; nlib = 0; nx86lib = 0
		}
		ndirs = int((nbuilt + 19) / 20)
		i = 0
		for (k = 0; k < nt; k++) {
			split(tops[k + 1], tw, ":")
			share[k] = tw[2]
			name[k] = tw[1]
		}
		# folders per top, at least one while objects remain
		d = 0
		for (k = 0; k < nt; k++) {
			cnt[k] = int(ndirs * share[k] / 100 + 0.5)
			if (cnt[k] < 1) cnt[k] = 1
		}
		for (k = 0; k < nt; k++)
			for (j = 0; j < cnt[k]; j++) {
				if (cnt[k] == 1)
					dir[d++] = name[k]
				else if (cnt[k] <= 20)
					dir[d++] = sprintf("%s/s%02d", name[k], j)
				else
					dir[d++] = sprintf("%s/c%02d/s%03d", \
							   name[k], j % 20, j)
			}
		for (i = 0; i < nbuilt; i++) {
			t = i % T
			f = sprintf("%s/%s_%06d.o", dir[int(i * d / nbuilt)], \
				    words[t % nw + 1], i)
			printf "%s/t%05d.o %s %d\n", tdir, t, f, i > man
			print dir[int(i * d / nbuilt)] > dirs
		}
		for (; i < N; i++) {
			t = i % T
			top = i < nbuilt + nlib ? "lib" : "arch/x86/lib"
			f = sprintf("%s/%s_%06d.o", top, words[t % nw + 1], i)
			printf "%s/t%05d.o %s %d\n", tdir, t, f, i > man
			print top " " f > libs
		}
	}'
}

build_archives() {
	local list=$1 libs=$2

	# one built-in.a per folder, then vmlinux.a flattens them in order
	awk '{ d = $2; sub("/[^/]*$", "", d); print d, $2 }' "$list" |
	awk '
	$1 != cur {
		if (cur != "") print ""
		cur = $1
		printf "%s/built-in.a", cur
	}
	{ printf " %s", $2 }
	END { print "" }' >"$DIR/.builtins"
	while read -r ar objs; do
		# shellcheck disable=SC2086
		(cd "$DIR" && "$LLVM_AR" cDPrST "$ar" $objs)
	done <"$DIR/.builtins"
	# shellcheck disable=SC2046
	(cd "$DIR" && "$LLVM_AR" cDPrST vmlinux.a \
		$(awk '{ print $1 }' "$DIR/.builtins"))
	for lib in lib arch/x86/lib; do
		mkdir -p "$DIR/$lib"
		# shellcheck disable=SC2046
		(cd "$DIR" && rm -f "$lib/lib.a" &&
		 "$LLVM_AR" cDPrsT "$lib/lib.a" \
			$(awk -v l="$lib" '$1 == l { print $2 }' "$libs"))
	done
	rm -f "$DIR/.builtins"
}

# Every object must carry its own number, nowhere the tag, as llvm-nm
# (which parses bitcode modules itself) sees it.
verify_sample() {
	local man=$1 step n=0 dest num out

	step=$(( N / 25 + 1 ))
	while read -r _ dest num; do
		n=$((n + 1))
		[ $(( (n - 1) % step )) -eq 0 ] || continue
		out=$("$LLVM_NM" --defined-only "$DIR/$dest")
		if grep -q "$TAG" <<<"$out" ||
		   ! grep -q "_$(printf %06d "$num")_" <<<"$out"; then
			log "$dest: clone did not take; use BENCH_TEMPLATES=$N"
			exit 1
		fi
	done <"$man"
}

gen_template_sources
compile_templates

log "laying out $N objects in $DIR"
rm -rf "$DIR"
mkdir -p "$DIR"
man=$DIR/.manifest
plan_tree "$man.tmp" "$DIR/.dirs" "$DIR/.libs"
touch "$DIR/.libs"
sort -u "$DIR/.dirs" | (cd "$DIR" && xargs mkdir -p)
mkdir -p "$DIR/lib" "$DIR/arch/x86/lib"
# clone wants the lines of a template together; the order of writing
# does not matter, the manifest order is the link order
sort -k1,1 -s "$man.tmp" | (cd "$DIR" && "$CLONE" "$TAG" /dev/stdin)
awk '{ print $3, $2 }' "$man.tmp" >"$man.order"
awk 'NR == FNR { lib[$2] = 1; next } !($2 in lib) { print $1, $2 }' \
	"$DIR/.libs" "$man.order" >"$man.builtin"
build_archives "$man.builtin" "$DIR/.libs"
verify_sample "$man.tmp"
mv "$man.tmp" "$man"
rm -f "$man.order" "$man.builtin" "$DIR/.dirs"
echo "$stamp" >"$DIR/.corpus-done"
log "done: $(du -sh "$DIR" | cut -f1) in $DIR"
