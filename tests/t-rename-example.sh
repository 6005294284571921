#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The example program under tests/example-prog, built with
# include/initcall_order.h: eleven objects in two directory levels, thin
# archives per directory and for the whole program, as Kbuild links
# vmlinux.  Built with gcc and GNU ld (no LTO) and with clang and ld.lld
# (ThinLTO and full LTO), for both entry shapes, its run order and the
# table of the linked program ("initcall-order dump") must equal link
# order.  Without the fragment the test reports what each build did.
# First, the header itself: C99 and later, -pedantic, gcc and clang.

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

tmp=$(scratch)
EX=$TESTS_DIR/example-prog
RUN_ORDER="con early 0 0s 1 1s 2 2s 3 3s 4 4s 5 5s rootfs 6 6s 7 7s"

# --- The header compiles cleanly everywhere it claims to.
cat >"$tmp/h.c" <<'EOF'
#include "initcall_order.h"
static int f(void) { return 0; }
device_initcall(f);
static int g(void) { return 0; }
core_initcall_sync(g);
static int h(void) { return 0; }
console_initcall(h);
int main(void) { return initcall_order_run_all(0); }
EOF
for cc in gcc clang; do
	for std in c99 c11 c17 gnu99 gnu17; do
		ok=true
		for prel in 1 0; do
			$cc -std=$std -pedantic -Wall -Wextra -Werror \
				-I"$TOP_DIR/include" -DINITCALL_ORDER_MODNAME=h \
				-DINITCALL_ORDER_PREL32=$prel -c "$tmp/h.c" \
				-o "$tmp/h.o" 2>"$tmp/h.err" || ok=false
		done
		check "$cc -std=$std -pedantic -Werror, both shapes" $ok
	done
done
if gcc -I"$TOP_DIR/include" -c "$tmp/h.c" -o "$tmp/h.o" 2>"$tmp/h.err"; then
	fail "the header requires INITCALL_ORDER_MODNAME"
else
	check "the header requires INITCALL_ORDER_MODNAME" \
		grep -q "define INITCALL_ORDER_MODNAME" "$tmp/h.err"
fi

# --- Link order from the sources: objects as the Makefile lists them,
# initcalls in source order, levels in run order.  Module names are the
# object paths with '/' made '_' (so core/core.o and drivers/core.o, equal
# base names, differ).  main.c reports N for N and Ns, 5 for rootfs; dump
# reports the level itself (FINE).
level_of() { # MACRO
	local base=${1%_initcall*} sync=
	[ "${1%_sync}" != "$1" ] && sync=s
	case $base in
	console) echo con ;;
	early) echo early ;;
	pure) echo 0$sync ;;
	core) echo 1$sync ;;
	postcore) echo 2$sync ;;
	arch) echo 3$sync ;;
	subsys) echo 4$sync ;;
	fs) echo 5$sync ;;
	rootfs) echo rootfs ;;
	device) echo 6$sync ;;
	late) echo 7$sync ;;
	*) echo "?" ;;
	esac
}

coarse() {
	case $1 in
	rootfs) echo 5 ;;
	con | early) echo "$1" ;;
	*) echo "${1%s}" ;;
	esac
}

objs=$(make -s --no-print-directory -C "$EX" print-objs)
for o in $objs; do
	mod=$(tr / _ <<<"${o%.o}")
	sed -n 's/^\([a-z_]*initcall[a-z_]*\)(\([A-Za-z0-9_]*\));$/\1 \2/p' \
		"$EX/${o%.o}.c" |
	while read -r macro fn; do
		echo "$(level_of "$macro") $mod:$fn"
	done
done >"$tmp/link-order"
for level in $RUN_ORDER; do
	awk -v l="$level" '$1 == l' "$tmp/link-order"
done >"$tmp/expected-fine"
while read -r level what; do
	echo "$(coarse "$level") $what"
done <"$tmp/expected-fine" >"$tmp/expected"
nr=$(wc -l <"$tmp/expected")
check "the example has many initcalls ($nr) in $(wc -w <<<"$objs") objects" \
	test "$nr" -ge 30

# "<level> <module>:<function>" for each row of dump, in table order.
dump_order() {
	"$ICO" dump --format=tsv "$1" | awk -F '\t' '
		NR > 2 {
			fn = $6
			while (match(fn, /__[0-9]+_[0-9]+_/)) {
				len = RLENGTH
				fn = substr(fn, RSTART + RLENGTH)
			}
			mod = substr($6, 1, length($6) - length(fn) - len)
			print $1, mod ":" fn
		}'
}

same_order() { # FILE EXPECTED
	cmp -s "$1" "$2" && return 0
	diff "$2" "$1" | sed 's/^/# /' | head -8
	return 1
}

build() { # DIR TOOLCHAIN PREL32 FRAGMENT
	make -s --no-print-directory -C "$EX" O="$1" TOOLCHAIN="$2" PREL32="$3" FRAGMENT="$4" \
		ICO="$ICO" >"$1.log" 2>&1
}

for tc in gcc thin full; do
	for prel in 1 0; do
		shape=$([ $prel = 1 ] && echo PREL32 || echo pointer)
		case $tc in
		gcc) tag="gcc + GNU ld, $shape" ;;
		*) tag="clang + ld.lld $tc-LTO, $shape" ;;
		esac
		dir=$tmp/$tc-$prel
		if ! build "$dir" "$tc" "$prel" 1; then
			fail "$tag: builds"
			sed 's/^/# /' "$dir.log" | head -20
			continue
		fi
		"$dir/prog" >"$dir/run"
		check "$tag: run order equals link order" \
			same_order "$dir/run" "$tmp/expected"
		dump_order "$dir/prog" >"$dir/dump"
		check "$tag: dump of the program equals link order" \
			same_order "$dir/dump" "$tmp/expected-fine"

		# No fragment: report, and require that nothing was lost.
		if ! build "$dir-nofrag" "$tc" "$prel" 0; then
			fail "$tag, no fragment: builds"
			continue
		fi
		"$dir-nofrag/prog" >"$dir-nofrag/run"
		check "$tag, no fragment: every initcall runs once" \
			cmp <(sort "$tmp/expected") <(sort "$dir-nofrag/run")
		if cmp -s "$dir-nofrag/run" "$tmp/expected"; then
			echo "# $tag, no fragment: link order survived"
		else
			echo "# $tag, no fragment: $(diff "$tmp/expected" \
				"$dir-nofrag/run" | grep -c '^>') initcalls out of place:"
			diff "$tmp/expected" "$dir-nofrag/run" | sed 's/^/#   /' |
				head -12
		fi
	done
done

done_testing
