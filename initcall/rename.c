// SPDX-License-Identifier: GPL-2.0-only
/*
 * Which initcalls of an object lack a unique id, and what they are renamed
 * to.  Written against the section and symbol view of symtab/elf_edit.h;
 * see initcall/rename.h for the scheme.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <initcall/name.h>
#include <initcall/rename.h>
#include <symtab/elf_edit.h>
#include <util/strbuf.h>
#include <util/xalloc.h>

void identifier_fix(char *name)
{
	for (; *name; name++)
		if (!ident_char(*name))
			*name = '_';
}

char *rename_modname_from_path(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t len;
	char *name;

	base = base ? base + 1 : path;
	len = strlen(base);
	if (len > 2 && !strcmp(base + len - 2, ".o"))
		len -= 2;
	name = xstrndup(base, len);
	identifier_fix(name);
	return name;
}

bool rename_modname_valid(const char *name)
{
	if (!*name)
		return false;
	for (; *name; name++)
		if (!ident_char(*name))
			return false;
	return true;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

unsigned int entry_width(const uint64_t *offsets, size_t nr, uint64_t size)
{
	uint64_t *sorted, width = 0;
	size_t i, uniq = 0;
	bool ok = true;

	if (!nr)
		return 0;
	sorted = xmalloc(nr * sizeof(*sorted));
	memcpy(sorted, offsets, nr * sizeof(*sorted));
	qsort(sorted, nr, sizeof(*sorted), cmp_u64);
	/* Several relocations at one offset (RISC-V pairs) make one entry. */
	for (i = 0; i < nr; i++)
		if (!i || sorted[i] != sorted[i - 1])
			sorted[uniq++] = sorted[i];
	if (size % uniq == 0)
		width = size / uniq;
	if (width != 4 && width != 8)
		ok = false;
	for (i = 0; i < uniq && ok; i++)
		ok = sorted[i] == i * width;
	free(sorted);
	return ok ? width : 0;
}

/* Parses a counter that must fit in 64 bits. */
static bool counter_value(const struct span *digits, unsigned long long *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < digits->len; i++) {
		unsigned int d = digits->s[i] - '0';

		if (*v > (~0ULL - d) / 10)
			return false;
		*v = *v * 10 + d;
	}
	return true;
}

/* "<module>__<counter>_<line>_<function>" of a parsed name. */
static char *id_of(const struct initcall_name *n)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%.*s__%.*s_%.*s_%.*s", (int)n->module.len,
		    n->module.s, (int)n->counter.len, n->counter.s,
		    (int)n->line.len, n->line.s, (int)n->function.len,
		    n->function.s);
	return sb.buf;
}

/* Records the ids the object already has and their largest counter. */
static int scan_ids(struct rename_object *obj)
{
	size_t i, n = elf_edit_nr_symbols(obj->ed);

	for (i = 1; i < n; i++) {
		const struct ee_symbol *s = elf_edit_symbol(obj->ed, i);
		struct initcall_name name;
		unsigned long long c;

		if (initcall_parse(s->name, strlen(s->name), &name) != NAME_OK ||
		    !s->section)
			continue;
		if (!counter_value(&name.counter, &c)) {
			loc_err(&obj->loc, "symbol %s: counter too large",
				s->name);
			return -1;
		}
		if (!obj->has_counter || c > obj->max_counter)
			obj->max_counter = c;
		obj->has_counter = true;
		obj->ids = xgrow(obj->ids, &obj->alloc_ids, obj->nr_ids + 1,
				 sizeof(*obj->ids));
		obj->ids[obj->nr_ids].id = id_of(&name);
		obj->ids[obj->nr_ids].module = span_dup(&name.module);
		obj->ids[obj->nr_ids++].counter = c;
	}
	return 0;
}

static bool is_mapping_symbol(const char *name)
{
	return name[0] == '$';
}

static int place_cmp(const void *a, const void *b, void *arg)
{
	const struct elf_edit *ed = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const struct ee_symbol *x = elf_edit_symbol(ed, i);
	const struct ee_symbol *y = elf_edit_symbol(ed, j);

	if (x->section != y->section)
		return x->section < y->section ? -1 : 1;
	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return (i > j) - (i < j);
}

static bool same_place(const struct ee_symbol *x, const struct ee_symbol *y)
{
	return x->section == y->section && x->value == y->value;
}

