// SPDX-License-Identifier: GPL-2.0-only
/*
 * The linker script fragment.  Byte for byte what the kernel's
 * generate_initcall_order.pl prints: levels in plain string order (as Perl's
 * sort has them), one "*(<section>..<id>) ;" line per initcall in link
 * order, tabs for indentation.
 *
 * With place_idless, each object's sections of initcalls without an id get
 * a rule of their own at the object's place in link order, naming the
 * object the way ld.lld names input files in a linker script: the path as
 * given on its command line, "archive:member" for archive members.  Names
 * made of plain characters are written as they are, others quoted (an
 * exact match in ld.lld), and names a quoted string cannot hold become a
 * pattern with '?' for each odd byte, refused unless it matches no other
 * object of the link.
 */
#include <stdlib.h>
#include <string.h>

#include <initcall/lds.h>
#include <initcall/name.h>
#include <util/strbuf.h>
#include <util/warn.h>
#include <util/xalloc.h>

/*
 * Inputs with initcalls left out are named up to this many per run; the
 * rest are counted.
 */
#define IDLESS_NAMED	5

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The distinct levels of the initcalls written, sorted as strings. */
static size_t collect_levels(const struct initcall_table *t,
			     const struct lds_opts *opts, char ***out)
{
	char **levels = xcalloc(t->nr ? t->nr : 1, sizeof(*levels));
	size_t i, n = 0, nr = 0;

	for (i = 0; i < t->nr; i++)
		if (initcall_has_id(&t->calls[i]) || opts->place_idless)
			levels[n++] = t->calls[i].level;
	qsort(levels, n, sizeof(*levels), str_cmp);
	for (i = 0; i < n; i++)
		if (!nr || strcmp(levels[nr - 1], levels[i]))
			levels[nr++] = levels[i];
	*out = levels;
	return nr;
}

/* The name ld.lld matches input section descriptions against. */
static bool script_name(const struct unit_list *units, const struct unit *u,
			struct strbuf *sb)
{
	if (u->depth > 1 || u->input >= units->nr_inputs)
		return false;
	strbuf_addstr(sb, units->inputs[u->input]);
	if (u->depth)
		strbuf_addf(sb, ":%s", u->loc.member);
	return true;
}

static bool plain_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || strchr("_./+-:", c);
}

static bool quotable_byte(unsigned char c)
{
	return c >= 0x20 && c != 0x7f && c != '"';
}

static bool all_bytes(const char *s, bool (*ok)(unsigned char))
{
	for (; *s; s++)
		if (!ok(*s))
			return false;
	return true;
}

/* Does @name match @pattern, whose only wildcard is '?'? */
static bool qmark_match(const char *pattern, const char *name)
{
	for (; *pattern && *name; pattern++, name++)
		if (*pattern != '?' && *pattern != *name)
			return false;
	return !*pattern && !*name;
}

/* A '?' pattern for @name; -1 (reported) when it names others too. */
static int qmark_pattern(const struct initcall_table *t, const struct unit *u,
			 const char *name, struct strbuf *sb)
{
	struct strbuf other = STRBUF_INIT;
	size_t start = sb->len, i;
	const char *p;
	int ret = 0;

	for (p = name; *p; p++)
		strbuf_addch(sb, plain_byte(*p) ? *p : '?');
	for (i = 0; i < t->units->nr && !ret; i++) {
		const struct unit *o = &t->units->units[i];

		strbuf_reset(&other);
		if (o == u || !script_name(t->units, o, &other))
			continue;
		if (strcmp(other.buf, name) &&
		    qmark_match(sb->buf + start, other.buf)) {
			loc_err(&u->loc, "no linker script pattern names this object alone: %s matches %s too",
				sb->buf + start, other.buf);
			ret = -1;
		}
	}
	strbuf_release(&other);
	return ret;
}

/* Appends the file pattern that selects @u's sections; -1 if none can. */
static int file_pattern(const struct initcall_table *t, const struct unit *u,
			struct strbuf *sb)
{
	struct strbuf name = STRBUF_INIT;
	int ret = 0;

	if (!script_name(t->units, u, &name)) {
		loc_err(&u->loc, "a member of an archive inside an archive has no name in a linker script; its initcalls without an id cannot be placed");
		ret = -1;
	} else if (all_bytes(name.buf, plain_byte)) {
		strbuf_addstr(sb, name.buf);
	} else if (all_bytes(name.buf, quotable_byte)) {
		strbuf_addf(sb, "\"%s\"", name.buf);
	} else {
		ret = qmark_pattern(t, u, name.buf, sb);
	}
	strbuf_release(&name);
	return ret;
}

/* Is @i the first initcall of its unit and section? (link order) */
static bool first_of_section(const struct initcall_table *t, size_t i)
{
	const struct initcall *a = &t->calls[i], *b;

	if (!i)
		return true;
	b = &t->calls[i - 1];
	return b->unit != a->unit || initcall_has_id(b) ||
	       strcmp(b->section, a->section);
}

