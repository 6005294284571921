#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Outputs never damage inputs (issue 16): rename of several objects is all
# or nothing on write; symbolic links are followed, never replaced; -o
# onto an input is refused by every command, whatever name reaches it; a
# run killed with SIGKILL leaves its temporary file where the next run
# takes it over; a live writer's is not touched.  Then the messages that
# said the wrong thing: a FIFO member, a deep chain of archives, a full
# device, a bad ELF class.

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$TESTS_DIR/fixtures/lib.sh"

tmp=$(scratch)
require_fixtures
cd "$tmp" || exit 1

# Two objects with id-less initcalls, for rename.
cat >legacy.S <<'EOF'
	.text
fa:	ret
fb:	ret
	.section .initcall6.init, "a"
	.quad fa
	.quad fb
EOF
as --64 -o a.o legacy.S && cp a.o legacy.o || fail "assemble legacy.S"
cp "$fx/obj/gcc/lib/lib1.o" in.o
sum() { md5sum <"$1"; }

# --- rename: all or nothing, links followed --------------------------------

# y.o's folder cannot take y.o's new bytes: a.o must stay as it was.
mkdir ro
cp legacy.o ro/y.o
a_before=$(sum a.o)
mounted=
if [ "$(id -u)" -ne 0 ]; then
	chmod 555 ro
elif mount -t tmpfs -o size=12k tmpfs ro 2>/dev/null; then
	mounted=1
	cp legacy.o ro/y.o
	# Fill what is left, so that the new y.o cannot be written.
	dd if=/dev/zero of=ro/fill bs=1k count=64 status=none 2>/dev/null
else
	# A folder in the way of y.o's temporary file.
	mkdir ro/y.o.tmp-initcall-order
fi
"$ICO" rename a.o ro/y.o 2>err
rc=$?
check "rename a.o ro/y.o, ro/ cannot be written: exit 2 (got $rc)" \
	test "$rc" -eq 2
check "... the message names ro/y.o" grep -q 'ro/y.o' err
check "... a.o is left as it was" test "$(sum a.o)" = "$a_before"
check "... ro/y.o is left as it was" test "$(sum ro/y.o)" = "$(sum legacy.o)"
check "... no temporary file left" \
	test -z "$(find . -name '*.tmp-initcall-order' -type f)"
[ -n "$mounted" ] && umount ro
chmod 755 ro 2>/dev/null
rm -rf ro

# rename through a symbolic link rewrites the file the link leads to.
cp legacy.o real.o
ln -s real.o link.o
"$ICO" rename link.o 2>err
check "rename link.o: exit 0" test $? -eq 0
check "... link.o is still a symbolic link to real.o" \
	test "$(readlink link.o)" = real.o
check "... real.o got its ids" sh -c 'nm real.o | grep -q "__initcall__"'
"$ICO" rename -o linked-out.o legacy.o 2>/dev/null
ln -s nowhere.o dangling.o
"$ICO" lds -o dangling.o in.o 2>err
check "-o onto a link that leads nowhere: refused" test $? -eq 2
check "... and said so" grep -q 'dangling.o: error: a symbolic link that leads nowhere' err
check "... the link stays" test -L dangling.o

# --- -o onto an input: refused by every command ----------------------------

ln in.o hard.o
ln -s in.o soft.o
cp in.o member.o
ar rcT thin.a member.o
"$ICO" dump --format=tsv in.o >dump.tsv
printf 'calling  lib1_init+0x0/0x10 @ 1\n' >boot.log

# refused WHAT FILE CMD...: exit 2, the message says it, FILE unchanged.
refused() {
	local what=$1 file=$2 before rc
	shift 2
	before=$(sum "$file")
	"$@" >/dev/null 2>err
	rc=$?
	check "$what: exit 2 (got $rc)" test "$rc" -eq 2
	check "$what: says it is an input" \
		grep -q "error: not overwritten: it is an input of this run" err
	check "$what: the input is unchanged" test "$(sum "$file")" = "$before"
}
refused "lds -o in.o in.o" in.o "$ICO" lds -o in.o in.o
refused "dump -o in.o in.o" in.o "$ICO" dump -o in.o in.o
refused "lds -o hard.o in.o (a hard link)" in.o "$ICO" lds -o hard.o in.o
refused "lds -o soft.o in.o (a symbolic link)" in.o "$ICO" lds -o soft.o in.o
refused "lds -o member.o thin.a (a thin member)" member.o \
	"$ICO" lds -o member.o thin.a
