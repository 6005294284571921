// SPDX-License-Identifier: GPL-2.0-only
/*
 * Initcalls without an id, from the relocations of the sections that hold
 * them.  The symtab visitor hands over sections, relocations and symbols
 * in any order; everything is sorted once the unit is read, so the work is
 * O(n log n) in what the unit holds.
 */
#include <stdlib.h>
#include <string.h>

#include <initcall/idless.h>
#include <initcall/name.h>
#include <initcall/table.h>
#include <util/xalloc.h>

struct idless_sec {
	size_t index;		/* ELF section index */
	char *name;
	char *level;
	unsigned long long size;
};

struct idless_reloc {
	size_t sec;		/* ELF section index */
	unsigned long long offset;
	enum reloc_kind kind;
	unsigned int type;
	char *target;		/* NULL: no named symbol */
	bool defined;
};

struct idless_label {
	size_t sec;		/* ELF section index */
	unsigned long long value;
	char *name;
	char type;
	bool is_id;
};

bool idless_add_section(struct idless_unit *u, const struct sym_section *s)
{
	struct initcall_section name;
	struct idless_sec *sec;

	if (!initcall_section_parse(s->name, s->name_len, &name) ||
	    name.id.len)
		return false;
	u->secs = xgrow(u->secs, &u->secs_alloc, u->nr_secs + 1,
			sizeof(*u->secs));
	sec = &u->secs[u->nr_secs++];
	sec->index = s->index;
	sec->name = xstrndup(s->name, s->name_len);
	sec->level = xstrndup(name.level.s, name.level.len);
	sec->size = s->size;
	return true;
}

void idless_add_reloc(struct idless_unit *u, const struct sym_reloc *r)
{
	struct idless_reloc *x;

	u->relocs = xgrow(u->relocs, &u->relocs_alloc, u->nr_relocs + 1,
			  sizeof(*u->relocs));
	x = &u->relocs[u->nr_relocs++];
	x->sec = r->section_index;
	x->offset = r->offset;
	x->kind = r->kind;
	x->type = r->type;
	x->target = r->target ? xstrndup(r->target, r->target_len) : NULL;
	x->defined = r->target_defined;
}

static const struct idless_sec *find_sec(const struct idless_unit *u,
					 size_t index)
{
	size_t lo = 0, hi = u->nr_secs;

	/* Sections arrive in index order. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (u->secs[mid].index < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < u->nr_secs && u->secs[lo].index == index ?
	       &u->secs[lo] : NULL;
}

bool idless_add_label(struct idless_unit *u, const struct sym *s,
		      bool is_id)
{
	struct idless_label *l;

	if (!s->section_index || !find_sec(u, s->section_index))
		return false;
	u->labels = xgrow(u->labels, &u->labels_alloc, u->nr_labels + 1,
			  sizeof(*u->labels));
	l = &u->labels[u->nr_labels++];
	l->sec = s->section_index;
	l->value = s->value;
	l->name = xstrndup(s->name, s->name_len);
	l->type = s->type;
	l->is_id = is_id;
	return true;
}

#define EXPORT_PREFIX		"__export_symbol_"
#define EXPORT_PREFIX_LEN	(sizeof(EXPORT_PREFIX) - 1)

static bool starts_with(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && !memcmp(s, prefix, n);
}

static void push_span(struct span **v, size_t *nr, size_t *alloc,
		      const char *s, size_t len)
{
	*v = xgrow(*v, alloc, *nr + 1, sizeof(**v));
	(*v)[*nr].s = s;
	(*v)[(*nr)++].len = len;
}

void idless_add_asm_symbol(struct idless_unit *u, const char *name,
			   size_t len, bool defined)
{
	if (!len)
		return;
	if (!defined) {
		if (!starts_with(name, len, INITSTUB_PREFIX))
			push_span(&u->asm_refs, &u->nr_asm_refs,
				  &u->asm_refs_alloc, name, len);
	} else if (starts_with(name, len, EXPORT_PREFIX)) {
		push_span(&u->asm_exports, &u->nr_asm_exports,
			  &u->asm_exports_alloc, name + EXPORT_PREFIX_LEN,
			  len - EXPORT_PREFIX_LEN);
	} else if (!starts_with(name, len, INITCALL_PREFIX)) {
		u->asm_other = true;
	}
}

static int span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;
	int c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);

	return c ? c : (x->len > y->len) - (x->len < y->len);
}

bool idless_wants_asm(struct idless_unit *u)
{
	bool wants = u->asm_other;
	size_t i;

	if (u->nr_asm_refs && !u->nr_asm_exports)
		wants = true;
	if (u->nr_asm_exports)
		qsort(u->asm_exports, u->nr_asm_exports,
		      sizeof(*u->asm_exports), span_cmp);
	for (i = 0; i < u->nr_asm_refs && !wants; i++)
		wants = !bsearch(&u->asm_refs[i], u->asm_exports,
				 u->nr_asm_exports, sizeof(*u->asm_exports),
				 span_cmp);
	idless_forget_asm(u);
	return wants;
}

void idless_forget_asm(struct idless_unit *u)
{
	free(u->asm_exports);
	free(u->asm_refs);
	u->asm_exports = NULL;
	u->asm_refs = NULL;
	u->nr_asm_exports = u->asm_exports_alloc = 0;
	u->nr_asm_refs = u->asm_refs_alloc = 0;
}

static int place_cmp(size_t sa, unsigned long long oa, size_t sb,
		     unsigned long long ob)
{
	if (sa != sb)
		return sa < sb ? -1 : 1;
	return (oa > ob) - (oa < ob);
}

static int reloc_cmp(const void *a, const void *b)
{
	const struct idless_reloc *x = a, *y = b;

	return place_cmp(x->sec, x->offset, y->sec, y->offset);
}

static int label_cmp(const void *a, const void *b)
{
	const struct idless_label *x = a, *y = b;
	int c = place_cmp(x->sec, x->value, y->sec, y->value);

	/* Ids first: a place with an id is an initcall with an id. */
	if (!c)
		c = y->is_id - x->is_id;
	return c ? c : strcmp(x->name, y->name);
}

