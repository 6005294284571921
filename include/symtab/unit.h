/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Translation units in link order: each command-line input, with archives
 * (nested, thin or not) opened up into their members.
 */
#ifndef SYMTAB_UNIT_H
#define SYMTAB_UNIT_H

#include <symtab/symtab.h>
#include <util/file.h>
#include <util/warn.h>

struct unit {
	struct loc loc;		/* file (the archive for members), member */
	char *path;		/* the object to map; NULL: @blob holds it */
	struct blob blob;	/* bytes of a regular archive member */
	unsigned int input;	/* index of the command-line input */
	unsigned int depth;	/* 0: the input, 1: its member, 2: nested */
};

struct unit_list {
	struct unit *units;
	size_t nr;
	size_t alloc;
	char **inputs;		/* as given, before $objtree: by index */
	size_t nr_inputs;
	struct mapped_file *maps;	/* archives kept mapped for members */
	size_t nr_maps;
	size_t maps_alloc;
};

/*
 * Appends the units of input @path (opened as @objtree/@path when @objtree
 * is set), archives expanded in member order.  Prints an error naming the
 * file and member and returns -1 on a bad archive or missing member.
 */
int units_add_input(struct unit_list *list, const char *objtree,
		    const char *path, unsigned int input);
void units_free(struct unit_list *list);

/*
 * Walks the defined symbols of one unit, whatever its format; bitcode
 * without a usable symbol table falls back to $NM with one line on stderr.
 * Prints errors with the unit's location and returns -1 on bad input.
 */
int unit_scan(const struct unit *u, const struct sym_visitor *v);

#endif /* SYMTAB_UNIT_H */
