/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * LLVM bitcode objects: the symbols come from the symbol table that LLVM
 * embeds after the module (the "irsymtab"), read without LLVM.
 */
#ifndef SYMTAB_BITCODE_H
#define SYMTAB_BITCODE_H

#include <stdbool.h>
#include <symtab/symtab.h>

/* bitcode_scan() found no symbol table it can trust; @err says why. */
#define BITCODE_FALLBACK	1

/*
 * Walks the defined symbols of a bitcode file in symbol table order,
 * skipping format-specific ones, with llvm-nm's type letters.
 * Returns 0; the visitor's non-zero value; BITCODE_FALLBACK when the
 * symbol table is missing, of an unknown version or inconsistent (the
 * caller should ask nm); or -1 with @err set when the bitstream itself
 * is corrupt or truncated.
 */
int bitcode_scan(const struct blob *b, const struct sym_visitor *v,
		 struct symtab_err *err);

/*
 * The bytes of a bare bitcode file that bitcode_scan() jumps over: the
 * body of the first module, [@start, @end).  @head holds the first bytes
 * of the file; false when they do not show the module's header.  A
 * reader may leave those bytes unread.
 */
bool bitcode_module_span(const struct blob *head, size_t *start,
			 size_t *end);

#endif /* SYMTAB_BITCODE_H */
