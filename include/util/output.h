/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One writer for every table the tool prints: aligned text for people,
 * tsv and json for tools.  Both machine formats carry a format name and a
 * version so that readers can refuse what they do not know.
 */
#ifndef UTIL_OUTPUT_H
#define UTIL_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;

enum out_format {
	OUT_TEXT,
	OUT_TSV,
	OUT_JSON,
	OUT_KTAP,
};

/* Parses "text", "tsv", "json" or "ktap"; @allowed is a mask of 1 << fmt. */
int out_format_parse(const char *name, unsigned int allowed,
		     enum out_format *fmt);

struct out_col {
	const char *name;
	bool number;		/* json: written unquoted */
};

struct out_table {
	enum out_format fmt;
	const char *format_name;	/* e.g. "initcall-order-dump" */
	int version;
	const char *rows_name;		/* json key holding the rows */
	const struct out_col *cols;
	unsigned int ncols;
	char **cells;			/* nrows * ncols copies */
	size_t nrows;
	size_t alloc;
};

void out_table_init(struct out_table *t, enum out_format fmt,
		const char *format_name, int version, const char *rows_name,
		const struct out_col *cols, unsigned int ncols);
/* Adds a row of t->ncols strings. */
void out_table_row(struct out_table *t, const char *const *cells);
/* Renders the table into @sb and frees the rows. */
void out_table_render(struct out_table *t, struct strbuf *sb);

/* Appends @s as a JSON string literal, by the rule of util/escape.h. */
void json_add_string(struct strbuf *sb, const char *s);

#endif /* UTIL_OUTPUT_H */