/*
 * The function named at the place of by_place[first] up to @end: the
 * first function symbol there, else the first untyped or data symbol,
 * ignoring nameless and mapping symbols; NULL when none.
 */
static const char *function_of_place(const struct rename_object *obj,
				     size_t first, size_t end)
{
	const char *fallback = NULL;
	size_t k;

	for (k = first; k < end; k++) {
		const struct ee_symbol *s = elf_edit_symbol(obj->ed,
							    obj->by_place[k]);

		if (!*s->name || is_mapping_symbol(s->name))
			continue;
		if (s->kind == EE_SYM_FUNC)
			return s->name;
		if (!fallback && (s->kind == EE_SYM_NOTYPE ||
				  s->kind == EE_SYM_OBJECT))
			fallback = s->name;
	}
	return fallback;
}

/* Sorts the symbols by place and finds each place's function once. */
static void index_places(struct rename_object *obj)
{
	size_t n = elf_edit_nr_symbols(obj->ed), i, first, end;

	obj->nr_by_place = n > 1 ? n - 1 : 0;
	obj->by_place = xcalloc(n ? n : 1, sizeof(*obj->by_place));
	obj->place_fn = xcalloc(n ? n : 1, sizeof(*obj->place_fn));
	for (i = 0; i < obj->nr_by_place; i++)
		obj->by_place[i] = i + 1;
	qsort_r(obj->by_place, obj->nr_by_place, sizeof(*obj->by_place),
		place_cmp, obj->ed);
	for (first = 0; first < obj->nr_by_place; first = end) {
		const struct ee_symbol *f = elf_edit_symbol(obj->ed,
							    obj->by_place[first]);

		for (end = first + 1; end < obj->nr_by_place &&
		     same_place(f, elf_edit_symbol(obj->ed, obj->by_place[end]));
		     end++)
			;
		obj->place_fn[first] = function_of_place(obj, first, end);
	}
}

/* The symbols at (@sec, @value): by_place[*first] up to the return value. */
static size_t place_range(const struct rename_object *obj, size_t sec,
			  uint64_t value, size_t *first)
{
	size_t lo = 0, hi = obj->nr_by_place, end;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct ee_symbol *s = elf_edit_symbol(obj->ed,
							    obj->by_place[mid]);

		if (s->section < sec || (s->section == sec && s->value < value))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < obj->nr_by_place; end++) {
		const struct ee_symbol *s = elf_edit_symbol(obj->ed,
							    obj->by_place[end]);

		if (s->section != sec || s->value != value)
			break;
	}
	*first = lo;
	return end;
}

/* The name of the function at @value of section @sec, or NULL. */
static const char *function_at(const struct rename_object *obj, size_t sec,
			       int64_t value)
{
	size_t first;

	if (value < 0 || place_range(obj, sec, value, &first) == first)
		return NULL;
	return obj->place_fn[first];
}

/* What the entry's relocation points at, as an identifier. */
static char *entry_function(const struct rename_object *obj, size_t sec,
			    const struct ee_reloc *r, unsigned int width)
{
	const struct ee_symbol *t = elf_edit_symbol(obj->ed, r->sym);
	const char *name = t->name;
	int64_t addend = r->addend;
	char *fn;

	if (t->kind == EE_SYM_SECTION) {
		if (elf_edit_relocs_implicit(obj->ed, sec) &&
		    elf_edit_implicit_addend(obj->ed, sec, r->offset, width,
					     &addend))
			addend = -1;
		name = function_at(obj, t->section, addend);
	}
	fn = xstrdup(name && *name ? name : "anon");
	identifier_fix(fn);
	return fn;
}

/*
 * The symbols at the start of an entry: an id it already has, else a
 * local old-style symbol to rename.
 */
