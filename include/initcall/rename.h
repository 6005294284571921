/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Giving id-less initcalls unique ids: which entries of an object lack one,
 * which names they get, and the edits that apply them.
 *
 * An id-less initcall is an entry in a section named exactly
 * .initcall<level>.init or .con_initcall.init (what assembly files, code
 * built without the kernel's LTO macros and prebuilt objects have), with
 * an old-style symbol such as __initcall_foo6, or none at all.  Each entry
 * is one relocation (4 bytes for a place-relative offset, 4 or 8 for a
 * pointer); a section holding several is split, one section per entry as
 * under CONFIG_LTO_CLANG.  Each gets the id <module>__<counter>_<line>_<fn>:
 *
 *  - module: --modname, else the object's file name without ".o", with
 *    every character other than a letter, digit or '_' made '_' (the
 *    kernel turns '-' and ',' into '_');
 *  - counter: continues after the largest counter already used by an id in
 *    the object, and after every counter that objects of the same module
 *    on the same command line use or were given, so that objects with
 *    equal base names in different folders, renamed together, never
 *    collide;
 *  - line: 0 (an object does not say where an entry was written), or the
 *    line of an id the entry already carries;
 *  - fn: the function the entry calls, from its relocation.
 *
 * The section becomes <section>..<id>, its relocation section follows, and
 * the entry symbol becomes __initcall__<id><level> (a local old-style
 * symbol is renamed; otherwise a local symbol is added).  An entry whose
 * symbol already is an id keeps it; only its section is renamed.  Entries
 * already in <section>..<id> sections are left alone, so a second run
 * finds nothing to do.
 */
#ifndef INITCALL_RENAME_H
#define INITCALL_RENAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <util/warn.h>

struct elf_edit;

struct rename_entry {
	size_t section;		/* the legacy section, before any split */
	uint64_t offset;	/* of the entry in it */
	unsigned int width;	/* 4 or 8 bytes */
	char *level;		/* from the section name */
	size_t symbol;		/* local symbol to rename; 0: add one */
	bool has_id;		/* the entry's symbol already is an id */
	char *function;		/* what it calls, made an identifier */
	unsigned long long counter;
	char *id;		/* <module>__<counter>_<line>_<function> */
	char *old_symbol;	/* for messages: the symbol it had, or NULL */
};

/* An id an object already has. */
struct rename_id {
	char *id;
	char *module;
	unsigned long long counter;
};

struct rename_object {
	struct loc loc;
	struct elf_edit *ed;
	char *modname;
	struct rename_entry *entries;
	size_t nr;
	size_t alloc;
	bool has_counter;	/* some symbol carries an id */
	unsigned long long max_counter;
	struct rename_id *ids;	/* ids already in the object */
	size_t nr_ids;
	size_t alloc_ids;
	/*
	 * Symbols by place (section, then value; symbol table order at one
	 * place), and for the first symbol of each place the function named
	 * there (see rename.c), so that n entries cost n log n, not n times
	 * the symbols.
	 */
	size_t *by_place;
	size_t nr_by_place;
	const char **place_fn;
};

/* The kernel's module name for @path: the base name without ".o". */
char *rename_modname_from_path(const char *path);
/* A usable module name: non-empty, letters, digits and '_' only. */
bool rename_modname_valid(const char *name);
/*
 * Entries of a section of @size bytes from its relocation offsets (any
 * order): every entry is one relocation, all of one width, 4 or 8.
 * Returns the width, or 0 when the offsets do not fit that shape.
 */
unsigned int entry_width(const uint64_t *offsets, size_t nr, uint64_t size);
/* Makes @name an identifier in place: other bytes become '_'. */
void identifier_fix(char *name);

/*
 * Finds the id-less initcalls of @ed and the ids it has.  @modname is
 * copied.  Prints errors against @loc and returns -1 on bad input.
 */
int rename_scan(struct rename_object *obj, struct elf_edit *ed,
		const struct loc *loc, const char *modname);

/*
 * Hands out counters to the entries of @objs (command-line order) and
 * builds their ids; checks that no new id collides with any other id.
 * Returns -1 after printing errors.
 */
int rename_assign(struct rename_object *objs, size_t nr);

/* Applies the edits to obj->ed; -1 after printing an error. */
int rename_apply(struct rename_object *obj);

void rename_object_free(struct rename_object *obj);

#endif /* INITCALL_RENAME_H */
