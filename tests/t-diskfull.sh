#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A full disk: -o FILE on a small tmpfs that cannot hold the new fragment
# gives a clear error, exit 2, the old file intact and no temporary file.
# Needs mount (root); without it, RLIMIT_FSIZE stands in for the full
# disk (the write fails with EFBIG instead of ENOSPC).

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$TESTS_DIR/lib/bigcorpus.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ico-diskfull.XXXXXX")
mnt=$tmp/mnt
mounted=
cleanup() {
	[ -z "$mounted" ] || umount "$mnt"
	rm -rf "$tmp"
}
trap cleanup EXIT
cd "$tmp" || exit 1

big_object big.o 2000 kmod_full || fail "assemble big.o"
"$ICO" lds -o want.lds big.o
check "the fragment is larger than the disk" \
	test "$(stat -c %s want.lds)" -gt 65536
printf 'old contents\n' >old

no_temp() { ! ls "$1".tmp* >/dev/null 2>&1; }

mkdir "$mnt"
if mount -t tmpfs -o size=64k tmpfs "$mnt" 2>mount.err; then
	mounted=1
	cp old "$mnt/out.lds"
	"$ICO" lds -o "$mnt/out.lds" big.o 2>err
	rc=$?
	check "full tmpfs: exit 2 (got $rc)" test "$rc" -eq 2
	check "full tmpfs: the message names the file" \
		grep -q "$mnt/out.lds" err
	check "full tmpfs: the message says the disk is full" \
		grep -q 'No space left on device' err
	check "full tmpfs: old file intact" cmp -s old "$mnt/out.lds"
	check "full tmpfs: no temporary file" no_temp "$mnt/out.lds"
	# A fragment that fits still replaces the old file.
	big_object small.o 20 kmod_small
	"$ICO" lds -o "$mnt/out.lds" small.o
	rc=$?
	"$ICO" lds small.o >small.lds
	check "tmpfs with room: exit 0 (got $rc)" test "$rc" -eq 0
	check "tmpfs with room: new file written" \
		cmp -s small.lds "$mnt/out.lds"
else
	echo "# mount -t tmpfs not permitted here: $(cat mount.err)"
	pass "full tmpfs # SKIP mount not permitted"
fi

# RLIMIT_FSIZE: the write fails part way (SIGXFSZ ignored, so EFBIG).
cp old out.lds
(
	trap '' XFSZ
	ulimit -f 32
	exec "$ICO" lds -o out.lds big.o
) 2>err
rc=$?
check "file size limit: exit 2 (got $rc)" test "$rc" -eq 2
check "file size limit: the message names the file" grep -q 'out.lds' err
check "file size limit: says why" grep -q 'File too large' err
check "file size limit: old file intact" cmp -s old out.lds
check "file size limit: no temporary file" no_temp out.lds

done_testing