static int entry_symbols(struct rename_object *obj, struct rename_entry *e,
			 size_t sec)
{
	size_t k, end = place_range(obj, sec, e->offset, &k);

	for (; k < end; k++) {
		size_t i = obj->by_place[k];
		const struct ee_symbol *s = elf_edit_symbol(obj->ed, i);
		struct initcall_name name;
		enum name_result r;

		if (!*s->name || s->kind == EE_SYM_SECTION ||
		    s->kind == EE_SYM_FILE || is_mapping_symbol(s->name))
			continue;
		r = initcall_parse(s->name, strlen(s->name), &name);
		if (r == NAME_BAD_LEVEL) {
			loc_err(&obj->loc, "symbol %s: an initcall id without a valid level",
				s->name);
			return -1;
		}
		if (r == NAME_BAD_CHAR) {
			loc_err(&obj->loc, "symbol %s: an __initcall__ name with bytes no kernel id holds (only A-Z, a-z, 0-9 and _)",
				s->name);
			return -1;
		}
		if (r == NAME_OK) {
			if ((size_t)name.level.len != strlen(e->level) ||
			    memcmp(name.level.s, e->level, name.level.len)) {
				loc_err(&obj->loc, "symbol %s: level %.*s, but it is in a level %s section",
					s->name, (int)name.level.len,
					name.level.s, e->level);
				return -1;
			}
			e->has_id = true;
			e->symbol = 0;
			free(e->id);
			e->id = id_of(&name);
			free(e->old_symbol);
			e->old_symbol = xstrdup(s->name);
			return 0;
		}
		if (!e->symbol && s->local && (s->kind == EE_SYM_NOTYPE ||
					       s->kind == EE_SYM_OBJECT)) {
			e->symbol = i;
			e->old_symbol = xstrdup(s->name);
		}
	}
	return 0;
}

static struct rename_entry *add_entry(struct rename_object *obj)
{
	struct rename_entry *e;

	obj->entries = xgrow(obj->entries, &obj->alloc, obj->nr + 1,
			     sizeof(*obj->entries));
	e = &obj->entries[obj->nr++];
	memset(e, 0, sizeof(*e));
	return e;
}

static int reloc_offset_cmp(const void *a, const void *b, void *arg)
{
	const struct ee_reloc *rel = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;

	if (rel[i].offset != rel[j].offset)
		return rel[i].offset < rel[j].offset ? -1 : 1;
	return (i > j) - (i < j);
}

/*
 * Marks in @first the first of the relocations at each offset (several
 * at one offset, as RISC-V pairs them, make one entry).
 */
static void first_at_offsets(const struct ee_reloc *rel, size_t nr,
			     bool *first)
{
	size_t *idx = xcalloc(nr ? nr : 1, sizeof(*idx));
	size_t k;

	for (k = 0; k < nr; k++)
		idx[k] = k;
	qsort_r(idx, nr, sizeof(*idx), reloc_offset_cmp, (void *)rel);
	for (k = 0; k < nr; k++)
		first[idx[k]] = !k || rel[idx[k]].offset != rel[idx[k - 1]].offset;
	free(idx);
}

static int scan_section(struct rename_object *obj, size_t sec,
			const char *level)
{
	const struct ee_section *s = elf_edit_section(obj->ed, sec);
	const struct ee_reloc *rel;
	uint64_t *offs;
	size_t nr, k;
	unsigned int width;
	bool *first;
	int ret = 0;

	rel = elf_edit_relocs(obj->ed, sec, &nr);
	if (!s->has_bytes || s->nr_reloc_secs > 1 || !nr) {
		loc_err(&obj->loc, "%s: %s; cannot tell its entries apart",
			s->name, !s->has_bytes ? "no contents" :
			nr ? "several relocation sections" : "no relocations");
		return -1;
	}
	offs = xmalloc(nr * sizeof(*offs));
	for (k = 0; k < nr; k++)
		offs[k] = rel[k].offset;
	width = entry_width(offs, nr, s->size);
	free(offs);
	if (!width) {
		loc_err(&obj->loc, "%s: %llu bytes with %zu relocations are not entries of 4 or 8 bytes, one relocation offset each",
			s->name, (unsigned long long)s->size, nr);
		return -1;
	}
	first = xcalloc(nr, sizeof(*first));
	first_at_offsets(rel, nr, first);
	for (k = 0; k < nr && !ret; k++) {
		struct rename_entry *e;

		if (!first[k])
			continue;
		e = add_entry(obj);
		e->section = sec;
		e->offset = rel[k].offset;
		e->width = width;
		e->level = xstrdup(level);
		e->function = entry_function(obj, sec, &rel[k], width);
		ret = entry_symbols(obj, e, sec);
	}
	free(first);
	return ret;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct rename_entry *x = a, *y = b;

	if (x->section != y->section)
		return x->section < y->section ? -1 : 1;
	return (x->offset > y->offset) - (x->offset < y->offset);
}

