/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * LLVM bitcode objects: the symbols come from the symbol table that LLVM
 * embeds after the module (the "irsymtab"), read without LLVM.
 */
#ifndef SYMTAB_BITCODE_H
#define SYMTAB_BITCODE_H

#include <stdbool.h>
#include <symtab/bitstream.h>
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
 * The same for bare bitcode whose bytes @src reads into @b->data when
 * needed (NULL: all of @b is there).  Sections come with size_known
 * false: those of globals with their symbols, and, when the visitor asks
 * after the symbols, those that module-level asm switches to (.section
 * and .pushsection), read from the head of each module.
 */
int bitcode_scan_from(const struct blob *b, const struct bs_source *src,
		      const struct sym_visitor *v, struct symtab_err *err);

#endif /* SYMTAB_BITCODE_H */
