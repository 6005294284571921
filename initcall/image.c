// SPDX-License-Identifier: GPL-2.0-only
/*
 * The initcall tables of a linked image, read through symtab/image.h.
 *
 * The ranges come from the symbols INIT_CALLS and CON_INITCALL define.
 * Each entry is resolved to its target and, where the image keeps them,
 * to the __initcall__<id><level> symbol at the entry (or the
 * __initstub__<id><level> stub it points at under LTO), which gives the
 * id and tells a sync level ("1s") from its plain level: both share one
 * range, as nothing marks where .initcall1s.init starts.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <initcall/image.h>
#include <initcall/name.h>
#include <initcall/order.h>
#include <symtab/elf_image.h>
#include <util/rising.h>
#include <util/strbuf.h>
#include <util/warn.h>
#include <util/xalloc.h>

/* A table larger than this is corruption, not a kernel. */
#define MAX_TABLE_BYTES		(64u << 20)

/* The level ranges of INIT_CALLS, in layout (and run) order. */
static const struct {
	const char *symbol;
	const char *level;
} level_starts[] = {
	{ "__initcall_start",		"early" },
	{ "__initcall0_start",		"0" },
	{ "__initcall1_start",		"1" },
	{ "__initcall2_start",		"2" },
	{ "__initcall3_start",		"3" },
	{ "__initcall4_start",		"4" },
	{ "__initcall5_start",		"5" },
	{ "__initcallrootfs_start",	"rootfs" },
	{ "__initcall6_start",		"6" },
	{ "__initcall7_start",		"7" },
};

#define NR_RANGES	(ARRAY_SIZE(level_starts) + 1)	/* and con */

struct range {
	const char *level;
	unsigned long long start;
	unsigned long long end;
	unsigned char *bytes;
};

struct tables {
	struct range r[NR_RANGES];
	unsigned int nr;
};

/* An error about the image as a whole. */
#define image_error(img, ...) \
	loc_err(&(const struct loc){ (img)->path, NULL }, __VA_ARGS__)

static int symbol_addr(const struct image *img, const char *name,
		       unsigned long long *addr)
{
	const struct image_sym *s = image_sym_by_name(img, name);

	if (!s)
		return -1;
	*addr = s->value;
	return 0;
}

static int add_range(const struct image *img, struct tables *t,
		     const char *level, unsigned long long start,
		     unsigned long long end)
{
	struct range *r = &t->r[t->nr++];

	r->level = level;
	r->start = start;
	r->end = end;
	if (end - start > MAX_TABLE_BYTES) {
		image_error(img, "initcall level %s: %llu bytes is not a plausible table",
			    level, end - start);
		return -1;
	}
	r->bytes = xmalloc(end - start + 1);
	if (end > start && image_read(img, start, r->bytes, end - start)) {
		image_error(img, "initcall level %s: 0x%llx..0x%llx is not in the file's sections",
			    level, start, end);
		return -1;
	}
	return 0;
}

/* __con_initcall_start/_end: both or neither. */
static int find_con_range(const struct image *img, struct tables *t)
{
	unsigned long long start, end;
	bool has_start = !symbol_addr(img, "__con_initcall_start", &start);
	bool has_end = !symbol_addr(img, "__con_initcall_end", &end);

	if (!has_start && !has_end)
		return 0;
	if (!has_start || !has_end || end < start) {
		image_error(img, "bad console initcall table: __con_initcall_start and __con_initcall_end %s",
			    has_start && has_end ? "are out of order" :
			    "do not come in a pair");
		return -1;
	}
	return add_range(img, t, "con", start, end);
}

static int find_level_ranges(const struct image *img, struct tables *t)
{
	unsigned long long start[ARRAY_SIZE(level_starts) + 1];
	const char *names[ARRAY_SIZE(level_starts) + 1];
	size_t i, n = ARRAY_SIZE(level_starts);

	for (i = 0; i < n; i++)
		names[i] = level_starts[i].symbol;
	names[n] = "__initcall_end";
	for (i = 0; i <= n; i++) {
		if (symbol_addr(img, names[i], &start[i])) {
			image_error(img, i ? "no symbol %s: not an initcall table the kernel's INIT_CALLS lays out" :
				    "no symbol %s: not a kernel image, or its symbol table was stripped",
				    names[i]);
			return -1;
		}
		if (i && start[i] < start[i - 1]) {
			image_error(img, "%s (0x%llx) lies before %s (0x%llx)",
				    names[i], start[i], names[i - 1],
				    start[i - 1]);
			return -1;
		}
	}
	for (i = 0; i < n; i++)
		if (add_range(img, t, level_starts[i].level, start[i],
			      start[i + 1]))
			return -1;
	return 0;
}

