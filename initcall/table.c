// SPDX-License-Identifier: GPL-2.0-only
/*
 * Building the ordering table.  Each unit is scanned on its own (possibly
 * on another thread) into its own slot with its own messages; the slots are
 * then joined in link order, so nothing depends on scheduling.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <initcall/idless.h>
#include <initcall/name.h>
#include <initcall/table.h>
#include <util/parallel.h>
#include <util/strbuf.h>
#include <util/xalloc.h>

/* An ".initcall*.init..<id>" section seen in a unit, checked at the end. */
struct id_section {
	char *name;
};

struct unit_result {
	struct initcall *calls;
	size_t nr;
	size_t alloc;
	struct id_section *sections;
	size_t nr_sections;
	size_t sections_alloc;
	struct idless_unit idless;
	char *bitcode_idless;	/* an id-less section bitcode names */
	struct strbuf diag;
	enum table_status status;
};

struct scan_ctx {
	const struct unit_list *units;
	struct unit_result *results;
};

struct unit_scan {
	const struct unit *unit;
	size_t index;
	struct unit_result *r;
};

static void worse(enum table_status *status, enum table_status s)
{
	if (s > *status)
		*status = s;
}

static void add_initcall(struct unit_scan *us, const struct sym *s,
			 const struct initcall_name *n)
{
	struct unit_result *r = us->r;
	struct initcall *ic;

	r->calls = xgrow(r->calls, &r->alloc, r->nr + 1, sizeof(*r->calls));
	ic = &r->calls[r->nr++];
	memset(ic, 0, sizeof(*ic));
	ic->symbol = xstrndup(s->name, s->name_len);
	ic->module = span_dup(&n->module);
	ic->counter = span_dup(&n->counter);
	ic->line = span_dup(&n->line);
	ic->function = span_dup(&n->function);
	ic->level = span_dup(&n->level);
	ic->type = s->type;
	ic->unit = us->index;
	if (s->section) {
		struct initcall_section sec;

		ic->section = xstrndup(s->section, s->section_len);
		ic->misplaced = initcall_section_parse(s->section,
						       s->section_len, &sec) &&
				!sec.id.len;
	}
}

static int on_symbol(const struct sym *s, void *arg)
{
	struct unit_scan *us = arg;
	struct initcall_name n;
	enum name_result r;

	r = initcall_parse(s->name, s->name_len, &n);
	idless_add_label(&us->r->idless, s, r == NAME_OK);
	/* The kernel's script only looks at local (lower-case) symbols. */
	if (!islower((unsigned char)s->type))
		return 0;
	switch (r) {
	case NAME_OK:
		add_initcall(us, s, &n);
		break;
	case NAME_BAD_LEVEL:
		loc_err(&us->unit->loc,
			"initcall %.*s: the name does not end in a level (early, 0-7, rootfs or con, with an optional 's')",
			(int)s->name_len, s->name);
		worse(&us->r->status, TABLE_BAD_INPUT);
		break;
	case NAME_BAD_CHAR:
		loc_err(&us->unit->loc,
			"symbol %.*s: an __initcall__ name with bytes no kernel id holds (only A-Z, a-z, 0-9 and _); refused",
			(int)s->name_len, s->name);
		worse(&us->r->status, TABLE_BAD_INPUT);
		break;
	default:
		break;
	}
	return 0;
}

static void add_id_section(struct unit_result *r, const struct sym_section *s)
{
	r->sections = xgrow(r->sections, &r->sections_alloc,
			    r->nr_sections + 1, sizeof(*r->sections));
	r->sections[r->nr_sections++].name = xstrndup(s->name, s->name_len);
}

/*
 * Sections named by LLVM bitcode come without a size: an id-less one
 * there means entries that LTO will merge into its own output, where no
 * rule can tell them from the others (reported once the unit is read).
 */
