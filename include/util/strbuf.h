/* SPDX-License-Identifier: GPL-2.0-only */
/* A growable byte buffer; it aborts on out of memory like the rest. */
#ifndef UTIL_STRBUF_H
#define UTIL_STRBUF_H

#include <stdarg.h>
#include <util/compiler.h>
#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
};

#define STRBUF_INIT { NULL, 0, 0 }

void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __printf(2, 3);
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void strbuf_reset(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
/* Always NUL-terminated; "" for an empty buffer. */
const char *strbuf_str(struct strbuf *sb);
/* The contents as an allocated string, the buffer left empty. */
char *strbuf_detach(struct strbuf *sb);

#endif /* UTIL_STRBUF_H */
