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

#include <initcall/name.h>
#include <initcall/table.h>
#include <util/parallel.h>
#include <util/strbuf.h>
#include <util/xalloc.h>

#define ID_MAX	4096

/*
 * Inputs with sections without an id are named up to this many per run;
 * the rest are counted (every object of a kernel built without LTO has them).
 */
#define IDLESS_NAMED	5

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
	char **idless;		/* ".initcall*.init" sections of initcalls */
	size_t nr_idless;
	size_t idless_alloc;
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

static char *span_dup(const struct span *s)
{
	return xstrndup(s->s, s->len);
}

static void add_initcall(struct unit_scan *us, const struct sym *s,
			 const struct initcall_name *n)
{
	struct unit_result *r = us->r;
	struct initcall *ic;

	r->calls = xgrow(r->calls, &r->alloc, r->nr + 1, sizeof(*r->calls));
	ic = &r->calls[r->nr++];
	ic->symbol = xstrndup(s->name, s->name_len);
	ic->module = span_dup(&n->module);
	ic->counter = span_dup(&n->counter);
	ic->line = span_dup(&n->line);
	ic->function = span_dup(&n->function);
	ic->level = span_dup(&n->level);
	ic->type = s->type;
	ic->unit = us->index;
}

static int on_symbol(const struct sym *s, void *arg)
{
	struct unit_scan *us = arg;
	struct initcall_name n;

	/* The kernel's script only looks at local (lower-case) symbols. */
	if (!islower((unsigned char)s->type))
		return 0;
	switch (initcall_parse(s->name, s->name_len, &n)) {
	case NAME_OK:
		add_initcall(us, s, &n);
		break;
	case NAME_BAD_LEVEL:
		loc_err(&us->unit->loc,
			"initcall %.*s: the name does not end in a level (early, 0-7, rootfs or con, with an optional 's')",
			(int)s->name_len, s->name);
		worse(&us->r->status, TABLE_BAD_INPUT);
		break;
	default:
		break;
	}
	return 0;
}

/* ".initcall6.init" or ".con_initcall.init", with what follows in @rest. */
static bool initcall_section(const char *name, size_t len, size_t *base)
{
	const char *end;

	if (len >= 18 && !memcmp(name, ".con_initcall.init", 18)) {
		*base = 18;
		return true;
	}
	if (len < 15 || memcmp(name, ".initcall", 9))
		return false;
	end = memmem(name + 9, len - 9, ".init", 5);
	if (!end || !level_valid(name + 9, end - name - 9))
		return false;
	*base = end + 5 - name;
	return true;
}

static int on_section(const char *name, size_t len, unsigned long size,
		      void *arg)
{
	struct unit_scan *us = arg;
	struct unit_result *r = us->r;
	size_t base;

	if (!initcall_section(name, len, &base))
		return 0;
	if (base == len) {
		if (size) {
			r->idless = xgrow(r->idless, &r->idless_alloc,
					  r->nr_idless + 1, sizeof(*r->idless));
			r->idless[r->nr_idless++] = xstrndup(name, len);
		}
		return 0;
	}
	if (len - base > 2 && name[base] == '.' && name[base + 1] == '.') {
		r->sections = xgrow(r->sections, &r->sections_alloc,
				    r->nr_sections + 1, sizeof(*r->sections));
		r->sections[r->nr_sections++].name = xstrndup(name, len);
	}
	return 0;
}

const char *initcall_id(const struct initcall *ic, char *buf, size_t size)
{
	snprintf(buf, size, "%s__%s_%s_%s", ic->module, ic->counter, ic->line,
		 ic->function);
	return buf;
}

static int str_ptr_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The ids of a unit's initcalls, sorted for bsearch. */
static char **sorted_ids(const struct unit_result *r)
{
	char **ids = xcalloc(r->nr ? r->nr : 1, sizeof(*ids));
	char buf[ID_MAX];
	size_t i;

	for (i = 0; i < r->nr; i++)
		ids[i] = xstrdup(initcall_id(&r->calls[i], buf, sizeof(buf)));
	qsort(ids, r->nr, sizeof(*ids), str_ptr_cmp);
	return ids;
}

