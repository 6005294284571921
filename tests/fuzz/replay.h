/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * main() for replaying fuzzer inputs without libFuzzer: each file named
 * on the command line goes through the target once, in a buffer of its
 * exact size (so that AddressSanitizer sees any read past its end).
 * tests/tools/fuzz-<target>.c include a target and this; t-regress.sh
 * runs them over tests/regress/<target>/.
 */
#ifndef FUZZ_REPLAY_H
#define FUZZ_REPLAY_H

#include <stdio.h>
#include <stdlib.h>

#include <util/file.h>

int main(int argc, char **argv)
{
	int i;

#ifdef FUZZ_HAS_INIT
	LLVMFuzzerInitialize(&argc, &argv);
#endif
	for (i = 1; i < argc; i++) {
		struct mapped_file m;
		unsigned char *copy;
		size_t size;
		int ret = map_file(argv[i], &m);

		if (ret) {
			fprintf(stderr, "%s: cannot read: %s\n", argv[i],
				strerror(-ret));
			return 2;
		}
		size = m.size;
		copy = malloc(size ? size : 1);
		if (!copy)
			return 2;
		if (m.size)
			memcpy(copy, m.addr, m.size);
		unmap_file(&m);
		LLVMFuzzerTestOneInput(copy, size);
		free(copy);
	}
	return 0;
}

#endif /* FUZZ_REPLAY_H */
