// SPDX-License-Identifier: GPL-2.0-only
/*
 * main() for replaying fuzzer inputs without libFuzzer: each file named
 * on the command line goes through the target once, in a buffer of its
 * exact size (so that AddressSanitizer sees any read past its end).
 * make links it with each tests/fuzz/fuzz-<target>.c into
 * $(OUT)/tests/replay/fuzz-<target>; t-regress.sh runs those over
 * tests/regress/<target>/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <util/file.h>

#include "entry.h"

/* A target without an initializer leaves it NULL. */
#pragma weak LLVMFuzzerInitialize

static int replay(const char *path)
{
	struct mapped_file m;
	unsigned char *copy;
	size_t size;
	int ret = map_file(path, &m);

	if (ret) {
		fprintf(stderr, "%s: cannot read: %s\n", path, strerror(-ret));
		return -1;
	}
	size = m.size;
	copy = malloc(size ? size : 1);
	if (!copy) {
		unmap_file(&m);
		return -1;
	}
	if (m.size)
		memcpy(copy, m.addr, m.size);
	unmap_file(&m);
	LLVMFuzzerTestOneInput(copy, size);
	free(copy);
	return 0;
}

int main(int argc, char **argv)
{
	int i;

	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++)
		if (replay(argv[i]))
			return 2;
	return 0;
}
