/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hand-made ELF for the unit tests: the header of a little-endian x86_64
 * relocatable object, whose sections the test lays out itself.
 */
#ifndef TESTS_ELF_BUILD_H
#define TESTS_ELF_BUILD_H

#include <elf.h>
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

#endif /* TESTS_ELF_BUILD_H */
