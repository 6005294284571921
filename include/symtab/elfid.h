/* SPDX-License-Identifier: GPL-2.0-only */
/* Why libelf refuses a file that starts with the ELF magic. */
#ifndef SYMTAB_ELFID_H
#define SYMTAB_ELFID_H

#include <symtab/symtab.h>

/*
 * Fills @err with what is wrong with the identification bytes of @b
 * (class, byte order, version), or with libelf's own reason; never with
 * libelf's "no error", which is what it says about an unknown class.
 */
void elf_ident_err(const struct blob *b, struct symtab_err *err);

#endif /* SYMTAB_ELFID_H */