static void free_tables(struct tables *t)
{
	unsigned int i;

	for (i = 0; i < t->nr; i++)
		free(t->r[i].bytes);
}

static unsigned int shape_width(const struct image *img,
				enum entry_shape shape)
{
	if (shape == SHAPE_ABS64)
		return 8;
	return 4;
}

/* Where entry @p at address @entry points under @shape. */
static unsigned long long entry_target(const struct image *img,
				       enum entry_shape shape,
				       unsigned long long entry,
				       const unsigned char *p)
{
	unsigned long long v = image_uint(img, p, shape_width(img, shape));
	unsigned long long mask = img->bits == 32 ? 0xffffffffull : ~0ull;

	if (shape != SHAPE_PREL32)
		return v;
	return (entry + (unsigned long long)(int64_t)(int32_t)v) & mask;
}

/* Code, or a function symbol (function descriptors live in data). */
static bool plausible_target(const struct image *img, unsigned long long addr,
			     bool *at_symbol)
{
	const struct image_section *sec = image_section_at(img, addr);
	struct image_sym *const *syms;
	size_t i, n = image_syms_at(img, addr, &syms);
	bool func = false, code = false;

	for (i = 0; i < n; i++) {
		func = func || syms[i]->kind == IMAGE_SYM_FUNC;
		code = code || (syms[i]->section && syms[i]->section->exec);
	}
	*at_symbol = func || code;
	return func || (sec && sec->exec);
}

/* Where a reading of the table first went wrong, for the error message. */
struct misfit {
	const char *level;
	unsigned long long entry;
	unsigned long long target;
	bool partial;		/* the range is not a whole number of entries */
};

/*
 * Tries @shape on every range: -1 when some range is not a whole number of
 * entries or some entry points outside code (@why says where); otherwise
 * the number of entries that point exactly at a symbol.
 */
static long shape_score(const struct image *img, const struct tables *t,
			enum entry_shape shape, struct misfit *why)
{
	unsigned int w = shape_width(img, shape), i;
	long score = 0;

	for (i = 0; i < t->nr; i++) {
		const struct range *r = &t->r[i];
		unsigned long long off;

		why->level = r->level;
		why->entry = r->start;
		why->partial = (r->end - r->start) % w;
		if (why->partial)
			return -1;
		for (off = 0; off < r->end - r->start; off += w) {
			bool at_symbol;

			why->entry = r->start + off;
			why->target = entry_target(img, shape, why->entry,
						   r->bytes + off);
			if (!plausible_target(img, why->target, &at_symbol))
				return -1;
			score += at_symbol;
		}
	}
	return score;
}

static void misfit_explain(struct strbuf *sb, const char *reading,
			   const struct misfit *m)
{
	if (m->partial)
		strbuf_addf(sb, "; as %s, level %s (at 0x%llx) is not a whole number of entries",
			    reading, m->level, m->entry);
	else
		strbuf_addf(sb, "; as %s, the level %s entry at 0x%llx points at 0x%llx, outside code",
			    reading, m->level, m->entry, m->target);
}

/*
 * The shape is read off the image, not taken from a flag: an entry is
 * either a 32-bit offset from itself (PREL32: x86, arm64) or a pointer of
 * the image's width (riscv, loongarch, the rest).  Both readings are
 * tried; a reading is possible only when every range holds a whole number
 * of entries and every entry then points into code (or at a function
 * symbol).  A 64-bit image almost never admits both, as the entry width
 * differs; a 32-bit one can only by accident, as offsets read as pointers
 * land far from the kernel's text.  Should both survive, the one that
 * hits more symbols exactly wins, and on a tie the architectures that
 * select HAVE_ARCH_PREL32_RELOCATIONS (x86, arm64) get PREL32.
 */
static int choose_shape(const struct image *img, const struct tables *t,
			enum entry_shape *shape)
{
	enum entry_shape abs = img->bits == 64 ? SHAPE_ABS64 : SHAPE_ABS32;
	char buf[32];
	const char *arch = image_machine_name(img->machine, buf, sizeof(buf));
	bool prel_arch = !strcmp(arch, "x86_64") || !strcmp(arch, "i386") ||
			 !strcmp(arch, "aarch64");
	struct misfit prel_why, abs_why;
	bool empty = true;
	long prel, ab;
	unsigned int i;

