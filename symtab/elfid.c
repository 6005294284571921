// SPDX-License-Identifier: GPL-2.0-only
/* Words for an ELF identification that libelf will not open. */
#include <elf.h>
#include <libelf.h>
#include <string.h>

#include <symtab/elfid.h>

void elf_ident_err(const struct blob *b, struct symtab_err *err)
{
	const unsigned char *id = b->data;
	int code = elf_errno();

	if (b->size < EI_NIDENT) {
		symtab_errf(err, "truncated: %zu bytes, the ELF identification alone has %d",
			    b->size, EI_NIDENT);
	} else if (id[EI_CLASS] != ELFCLASS32 && id[EI_CLASS] != ELFCLASS64) {
		symtab_errf(err, "not a valid ELF file: unknown class %u (byte %d)",
			    id[EI_CLASS], EI_CLASS);
	} else if (id[EI_DATA] != ELFDATA2LSB && id[EI_DATA] != ELFDATA2MSB) {
		symtab_errf(err, "not a valid ELF file: unknown byte order %u (byte %d)",
			    id[EI_DATA], EI_DATA);
	} else if (id[EI_VERSION] != EV_CURRENT) {
		symtab_errf(err, "not a valid ELF file: unknown version %u (byte %d)",
			    id[EI_VERSION], EI_VERSION);
	} else if (code) {
		symtab_errf(err, "not a valid ELF file: %s", elf_errmsg(code));
	} else {
		symtab_errf(err, "not a valid ELF file");
	}
}
