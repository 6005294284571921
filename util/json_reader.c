// SPDX-License-Identifier: GPL-2.0-only
/* The JSON reader (include/util/json_reader.h). */
#include <stdarg.h>
#include <string.h>

#include <util/json_reader.h>
#include <util/strbuf.h>
#include <util/warn.h>

/* How deep skipped values may nest before we call it hostile. */
#define JSONR_MAX_DEPTH	64

void jsonr_init(struct json_reader *r, const char *path, const void *data,
		size_t len)
{
	memset(r, 0, sizeof(*r));
	r->path = path;
	r->noun = "file";
	r->start = data;
	r->p = data;
	r->end = r->start + len;
}

size_t jsonr_line(struct json_reader *r, const char *at)
{
	const char *s = r->start, *nl;
	size_t line = 1;

	if (at > r->end)
		at = r->end;
	if (r->counted && r->counted <= at) {
		s = r->counted;
		line = r->counted_line;
	}
	while (s < at && (nl = memchr(s, '\n', at - s))) {
		line++;
		s = nl + 1;
	}
	r->counted = s;
	r->counted_line = line;
	return line;
}

static void verr(const struct json_reader *r, size_t line, const char *fmt,
		 va_list ap)
{
	const struct loc loc = { r->path, NULL };
	struct strbuf msg = STRBUF_INIT;

	strbuf_vaddf(&msg, fmt, ap);
	if (line)
		loc_err(&loc, "line %zu: %s", line, strbuf_str(&msg));
	else
		loc_err(&loc, "%s", strbuf_str(&msg));
	strbuf_release(&msg);
}

int jsonr_err_line(struct json_reader *r, size_t line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(r, line, fmt, ap);
	va_end(ap);
	return -1;
}

int jsonr_err(struct json_reader *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(r, jsonr_line(r, r->p), fmt, ap);
	va_end(ap);
	return -1;
}

int jsonr_truncated(struct json_reader *r)
{
	return jsonr_err_line(r, 0, "truncated: the %s ends in the middle (after line %zu)",
			      r->noun, jsonr_line(r, r->end));
}

int jsonr_peek(struct json_reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' ||
				 *r->p == '\n' || *r->p == '\r'))
		r->p++;
	return r->p < r->end ? (unsigned char)*r->p : -1;
}

int jsonr_expect(struct json_reader *r, char c, const char *what)
{
	int next = jsonr_peek(r);

	if (next < 0)
		return jsonr_truncated(r);
	if (next != (unsigned char)c)
		return jsonr_err(r, "expected %s", what);
	r->p++;
	return 0;
}

int jsonr_empty(struct json_reader *r, char close)
{
	if (jsonr_peek(r) != (unsigned char)close)
		return 0;
	r->p++;
	return 1;
}