int rename_scan(struct rename_object *obj, struct elf_edit *ed,
		const struct loc *loc, const char *modname)
{
	size_t i, n = elf_edit_nr_sections(ed);

	obj->loc = *loc;
	obj->ed = ed;
	obj->modname = xstrdup(modname);
	if (scan_ids(obj))
		return -1;
	index_places(obj);
	for (i = 1; i < n; i++) {
		const struct ee_section *s = elf_edit_section(ed, i);
		struct initcall_section sec;
		char *level;
		int ret;

		if (!initcall_section_parse(s->name, strlen(s->name), &sec) ||
		    sec.id.len || !s->size)
			continue;
		level = span_dup(&sec.level);
		ret = scan_section(obj, i, level);
		free(level);
		if (ret)
			return -1;
	}
	/* Section order, then offset: the order the entries run in. */
	if (obj->nr)
		qsort(obj->entries, obj->nr, sizeof(*obj->entries), cmp_entry);
	return 0;
}

/* The largest counter of any id of module @mod in any object. */
static bool module_max_counter(const struct rename_object *objs, size_t nr,
			       const char *mod, unsigned long long *max)
{
	bool found = false;
	size_t i, k;

	for (i = 0; i < nr; i++) {
		for (k = 0; k < objs[i].nr_ids; k++) {
			const struct rename_id *id = &objs[i].ids[k];

			if (strcmp(id->module, mod))
				continue;
			if (!found || id->counter > *max)
				*max = id->counter;
			found = true;
		}
	}
	return found;
}

/*
 * The first counter object @i may use: after its own ids, after every id
 * of its module anywhere on the command line, and after the counters given
 * to earlier objects of that module.
 */
static bool first_counter(const struct rename_object *objs, size_t nr,
			  size_t i, unsigned long long *first)
{
	unsigned long long max = 0, m;
	bool any = false;
	size_t k, e;

	if (objs[i].has_counter) {
		max = objs[i].max_counter;
		any = true;
	}
	if (module_max_counter(objs, nr, objs[i].modname, &m) &&
	    (!any || m > max)) {
		max = m;
		any = true;
	}
	for (k = 0; k < i; k++) {
		if (strcmp(objs[k].modname, objs[i].modname))
			continue;
		for (e = 0; e < objs[k].nr; e++) {
			if (objs[k].entries[e].has_id)
				continue;
			if (!any || objs[k].entries[e].counter > max)
				max = objs[k].entries[e].counter;
			any = true;
		}
	}
	if (any && max == ~0ULL)
		return false;
	*first = any ? max + 1 : 0;
	return true;
}

/* Builds the new id and checks that the kernel's parser reads it back. */
static int make_id(struct rename_object *obj, struct rename_entry *e)
{
	struct strbuf sym = STRBUF_INIT;
	struct initcall_name n;
	const char *id;
	bool ok;

	strbuf_addf(&sym, "%s%s__%llu_0_%s%s", INITCALL_PREFIX, obj->modname,
		    e->counter, e->function, e->level);
	id = strbuf_str(&sym) + INITCALL_PREFIX_LEN;
	e->id = xstrndup(id, sym.len - INITCALL_PREFIX_LEN - strlen(e->level));
	ok = initcall_parse(sym.buf, sym.len, &n) == NAME_OK &&
	     n.module.len == strlen(obj->modname) &&
	     n.function.len == strlen(e->function) &&
	     n.level.len == strlen(e->level);
	strbuf_release(&sym);
	if (!ok) {
		loc_err(&obj->loc, "cannot make an unambiguous id for %s in module %s",
			e->function, obj->modname);
		return -1;
	}
	return 0;
}

struct id_ref {
	const char *id;
	size_t obj;
	bool is_new;
};

static int cmp_id_ref(const void *a, const void *b)
{
	const struct id_ref *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	if (c)
		return c;
	return (x->obj > y->obj) - (x->obj < y->obj);
}

