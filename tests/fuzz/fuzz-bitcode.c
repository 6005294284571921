// SPDX-License-Identifier: GPL-2.0-only
/*
 * The bitcode reader: bitstream, blocks, abbreviations and the irsymtab
 * that bitcode_scan() finds in them, on any bytes.
 */
#include <symtab/bitcode.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct sym_visitor v = {
		.symbol = fuzz_on_symbol,
		.section = fuzz_on_section,
	};
	struct blob b = { data, size };
	struct symtab_err err = { "" };
	int ret;

	ret = bitcode_scan(&b, &v, &err);
	if (ret == -1 || ret == BITCODE_FALLBACK) {
		/* The message must be a string, and say something. */
		if (!memchr(err.msg, '\0', sizeof(err.msg)) || !err.msg[0])
			abort();
		fuzz_touch(err.msg, strlen(err.msg));
	}
	return 0;
}
