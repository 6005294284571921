/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A JSON writer, in the spirit of bpftool's json_writer: objects, arrays,
 * names and values, with commas and indentation kept by the writer, and
 * every string through the json rule of util/escape.h.
 *
 * A container opened with @lines puts each member on a line of its own,
 * indented two blanks a level (an empty one is written "{}" or "[]");
 * otherwise its members follow each other on one line, ", " apart.
 */
#ifndef UTIL_JSON_WRITER_H
#define UTIL_JSON_WRITER_H

#include <stdbool.h>

struct strbuf;

#define JSON_MAX_DEPTH	8

struct json_writer {
	struct strbuf *sb;
	unsigned int depth;
	bool after_name;		/* a name was written: its value next */
	bool empty[JSON_MAX_DEPTH];	/* nothing in the container yet */
	bool lines[JSON_MAX_DEPTH];	/* one member per line */
};

void jsonw_init(struct json_writer *w, struct strbuf *sb);
/* Ends the document with a newline; every container must be closed. */
void jsonw_finish(struct json_writer *w);

void jsonw_object_start(struct json_writer *w, bool lines);
void jsonw_object_end(struct json_writer *w);
void jsonw_array_start(struct json_writer *w, bool lines);
void jsonw_array_end(struct json_writer *w);

/* The name of the next member of an object. */
void jsonw_name(struct json_writer *w, const char *name);

void jsonw_string(struct json_writer *w, const char *s);
/* @s, or null when @s is NULL. */
void jsonw_string_or_null(struct json_writer *w, const char *s);
void jsonw_uint(struct json_writer *w, unsigned long long v);
void jsonw_bool(struct json_writer *w, bool v);
void jsonw_null(struct json_writer *w);
/* @digits as they are: the caller has checked that they are a number. */
void jsonw_number_text(struct json_writer *w, const char *digits);

/* A name and its value, in one call. */
void jsonw_string_field(struct json_writer *w, const char *name,
		       const char *s);
void jsonw_uint_field(struct json_writer *w, const char *name,
		     unsigned long long v);
void jsonw_bool_field(struct json_writer *w, const char *name, bool v);

#endif /* UTIL_JSON_WRITER_H */
