#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# -o onto something that is not a regular file (a device, a FIFO) writes
# into it; the atomic rename is only for regular files.

. "$(dirname "$0")/lib/common.sh"

tmp=$(scratch)
cd "$tmp" || exit 1
cat >a.c <<'SRC'
static int f(void) { return 0; }
asm(".section \".initcall6.init..m__1_2_f\", \"a\"\n"
    "__initcall__m__1_2_f6: .long f - .\n.previous");
int (*keep)(void) = f;
SRC
cc -c a.c -o a.o || exit 1

check "lds -o /dev/null succeeds" "$ICO" lds -o /dev/null a.o
check "/dev/null is still a character device" test -c /dev/null

mkfifo fifo
cat fifo >from-fifo &
reader=$!
check "lds -o FIFO succeeds" "$ICO" lds -o fifo a.o
wait "$reader"
"$ICO" lds a.o >expected
check "the FIFO carried the fragment" cmp -s from-fifo expected
check "the FIFO is still a FIFO" test -p fifo

done_testing