static int on_section(const struct sym_section *s, void *arg)
{
	struct unit_scan *us = arg;
	struct unit_result *r = us->r;
	struct initcall_section name;

	if (!initcall_section_parse(s->name, s->name_len, &name))
		return 0;
	if (name.id.len)
		add_id_section(r, s);
	else if (s->size_known)
		idless_add_section(&r->idless, s);
	else if (!r->bitcode_idless)
		r->bitcode_idless = xstrndup(s->name, s->name_len);
	return 0;
}

static bool wants_relocs(const char *name, size_t len, void *arg)
{
	struct initcall_section sec;

	return initcall_section_parse(name, len, &sec) && !sec.id.len;
}

static int on_reloc(const struct sym_reloc *rel, void *arg)
{
	struct unit_scan *us = arg;

	idless_add_reloc(&us->r->idless, rel);
	return 0;
}

static int on_asm_symbol(const char *name, size_t len, bool defined,
			 void *arg)
{
	struct unit_scan *us = arg;

	idless_add_asm_symbol(&us->r->idless, name, len, defined);
	return 0;
}

static bool wants_asm_sections(void *arg)
{
	struct unit_scan *us = arg;

	return idless_wants_asm(&us->r->idless);
}

void initcall_id_add(const struct initcall *ic, struct strbuf *sb)
{
	strbuf_addf(sb, "%s__%s_%s_%s", ic->module, ic->counter, ic->line,
		    ic->function);
}

char *initcall_id_dup(const struct initcall *ic)
{
	struct strbuf sb = STRBUF_INIT;

	initcall_id_add(ic, &sb);
	return strbuf_detach(&sb);
}

static int str_ptr_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The ids of a unit's initcalls, sorted for bsearch. */
static char **sorted_ids(const struct unit_result *r)
{
	char **ids = xcalloc(r->nr ? r->nr : 1, sizeof(*ids));
	size_t i;

	for (i = 0; i < r->nr; i++)
		ids[i] = initcall_id_dup(&r->calls[i]);
	qsort(ids, r->nr, sizeof(*ids), str_ptr_cmp);
	return ids;
}

/* Per-initcall sections whose id names no entry symbol are left out. */
static void check_sections(struct unit_scan *us)
{
	struct unit_result *r = us->r;
	struct initcall_section sec;
	char **ids;
	size_t i;

	if (!r->nr_sections)
		return;
	ids = sorted_ids(r);
	for (i = 0; i < r->nr_sections; i++) {
		const char *name = r->sections[i].name;
		char *id;

		initcall_section_parse(name, strlen(name), &sec);
		id = xstrndup(sec.id.s, sec.id.len);
		if (!bsearch(&id, ids, r->nr, sizeof(*ids), str_ptr_cmp))
			loc_warn(&us->unit->loc,
				 "section %s has no __initcall__ symbol with its id; the fragment leaves it out",
				 name);
		free(id);
		free(r->sections[i].name);
	}
	for (i = 0; i < r->nr; i++)
		free(ids[i]);
	free(ids);
	free(r->sections);
	r->sections = NULL;
	r->nr_sections = 0;
}

static int counter_cmp(const void *a, const void *b, void *arg)
{
	const struct initcall *calls = arg;
	const size_t *i = a, *j = b;
	const char *x = calls[*i].counter, *y = calls[*j].counter;
	int c = digits_cmp(x, strlen(x), y, strlen(y));

	/* Ties keep symbol table order. */
	return c ? c : (*i < *j ? -1 : *i > *j);
}

/* A stable sort by counter, through an index array. */
static void sort_by_counter(struct unit_result *r)
{
	size_t *idx = xcalloc(r->nr ? r->nr : 1, sizeof(*idx));
	struct initcall *sorted = xcalloc(r->nr ? r->nr : 1, sizeof(*sorted));
	size_t i;

	for (i = 0; i < r->nr; i++)
		idx[i] = i;
	qsort_r(idx, r->nr, sizeof(*idx), counter_cmp, r->calls);
	for (i = 0; i < r->nr; i++)
		sorted[i] = r->calls[idx[i]];
	free(r->calls);
	free(idx);
	r->calls = sorted;
	r->alloc = r->nr ? r->nr : 1;
}

