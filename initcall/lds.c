// SPDX-License-Identifier: GPL-2.0-only
/*
 * The linker script fragment.  Byte for byte what the kernel's
 * generate_initcall_order.pl prints: levels in plain string order (as Perl's
 * sort has them), one "*(<section>..<id>) ;" line per initcall in link
 * order, tabs for indentation.
 */
#include <stdlib.h>
#include <string.h>

#include <initcall/lds.h>
#include <initcall/name.h>
#include <util/strbuf.h>
#include <util/warn.h>
#include <util/xalloc.h>

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The distinct levels of @t, sorted as strings. */
static size_t collect_levels(const struct initcall_table *t, char ***out)
{
	char **levels = xcalloc(t->nr ? t->nr : 1, sizeof(*levels));
	size_t i, nr = 0;

	for (i = 0; i < t->nr; i++)
		levels[i] = t->calls[i].level;
	qsort(levels, t->nr, sizeof(*levels), str_cmp);
	for (i = 0; i < t->nr; i++)
		if (!nr || strcmp(levels[nr - 1], levels[i]))
			levels[nr++] = levels[i];
	*out = levels;
	return nr;
}

static void render_level(const struct initcall_table *t, const char *level,
			 struct strbuf *sb)
{
	char secbuf[64], id[4096];
	const char *section = level_section(level, secbuf, sizeof(secbuf));
	size_t i;

	strbuf_addf(sb, "\t%s : {\n", section);
	for (i = 0; i < t->nr; i++) {
		if (strcmp(t->calls[i].level, level))
			continue;
		strbuf_addf(sb, "\t\t*(%s..%s) ;\n", section,
			    initcall_id(&t->calls[i], id, sizeof(id)));
	}
	strbuf_addstr(sb, "\t}\n");
}

int lds_render(const struct initcall_table *t, struct strbuf *sb)
{
	char **levels;
	size_t i, nr;

	nr = collect_levels(t, &levels);
	if (!nr) {
		free(levels);
		pr_err("no initcalls found in the inputs (are these the LTO link inputs? is NM right for any fallback?)");
		return -1;
	}
	strbuf_addstr(sb, "SECTIONS {\n");
	for (i = 0; i < nr; i++)
		render_level(t, levels[i], sb);
	strbuf_addstr(sb, "}\n");
	free(levels);
	return 0;
}