	for (i = 0; i < t->nr; i++)
		empty = empty && t->r[i].end == t->r[i].start;
	if (empty) {
		*shape = SHAPE_EMPTY;
		return 0;
	}
	prel = shape_score(img, t, SHAPE_PREL32, &prel_why);
	ab = shape_score(img, t, abs, &abs_why);
	if (prel < 0 && ab < 0) {
		struct strbuf sb = STRBUF_INIT;

		misfit_explain(&sb, "32-bit offsets", &prel_why);
		misfit_explain(&sb, abs == SHAPE_ABS64 ? "64-bit pointers" :
			       "32-bit pointers", &abs_why);
		image_error(img, "initcall entries are neither offsets nor pointers to code%s",
			    strbuf_str(&sb));
		strbuf_release(&sb);
		return -1;
	}
	if (prel != ab)
		*shape = prel > ab ? SHAPE_PREL32 : abs;
	else
		*shape = prel_arch ? SHAPE_PREL32 : abs;
	return 0;
}

/* The __initcall__<id><level> symbol at the entry, if the image kept it. */
static const struct image_sym *find_id_sym(const struct image *img,
					   unsigned long long entry,
					   struct initcall_name *name)
{
	struct image_sym *const *syms;
	size_t i, n = image_syms_at(img, entry, &syms);

	for (i = 0; i < n; i++)
		if (initcall_parse(syms[i]->name, strlen(syms[i]->name),
				   name) == NAME_OK)
			return syms[i];
	return NULL;
}

static const struct image_sym *find_target_sym(const struct image *img,
					       unsigned long long target)
{
	struct image_sym *const *syms;
	size_t n = image_syms_at(img, target, &syms);

	if (n)
		return syms[0];
	return image_sym_covering(img, target);
}

/*
 * Fills id, module and function from @n.  The level stays the range's
 * unless the id declares the sync half of that range; label_levels() then
 * counts entries sitting out of run order where they sit.
 */
static void take_name(struct image_initcall *c, const struct initcall_name *n)
{
	struct strbuf id = STRBUF_INIT;
	const char *range = c->level;
	size_t rlen = strlen(range);

	strbuf_add(&id, n->module.s, n->module.len);
	strbuf_addf(&id, "__%.*s_%.*s_", (int)n->counter.len, n->counter.s,
		    (int)n->line.len, n->line.s);
	strbuf_add(&id, n->function.s, n->function.len);
	c->id = xstrdup(strbuf_str(&id));
	strbuf_release(&id);
	c->module = span_dup(&n->module);
	c->function = span_dup(&n->function);
	if (n->level.len == rlen + 1 && !strncmp(n->level.s, range, rlen) &&
	    n->level.s[rlen] == 's' && rlen + 1 < sizeof(c->level))
		strcat(c->level, "s");
}


/* Does "__<digits>_<digits>_" end at @end (not before @start)? */
static bool counter_line_before(const char *start, const char *end)
{
	const char *p = end;
	int part;

	if (p == start || *--p != '_')
		return false;
	for (part = 0; part < 2; part++) {
		const char *digits = p;

		while (p > start && p[-1] >= '0' && p[-1] <= '9')
			p--;
		if (p == digits || p == start || *--p != '_')
			return false;
	}
	return p > start && p[-1] == '_';
}

/*
 * Can the id <module>__<counter>_<line>_<function> belong to function
 * @fn?  The script's split takes the last "__<digits>_<digits>_" as the
 * end of the module, so a function whose own name holds one ("odd__9_9_fn")
 * comes out cut short: what counts is that the id ends in "_<fn>" right
 * after some "__<digits>_<digits>".
 */
static bool id_of_function(const struct initcall_name *n, const char *fn,
			   size_t fn_len)
{
	const char *start = n->module.s;
	const char *end = n->function.s + n->function.len;

	return (size_t)(end - start) > fn_len &&
	       !memcmp(end - fn_len, fn, fn_len) &&
	       counter_line_before(start, end - fn_len);
}

/* Is some symbol at @addr the function @n names (suffix aside)? */
static bool calls_function(const struct image *img, unsigned long long addr,
			   const struct initcall_name *n)
{
	struct image_sym *const *syms;
	size_t i, count = image_syms_at(img, addr, &syms);

	for (i = 0; i < count; i++)
		if (id_of_function(n, syms[i]->name,
				   symbol_base_len(syms[i]->name)))
			return true;
	return false;
}

/* The LTO stub at @addr, split like an id into @name; NULL if none. */
static const struct image_sym *stub_at(const struct image *img,
				       unsigned long long addr,
				       struct strbuf *buf,
				       struct initcall_name *name)
{
	struct image_sym *const *syms;
	size_t i, n = image_syms_at(img, addr, &syms);

