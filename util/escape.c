// SPDX-License-Identifier: GPL-2.0-only
/* The escaping rules of include/util/escape.h, one per output format. */
#include <stdbool.h>
#include <string.h>

#include <util/escape.h>
#include <util/strbuf.h>

static const char hex[] = "0123456789abcdef";

static void add_hex_byte(struct strbuf *sb, unsigned char c)
{
	char esc[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };

	strbuf_add(sb, esc, sizeof(esc));
}

static bool is_printable_ascii(unsigned char c)
{
	return c >= 0x20 && c < 0x7f;
}

void esc_text_len(struct strbuf *sb, const char *s, size_t len)
{
	size_t i, run = 0;

	strbuf_grow(sb, len);
	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (is_printable_ascii(c)) {
			run++;
			continue;
		}
		strbuf_add(sb, s + i - run, run);
		run = 0;
		add_hex_byte(sb, c);
	}
	strbuf_add(sb, s + len - run, run);
}

void esc_text(struct strbuf *sb, const char *s)
{
	esc_text_len(sb, s, strlen(s));
}

void esc_tsv(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		unsigned char c = *s;

		switch (c) {
		case '\\':
			strbuf_addstr(sb, "\\\\");
			break;
		case '\t':
			strbuf_addstr(sb, "\\t");
			break;
		case '\n':
			strbuf_addstr(sb, "\\n");
			break;
		case '\r':
			strbuf_addstr(sb, "\\r");
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				add_hex_byte(sb, c);
			else
				strbuf_addch(sb, c);
		}
	}
}

static int hex_value(char c)
{
	const char *p = c ? strchr(hex, c | 0x20) : NULL;

	return p ? p - hex : -1;
}

/* One escape after a backslash at @s; its length, or 0 when bad. */
static size_t tsv_escape(const char *s, size_t len, char *byte)
{
	int hi, lo;

	if (len < 2)
		return 0;
	switch (s[1]) {
	case '\\':
		*byte = '\\';
		return 2;
	case 't':
		*byte = '\t';
		return 2;
	case 'n':
		*byte = '\n';
		return 2;
	case 'r':
		*byte = '\r';
		return 2;
	case 'x':
		if (len < 4)
			return 0;
		hi = hex_value(s[2]);
		lo = hex_value(s[3]);
		if (hi < 0 || lo < 0 || !(hi | lo))
			return 0;
		*byte = hi << 4 | lo;
		return 4;
	default:
		return 0;
	}
}

int tsv_unescape(struct strbuf *out, const char *s, size_t len,
		 const char **bad)
{
	const char *end = s + len;

	while (s < end) {
		const char *bs = memchr(s, '\\', end - s);
		size_t n;
		char byte;

		if (!bs) {
			strbuf_add(out, s, end - s);
			break;
		}
		strbuf_add(out, s, bs - s);
		n = tsv_escape(bs, end - bs, &byte);
		if (!n) {
			*bad = bs;
			return -1;
		}
		strbuf_addch(out, byte);
		s = bs + n;
	}
	return 0;
}

static bool is_continuation(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

size_t utf8_seq(const unsigned char *s, size_t len, unsigned long *cp)
{
	static const unsigned long min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t n, i;
	unsigned long v;

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		v = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		v = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		v = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if (!is_continuation(s[i]))
			return 0;
		v = v << 6 | (s[i] & 0x3f);
	}
	if (v < min[n] || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return n;
}

static void json_u(struct strbuf *sb, unsigned long cp)
{
	strbuf_addf(sb, "\\u%04lx", cp);
}

/* The bytes from @p[0] that are not ASCII; returns how many it took. */
static size_t json_non_ascii(struct strbuf *sb, const unsigned char *p,
			     size_t len)
{
	unsigned long cp;
	size_t n = utf8_seq(p, len, &cp);

	if (!n)
		json_u(sb, 0xdc00 | p[0]);
	else if (cp < 0xa0)
		json_u(sb, cp);
	else
		strbuf_add(sb, p, n);
	return n ? n : 1;
}

void esc_json(struct strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0;

	strbuf_addch(sb, '"');
	while (i < len) {
		unsigned char c = p[i];

		if (c >= 0x80) {
			i += json_non_ascii(sb, p + i, len - i);
			continue;
		}
		if (c == '"' || c == '\\') {
			strbuf_addch(sb, '\\');
			strbuf_addch(sb, c);
		} else if (c < 0x20 || c == 0x7f) {
			json_u(sb, c);
		} else {
			strbuf_addch(sb, c);
		}
		i++;
	}
	strbuf_addch(sb, '"');
}

void esc_c(struct strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	strbuf_addch(sb, '"');
	for (; *p; p++) {
		if (*p == '"' || *p == '\\' || *p == '?')
			strbuf_addf(sb, "\\%c", *p);
		else if (*p >= 0x20 && *p < 0x7f)
			strbuf_addch(sb, *p);
		else
			strbuf_addf(sb, "\\%03o", *p);
	}
	strbuf_addch(sb, '"');
}
