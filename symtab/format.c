// SPDX-License-Identifier: GPL-2.0-only
/* Telling formats apart by their first bytes. */
#include <elf.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <symtab/symtab.h>

void symtab_errf(struct symtab_err *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

static unsigned int elf_type(const struct blob *b)
{
	const unsigned char *d = b->data;

	/* e_type is at offset 16 in both classes, in the file's byte order. */
	if (b->size < 18)
		return ET_NONE;
	if (d[EI_DATA] == ELFDATA2MSB)
		return d[16] << 8 | d[17];
	return d[17] << 8 | d[16];
}

static enum file_kind elf_kind(const struct blob *b)
{
	switch (elf_type(b)) {
	case ET_REL:
		return FILE_ELF_REL;
	case ET_EXEC:
	case ET_DYN:
		return FILE_ELF_EXEC;
	default:
		return FILE_ELF_OTHER;
	}
}

enum file_kind file_kind_of(const struct blob *b)
{
	static const unsigned char bc_magic[4] = { 'B', 'C', 0xc0, 0xde };
	static const unsigned char bc_wrapper[4] = { 0xde, 0xc0, 0x17, 0x0b };

	if (!b->size)
		return FILE_EMPTY;
	if (b->size >= SELFMAG && !memcmp(b->data, ELFMAG, SELFMAG))
		return elf_kind(b);
	if (b->size >= 4 && (!memcmp(b->data, bc_magic, 4) ||
			     !memcmp(b->data, bc_wrapper, 4)))
		return FILE_BITCODE;
	if (b->size >= 8 && !memcmp(b->data, "!<arch>\n", 8))
		return FILE_AR;
	if (b->size >= 8 && !memcmp(b->data, "!<thin>\n", 8))
		return FILE_THIN_AR;
	return FILE_UNKNOWN;
}

const char *file_kind_name(enum file_kind kind)
{
	switch (kind) {
	case FILE_EMPTY:
		return "empty file";
	case FILE_ELF_REL:
		return "ELF relocatable object";
	case FILE_ELF_EXEC:
		return "ELF executable";
	case FILE_ELF_OTHER:
		return "ELF file of another type";
	case FILE_BITCODE:
		return "LLVM bitcode";
	case FILE_AR:
		return "ar archive";
	case FILE_THIN_AR:
		return "thin ar archive";
	default:
		return "file of unknown format";
	}
}
