// SPDX-License-Identifier: GPL-2.0-only
/* Orders: what check and diff compare. */
#include <stdlib.h>
#include <string.h>

#include <initcall/name.h>
#include <initcall/order.h>
#include <initcall/table.h>
#include <util/strbuf.h>
#include <util/xalloc.h>

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void order_add(struct order *o, const struct order_entry *e)
{
	struct order_entry *n;

	o->entries = xgrow(o->entries, &o->alloc, o->nr + 1,
			   sizeof(*o->entries));
	n = &o->entries[o->nr++];
	n->level = xstrdup(e->level);
	n->module = dup_or_null(e->module);
	n->function = xstrdup(e->function);
	n->id = dup_or_null(e->id);
	n->where = dup_or_null(e->where);
	n->addr = e->addr;
	n->idless = e->idless;
}

void order_entry_free(struct order_entry *e)
{
	free(e->level);
	free(e->module);
	free(e->function);
	free(e->id);
	free(e->where);
}

void order_free(struct order *o)
{
	size_t i;

	for (i = 0; i < o->nr; i++)
		order_entry_free(&o->entries[i]);
	free(o->entries);
	memset(o, 0, sizeof(*o));
}

size_t order_drop_level(struct order *o, const char *level)
{
	size_t i, kept = 0, dropped;

	for (i = 0; i < o->nr; i++) {
		struct order_entry *e = &o->entries[i];

		if (strcmp(e->level, level)) {
			o->entries[kept++] = *e;
			continue;
		}
		order_entry_free(e);
	}
	dropped = o->nr - kept;
	o->nr = kept;
	return dropped;
}

bool order_entry_from_stub(const char *symbol, struct order_entry *e,
			   struct strbuf *buf)
{
	struct initcall_name n;

	if (!initstub_parse(symbol, buf, &n))
		return false;
	e->level = span_dup(&n.level);
	e->module = span_dup(&n.module);
	e->function = span_dup(&n.function);
	return true;
}

void order_from_table(struct order *o, const struct initcall_table *t)
{
	size_t *idx = table_run_order(t);
	struct strbuf where = STRBUF_INIT;
	size_t i;

	for (i = 0; i < t->nr; i++) {
		const struct initcall *ic = &t->calls[idx[i]];
		struct order_entry e = {
			.level = ic->level,
			.module = ic->module,
			.function = ic->function,
			.idless = !initcall_has_id(ic),
		};

		if (!e.idless)
			e.id = initcall_id_dup(ic);
		strbuf_reset(&where);
		table_unit_name(t, ic, &where);
		e.where = where.buf;
		order_add(o, &e);
		free(e.id);
	}
	strbuf_release(&where);
	free(idx);
}
