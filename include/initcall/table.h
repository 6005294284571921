/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ordering table: every initcall of the link inputs, in link order
 * (input, archive member, then counter within one translation unit).
 */
#ifndef INITCALL_TABLE_H
#define INITCALL_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <symtab/unit.h>

struct strbuf;

/*
 * One initcall.  With an id, its parts come from the entry symbol
 * __initcall__<module>__<counter>_<line>_<function><level>.  Without one
 * (initcall/idless.h), module, counter and line are NULL, the function is
 * what the entry's relocation points at, and section and offset say where
 * the entry sits.
 */
struct initcall {
	char *symbol;		/* the entry symbol, whole; NULL: none */
	char *module;		/* NULL: no id */
	char *counter;
	char *line;
	char *function;
	char *level;
	char type;		/* nm type letter; '-' without a symbol */
	size_t unit;		/* index into the unit list */
	char *section;		/* the section holding the entry, if known */
	unsigned long long offset;	/* no id: where in that section */
	/*
	 * An id in a section without one, as built without LTO: the
	 * fragment's line for it names a section that does not exist.
	 */
	bool misplaced;
};

static inline bool initcall_has_id(const struct initcall *ic)
{
	return ic->module != NULL;
}

struct initcall_table {
	struct initcall *calls;	/* link order */
	size_t nr;
	size_t alloc;
	const struct unit_list *units;
};

struct table_opts {
	bool allow_duplicates;	/* same id in two units: warn, not fail */
	unsigned int jobs;	/* worker threads; 0: one */
};

/* What table_build() found beyond plain errors. */
enum table_status {
	TABLE_OK = 0,
	TABLE_FINDINGS = 1,	/* duplicate ids or counters: reported */
	TABLE_BAD_INPUT = 2,	/* unreadable or corrupt input: reported */
};

/*
 * Scans every unit and fills @t in link order.  Messages go to stderr in
 * link order whatever the number of jobs.
 */
enum table_status table_build(struct initcall_table *t,
			      const struct unit_list *units,
			      const struct table_opts *opts);
void table_free(struct initcall_table *t);

/* Appends "archive:member", or the file alone, to @sb. */
void table_unit_name(const struct initcall_table *t,
		     const struct initcall *ic, struct strbuf *sb);

/*
 * Indices of the initcalls with levels in the kernel's run order and
 * link order within a level; the caller frees the array.
 */
size_t *table_run_order(const struct initcall_table *t);

/* Appends the id, <module>__<counter>_<line>_<function>, to @sb. */
void initcall_id_add(const struct initcall *ic, struct strbuf *sb);
/* The id, allocated. */
char *initcall_id_dup(const struct initcall *ic);

#endif /* INITCALL_TABLE_H */
