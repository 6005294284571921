/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Names are data.  A symbol, a path or a boot log line comes from a file
 * someone else made; wherever the tool prints one it goes through the one
 * rule of that output format:
 *
 * text (messages, text tables and reports, KTAP)
 *	printable ASCII (0x20 to 0x7e) as is, every other byte as \xNN (two
 *	lower-case hex digits).  No control byte, escape sequence or
 *	non-ASCII byte reaches a terminal, and a name never starts a line.
 *	For people; read names back from tsv or json.
 * tsv
 *	\\, \t, \n and \r for backslash, tab, newline and carriage return,
 *	\xNN for the other bytes below 0x20 and for 0x7f, every other byte as
 *	is.  tsv_unescape() gives back every byte.
 * json
 *	a string literal in valid UTF-8: '"' and '\' as \" and \\, control
 *	characters (below 0x20, 0x7f and U+0080 to U+009F) as \u00XX, other
 *	valid UTF-8 as is, and each byte that is not part of valid UTF-8 as
 *	\udcNN: a lone low surrogate, as Python's "surrogateescape" error
 *	handler writes it, which this tool's json reader turns back into the
 *	byte NN.
 * c
 *	a C string literal: printable ASCII as is but '"', '\\' and '?'
 *	(no trigraph can form) escaped with a backslash, every other byte as
 *	a three-digit octal escape, which no following digit can extend.
 *
 * C strings: a name never holds a NUL byte.
 */
#ifndef UTIL_ESCAPE_H
#define UTIL_ESCAPE_H

#include <stddef.h>

struct strbuf;

void esc_text(struct strbuf *sb, const char *s);
void esc_text_len(struct strbuf *sb, const char *s, size_t len);
void esc_tsv(struct strbuf *sb, const char *s);
/* The json string literal of @s, quotes included. */
void esc_json(struct strbuf *sb, const char *s);
/* The C string literal of @s, quotes included. */
void esc_c(struct strbuf *sb, const char *s);

/*
 * Appends to @out the bytes that the tsv field @s (@len bytes) stands for.
 * Returns 0, or -1 with *@bad pointing at a backslash that starts no
 * escape of the rule above (or an escape for NUL).
 */
int tsv_unescape(struct strbuf *out, const char *s, size_t len,
		 const char **bad);

/*
 * Length of the valid UTF-8 sequence (2 to 4 bytes: no overlong forms, no
 * surrogates, nothing above U+10FFFF) at @s of @len bytes; 0 when there is
 * none.  The code point goes to *@cp.
 */
size_t utf8_seq(const unsigned char *s, size_t len, unsigned long *cp);

#endif /* UTIL_ESCAPE_H */