int jsonr_separator(struct json_reader *r, char close)
{
	int next = jsonr_peek(r);

	if (next < 0)
		return jsonr_truncated(r);
	if (next == (unsigned char)close) {
		r->p++;
		return 1;
	}
	if (next != ',')
		return jsonr_err(r, "expected ',' or '%c'", close);
	r->p++;
	return 0;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The 4 hex digits after "\u"; -1 (reported) when bad. */
static long hex4(struct json_reader *r)
{
	long v = 0;
	int i, d;

	if (r->end - r->p < 4)
		return jsonr_truncated(r);
	for (i = 0; i < 4; i++) {
		d = hex_digit(r->p[i]);
		if (d < 0)
			return jsonr_err(r, "bad \\u escape");
		v = v * 16 + d;
	}
	r->p += 4;
	return v;
}

static void add_utf8(struct strbuf *sb, unsigned long cp)
{
	if (cp < 0x80) {
		strbuf_addch(sb, cp);
	} else if (cp < 0x800) {
		strbuf_addch(sb, 0xc0 | (cp >> 6));
		strbuf_addch(sb, 0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		strbuf_addch(sb, 0xe0 | (cp >> 12));
		strbuf_addch(sb, 0x80 | ((cp >> 6) & 0x3f));
		strbuf_addch(sb, 0x80 | (cp & 0x3f));
	} else {
		strbuf_addch(sb, 0xf0 | (cp >> 18));
		strbuf_addch(sb, 0x80 | ((cp >> 12) & 0x3f));
		strbuf_addch(sb, 0x80 | ((cp >> 6) & 0x3f));
		strbuf_addch(sb, 0x80 | (cp & 0x3f));
	}
}

/* After "\u": one code point, a surrogate pair, or a byte (above). */
static int unicode_escape(struct json_reader *r, struct strbuf *out)
{
	long hi = hex4(r), lo;

	if (hi < 0)
		return -1;
	if (hi == 0)
		return jsonr_err(r, "\\u0000 in a string");
	if (hi >= 0xdc80 && hi <= 0xdcff) {
		strbuf_addch(out, hi & 0xff);
		return 0;
	}
	if (hi >= 0xdc00 && hi <= 0xdfff)
		return jsonr_err(r, "lone low surrogate in a string");
	if (hi >= 0xd800 && hi <= 0xdbff) {
		if (r->end - r->p < 2)
			return jsonr_truncated(r);
		if (r->p[0] != '\\' || r->p[1] != 'u')
			return jsonr_err(r, "lone high surrogate in a string");
		r->p += 2;
		lo = hex4(r);
		if (lo < 0)
			return -1;
		if (lo < 0xdc00 || lo > 0xdfff)
			return jsonr_err(r, "bad surrogate pair in a string");
		hi = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
	}
	add_utf8(out, hi);
	return 0;
}

static int string_escape(struct json_reader *r, struct strbuf *out)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *hit;

	if (r->p >= r->end)
		return jsonr_truncated(r);
	if (*r->p == 'u') {
		r->p++;
		return unicode_escape(r, out);
	}
	hit = *r->p ? strchr(from, *r->p) : NULL;
	if (!hit)
		return jsonr_err(r, "bad escape '\\%c' in a string", *r->p);
	strbuf_addch(out, to[hit - from]);
	r->p++;
	return 0;
}

int jsonr_string(struct json_reader *r, struct strbuf *out)
{
	strbuf_reset(out);
	r->p++;
	for (;;) {
		const char *s = r->p;
		unsigned char c;

		while (s < r->end && *s != '"' && *s != '\\' &&
		       (unsigned char)*s >= 0x20)
			s++;
		strbuf_add(out, r->p, s - r->p);
		r->p = s;
		if (r->p >= r->end)
			return jsonr_truncated(r);
		c = *r->p++;
		if (c == '"')
			return 0;
		if (c < 0x20)
			return jsonr_err(r, "control character in a string");
		if (string_escape(r, out))
			return -1;
	}
}

int jsonr_key(struct json_reader *r, struct strbuf *key)
{
	if (jsonr_expect(r, '"', "a key"))
		return -1;
	r->p--;
	if (jsonr_string(r, key))
		return -1;
	return jsonr_expect(r, ':', "':'");
}

static bool at_digit(const struct json_reader *r)
{
	return r->p < r->end && *r->p >= '0' && *r->p <= '9';
}

static int digits(struct json_reader *r)
{
	if (r->p >= r->end)
		return jsonr_truncated(r);
	if (!at_digit(r))
		return jsonr_err(r, "bad number");
	while (at_digit(r))
		r->p++;
	return 0;
}

/* A number, copied as written. */
static int number(struct json_reader *r, struct strbuf *out)
{
	const char *s = r->p;

	if (*r->p == '-')
		r->p++;
	if (digits(r))
		return -1;
	if (r->p < r->end && *r->p == '.') {
		r->p++;
		if (digits(r))
			return -1;
	}
	if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
		r->p++;
		if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
			r->p++;
		if (digits(r))
			return -1;
	}
	strbuf_reset(out);
	strbuf_add(out, s, r->p - s);
	return 0;
}

static int literal(struct json_reader *r, const char *word,
		   struct strbuf *out)
{
	size_t len = strlen(word), have = r->end - r->p;

	if (have < len && !memcmp(r->p, word, have))
		return jsonr_truncated(r);
	if (have < len || memcmp(r->p, word, len))
		return jsonr_err(r, "unexpected '%c'", *r->p);
	r->p += len;
	strbuf_reset(out);
	strbuf_addstr(out, word);
	return 0;
}

int jsonr_scalar(struct json_reader *r, struct strbuf *out, bool *null)
{
	int next = jsonr_peek(r);

	*null = false;
	switch (next) {
	case -1:
		return jsonr_truncated(r);
	case '"':
		return jsonr_string(r, out);
	case '-':
	case '0' ... '9':
		return number(r, out);
	case 't':
		return literal(r, "true", out);
	case 'f':
		return literal(r, "false", out);
	case 'n':
		*null = true;
		return literal(r, "null", out);
	case '{':
	case '[':
		return jsonr_err(r, "nested value where a string or number belongs");
	default:
		return jsonr_err(r, "unexpected '%c'", next);
	}
}

static int skip_value(struct json_reader *r, int depth);

/* Skips the members of an object or the items of an array. */
static int skip_members(struct json_reader *r, int depth, bool object)
{
	struct strbuf key = STRBUF_INIT;
	char close = object ? '}' : ']';
	int ret;

	r->p++;
	if (jsonr_empty(r, close))
		return 0;
	do {
		ret = object ? jsonr_key(r, &key) : 0;
		if (!ret)
			ret = skip_value(r, depth + 1);
		if (!ret)
			ret = jsonr_separator(r, close);
	} while (!ret);
	strbuf_release(&key);
	return ret < 0 ? -1 : 0;
}

static int skip_value(struct json_reader *r, int depth)
{
	struct strbuf tmp = STRBUF_INIT;
	bool null;
	int next, ret;

	if (depth > JSONR_MAX_DEPTH)
		return jsonr_err(r, "JSON nested deeper than %d",
				 JSONR_MAX_DEPTH);
	next = jsonr_peek(r);
	if (next == '{' || next == '[')
		return skip_members(r, depth, next == '{');
	ret = jsonr_scalar(r, &tmp, &null);
	strbuf_release(&tmp);
	return ret;
}

int jsonr_skip(struct json_reader *r)
{
	return skip_value(r, 1);
}
