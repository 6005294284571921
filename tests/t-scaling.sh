#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# No input costs more than its size (issue 16): 4 times the input costs
# at most about 4 times the instructions, counted by valgrind in one run
# (tests/lib/scaling.sh), for
#   rename of an object with N id-less entries in one section,
#   check --boot-log with N lines the image does not know, and with one
#     function named N times,
#   thin archives opened up inside thin archives (a fan-out is refused,
#     a wide tree costs its size, the number of units has a budget),
# and a file is known by its first bytes before it is read whole: a huge
# sparse file that is no object, no dump and no log costs neither memory
# nor a read to its end, and a huge object is mapped, not read.

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$TESTS_DIR/lib/scaling.sh"

if ! command -v valgrind >/dev/null; then
	fail "valgrind installed (it counts the instructions)"
	done_testing
	exit
fi
tmp=$(scratch)
cd "$tmp" || exit 1

# --- 4. rename: N id-less entries in one section ---------------------------

# legacy_object FILE N: N local functions and N entries in .initcall6.init,
# each with an old-style local symbol, relocated against .text.
legacy_object() {
	local i
	{
		echo .text
		for ((i = 0; i < $2; i++)); do echo "fn_$i: ret"; done
		echo '.section .initcall6.init, "a"'
		for ((i = 0; i < $2; i++)); do
			echo "__initcall_fn_${i}6: .quad fn_$i"
		done
	} >"$1.s" && as --64 -o "$1" "$1.s"
}
for n in 20 1000 4000; do
	legacy_object "r$n.o" "$n" || fail "assemble r$n.o"
done
"$ICO" rename -o out.o r4000.o
check "rename of 4000 entries: every one renamed" \
	test "$(nm out.o | grep -c ' __initcall__r4000__[0-9]*_0_fn_[0-9]*6$')" -eq 4000
scaling_ok "rename, 1000 -> 4000 entries" 5 \
	"$(icount "$ICO" rename -o out.o r20.o)" \
	"$(icount "$ICO" rename -o out.o r1000.o)" \
	"$(icount "$ICO" rename -o out.o r4000.o)"
wall_ratio "rename, 1000 -> 4000 entries" "'$ICO' rename -o out.o r1000.o" \
	"'$ICO' rename -o out.o r4000.o"

# --- 5. check --boot-log ------------------------------------------------------

# image_of FILE N FUNCTION: an image whose N entries all call FUNCTION.
image_of() {
	local i
	{
		echo '.text'
		echo '.globl start_kernel, known'
		echo 'start_kernel: ret'
		echo "$3: ret"
		echo '.section .initcall6.init, "a"'
		for ((i = 0; i < $2; i++)); do echo ".quad $3"; done
	} >"$1.s" && as --64 -o "$1.o" "$1.s" &&
	ld.lld -T image.lds -o "$1" "$1.o"
}
tiny_image_lds >image.lds
image_of vmlinux 1 known || fail "link the image"

# unknown_log FILE N: the known initcall, then N lines naming others.
unknown_log() {
	awk -v n="$2" 'BEGIN {
		print "[    0.100000] calling  known+0x0/0x4 @ 1"
		for (i = 0; i < n; i++)
			printf "[    0.2] calling  unknown_%d+0x0/0x10 @ 1\n", i
	}' >"$1"
}
for n in 10 25000 100000; do unknown_log "u$n.log" "$n"; done
"$ICO" check --boot-log u100000.log --image vmlinux >report 2>err
check "check --boot-log, 100000 unknown lines: exit 1" test $? -eq 1
check "... all of them extra" grep -q '0 missing, 100000 extra' report
scaling_ok "check --boot-log, 25000 -> 100000 unknown lines" 5 \
	"$(icount "$ICO" check --boot-log u10.log --image vmlinux)" \
	"$(icount "$ICO" check --boot-log u25000.log --image vmlinux)" \
	"$(icount "$ICO" check --boot-log u100000.log --image vmlinux)"
wall_ratio "check --boot-log, 25000 -> 100000 unknown lines" \
	"'$ICO' check --boot-log u25000.log --image vmlinux" \
	"'$ICO' check --boot-log u100000.log --image vmlinux"

# One function, N entries, N lines: each line takes the next entry.
for n in 10 1000 4000; do
	image_of "same$n" "$n" known || fail "link same$n"
	awk -v n="$n" 'BEGIN {
		for (i = 0; i < n; i++) print "calling  known+0x0/0x4 @ 1"
	}' >"same$n.log"
done
"$ICO" check --boot-log same4000.log --image same4000 >report 2>err
check "check --boot-log, one function 4000 times: the same order" \
	test $? -eq 0
scaling_ok "check --boot-log, one function 1000 -> 4000 times" 5 \
	"$(icount "$ICO" check --boot-log same10.log --image same10)" \
	"$(icount "$ICO" check --boot-log same1000.log --image same1000)" \
	"$(icount "$ICO" check --boot-log same4000.log --image same4000)"

# --- 6. Thin archives inside thin archives ----------------------------------

cat >noinit.c <<'EOF'
int plain(void) { return 0; }
EOF
gcc -c -o x.o noinit.c || fail "compile noinit.c"

