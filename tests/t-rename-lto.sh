#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Renamed native objects among bitcode under LTO.  Assembly (GNU as and
# clang) and C (gcc and clang, no LTO) objects with legacy initcall
# sections are renamed, then linked with bitcode objects that use
# initcall_order.h, by ld.lld with -flto=thin (and full), in two steps as
# vmlinux is: a relocatable link with the fragment of "initcall-order
# lds", then the program with initcall_order.lds.  The run order (printed
# by the program) and the table of the linked program ("initcall-order
# dump") must both equal link order, for both entry shapes.  Without the
# rename, and without the fragment, the test reports what happens.
#
# The assembly is x86_64; elsewhere the test says so and stops.

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

tmp=$(scratch)
cd "$tmp" || exit 2

if [ "$(uname -m)" != x86_64 ]; then
	echo "ok 1 # skip the assembly of this test is x86_64"
	echo "1..1"
	exit 0
fi

# Objects in link order: name, how it is built, then its initcalls as
# level:function, in source order.
SPEC="
bc_first  bc     6:probe 1:first_core
asm_one   gas    6:asm_a 6:asm_b 1:asm_c con:asm_con
c_two     gcc    6:c_a early:c_e 6:c_b
bc_mid    bc     6:mid_a early:mid_e 1s:mid_sync
c_three   clang  6:cc_a 1:cc_b
asm_four  clangas 6:asm_d rootfs:asm_fs
bc_last   bc     6:last_a con:last_con 7:last_late
"
RUN_ORDER="con early 0 0s 1 1s 2 2s 3 3s 4 4s 5 5s rootfs 6 6s 7 7s"

# The level main()'s walk reports an entry under: N for N and Ns, 5 for
# rootfs.
coarse() {
	case $1 in
	rootfs) echo 5 ;;
	con | early) echo "$1" ;;
	*) echo "${1%s}" ;;
	esac
}

section_of() {
	case $1 in
	con) echo .con_initcall.init ;;
	*) echo ".initcall$1.init" ;;
	esac
}

# Link order within each level: "<level> <object>:<function>", with the
# level as main() reports it (coarse) or as dump does (FINE).
expected() { # [FINE]
	local level fine=${1:-}
	for level in $RUN_ORDER; do
		while read -r obj kind calls; do
			[ -n "$obj" ] || continue
			for c in $calls; do
				[ "${c%%:*}" = "$level" ] || continue
				if [ -n "$fine" ]; then
					echo "$level $obj:${c#*:}"
				else
					echo "$(coarse "$level") $obj:${c#*:}"
				fi
			done
		done <<<"$SPEC"
	done
}

cat >main.c <<'EOF'
#include <stdio.h>
#include "initcall_order.h"
static const char *level = "?";
int note(const char *what)
{
	printf("%s %s\n", level, what);
	return 0;
}
static void before(const char *l, const struct initcall_order_entry *e)
{
	(void)e;
	level = l;
}
int main(void) { return initcall_order_run_all(before); }
EOF

