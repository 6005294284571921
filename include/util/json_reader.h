/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A JSON reader over a buffer that is not NUL-terminated: the caller pulls
 * one value at a time and decides what it expects, so that a reader takes
 * exactly the shape it knows and skips the rest.  Strings come back as the
 * bytes they stand for: \udc80 to \udcff, lone low surrogates, are the
 * bytes 0x80 to 0xff that util/escape.h writes so; \u0000 is refused.
 *
 * Every error is printed with the file and the line, and the call returns
 * -1.  The cursor (and its messages) serves line-based readers as well:
 * struct json_reader is a position in a named buffer.
 */
#ifndef UTIL_JSON_READER_H
#define UTIL_JSON_READER_H

#include <stdbool.h>
#include <stddef.h>

#include <util/compiler.h>

struct strbuf;

struct json_reader {
	const char *path;		/* for messages */
	const char *noun;		/* "file" unless the caller says */
	const char *start, *p, *end;
	/* jsonr_line() counts on from here: errors come in file order. */
	const char *counted;
	size_t counted_line;
};

void jsonr_init(struct json_reader *r, const char *path, const void *data,
		size_t len);

/* The 1-based line of @at. */
size_t jsonr_line(struct json_reader *r, const char *at);

/* An error at the cursor, at line @line (0: the whole file), or "truncated". */
int jsonr_err(struct json_reader *r, const char *fmt, ...) __printf(2, 3);
int jsonr_err_line(struct json_reader *r, size_t line, const char *fmt, ...)
	__printf(3, 4);
int jsonr_truncated(struct json_reader *r);

/* Skips white space; the next byte, or -1 at the end. */
int jsonr_peek(struct json_reader *r);
/* Skips white space and takes @c; else reports "expected @what". */
int jsonr_expect(struct json_reader *r, char c, const char *what);
/* Takes @close after the opening of an empty container: 1; else 0. */
int jsonr_empty(struct json_reader *r, char close);
/*
 * After a member or an element: takes ',' and returns 0, or @close and
 * returns 1; -1 (reported) for anything else.
 */
int jsonr_separator(struct json_reader *r, char close);

/* A key and its ':' into @key. */
int jsonr_key(struct json_reader *r, struct strbuf *key);
/* A string into @out; the cursor stands on its opening quote. */
int jsonr_string(struct json_reader *r, struct strbuf *out);
/*
 * A string, number, true, false or null into @out, as written (@null set
 * for null); an object or an array is an error.
 */
int jsonr_scalar(struct json_reader *r, struct strbuf *out, bool *null);
/* Any value, nested at most 64 deep. */
int jsonr_skip(struct json_reader *r);

#endif /* UTIL_JSON_READER_H */
