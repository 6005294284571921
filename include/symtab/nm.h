/* SPDX-License-Identifier: GPL-2.0-only */
/* The fallback: ask $NM (default llvm-nm) for the defined symbols. */
#ifndef SYMTAB_NM_H
#define SYMTAB_NM_H

#include <symtab/symtab.h>

/*
 * Runs "$NM --defined-only FILE" (no shell) and walks its output.  When
 * @path is NULL the blob is written to a temporary file first.  Returns 0,
 * the visitor's non-zero value, or -1 with @err set.
 */
int nm_scan(const char *path, const struct blob *b,
	    const struct sym_visitor *v, struct symtab_err *err);

#endif /* SYMTAB_NM_H */