/* Per-initcall sections whose id names no entry symbol are left out. */
static void check_sections(struct unit_scan *us)
{
	struct unit_result *r = us->r;
	char **ids;
	size_t i, base;

	if (!r->nr_sections)
		return;
	ids = sorted_ids(r);
	for (i = 0; i < r->nr_sections; i++) {
		const char *name = r->sections[i].name;
		const char *id;

		initcall_section(name, strlen(name), &base);
		id = name + base + 2;
		if (!bsearch(&id, ids, r->nr, sizeof(*ids), str_ptr_cmp))
			loc_warn(&us->unit->loc,
				 "section %s has no __initcall__ symbol with its id; the fragment leaves it out",
				 name);
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

static void scan_one(size_t i, void *arg)
{
	struct scan_ctx *ctx = arg;
	struct unit_scan us = {
		.unit = &ctx->units->units[i],
		.index = i,
		.r = &ctx->results[i],
	};
	struct sym_visitor v = { on_symbol, on_section, &us };

	diag_capture(&us.r->diag);
	if (unit_scan(us.unit, &v) < 0)
		worse(&us.r->status, TABLE_BAD_INPUT);
	check_sections(&us);
	sort_unit(&us);
	diag_capture(NULL);
}

/* Sections without an id: how many inputs and sections hold them. */
struct idless_count {
	size_t inputs;
	size_t sections;
};

/* One line for each of the first IDLESS_NAMED inputs; the rest counted. */
static void report_idless(const struct loc *loc, struct unit_result *r,
			  struct idless_count *seen)
{
	struct strbuf names = STRBUF_INIT;
	size_t i;

	if (!r->nr_idless)
		return;
	for (i = 0; i < r->nr_idless; i++) {
		strbuf_addf(&names, "%s%s", i ? ", " : "", r->idless[i]);
		free(r->idless[i]);
	}
	free(r->idless);
	if (seen->inputs++ < IDLESS_NAMED)
		loc_warn(loc, "%s %s %s initcalls without an id; the fragment cannot place them (see initcall-order rename)",
			 r->nr_idless > 1 ? "sections" : "section",
			 strbuf_str(&names), r->nr_idless > 1 ? "hold" : "holds");
	seen->sections += r->nr_idless;
	strbuf_release(&names);
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
	char an[ID_MAX], bn[ID_MAX], id[ID_MAX];
	const struct loc *loc = &t->units->units[b->unit].loc;

	table_unit_name(t, a, an, sizeof(an));
	table_unit_name(t, b, bn, sizeof(bn));
	initcall_id(b, id, sizeof(id));
	if (fatal)
		loc_err(loc, "initcall id %s is also defined in %s; the fragment would place both at the first one's position",
			id, an);
	else
		loc_warn(loc, "initcall id %s is also defined in %s", id, an);
}

/*
 * The same id in two units is one "*(...)" line in the fragment that
 * places both sections at the first one's position.  Reported in link
 * order of the later definition.
 */
static bool find_duplicates(const struct initcall_table *t, bool fatal)
{
	struct id_ref *refs = xcalloc(t->nr, sizeof(*refs));
	size_t *pairs = xcalloc(2 * t->nr, sizeof(*pairs));
	size_t i, nr_pairs = 0, first = 0;
	char buf[ID_MAX];

	for (i = 0; i < t->nr; i++) {
		refs[i].id = xstrdup(initcall_id(&t->calls[i], buf,
						 sizeof(buf)));
		refs[i].index = i;
	}
	qsort(refs, t->nr, sizeof(*refs), id_ref_cmp);
	for (i = 0; i < t->nr; i++) {
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
	for (i = 0; i < t->nr; i++)
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
	struct idless_count idless = { 0 };
	size_t i;

	memset(t, 0, sizeof(*t));
	t->units = units;
	ctx.results = xcalloc(units->nr ? units->nr : 1,
			      sizeof(*ctx.results));
	parallel_for(units->nr, opts->jobs ? opts->jobs : 1, scan_one, &ctx);
	for (i = 0; i < units->nr; i++) {
		worse(&status, ctx.results[i].status);
		append_result(t, &ctx.results[i]);
		report_idless(&units->units[i].loc, &ctx.results[i], &idless);
	}
	if (idless.inputs > IDLESS_NAMED)
		pr_warn("%zu more inputs hold initcalls without an id (%zu inputs, %zu sections in all); the fragment cannot place them either",
			idless.inputs - IDLESS_NAMED, idless.inputs,
			idless.sections);
	free(ctx.results);
	if (find_duplicates(t, !opts->allow_duplicates) &&
	    !opts->allow_duplicates)
		worse(&status, TABLE_FINDINGS);
	return status;
}

static void initcall_free(struct initcall *ic)
{
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

const char *table_unit_name(const struct initcall_table *t,
			    const struct initcall *ic, char *buf, size_t size)
{
	const struct loc *loc = &t->units->units[ic->unit].loc;

	if (loc->member)
		snprintf(buf, size, "%s:%s", loc->file, loc->member);
	else
		snprintf(buf, size, "%s", loc->file);
	return buf;
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
