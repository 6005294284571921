/* SPDX-License-Identifier: GPL-2.0-only */
/* ELF objects through libelf. */
#ifndef SYMTAB_ELF_H
#define SYMTAB_ELF_H

#include <symtab/symtab.h>

/* Must run once before any thread reads ELF. */
void elf_init(void);

/*
 * Walks the sections and then the defined symbols of an ELF relocatable
 * object (or any ELF file with a symbol table).  Returns 0, the visitor's
 * non-zero value, or -1 with @err set when the file is corrupt.
 */
int elf_scan(const struct blob *b, const struct sym_visitor *v,
	     struct symtab_err *err);

#endif /* SYMTAB_ELF_H */
