// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ELF object reader: elf_scan() on any bytes, every name it reports
 * read to its end.
 */
#include <symtab/elf.h>

#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	elf_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct sym_visitor v = {
		.symbol = fuzz_on_symbol,
		.section = fuzz_on_section,
		.wants_relocs = fuzz_wants_relocs,
		.reloc = fuzz_on_reloc,
	};
	const struct sym_visitor no_sections = { .symbol = fuzz_on_symbol };
	struct blob b = { data, size };
	struct symtab_err err = { "" };

	fuzz_sink += file_kind_of(&b);
	if (elf_scan(&b, &v, &err) < 0)
		fuzz_touch(err.msg, strlen(err.msg));
	/* The walk without a section callback takes another path. */
	elf_scan(&b, &no_sections, &err);
	return 0;
}
