// SPDX-License-Identifier: GPL-2.0-only
/*
 * The irsymtab reader alone, without a bitstream around it.  The input is
 * a 4-byte little-endian length, that many bytes of symbol table (fewer
 * if the input ends first) and the string table.
 */
#include <symtab/irsymtab.h>

#include "fuzz.h"

static int on_irsym(const struct irsym *s, void *arg)
{
	size_t *left = arg;

	/*
	 * LLVM gives each module its own run of symbols: no table entry is
	 * a symbol twice, else a small file could list n * n symbols.
	 */
	if (!(*left)--)
		abort();
	fuzz_touch(s->name, s->name_len);
	if (s->section)
		fuzz_touch(s->section, s->section_len);
	fuzz_sink += s->flags + s->module;
	if (!(s->flags & IRSYM_UNDEFINED))
		fuzz_sink += irsym_nm_type(s->flags);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct blob symtab, strtab;
	struct symtab_err err = { "" };
	struct irsymtab t;
	size_t len, left;

	if (size < 4)
		return 0;
	len = data[0] | data[1] << 8 | data[2] << 16 | (size_t)data[3] << 24;
	data += 4;
	size -= 4;
	if (len > size)
		len = size;
	symtab.data = data;
	symtab.size = len;
	strtab.data = data + len;
	strtab.size = size - len;
	if (irsymtab_open(&t, &symtab, &strtab, &err)) {
		fuzz_touch(err.msg, strlen(err.msg));
		return 0;
	}
	fuzz_sink += irsymtab_nr_modules(&t);
	left = t.symbols.nr;
	irsymtab_walk(&t, on_irsym, &left);
	return 0;
}
