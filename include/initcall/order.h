/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * An initcall order as some source saw it: the table computed from link
 * inputs, a saved dump, a linked image or a boot log.  check and diff
 * compare two of these.
 */
#ifndef INITCALL_ORDER_H
#define INITCALL_ORDER_H

#include <stdbool.h>
#include <stddef.h>

struct initcall_table;
struct strbuf;

struct order_entry {
	char *level;		/* "early", "6", "1s", "con"...; never NULL */
	char *module;		/* NULL when the source does not know it */
	char *function;		/* the initcall function, never NULL */
	char *id;		/* <module>__<counter>_<line>_<function> or NULL */
	char *where;		/* for reports: unit, address...; may be NULL */
	unsigned long long addr;	/* target address; 0 when unknown */
	bool idless;		/* known to have no id (initcall/idless.h) */
};

struct order {
	struct order_entry *entries;	/* run order, levels grouped */
	size_t nr;
	size_t alloc;
};

/* Appends a copy of @e (strings duplicated). */
void order_add(struct order *o, const struct order_entry *e);
/* Frees the strings of one entry. */
void order_entry_free(struct order_entry *e);
void order_free(struct order *o);

/*
 * Level, module and function (allocated) from the name of an LTO stub,
 * __initstub__<id><level>, as boot logs and image dumps print it, with
 * @buf as scratch; false when @symbol is no such name.
 */
bool order_entry_from_stub(const char *symbol, struct order_entry *e,
			   struct strbuf *buf);

/* Removes the entries of @level from @o; returns how many there were. */
size_t order_drop_level(struct order *o, const char *level);

/* The table's initcalls, levels in the kernel's run order. */
void order_from_table(struct order *o, const struct initcall_table *t);

#endif /* INITCALL_ORDER_H */