/* No new id may equal another id; old duplicates only get a warning. */
static int check_collisions(struct rename_object *objs, size_t nr)
{
	struct id_ref *refs = NULL;
	size_t alloc = 0, n = 0, i, k;
	int ret = 0;

	for (i = 0; i < nr; i++) {
		for (k = 0; k < objs[i].nr_ids + objs[i].nr; k++) {
			bool fresh = k >= objs[i].nr_ids;
			const struct rename_entry *e;

			e = fresh ? &objs[i].entries[k - objs[i].nr_ids] : NULL;
			if (e && e->has_id)
				continue;
			refs = xgrow(refs, &alloc, n + 1, sizeof(*refs));
			refs[n].id = e ? e->id : objs[i].ids[k].id;
			refs[n].obj = i;
			refs[n++].is_new = fresh;
		}
	}
	if (n)
		qsort(refs, n, sizeof(*refs), cmp_id_ref);
	for (k = 1; k < n; k++) {
		const struct id_ref *a = &refs[k - 1], *b = &refs[k];

		if (strcmp(a->id, b->id))
			continue;
		if (a->is_new || b->is_new) {
			loc_err(&objs[b->obj].loc, "new id %s would collide with one in %s",
				b->id, objs[a->obj].loc.file);
			ret = -1;
		} else if (a->obj != b->obj) {
			loc_warn(&objs[b->obj].loc, "id %s is also in %s (not made by rename)",
				 b->id, objs[a->obj].loc.file);
		}
	}
	free(refs);
	return ret;
}

int rename_assign(struct rename_object *objs, size_t nr)
{
	size_t i, k;
	int ret = 0;

	for (i = 0; i < nr; i++) {
		unsigned long long c;

		if (!first_counter(objs, nr, i, &c)) {
			loc_err(&objs[i].loc, "no counter left after %llu",
				~0ULL);
			return -1;
		}
		for (k = 0; k < objs[i].nr; k++) {
			struct rename_entry *e = &objs[i].entries[k];

			if (e->has_id)
				continue;
			e->counter = c++;
			if (make_id(&objs[i], e))
				ret = -1;
		}
	}
	if (ret)
		return ret;
	return check_collisions(objs, nr);
}

static char *section_name(const struct rename_entry *e)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[32];

	strbuf_addf(&sb, "%s..%s", level_section(e->level, buf, sizeof(buf)),
		    e->id);
	return sb.buf;
}

static int rename_entry(struct rename_object *obj, struct rename_entry *e,
			size_t sec)
{
	struct symtab_err err = { "" };
	struct strbuf sym = STRBUF_INIT;
	char *name = section_name(e);
	int ret = 0;

	elf_edit_rename_section(obj->ed, sec, name);
	free(name);
	if (e->has_id)
		return 0;
	strbuf_addf(&sym, "%s%s%s", INITCALL_PREFIX, e->id, e->level);
	if (e->symbol) {
		elf_edit_rename_symbol(obj->ed, e->symbol, sym.buf);
	} else if (!elf_edit_add_symbol(obj->ed, sym.buf, sec, 0, e->width,
					&err)) {
		loc_err(&obj->loc, "%s", err.msg);
		ret = -1;
	}
	strbuf_release(&sym);
	return ret;
}

/* Entries [first, first + count) share one section: split, then name. */
static int apply_section(struct rename_object *obj, size_t first,
			 size_t count)
{
	struct rename_entry *e = &obj->entries[first];
	struct symtab_err err = { "" };
	uint64_t *cuts = xcalloc(count, sizeof(*cuts));
	size_t *pieces = xcalloc(count, sizeof(*pieces));
	size_t k;
	int ret = 0;

	for (k = 1; k < count; k++)
		cuts[k - 1] = e[k].offset;
	if (elf_edit_split(obj->ed, e->section, cuts, count - 1, pieces,
			   &err)) {
		loc_err(&obj->loc, "%s", err.msg);
		ret = -1;
	}
	for (k = 0; k < count && !ret; k++)
		ret = rename_entry(obj, &e[k], k ? pieces[k - 1] : e->section);
	free(cuts);
	free(pieces);
	return ret;
}

int rename_apply(struct rename_object *obj)
{
	size_t i = 0, k;

	while (i < obj->nr) {
		for (k = i + 1; k < obj->nr; k++)
			if (obj->entries[k].section != obj->entries[i].section)
				break;
		if (apply_section(obj, i, k - i))
			return -1;
		i = k;
	}
	return 0;
}

void rename_object_free(struct rename_object *obj)
{
	size_t i;

	for (i = 0; i < obj->nr; i++) {
		free(obj->entries[i].level);
		free(obj->entries[i].function);
		free(obj->entries[i].id);
		free(obj->entries[i].old_symbol);
	}
	for (i = 0; i < obj->nr_ids; i++) {
		free(obj->ids[i].id);
		free(obj->ids[i].module);
	}
	free(obj->ids);
	free(obj->entries);
	free(obj->modname);
	free(obj->by_place);
	free(obj->place_fn);
	memset(obj, 0, sizeof(*obj));
}
