/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hand-made ELF for the unit tests: the header of a little-endian x86_64
 * relocatable object, whose sections the test lays out itself, and name
 * offsets in the string tables it writes.
 */
#ifndef TESTS_ELF_BUILD_H
#define TESTS_ELF_BUILD_H

#include <elf.h>
#include <stdlib.h>
#include <string.h>

static inline void elf64_rel_header(Elf64_Ehdr *eh, unsigned int shnum,
				    unsigned int shstrndx)
{
	memset(eh, 0, sizeof(*eh));
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_REL;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_ehsize = sizeof(*eh);
	eh->e_shentsize = sizeof(Elf64_Shdr);
	eh->e_shnum = shnum;
	eh->e_shstrndx = shstrndx;
}

/* The offset of @s in a string table of @size bytes; it must be there. */
static inline unsigned int elf_str_off(const char *table, size_t size,
				       const char *s)
{
	size_t i;

	for (i = 1; i < size; i += strlen(table + i) + 1)
		if (!strcmp(table + i, s))
			return i;
	abort();
}

#endif /* TESTS_ELF_BUILD_H */