static unsigned int kind_width(enum reloc_kind kind)
{
	switch (kind) {
	case RELOC_PREL32:
	case RELOC_ABS32:
		return 4;
	case RELOC_ABS64:
		return 8;
	default:
		return 0;
	}
}

/* Cursor over the sorted labels, moved forward place by place. */
struct label_cursor {
	const struct idless_unit *u;
	size_t next;
};

/* The best label at (@sec, @offset): an id first; NULL if none. */
static const struct idless_label *label_at(struct label_cursor *lc,
					   size_t sec,
					   unsigned long long offset)
{
	const struct idless_label *l = lc->u->labels;

	while (lc->next < lc->u->nr_labels &&
	       place_cmp(l[lc->next].sec, l[lc->next].value, sec, offset) < 0)
		lc->next++;
	if (lc->next < lc->u->nr_labels && l[lc->next].sec == sec &&
	    l[lc->next].value == offset)
		return &l[lc->next];
	return NULL;
}

/* The width all relocations of a section share; 0 after an error. */
static unsigned int section_width(const struct idless_sec *sec,
				  const struct idless_reloc *r, size_t nr,
				  const struct loc *loc)
{
	unsigned int w = 0, rw;
	size_t i;

	for (i = 0; i < nr; i++) {
		rw = kind_width(r[i].kind);
		if (!rw) {
			loc_err(loc, "%s+0x%llx: relocation type %u is neither a 32-bit offset nor a pointer; an initcall entry needs one of those",
				sec->name, r[i].offset, r[i].type);
			return 0;
		}
		if (w && rw != w) {
			loc_err(loc, "%s+0x%llx: a %u-byte entry among %u-byte ones",
				sec->name, r[i].offset, rw, w);
			return 0;
		}
		w = rw;
	}
	if (!w)
		loc_err(loc, "%s: %llu bytes without a relocation; initcall entries need one each",
			sec->name, sec->size);
	else if (sec->size % w)
		loc_err(loc, "%s: %llu bytes are not a whole number of %u-byte entries",
			sec->name, sec->size, w);
	else
		return w;
	return 0;
}

