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
	OUT_C,
};

/* Parses "text", "tsv", "json", "ktap" or "c"; @allowed: 1 << fmt mask. */
int out_format_parse(const char *name, unsigned int allowed,
		     enum out_format *fmt);
/* The names of the @allowed formats, as "text, tsv or json". */
void out_format_list(unsigned int allowed, struct strbuf *sb);

struct out_col {
	const char *name;
	bool number;		/* json: written unquoted */
	bool in_c;		/* c: a member of the row struct */
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

#endif /* UTIL_OUTPUT_H */
