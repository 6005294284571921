/* SPDX-License-Identifier: GPL-2.0-only */
/* ar archives, regular and thin, as GNU ar and llvm-ar write them. */
#ifndef SYMTAB_ARCHIVE_H
#define SYMTAB_ARCHIVE_H

#include <stdbool.h>
#include <symtab/symtab.h>

struct ar_member {
	const char *name;	/* not NUL-terminated */
	size_t name_len;
	bool thin;		/* data lives in the file @name names */
	struct blob data;	/* regular archives: the member's bytes */
	size_t size;		/* size from the header */
};

/* Called for each member; a non-zero return stops the walk with it. */
typedef int (*ar_visit_t)(const struct ar_member *m, void *arg);

/*
 * Calls @fn for each object member in order, skipping the symbol tables
 * and the long name table.  Returns 0, @fn's non-zero value, or -1 with
 * @err set when the archive is corrupt.
 */
int ar_walk_members(const struct blob *ar, ar_visit_t fn, void *arg,
		       struct symtab_err *err);

#endif /* SYMTAB_ARCHIVE_H */