static int render_level(const struct initcall_table *t, const char *level,
			const struct lds_opts *opts, struct strbuf *sb)
{
	char buf[32];
	const char *sec = level_section(level, buf, sizeof(buf));
	size_t i;

	strbuf_addf(sb, "\t%s : {\n", sec);
	for (i = 0; i < t->nr; i++) {
		const struct initcall *ic = &t->calls[i];

		if (strcmp(ic->level, level))
			continue;
		if (initcall_has_id(ic)) {
			strbuf_addf(sb, "\t\t*(%s..", sec);
			initcall_id_add(ic, sb);
			strbuf_addstr(sb, ") ;\n");
			continue;
		}
		if (!opts->place_idless || !first_of_section(t, i))
			continue;
		strbuf_addstr(sb, "\t\t");
		if (file_pattern(t, &t->units->units[ic->unit], sb))
			return -1;
		strbuf_addf(sb, "(%s) ;\n", ic->section);
	}
	strbuf_addstr(sb, "\t}\n");
	return 0;
}

/* Does the fragment leave @ic to the linker? */
static bool left_out(const struct initcall *ic, const struct lds_opts *opts)
{
	return ic->misplaced || (!initcall_has_id(ic) && !opts->place_idless);
}

/* Was @ic's section named by an earlier initcall of @first..@ic? */
static bool section_seen(const struct initcall_table *t, size_t first,
			 const struct initcall *ic, const struct lds_opts *opts)
{
	const struct initcall *p;

	for (p = &t->calls[first]; p < ic; p++)
		if (left_out(p, opts) &&
		    initcall_has_id(p) == initcall_has_id(ic) &&
		    !strcmp(p->section, ic->section))
			return true;
	return false;
}

/*
 * Appends the sections of the unit's initcalls (from @first on) that the
 * fragment leaves out, those with an id or those without; returns how
 * many initcalls that is.
 */
static size_t left_out_sections(const struct initcall_table *t,
				size_t first, const struct lds_opts *opts,
				bool ids, struct strbuf *sb)
{
	size_t i, n = 0;

	for (i = first; i < t->nr && t->calls[i].unit == t->calls[first].unit;
	     i++) {
		const struct initcall *ic = &t->calls[i];

		if (!left_out(ic, opts) || initcall_has_id(ic) != ids)
			continue;
		if (!n++ || !section_seen(t, first, ic, opts))
			strbuf_addf(sb, "%s%s", sb->len ? ", " : "",
				    ic->section);
	}
	return n;
}

static void warn_unit(const struct initcall_table *t, size_t first,
		      const struct lds_opts *opts)
{
	const struct loc *loc = &t->units->units[t->calls[first].unit].loc;
	struct strbuf secs = STRBUF_INIT;

	if (left_out_sections(t, first, opts, false, &secs))
		loc_warn(loc, "initcalls without an id in %s: left to the linker, which puts them after every initcall of their level in the fragment (--place-idless keeps link order)",
			 secs.buf);
	strbuf_reset(&secs);
	if (left_out_sections(t, first, opts, true, &secs))
		loc_warn(loc, "initcalls with an id in %s, not in sections of their own: the fragment's lines match nothing (built without CONFIG_LTO_CLANG?)",
			 secs.buf);
	strbuf_release(&secs);
}

/* One line per input for the first few, then a count. */
static void report_left_out(const struct initcall_table *t,
			    const struct lds_opts *opts)
{
	size_t i, inputs = 0, calls = 0, last = (size_t)-1;

	for (i = 0; i < t->nr; i++) {
		const struct initcall *ic = &t->calls[i];

		if (!left_out(ic, opts))
			continue;
		calls++;
		if (ic->unit == last)
			continue;
		last = ic->unit;
		if (inputs++ < IDLESS_NAMED)
			warn_unit(t, i, opts);
	}
	if (inputs > IDLESS_NAMED)
		pr_warn("%zu more inputs hold initcalls the fragment cannot place (%zu inputs, %zu initcalls in all)",
			inputs - IDLESS_NAMED, inputs, calls);
}

int lds_render(const struct initcall_table *t, const struct lds_opts *opts,
	       struct strbuf *sb)
{
	char **levels;
	size_t i, nr;
	int ret = 0;

	report_left_out(t, opts);
	nr = collect_levels(t, opts, &levels);
	if (!nr) {
		free(levels);
		pr_err("no initcalls found in the inputs (are these the LTO link inputs? is NM right for any fallback?)");
		return -1;
	}
	strbuf_addstr(sb, "SECTIONS {\n");
	for (i = 0; i < nr && !ret; i++)
		ret = render_level(t, levels[i], opts, sb);
	strbuf_addstr(sb, "}\n");
	free(levels);
	return ret;
}