# fanout DIR K: three levels of thin archives, each listing the next K
# times: a few kilobytes, K^3 units if each listing were opened up.
fanout() {
	local dir=$1 k=$2 i
	mkdir -p "$dir"
	cp x.o "$dir/x.o"
	for i in 3 2 1; do
		local names=()
		for ((j = 0; j < k; j++)); do
			if [ "$i" -eq 3 ]; then names+=(x.o); else names+=("l$((i + 1)).a"); fi
		done
		thin_archive "$dir/l$i.a" "${names[@]}"
	done
}
for k in 4 30 120; do fanout "fan$k" "$k"; done
timeout 60 "$ICO" dump fan30/l1.a >/dev/null 2>err
rc=$?
check "a fan-out of thin archives: exit 2 (got $rc)" test "$rc" -eq 2
check "... says the archive is listed again" \
	grep -qF 'fan30/l3.a: error: archive listed a second time (in fan30/l2.a)' err
if [ "$rc" -eq 2 ]; then
	scaling_ok "fan-out refused, 30 -> 120 listings a level" 5 \
		"$(icount "$ICO" dump fan4/l1.a)" \
		"$(icount "$ICO" dump fan30/l1.a)" \
		"$(icount "$ICO" dump fan120/l1.a)"
fi

# wide DIR K: a thin archive of K thin archives of 4 objects each.
wide() {
	local dir=$1 k=$2 i
	local outer=()
	mkdir -p "$dir"
	for ((i = 0; i < k; i++)); do
		cp x.o "$dir/a$i.o"; cp x.o "$dir/b$i.o"
		cp x.o "$dir/c$i.o"; cp x.o "$dir/d$i.o"
		thin_archive "$dir/n$i.a" "a$i.o" "b$i.o" "c$i.o" "d$i.o"
		outer+=("n$i.a")
	done
	thin_archive "$dir/outer.a" "${outer[@]}"
}
for k in 4 250 1000; do wide "wide$k" "$k"; done
"$ICO" dump --format=tsv wide1000/outer.a >/dev/null 2>err
check "a wide tree of 1000 nested archives: exit 0" test $? -eq 0
scaling_ok "nested archives, 250 -> 1000 of 4 members" 5 \
	"$(icount "$ICO" dump -j1 wide4/outer.a)" \
	"$(icount "$ICO" dump -j1 wide250/outer.a)" \
	"$(icount "$ICO" dump -j1 wide1000/outer.a)"

# The budget: 51 times an archive of 20000 members, 1020000 units.
awk 'BEGIN {
	printf "!<thin>\n"
	for (i = 0; i < 20000; i++)
		printf "%-16s%-12s%-6s%-6s%-8s%-10s`\n", "m" i ".o/", 0, 0, 0, 644, 0
}' >big.a
args=()
for i in $(seq 51); do args+=(big.a); done
timeout 120 "$ICO" lds "${args[@]}" >/dev/null 2>err
rc=$?
check "51 x 20000 units: exit 2 (got $rc)" test "$rc" -eq 2
check "... the budget says so, once" \
	test "$(grep -c 'error: more than 1000000 objects in the inputs' err)" -eq 1
check "... and nothing else" test "$(wc -l <err)" -eq 1

# --- 7. Formats known from the first bytes ---------------------------------

# max_rss_kb CMD...: the most memory CMD held, in KiB.
max_rss_kb() {
	/usr/bin/time -f %M -o rss "$@" >/dev/null 2>/dev/null
	tail -n 1 rss
}
truncate -s 1G sparse.o
rss=$(max_rss_kb "$ICO" lds sparse.o)
"$ICO" lds sparse.o 2>err
check "a 1 GiB sparse file: exit 2" test $? -eq 2
check "... not an object file" \
	grep -qF 'sparse.o: error: not an object file: file of unknown format' err
check "... in under 64 MiB of memory (used $rss KiB)" test "$rss" -lt 65536
thin_archive sparse.a sparse.o
rss=$(max_rss_kb "$ICO" lds sparse.a)
check "... as a thin member, in under 64 MiB too (used $rss KiB)" \
	test "$rss" -lt 65536

# A real object at the start of a 1 GiB file: mapped, its tables read.
printf '%s\n' 'static int f(void) { return 0; }' \
	'static int (*const e)(void) __asm__("__initcall__kmod_big__0_1_f6")' \
	'	__attribute__((used, section(".initcall6.init..kmod_big__0_1_f"))) = f;' \
	>big.c
clang -c -o big.o big.c || fail "compile big.c"
"$ICO" lds big.o >small.lds
truncate -s 1G big.o
rss=$(max_rss_kb "$ICO" lds big.o)
"$ICO" lds big.o >huge.lds 2>err
check "an object padded to 1 GiB: the same fragment" cmp -s small.lds huge.lds
check "... in under 64 MiB of memory (used $rss KiB)" test "$rss" -lt 65536

# Logs: binary data is refused from its first bytes, not read to the end.
"$ICO" dump --format=tsv x.o >x.tsv
truncate -s 256M zeros256.log
truncate -s 1G zeros1g.log
"$ICO" diff x.tsv zeros1g.log >/dev/null 2>err
check "diff with a 1 GiB file of NUL bytes: exit 2" test $? -eq 2
check "... binary data" grep -qF 'zeros1g.log: error: not a dump, an image or a boot log: binary data' err
"$ICO" check --boot-log zeros1g.log --image vmlinux >/dev/null 2>err
check "check --boot-log with it: binary data" \
	grep -qF 'zeros1g.log: error: not a boot log: binary data' err
flat_ok "a log of NUL bytes, 256 MiB -> 1 GiB" 1.5 \
	"$(icount "$ICO" diff x.tsv zeros256.log)" \
	"$(icount "$ICO" diff x.tsv zeros1g.log)"

done_testing