# Assembly: a legacy entry per initcall, no symbol for most, an old-style
# local one for the first.  Functions tail-call note("obj:fn").
gen_asm() { # OBJ PREL32 CALLS...
	local obj=$1 prel=$2 c lvl fn first=1
	shift 2
	echo "	.text"
	for c; do
		fn=${c#*:}
		echo "$fn:	leaq .Lmsg_$fn(%rip), %rdi"
		echo "	jmp note@PLT"
	done
	echo '	.section .rodata.str1.1, "aMS", @progbits, 1'
	for c; do
		echo ".Lmsg_${c#*:}: .asciz \"$obj:${c#*:}\""
	done
	for c; do
		lvl=${c%%:*}
		fn=${c#*:}
		if [ "$prel" = 1 ]; then
			echo "	.section $(section_of "$lvl"), \"a\""
			[ $first = 1 ] && echo "__initcall_$fn$lvl:"
			echo "	.long $fn - ."
		else
			echo "	.section $(section_of "$lvl"), \"aw\""
			echo "	.balign 8"
			[ $first = 1 ] && echo "__initcall_$fn$lvl:"
			echo "	.quad $fn"
		fi
		first=0
	done
}

# C as the kernel wrote it before ids: one legacy section per level.
gen_legacy_c() { # OBJ PREL32 CALLS...
	local obj=$1 prel=$2 c lvl fn
	shift 2
	echo "int note(const char *what);"
	echo "typedef int (*initcall_t)(void);"
	for c; do
		lvl=${c%%:*}
		fn=${c#*:}
		echo "__attribute__((used)) static int $fn(void)"
		echo "{ return note(\"$obj:$fn\"); }"
		if [ "$prel" = 1 ]; then
			echo "__asm__(\".section $(section_of "$lvl"), \\\"a\\\"\\n\""
			echo "	\"__initcall_$fn$lvl: .long $fn - .\\n.previous\");"
		else
			echo "static initcall_t __initcall_$fn$lvl"
			echo "	__attribute__((used, section(\"$(section_of "$lvl")\"))) = $fn;"
		fi
	done
}

gen_bitcode_c() { # OBJ CALLS...
	local obj=$1 c
	shift
	echo '#include "initcall_order.h"'
	echo "int note(const char *what);"
	for c; do
		echo "static int ${c#*:}(void) { return note(\"$obj:${c#*:}\"); }"
		if [ "${c%%:*}" = con ]; then
			echo "INITCALL_ORDER_CONSOLE(${c#*:});"
		else
			echo "INITCALL_ORDER_DEFINE(${c#*:}, ${c%%:*});"
		fi
	done
}

# Builds every object of the spec into DIR for entry shape PREL32 and
# LTO mode; prints the objects in link order.
build_objects() { # DIR PREL32 LTO
	local dir=$1 prel=$2 lto=$3 obj kind calls
	local cflags="-O2 -I$TOP_DIR/include -DINITCALL_ORDER_PREL32=$prel"

	mkdir -p "$dir"
	while read -r obj kind calls; do
		[ -n "$obj" ] || continue
		case $kind in
		bc)
			gen_bitcode_c "$obj" $calls >"$dir/$obj.c"
			clang -flto="$lto" $cflags -DINITCALL_ORDER_MODNAME="$obj" \
				-c "$dir/$obj.c" -o "$dir/$obj.o" ;;
		gas | clangas)
			gen_asm "$obj" "$prel" $calls >"$dir/$obj.S"
			if [ $kind = gas ]; then
				gcc -c "$dir/$obj.S" -o "$dir/$obj.o"
			else
				clang -c "$dir/$obj.S" -o "$dir/$obj.o"
			fi ;;
		gcc | clang)
			# gcc emits variables in reverse order unless told
			# not to; then the object's order is not the source's.
			gen_legacy_c "$obj" "$prel" $calls >"$dir/$obj.c"
			$kind -O2 $([ $kind = gcc ] && echo -fno-toplevel-reorder) \
				-c "$dir/$obj.c" -o "$dir/$obj.o" ;;
		esac || return 1
		echo "$dir/$obj.o"
	done <<<"$SPEC"
	clang -flto="$lto" $cflags -DINITCALL_ORDER_MODNAME=main -c main.c \
		-o "$dir/main.o" || return 1
	echo "$dir/main.o"
}

# Two-step link; FRAGMENT empty for none.  Pointer entries of a PIE are
# only filled in at load time (dynamic relocations), and dump reads the
# file: those programs are linked -no-pie, as the kernel is.
link() { # OUT FRAGMENT OBJECTS...
	local out=$1 frag=$2
	shift 2
	ld.lld -r ${frag:+-T "$frag"} "$@" -o "$out.o" &&
	clang -fuse-ld=lld $([ "$prel" = 0 ] && echo -no-pie) "$out.o" -o "$out" \
		-Wl,-T,"$TOP_DIR/include/initcall_order.lds"
}

# "<level> <module>:<function>" for each row of dump, in table order.
dump_order() {
	"$ICO" dump --format=tsv "$1" | awk -F '\t' '
		NR > 2 {
			id = $6
			if (!match(id, /__[0-9]+_[0-9]+_/)) { print "?"; next }
			# The last "__<digits>_<digits>_" ends the module.
			mod = id; fn = id
			while (match(fn, /__[0-9]+_[0-9]+_/)) {
				start = RSTART; len = RLENGTH
				cut = substr(fn, RSTART + RLENGTH)
				fn = cut
			}
			mod = substr(id, 1, length(id) - length(fn) - len)
			print $1, mod ":" fn
		}'
}