/* One unit's initcalls run in counter order; a counter must be unique. */
static void sort_unit(struct unit_scan *us)
{
	struct unit_result *r = us->r;
	size_t i;

	sort_by_counter(r);
	for (i = 1; i < r->nr; i++) {
		const struct initcall *a = &r->calls[i - 1], *b = &r->calls[i];

		if (digits_cmp(a->counter, strlen(a->counter), b->counter,
			       strlen(b->counter)))
			continue;
		loc_err(&us->unit->loc,
			"initcalls %s and %s share counter %s (the kernel's script would keep only one)",
			a->symbol, b->symbol, b->counter);
		worse(&r->status, TABLE_FINDINGS);
	}
}

/*
 * The unit's initcalls without an id follow those with one: they have no
 * counter, and the object lays them out in its own section order.
 */
static void add_idless(struct unit_scan *us)
{
	struct unit_result *r = us->r;
	const struct loc *loc = &us->unit->loc;

	if (r->bitcode_idless) {
		loc_err(loc, "LLVM bitcode with initcalls in %s, a section without an id: LTO merges them into its own output, where no linker script can place them; give them ids or build this object without LTO",
			r->bitcode_idless);
		worse(&r->status, TABLE_BAD_INPUT);
	} else if (idless_entries(&r->idless, loc, us->index, &r->calls,
				  &r->nr, &r->alloc)) {
		worse(&r->status, TABLE_BAD_INPUT);
	}
	free(r->bitcode_idless);
	idless_unit_free(&r->idless);
}

static void scan_one(size_t i, void *arg)
{
	struct scan_ctx *ctx = arg;
	struct unit_scan us = {
		.unit = &ctx->units->units[i],
		.index = i,
		.r = &ctx->results[i],
	};
	struct sym_visitor v = {
		.symbol = on_symbol,
		.section = on_section,
		.wants_relocs = wants_relocs,
		.reloc = on_reloc,
		.asm_symbol = on_asm_symbol,
		.wants_asm_sections = wants_asm_sections,
		.arg = &us,
	};

	diag_capture(&us.r->diag);
	if (unit_scan(us.unit, &v) < 0)
		worse(&us.r->status, TABLE_BAD_INPUT);
	check_sections(&us);
	sort_unit(&us);
	add_idless(&us);
	diag_capture(NULL);
}

static void append_result(struct initcall_table *t, struct unit_result *r)
{
	t->calls = xgrow(t->calls, &t->alloc, t->nr + r->nr,
			 sizeof(*t->calls));
	if (r->nr)	/* r->calls may be NULL: memcpy() must not see it */
		memcpy(t->calls + t->nr, r->calls,
		       r->nr * sizeof(*r->calls));
	t->nr += r->nr;
	free(r->calls);
	fputs(strbuf_str(&r->diag), stderr);
	strbuf_release(&r->diag);
}

struct id_ref {
	char *id;
	size_t index;
};

static int id_ref_cmp(const void *a, const void *b)
{
	const struct id_ref *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	return c ? c : (x->index < y->index ? -1 : x->index > y->index);
}