	for (i = 0; i < n; i++)
		if (initstub_parse(syms[i]->name, buf, name))
			return syms[i];
	return NULL;
}

static bool span_eq(const struct span *a, const struct span *b)
{
	return a->len == b->len && !memcmp(a->s, b->s, a->len);
}

static bool same_id(const struct initcall_name *a,
		    const struct initcall_name *b)
{
	return span_eq(&a->module, &b->module) &&
	       span_eq(&a->counter, &b->counter) &&
	       span_eq(&a->line, &b->line) &&
	       span_eq(&a->function, &b->function) &&
	       span_eq(&a->level, &b->level);
}

/*
 * An entry is what it calls: the LTO stub it points at names its id, and
 * otherwise the function it points at is the initcall.  The symbol at the
 * entry, if the image kept one, must agree: when it names another
 * function the entry is marked, to be reported.  Without any symbol at
 * the target the entry's own symbol is all there is to go by.
 */
static void resolve_entry(const struct image *img, struct image_initcall *c)
{
	struct initcall_name slot, called;
	struct strbuf stub = STRBUF_INIT;

	c->target_sym = find_target_sym(img, c->target);
	c->id_sym = find_id_sym(img, c->entry, &slot);
	if (stub_at(img, c->target, &stub, &called)) {
		take_name(c, &called);
		c->mismatch = c->id_sym && !same_id(&slot, &called);
	} else if (c->id_sym && (!c->target_sym ||
				 calls_function(img, c->target, &slot))) {
		take_name(c, &slot);
	} else {
		struct strbuf target = STRBUF_INIT;

		image_initcall_target(c, &target);
		c->function = strbuf_detach(&target);
		c->mismatch = c->id_sym != NULL;
	}
	strbuf_release(&stub);
}

/* Entries whose own symbol names another function than they call. */
static size_t report_mismatches(const struct image *img,
				const struct image_initcalls *ic)
{
	const struct loc loc = { img->path, NULL };
	struct strbuf target = STRBUF_INIT;
	size_t i, n = 0;

	for (i = 0; i < ic->nr; i++) {
		const struct image_initcall *c = &ic->calls[i];

		if (!c->mismatch)
			continue;
		strbuf_reset(&target);
		image_initcall_target(c, &target);
		loc_err(&loc, "level %s entry %zu at 0x%llx: its symbol %s names another initcall than the one it calls, %s",
			c->level, c->position, c->entry, c->id_sym->name,
			strbuf_str(&target));
		n++;
	}
	strbuf_release(&target);
	return n;
}

static void add_entries(const struct image *img, struct image_initcalls *ic,
			const struct range *r)
{
	unsigned int w = shape_width(img, ic->shape);
	unsigned long long off;

	for (off = 0; off < r->end - r->start; off += w) {
		struct image_initcall *c;

		ic->calls = xgrow(ic->calls, &ic->alloc, ic->nr + 1,
				  sizeof(*ic->calls));
		c = &ic->calls[ic->nr++];
		memset(c, 0, sizeof(*c));
		snprintf(c->level, sizeof(c->level), "%s", r->level);
		c->entry = r->start + off;
		c->target = entry_target(img, ic->shape, c->entry,
					 r->bytes + off);
		resolve_entry(img, c);
	}
}

size_t *level_keepers(const int *rank, size_t n)
{
	size_t *keep = xcalloc(n + 1, sizeof(*keep));
	size_t *v = xcalloc(n + 1, sizeof(*v));
	bool *kept = xcalloc(n + 1, sizeof(*kept));
	size_t i, t;

	for (i = 0; i < n; i++)
		v[i] = rank[i];
	longest_rising(v, n, false, kept);
	/*
	 * The others count in the level of the kept entry after them: the
	 * place they sit (or ran) in, before the initcalls of that level.
	 * After the last kept entry: the last one.
	 */
	for (i = n, t = SIZE_MAX; i-- > 0;) {
		if (kept[i])
			t = i;
		keep[i] = t;
	}
	for (t = n; t-- > 0 && !kept[t];)
		;
	for (i = t + 1; i < n; i++)
		keep[i] = t;
	free(v);
	free(kept);
	return keep;
}

/*
 * A range's entries carry the level their id declares (plain or sync);
 * those out of run order (a "1s" entry before "1" entries) are labelled
 * with the level of the place they sit in, so that the comparison finds
 * them in the wrong level.  Positions count within the final levels.
 */