# Compares a run with link order; says where the first difference is.
same_order() { # FILE [EXPECTED]
	local want=${2:-expected}

	if cmp -s "$1" "$want"; then
		return 0
	fi
	diff "$want" "$1" | sed 's/^/# /' | head -8
	return 1
}

verdict() { # FILE
	if cmp -s "$1" expected; then
		echo "link order kept"
	else
		echo "$(diff expected "$1" | grep -c '^>') entries moved"
	fi
}

expected >expected
expected fine >expected-fine
# Native objects, and their legacy sections: one per object and level.
nr_native=$(awk 'NF && $2 != "bc"' <<<"$SPEC" | wc -l)
nr_legacy=$(awk 'NF && $2 != "bc" {
	for (i = 3; i <= NF; i++) {
		split($i, a, ":")
		print $1, a[1]
	}
}' <<<"$SPEC" | sort -u | wc -l)
nr=$(wc -l <expected)

for lto in thin full; do
for prel in 1 0; do
	tag="$lto-LTO, $([ $prel = 1 ] && echo PREL32 || echo pointer) entries"
	dir=$lto-$prel
	if ! objs=$(build_objects "$dir" "$prel" "$lto"); then
		fail "$tag: build the objects"
		continue
	fi
	mapfile -t objs <<<"$objs"
	native=()
	for o in "${objs[@]}"; do
		[ "$(head -c 4 "$o" | od -An -c | tr -d ' ')" = 177ELF ] &&
			native+=("$o")
	done
	check "$tag: ${#native[@]} native objects" test ${#native[@]} -eq "$nr_native"

	# Without rename: legacy sections are not in the fragment.
	mkdir -p "$dir/orig"
	cp "${native[@]}" "$dir/orig/"
	"$ICO" lds "${objs[@]}" -o "$dir/frag-norename.lds" 2>"$dir/lds-warnings"
	# Each legacy section named, on one line per object (up to five).
	named=$(grep "initcalls without an id in " "$dir/lds-warnings" |
		grep -o '\.[a-z_]*initcall[0-9a-z]*\.init' | wc -l)
	check "$tag, not renamed: lds warns about each legacy section ($named named)" \
		test "$named" -eq "$nr_legacy" -a "$nr_native" -le 5
	if link "$dir/norename" "$dir/frag-norename.lds" "${objs[@]}"; then
		"./$dir/norename" >"$dir/run-norename"
		check "$tag, not renamed: all $nr initcalls still run" \
			test "$(sort "$dir/run-norename" | uniq | wc -l)" -eq "$nr"
		echo "# $tag, not renamed, with the fragment: $(verdict "$dir/run-norename")"
	else
		fail "$tag, not renamed: links"
	fi

	check_status "$tag: rename the native objects" 0 \
		"$ICO" rename "${native[@]}"
	"$ICO" lds "${objs[@]}" -o "$dir/frag.lds" 2>"$dir/lds-warnings-renamed"
	check "$tag: renamed, lds has nothing to warn about" \
		test ! -s "$dir/lds-warnings-renamed"
	check "$tag: the fragment lists every initcall" \
		test "$(grep -c '\*(' "$dir/frag.lds")" -eq "$nr"
	if ! link "$dir/prog" "$dir/frag.lds" "${objs[@]}"; then
		fail "$tag: links with the fragment"
		continue
	fi
	"./$dir/prog" >"$dir/run"
	check "$tag: run order equals link order ($nr initcalls)" \
		same_order "$dir/run"
	dump_order "$dir/prog" >"$dir/dump"
	check "$tag: dump of the linked program equals link order" \
		same_order "$dir/dump" expected-fine
	check "$tag: check --image finds nothing" \
		"$ICO" check --image "$dir/prog" "${objs[@]}" -o /dev/null

	# Without the fragment: what LTO does to the order by itself.
	if link "$dir/nofrag" "" "${objs[@]}"; then
		"./$dir/nofrag" >"$dir/run-nofrag"
		check "$tag, no fragment: all $nr initcalls still run" \
			test "$(sort "$dir/run-nofrag" | uniq | wc -l)" -eq "$nr"
		echo "# $tag, renamed, without the fragment: $(verdict "$dir/run-nofrag")"
		diff expected "$dir/run-nofrag" | sed "s/^/#   /"
	else
		fail "$tag, no fragment: links"
	fi
done
done

done_testing
