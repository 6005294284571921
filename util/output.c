// SPDX-License-Identifier: GPL-2.0-only
/*
 * The table writer.  Formats, as documented in initcall-order(1):
 *
 * text: a header line and aligned columns separated by two spaces.
 * tsv:  "# <format-name> <version>", a line of column names, then one line
 *       per row.
 * json: {"format": "<format-name>", "version": N, "<rows>": [ {...}, ... ]}
 *       with one row object per line; number columns are unquoted.
 * c:    a comment naming the format, then a static const array named
 *       <rows> of an unnamed struct whose members are the columns marked
 *       in_c, every one a string; one initializer per row.
 *
 * Cells are kept as given and escaped when rendered, by the rule of the
 * format (util/escape.h): tsv and json give back every byte.
 */
#include <stdlib.h>
#include <string.h>

#include <util/escape.h>
#include <util/json_writer.h>
#include <util/output.h>
#include <util/strbuf.h>
#include <util/xalloc.h>

static const char *const format_names[] = {
	[OUT_TEXT] = "text",
	[OUT_TSV] = "tsv",
	[OUT_JSON] = "json",
	[OUT_KTAP] = "ktap",
	[OUT_C] = "c",
};

int out_format_parse(const char *name, unsigned int allowed,
		     enum out_format *fmt)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(format_names); i++) {
		if ((allowed & (1u << i)) && !strcmp(name, format_names[i])) {
			*fmt = i;
			return 0;
		}
	}
	return -1;
}

void out_format_list(unsigned int allowed, struct strbuf *sb)
{
	unsigned int i, n = 0, total = 0;

	for (i = 0; i < ARRAY_SIZE(format_names); i++)
		total += !!(allowed & (1u << i));
	for (i = 0; i < ARRAY_SIZE(format_names); i++) {
		if (!(allowed & (1u << i)))
			continue;
		if (n++)
			strbuf_addstr(sb, n == total ? " or " : ", ");
		strbuf_addstr(sb, format_names[i]);
	}
}

void out_table_init(struct out_table *t, enum out_format fmt,
		const char *format_name, int version, const char *rows_name,
		const struct out_col *cols, unsigned int ncols)
{
	memset(t, 0, sizeof(*t));
	t->fmt = fmt;
	t->format_name = format_name;
	t->version = version;
	t->rows_name = rows_name;
	t->cols = cols;
	t->ncols = ncols;
}

void out_table_row(struct out_table *t, const char *const *cells)
{
	unsigned int i;

	t->cells = xgrow(t->cells, &t->alloc, (t->nrows + 1) * t->ncols,
			 sizeof(*t->cells));
	for (i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] =
			xstrdup(cells[i] ? cells[i] : "");
	t->nrows++;
}

static const char *cell(const struct out_table *t, size_t row,
			unsigned int col)
{
	return t->cells[row * t->ncols + col];
}

/* The cells of @t as the text rule shows them, header row first. */
static char **text_cells(const struct out_table *t)
{
	char **shown = xcalloc((t->nrows + 1) * t->ncols, sizeof(*shown));
	struct strbuf sb = STRBUF_INIT;
	unsigned int c;
	size_t r;

	for (r = 0; r <= t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			strbuf_reset(&sb);
			esc_text(&sb, r ? cell(t, r - 1, c) : t->cols[c].name);
			shown[r * t->ncols + c] = xstrdup(strbuf_str(&sb));
		}
	}
	strbuf_release(&sb);
	return shown;
}

static void render_text(const struct out_table *t, struct strbuf *sb)
{
	size_t *width = xcalloc(t->ncols, sizeof(*width));
	char **shown = text_cells(t);
	unsigned int c;
	size_t r;

	for (r = 0; r <= t->nrows; r++)
		for (c = 0; c < t->ncols; c++)
			if (strlen(shown[r * t->ncols + c]) > width[c])
				width[c] = strlen(shown[r * t->ncols + c]);
	for (r = 0; r <= t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			const char *s = shown[r * t->ncols + c];
			bool last = c + 1 == t->ncols;

			if (last)
				strbuf_addstr(sb, s);
			else if (t->cols[c].number && r)
				strbuf_addf(sb, "%*s  ", (int)width[c], s);
			else
				strbuf_addf(sb, "%-*s  ", (int)width[c], s);
		}
		strbuf_addch(sb, '\n');
	}
	for (r = 0; r < (t->nrows + 1) * t->ncols; r++)
		free(shown[r]);
	free(shown);
	free(width);
}

static void render_tsv(const struct out_table *t, struct strbuf *sb)
{
	unsigned int c;
	size_t r;

	strbuf_addf(sb, "# %s %d\n", t->format_name, t->version);
	for (r = 0; r <= t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			if (c)
				strbuf_addch(sb, '\t');
			esc_tsv(sb, r ? cell(t, r - 1, c) : t->cols[c].name);
		}
		strbuf_addch(sb, '\n');
	}
}

/* Digits without a leading zero: anything else stays a string. */
static bool is_json_number(const char *s)
{
	if (!*s || (s[0] == '0' && s[1]))
		return false;
	return strspn(s, "0123456789") == strlen(s);
}

static void render_json(const struct out_table *t, struct strbuf *sb)
{
	struct json_writer w;
	unsigned int c;
	size_t r;

	jsonw_init(&w, sb);
	jsonw_object_start(&w, true);
	jsonw_string_field(&w, "format", t->format_name);
	jsonw_uint_field(&w, "version", t->version);
	jsonw_name(&w, t->rows_name);
	jsonw_array_start(&w, true);
	for (r = 0; r < t->nrows; r++) {
		jsonw_object_start(&w, false);
		for (c = 0; c < t->ncols; c++) {
			const char *s = cell(t, r, c);

			jsonw_name(&w, t->cols[c].name);
			if (t->cols[c].number && is_json_number(s))
				jsonw_number_text(&w, s);
			else
				jsonw_string(&w, s);
		}
		jsonw_object_end(&w);
	}
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	jsonw_finish(&w);
}

static void render_c(const struct out_table *t, struct strbuf *sb)
{
	unsigned int c, n;
	size_t r;

	strbuf_addf(sb, "/* %s %d */\nstatic const struct {\n",
		    t->format_name, t->version);
	for (c = 0; c < t->ncols; c++)
		if (t->cols[c].in_c)
			strbuf_addf(sb, "\tconst char *%s;\n", t->cols[c].name);
	strbuf_addf(sb, "} %s[] = {\n", t->rows_name);
	for (r = 0; r < t->nrows; r++) {
		strbuf_addstr(sb, "\t{ ");
		for (c = 0, n = 0; c < t->ncols; c++) {
			if (!t->cols[c].in_c)
				continue;
			if (n++)
				strbuf_addstr(sb, ", ");
			esc_c(sb, cell(t, r, c));
		}
		strbuf_addstr(sb, " },\n");
	}
	strbuf_addstr(sb, "};\n");
}

void out_table_render(struct out_table *t, struct strbuf *sb)
{
	size_t i;

	switch (t->fmt) {
	case OUT_TSV:
		render_tsv(t, sb);
		break;
	case OUT_JSON:
		render_json(t, sb);
		break;
	case OUT_C:
		render_c(t, sb);
		break;
	default:
		render_text(t, sb);
		break;
	}
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	t->cells = NULL;
	t->nrows = 0;
	t->alloc = 0;
}