/* Each entry, from offset 0 on, must hold exactly one relocation. */
static int check_layout(const struct idless_sec *sec,
			const struct idless_reloc *r, size_t nr,
			unsigned int w, const struct loc *loc)
{
	unsigned long long expect = 0;
	size_t i;

	for (i = 0; i < nr; i++, expect += w) {
		if (r[i].offset >= sec->size || sec->size - r[i].offset < w) {
			loc_err(loc, "%s+0x%llx: relocation past the end of the section's %llu bytes",
				sec->name, r[i].offset, sec->size);
			return -1;
		}
		if (r[i].offset == expect)
			continue;
		if (i && r[i].offset == r[i - 1].offset)
			loc_err(loc, "%s+0x%llx: two relocations for one entry",
				sec->name, r[i].offset);
		else if (r[i].offset > expect)
			loc_err(loc, "%s+0x%llx: entry without a relocation",
				sec->name, expect);
		else
			loc_err(loc, "%s+0x%llx: relocation in the middle of a %u-byte entry",
				sec->name, r[i].offset, w);
		return -1;
	}
	if (expect < sec->size) {
		loc_err(loc, "%s+0x%llx: entry without a relocation", sec->name,
			expect);
		return -1;
	}
	return 0;
}

static int check_target(const struct idless_sec *sec,
			const struct idless_reloc *r, const struct loc *loc)
{
	if (!r->target)
		loc_err(loc, "%s+0x%llx: the entry points at no named symbol",
			sec->name, r->offset);
	else if (!r->defined)
		loc_err(loc, "%s+0x%llx: the entry calls %s, which is not defined in this object",
			sec->name, r->offset, r->target);
	else
		return 0;
	return -1;
}

struct entry_out {
	size_t unit;
	struct initcall **calls;
	size_t *nr, *alloc;
};

static void add_entry(const struct entry_out *out, const struct idless_sec *sec,
		      const struct idless_reloc *r,
		      const struct idless_label *label)
{
	struct initcall *ic;

	*out->calls = xgrow(*out->calls, out->alloc, *out->nr + 1,
			    sizeof(**out->calls));
	ic = &(*out->calls)[(*out->nr)++];
	memset(ic, 0, sizeof(*ic));
	ic->symbol = label ? xstrdup(label->name) : NULL;
	ic->type = label ? label->type : '-';
	ic->function = xstrdup(r->target);
	ic->level = xstrdup(sec->level);
	ic->section = xstrdup(sec->name);
	ic->offset = r->offset;
	ic->unit = out->unit;
}

static int section_entries(const struct idless_sec *sec,
			   const struct idless_reloc *r, size_t nr,
			   struct label_cursor *lc, const struct loc *loc,
			   const struct entry_out *out)
{
	const struct idless_label *label;
	unsigned int w;
	size_t i;

	if (!sec->size && !nr)
		return 0;
	w = section_width(sec, r, nr, loc);
	if (!w || check_layout(sec, r, nr, w, loc))
		return -1;
	for (i = 0; i < nr; i++) {
		label = label_at(lc, sec->index, r[i].offset);
		if (label && label->is_id)
			continue;
		if (check_target(sec, &r[i], loc))
			return -1;
		add_entry(out, sec, &r[i], label);
	}
	return 0;
}

int idless_entries(struct idless_unit *u, const struct loc *loc, size_t unit,
		   struct initcall **calls, size_t *nr, size_t *alloc)
{
	const struct entry_out out = { unit, calls, nr, alloc };
	struct label_cursor lc = { u, 0 };
	size_t s, first = 0, last;

	if (u->nr_relocs)
		qsort(u->relocs, u->nr_relocs, sizeof(*u->relocs), reloc_cmp);
	if (u->nr_labels)
		qsort(u->labels, u->nr_labels, sizeof(*u->labels), label_cmp);
	for (s = 0; s < u->nr_secs; s++) {
		const struct idless_sec *sec = &u->secs[s];

		while (first < u->nr_relocs && u->relocs[first].sec < sec->index)
			first++;
		for (last = first; last < u->nr_relocs &&
		     u->relocs[last].sec == sec->index; last++)
			;
		if (section_entries(sec, u->relocs + first, last - first, &lc,
				    loc, &out))
			return -1;
		first = last;
	}
	return 0;
}

void idless_unit_free(struct idless_unit *u)
{
	size_t i;

	for (i = 0; i < u->nr_secs; i++) {
		free(u->secs[i].name);
		free(u->secs[i].level);
	}
	for (i = 0; i < u->nr_relocs; i++)
		free(u->relocs[i].target);
	for (i = 0; i < u->nr_labels; i++)
		free(u->labels[i].name);
	idless_forget_asm(u);
	free(u->secs);
	free(u->relocs);
	free(u->labels);
	memset(u, 0, sizeof(*u));
}