static void label_levels(struct image_initcalls *ic)
{
	int *rank = xcalloc(ic->nr + 1, sizeof(*rank));
	size_t *keep, i, pos = 0;

	for (i = 0; i < ic->nr; i++)
		rank[i] = level_rank(ic->calls[i].level);
	keep = level_keepers(rank, ic->nr);
	for (i = 0; i < ic->nr; i++)
		if (keep[i] != i)
			memcpy(ic->calls[i].level, ic->calls[keep[i]].level,
			       sizeof(ic->calls[i].level));
	for (i = 0; i < ic->nr; i++) {
		if (i && strcmp(ic->calls[i].level, ic->calls[i - 1].level))
			pos = 0;
		ic->calls[i].position = ++pos;
	}
	free(keep);
	free(rank);
}

/*
 * Sections still named ".initcall<level>.init..<id>" after the final link
 * matched nothing in INIT_CALLS: the image was linked without the
 * generated fragment (or with one that misses them), and those initcalls
 * never run.  The comparison reports them missing; this says why.
 */
static void warn_stray_sections(const struct image *img)
{
	const struct loc loc = { img->path, NULL };
	struct initcall_section sec;
	const char *first = NULL;
	size_t i, n = 0;

	for (i = 0; i < img->nr_sections; i++) {
		const char *name = img->sections[i].name;

		if (!name ||
		    !initcall_section_parse(name, strlen(name), &sec) ||
		    !sec.id.len)
			continue;
		if (!n++)
			first = name;
	}
	if (n)
		loc_warn(&loc, "%zu initcall section%s outside the initcall table (%s%s): linked without the generated fragment?",
			 n, n == 1 ? "" : "s", first, n > 1 ? ", ..." : "");
}

int image_initcalls_read(const struct image *img, struct image_initcalls *ic)
{
	struct tables t = { .nr = 0 };
	unsigned int i;
	int ret = -1;

	memset(ic, 0, sizeof(*ic));
	if (!img->nr_syms) {
		image_error(img, "no symbol table: the initcall table cannot be found in a stripped image");
		return -1;
	}
	if (find_con_range(img, &t) || find_level_ranges(img, &t) ||
	    choose_shape(img, &t, &ic->shape))
		goto out;
	if (ic->shape != SHAPE_EMPTY)
		for (i = 0; i < t.nr; i++)
			add_entries(img, ic, &t.r[i]);
	label_levels(ic);
	warn_stray_sections(img);
	ic->nr_mismatched = report_mismatches(img, ic);
	ret = 0;
out:
	free_tables(&t);
	return ret;
}

void image_initcalls_free(struct image_initcalls *ic)
{
	size_t i;

	for (i = 0; i < ic->nr; i++) {
		free(ic->calls[i].id);
		free(ic->calls[i].module);
		free(ic->calls[i].function);
	}
	free(ic->calls);
	memset(ic, 0, sizeof(*ic));
}

const char *entry_shape_name(enum entry_shape shape)
{
	switch (shape) {
	case SHAPE_PREL32:
		return "prel32";
	case SHAPE_ABS32:
		return "abs32";
	case SHAPE_ABS64:
		return "abs64";
	default:
		return "empty";
	}
}

void image_initcall_target(const struct image_initcall *c, struct strbuf *sb)
{
	const struct image_sym *s = c->target_sym;

	if (!s)
		strbuf_addf(sb, "0x%llx", c->target);
	else if (s->value == c->target)
		strbuf_addstr(sb, s->name);
	else
		strbuf_addf(sb, "%s+0x%llx", s->name, c->target - s->value);
}

void order_from_image(struct order *o, const struct image_initcalls *ic)
{
	size_t i;

	for (i = 0; i < ic->nr; i++) {
		const struct image_initcall *c = &ic->calls[i];
		char where[32];
		struct order_entry e = {
			.level = (char *)c->level,
			.module = c->module,
			.function = c->function,
			.id = c->id,
			.where = where,
			.addr = c->target,
			.idless = !c->id_sym && !c->id,
		};

		snprintf(where, sizeof(where), "0x%llx", c->entry);
		order_add(o, &e);
	}
}

int image_tables_open(struct image_tables *t, const char *path)
{
	if (image_open(&t->img, path))
		return -1;
	if (image_initcalls_read(&t->img, &t->ic)) {
		image_close(&t->img);
		return -1;
	}
	return 0;
}

void image_tables_close(struct image_tables *t)
{
	image_initcalls_free(&t->ic);
	image_close(&t->img);
}

int image_order_load(const char *path, struct order *o)
{
	struct image_tables t;
	int ret;

	if (image_tables_open(&t, path))
		return -1;
	order_from_image(o, &t.ic);
	ret = t.ic.nr_mismatched ? 1 : 0;
	image_tables_close(&t);
	return ret;
}