refused "diff -o dump.tsv dump.tsv dump.tsv" dump.tsv \
	"$ICO" diff -o dump.tsv dump.tsv dump.tsv
refused "check --golden dump.tsv -o dump.tsv" dump.tsv \
	"$ICO" check --golden dump.tsv -o dump.tsv in.o
refused "rename -o legacy.o legacy.o" legacy.o \
	"$ICO" rename -o legacy.o legacy.o
"$ICO" check --golden g.tsv --update-golden in.o 2>/dev/null
"$ICO" check --golden g.tsv --update-golden in.o >/dev/null 2>err
check "--update-golden may still rewrite the golden file it read" \
	test $? -eq 0

# --- A killed run's temporary file is taken over ---------------------------

stopped() {
	local state
	state=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)
	[ "$state" = T ] || [ "$state" = t ]
}

# wait_stopped PID: until the tool stopped itself before its rename.
wait_stopped() {
	local i
	for i in $(seq 1 200); do
		stopped "$1" && return 0
		kill -0 "$1" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

cp "$fx/obj/gcc/lib/lib1.o" k.o
echo old >out.lds
ICO_TEST_STOP_BEFORE_RENAME=1 "$ICO" lds -o out.lds k.o 2>/dev/null &
pid=$!
check "a run stops before its rename" wait_stopped "$pid"
check "... its temporary file is there" test -f out.lds.tmp-initcall-order

# A second run meanwhile: the live writer's file is not touched.
"$ICO" lds -o out.lds k.o 2>err
check "a second run meanwhile: exit 2" test $? -eq 2
check "... says another run is writing" grep -q 'another run is writing it' err
check "... the first run's temporary file is still there" \
	test -s out.lds.tmp-initcall-order

kill -KILL "$pid"
wait "$pid" 2>/dev/null
check "after SIGKILL: the old output is intact" test "$(cat out.lds)" = old
check "after SIGKILL: its temporary file is left" \
	test -f out.lds.tmp-initcall-order
"$ICO" lds -o out.lds k.o 2>err
check "the next run: exit 0" test $? -eq 0
check "the next run: writes the fragment" grep -q '^SECTIONS {' out.lds
check "the next run: no temporary file left" \
	test -z "$(ls out.lds.tmp* 2>/dev/null)"

# --- Messages -----------------------------------------------------------------

# ar would wait on a FIFO: the members become FIFOs once archived.
touch pipe pipe.o
ar rcT fifo.a in.o pipe
ar rcT fifo-o.a in.o pipe.o
rm pipe pipe.o
mkfifo pipe pipe.o
timeout 10 "$ICO" lds fifo.a >/dev/null 2>err
check "a FIFO member: exit 2" test $? -eq 2
check "... is a FIFO" grep -qF 'fifo.a(pipe): error: thin archive member pipe is a FIFO, not a regular file' err
check "... nothing about seeking" sh -c '! grep -q "Illegal seek" err'
timeout 10 "$ICO" lds fifo-o.a >/dev/null 2>err
check "a FIFO member named .o: is a FIFO" \
	grep -qF 'fifo-o.a(pipe.o): error: cannot read pipe.o: is a FIFO, not a regular file' err

# A chain of nine distinct archives, no loop.
cp in.o deep.o
thin_archive d9.a deep.o
for i in 8 7 6 5 4 3 2 1 0; do
	thin_archive "d$i.a" "d$((i + 1)).a"
done
"$ICO" lds d0.a >/dev/null 2>err
check "nine deep: exit 2" test $? -eq 2
check "... says how deep" grep -q 'archives nested more than 8 deep' err
check "... not that it includes itself" sh -c '! grep -q "includes itself" err'

if [ -w /dev/full ]; then
	"$ICO" lds -o /dev/full in.o 2>err
	check "-o /dev/full: exit 2" test $? -eq 2
	check "... in the shape 'file: error:'" \
		grep -qx 'initcall-order: /dev/full: error: cannot write: No space left on device' err
fi

cp in.o class.o
printf '\x07' | dd of=class.o bs=1 seek=4 conv=notrunc status=none
"$ICO" lds class.o 2>err
check "bad EI_CLASS: exit 2" test $? -eq 2
check "... names the class" grep -qF 'class.o: error: not a valid ELF file: unknown class 7 (byte 4)' err
"$ICO" rename class.o 2>err
check "bad EI_CLASS, rename: names the class" grep -qF 'unknown class 7' err

done_testing