static int size_cmp(const void *a, const void *b)
{
	const size_t *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

static void report_duplicate(const struct initcall_table *t, size_t first,
			     size_t dup, bool fatal)
{
	const struct initcall *a = &t->calls[first], *b = &t->calls[dup];
	const struct loc *loc = &t->units->units[b->unit].loc;
	struct strbuf an = STRBUF_INIT;
	char *id = initcall_id_dup(b);

	table_unit_name(t, a, &an);
	if (fatal)
		loc_err(loc, "initcall id %s is also defined in %s; the fragment would place both at the first one's position",
			id, an.buf);
	else
		loc_warn(loc, "initcall id %s is also defined in %s", id,
			 an.buf);
	strbuf_release(&an);
	free(id);
}

/*
 * The same id in two units is one "*(...)" line in the fragment that
 * places both sections at the first one's position.  Reported in link
 * order of the later definition.
 */
static bool find_duplicates(const struct initcall_table *t, bool fatal)
{
	struct id_ref *refs = xcalloc(t->nr ? t->nr : 1, sizeof(*refs));
	size_t *pairs = xcalloc(2 * t->nr + 1, sizeof(*pairs));
	size_t i, n = 0, nr_pairs = 0, first = 0;

	for (i = 0; i < t->nr; i++) {
		if (!initcall_has_id(&t->calls[i]))
			continue;
		refs[n].id = initcall_id_dup(&t->calls[i]);
		refs[n++].index = i;
	}
	qsort(refs, n, sizeof(*refs), id_ref_cmp);
	for (i = 0; i < n; i++) {
		if (!i || strcmp(refs[i].id, refs[i - 1].id)) {
			first = refs[i].index;
			continue;
		}
		pairs[2 * nr_pairs] = refs[i].index;
		pairs[2 * nr_pairs + 1] = first;
		nr_pairs++;
	}
	qsort(pairs, nr_pairs, 2 * sizeof(*pairs), size_cmp);
	for (i = 0; i < nr_pairs; i++)
		report_duplicate(t, pairs[2 * i + 1], pairs[2 * i], fatal);
	for (i = 0; i < n; i++)
		free(refs[i].id);
	free(refs);
	free(pairs);
	return nr_pairs != 0;
}

enum table_status table_build(struct initcall_table *t,
			      const struct unit_list *units,
			      const struct table_opts *opts)
{
	struct scan_ctx ctx = { units, NULL };
	enum table_status status = TABLE_OK;
	size_t i;

	memset(t, 0, sizeof(*t));
	t->units = units;
	ctx.results = xcalloc(units->nr ? units->nr : 1,
			      sizeof(*ctx.results));
	parallel_for(units->nr, opts->jobs ? opts->jobs : 1, scan_one, &ctx);
	for (i = 0; i < units->nr; i++) {
		worse(&status, ctx.results[i].status);
		append_result(t, &ctx.results[i]);
	}
	free(ctx.results);
	if (find_duplicates(t, !opts->allow_duplicates) &&
	    !opts->allow_duplicates)
		worse(&status, TABLE_FINDINGS);
	return status;
}

static void initcall_free(struct initcall *ic)
{
	free(ic->section);
	free(ic->symbol);
	free(ic->module);
	free(ic->counter);
	free(ic->line);
	free(ic->function);
	free(ic->level);
}

void table_free(struct initcall_table *t)
{
	size_t i;

	for (i = 0; i < t->nr; i++)
		initcall_free(&t->calls[i]);
	free(t->calls);
	memset(t, 0, sizeof(*t));
}

void table_unit_name(const struct initcall_table *t,
		     const struct initcall *ic, struct strbuf *sb)
{
	const struct loc *loc = &t->units->units[ic->unit].loc;

	strbuf_addstr(sb, loc->file);
	if (loc->member)
		strbuf_addf(sb, ":%s", loc->member);
}

static int run_order_cmp(const void *a, const void *b, void *arg)
{
	const struct initcall *calls = arg;
	const size_t *i = a, *j = b;
	int c = level_cmp_run_order(calls[*i].level, calls[*j].level);

	return c ? c : (*i < *j ? -1 : *i > *j);
}

size_t *table_run_order(const struct initcall_table *t)
{
	size_t *idx = xcalloc(t->nr ? t->nr : 1, sizeof(*idx));
	size_t i;

	for (i = 0; i < t->nr; i++)
		idx[i] = i;
	qsort_r(idx, t->nr, sizeof(*idx), run_order_cmp, t->calls);
	return idx;
}
