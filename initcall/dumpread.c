// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading back dumps: the tsv and json that util/output.c writes for the
 * "initcall-order-dump" and "initcall-order-image" tables.
 *
 * Both syntaxes are first parsed into rows of the named fields we use,
 * then checked and turned into order entries, so that one set of rules
 * covers both.  The JSON reader takes exactly one shape: an object with
 * "format", "version" and one array of flat objects; other top-level keys
 * are skipped whatever they hold.  Inputs are not NUL-terminated: every
 * read is checked against the end of the buffer.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <initcall/diff.h>
#include <initcall/dumpread.h>
#include <initcall/name.h>
#include <initcall/order.h>
#include <util/escape.h>
#include <util/file.h>
#include <util/strbuf.h>
#include <util/warn.h>
#include <util/xalloc.h>

/* The columns we use; others (position...) are ignored. */
enum field {
	F_LEVEL,
	F_MODULE,
	F_FUNCTION,
	F_COUNTER,
	F_LINE,
	F_INPUT,
	F_ENTRY,
	F_TARGET,
	F_SYMBOL,
	F_ID,
	NR_FIELDS,
};

static const char *const field_names[NR_FIELDS] = {
	[F_LEVEL] = "level",
	[F_MODULE] = "module",
	[F_FUNCTION] = "function",
	[F_COUNTER] = "counter",
	[F_LINE] = "line",
	[F_INPUT] = "input",
	[F_ENTRY] = "entry_address",
	[F_TARGET] = "target_address",
	[F_SYMBOL] = "target_symbol",
	[F_ID] = "id",
};

/* The key of the rows in the json of both formats. */
#define DUMP_ROWS_KEY	"initcalls"

/* How deep skipped JSON values may nest before we call it hostile. */
#define JSON_MAX_DEPTH	64

struct row {
	char *f[NR_FIELDS];	/* NULL: absent */
	size_t line;
};

struct reader {
	const char *path;
	const char *start, *p, *end;
	char *format;
	long version;		/* -1 until read */
	bool checked;		/* format and version accepted */
	/* line_at() counts on from here: rows ask in file order. */
	const char *counted;
	size_t counted_line;
	struct row *rows;
	size_t nr, alloc;
};

/* The 1-based line of @at, counted on from the last answer when later. */
static size_t line_at(struct reader *r, const char *at)
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

static void rd_verr(const struct reader *r, size_t line, const char *fmt,
		    va_list ap)
{
	struct loc loc = { r->path, NULL };
	struct strbuf msg = STRBUF_INIT;

	strbuf_vaddf(&msg, fmt, ap);
	if (line)
		loc_err(&loc, "line %zu: %s", line, strbuf_str(&msg));
	else
		loc_err(&loc, "%s", strbuf_str(&msg));
	strbuf_release(&msg);
}

/* An error at line @line (0: about the whole file); returns -1. */
static int __printf(3, 4)
rd_err_line(const struct reader *r, size_t line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rd_verr(r, line, fmt, ap);
	va_end(ap);
	return -1;
}

/* An error where the reader stands. */
static int __printf(2, 3)
rd_err(struct reader *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rd_verr(r, line_at(r, r->p), fmt, ap);
	va_end(ap);
	return -1;
}

static int rd_truncated(struct reader *r)
{
	return rd_err_line(r, 0, "truncated: the dump ends in the middle (after line %zu)",
			   line_at(r, r->end));
}

static void row_free(struct row *row)
{
	int i;

	for (i = 0; i < NR_FIELDS; i++)
		free(row->f[i]);
}

static void reader_free(struct reader *r)
{
	size_t i;

	for (i = 0; i < r->nr; i++)
		row_free(&r->rows[i]);
	free(r->rows);
	free(r->format);
}

static void add_row(struct reader *r, struct row *row)
{
	r->rows = xgrow(r->rows, &r->alloc, r->nr + 1, sizeof(*r->rows));
	r->rows[r->nr++] = *row;
}

static int field_lookup(const char *name, size_t len)
{
	int i;

	for (i = 0; i < NR_FIELDS; i++)
		if (strlen(field_names[i]) == len &&
		    !memcmp(field_names[i], name, len))
			return i;
	return -1;
}

/* The format name and version, checked once both are known. */
static int dump_read_version(const char *format)
{
	return strcmp(format, DUMP_IMAGE_FORMAT) ? DUMP_OBJECTS_VERSION :
	       DUMP_IMAGE_VERSION;
}

static int check_format(struct reader *r)
{
	if (r->checked)
		return 0;
	if (!r->format)
		return rd_err_line(r, 0, "no format name: not an initcall-order dump");
	if (strcmp(r->format, DUMP_OBJECTS_FORMAT) &&
	    strcmp(r->format, DUMP_IMAGE_FORMAT))
		return rd_err_line(r, 0, "format '%s' is not a dump of initcall-order (%s or %s)",
				   r->format, DUMP_OBJECTS_FORMAT,
				   DUMP_IMAGE_FORMAT);
	if (r->version < 0)
		return rd_err_line(r, 0, "no format version");
	if (r->version < 1)
		return rd_err_line(r, 0, "bad format version %ld", r->version);
	if (r->version > dump_read_version(r->format))
		return rd_err_line(r, 0, "%s version %ld is newer than this initcall-order reads (up to %d): use a newer initcall-order",
				   r->format, r->version,
				   dump_read_version(r->format));
	r->checked = true;
	return 0;
}

/* A decimal version number, at most 9 digits. */
static int parse_version(struct reader *r, const char *s, size_t len)
{
	size_t i;

	if (!len || len > 9)
		return rd_err(r, "bad format version '%.*s'", (int)len, s);
	r->version = 0;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return rd_err(r, "bad format version '%.*s'",
				      (int)len, s);
		r->version = r->version * 10 + (s[i] - '0');
	}
	return 0;
}

/* tsv */

/*
 * The next line, without its newline, in @line/@len.  Returns 1 at the
 * end of the data, -1 (reported) for a line without newline or with a NUL.
 */
static int tsv_line(struct reader *r, const char **line, size_t *len)
{
	const char *nl;

	if (r->p >= r->end)
		return 1;
	nl = memchr(r->p, '\n', r->end - r->p);
	if (!nl)
		return rd_truncated(r);
	if (memchr(r->p, '\0', nl - r->p))
		return rd_err(r, "NUL byte in a tsv dump");
	*line = r->p;
	*len = nl - r->p;
	r->p = nl + 1;
	return 0;
}

/* "# <format> <version>" */
static int tsv_first_line(struct reader *r)
{
	const char *line, *sp;
	size_t len;
	int ret = tsv_line(r, &line, &len);

	if (ret)
		return ret > 0 ? rd_truncated(r) : -1;
	if (len < 2 || memcmp(line, "# ", 2))
		return rd_err_line(r, 1, "not an initcall-order dump: no '# <format> <version>' line");
	sp = memchr(line + 2, ' ', len - 2);
	if (!sp)
		return rd_err_line(r, 1, "no format version after the format name");
	r->format = xstrndup(line + 2, sp - line - 2);
	r->p = line;		/* for the line number of a bad version */
	ret = parse_version(r, sp + 1, line + len - sp - 1);
	r->p = line + len + 1;
	return ret ? ret : check_format(r);
}

/* Since which version the tsv fields of the dump are escaped. */
static long escaped_since(const struct reader *r)
{
	return strcmp(r->format, DUMP_IMAGE_FORMAT) ? DUMP_OBJECTS_ESCAPED :
	       DUMP_IMAGE_ESCAPED;
}

/*
 * A field of a tsv row as the bytes it stands for: older versions wrote
 * them as they were (turning tabs and newlines into spaces), newer ones
 * escape them (util/escape.h).  NULL after reporting a bad escape.
 */
static char *tsv_field(struct reader *r, size_t line, const char *s,
		       size_t len, const char *column, size_t clen)
{
	struct strbuf out = STRBUF_INIT;
	const char *bad;

	if (r->version < escaped_since(r))
		return xstrndup(s, len);
	if (tsv_unescape(&out, s, len, &bad)) {
		rd_err_line(r, line, "column %.*s: bad escape '%.*s'",
			    (int)clen, column,
			    (int)(s + len - bad < 4 ? s + len - bad : 4), bad);
		strbuf_release(&out);
		return NULL;
	}
	return strbuf_detach(&out);
}

/* Splits @line at tabs into at most @max fields; returns the count. */
static size_t tsv_split(const char *line, size_t len, const char **fs,
			size_t *lens, size_t max)
{
	const char *end = line + len, *tab;
	size_t n = 0;

	for (;;) {
		tab = memchr(line, '\t', end - line);
		if (n < max) {
			fs[n] = line;
			lens[n] = (tab ? tab : end) - line;
		}
		n++;
		if (!tab)
			return n;
		line = tab + 1;
	}
}

#define TSV_MAX_COLS	64

static int tsv_parse(struct reader *r)
{
	const char *fs[TSV_MAX_COLS], *names[TSV_MAX_COLS], *line;
	size_t lens[TSV_MAX_COLS], nlens[TSV_MAX_COLS], len, ncols, n, i;
	int map[TSV_MAX_COLS], ret;

	if (tsv_first_line(r))
		return -1;
	ret = tsv_line(r, &line, &len);
	if (ret)
		return ret > 0 ? rd_truncated(r) : -1;
	ncols = tsv_split(line, len, fs, lens, TSV_MAX_COLS);
	if (ncols > TSV_MAX_COLS)
		return rd_err_line(r, 2, "%zu columns: more than %d",
				   ncols, TSV_MAX_COLS);
	for (i = 0; i < ncols; i++) {
		map[i] = field_lookup(fs[i], lens[i]);
		names[i] = fs[i];
		nlens[i] = lens[i];
	}
	while (!(ret = tsv_line(r, &line, &len))) {
		struct row row = { .line = line_at(r, line) };

		n = tsv_split(line, len, fs, lens, TSV_MAX_COLS);
		if (n != ncols)
			return rd_err_line(r, row.line, "%zu fields where the header has %zu",
					   n, ncols);
		for (i = 0; i < ncols && !ret; i++) {
			if (map[i] < 0 || row.f[map[i]])
				continue;
			row.f[map[i]] = tsv_field(r, row.line, fs[i], lens[i],
						  names[i], nlens[i]);
			if (!row.f[map[i]])
				ret = -1;
		}
		if (ret) {
			row_free(&row);
			return -1;
		}
		add_row(r, &row);
	}
	return ret < 0 ? -1 : 0;
}

/* json */

static void json_ws(struct reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' ||
				 *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

/* Skips white space and takes @c; -1 (reported) when something else. */
static int json_expect(struct reader *r, char c, const char *what)
{
	json_ws(r);
	if (r->p >= r->end)
		return rd_truncated(r);
	if (*r->p != c)
		return rd_err(r, "expected %s", what);
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
static long json_hex4(struct reader *r)
{
	long v = 0;
	int i, d;

	if (r->end - r->p < 4)
		return rd_truncated(r);
	for (i = 0; i < 4; i++) {
		d = hex_digit(r->p[i]);
		if (d < 0)
			return rd_err(r, "bad \\u escape");
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

/*
 * After "\u": one code point, or a surrogate pair; never NUL.  A lone
 * \udc80 to \udcff is the byte 0x80 to 0xff that was not part of valid
 * UTF-8 (util/escape.h).
 */
static int json_unicode(struct reader *r, struct strbuf *out)
{
	long hi = json_hex4(r), lo;

	if (hi < 0)
		return -1;
	if (hi == 0)
		return rd_err(r, "\\u0000 in a string");
	if (hi >= 0xdc80 && hi <= 0xdcff) {
		strbuf_addch(out, hi & 0xff);
		return 0;
	}
	if (hi >= 0xdc00 && hi <= 0xdfff)
		return rd_err(r, "lone low surrogate in a string");
	if (hi >= 0xd800 && hi <= 0xdbff) {
		if (r->end - r->p < 2)
			return rd_truncated(r);
		if (r->p[0] != '\\' || r->p[1] != 'u')
			return rd_err(r, "lone high surrogate in a string");
		r->p += 2;
		lo = json_hex4(r);
		if (lo < 0)
			return -1;
		if (lo < 0xdc00 || lo > 0xdfff)
			return rd_err(r, "bad surrogate pair in a string");
		hi = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
	}
	add_utf8(out, hi);
	return 0;
}

static int json_escape(struct reader *r, struct strbuf *out)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *hit;

	if (r->p >= r->end)
		return rd_truncated(r);
	if (*r->p == 'u') {
		r->p++;
		return json_unicode(r, out);
	}
	hit = *r->p ? strchr(from, *r->p) : NULL;
	if (!hit)
		return rd_err(r, "bad escape '\\%c' in a string", *r->p);
	strbuf_addch(out, to[hit - from]);
	r->p++;
	return 0;
}

/* A string; the reader stands on its opening quote. */
static int json_string(struct reader *r, struct strbuf *out)
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
			return rd_truncated(r);
		c = *r->p++;
		if (c == '"')
			return 0;
		if (c < 0x20)
			return rd_err(r, "control character in a string");
		if (json_escape(r, out))
			return -1;
	}
}

static bool is_digit(const struct reader *r)
{
	return r->p < r->end && *r->p >= '0' && *r->p <= '9';
}

static int json_digits(struct reader *r)
{
	if (r->p >= r->end)
		return rd_truncated(r);
	if (!is_digit(r))
		return rd_err(r, "bad number");
	while (is_digit(r))
		r->p++;
	return 0;
}

/* A number, copied as written. */
static int json_number(struct reader *r, struct strbuf *out)
{
	const char *s = r->p;

	if (*r->p == '-')
		r->p++;
	if (json_digits(r))
		return -1;
	if (r->p < r->end && *r->p == '.') {
		r->p++;
		if (json_digits(r))
			return -1;
	}
	if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
		r->p++;
		if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
			r->p++;
		if (json_digits(r))
			return -1;
	}
	strbuf_reset(out);
	strbuf_add(out, s, r->p - s);
	return 0;
}

static int json_literal(struct reader *r, const char *word)
{
	size_t len = strlen(word), have = r->end - r->p;

	if (have < len && !memcmp(r->p, word, have))
		return rd_truncated(r);
	if (have < len || memcmp(r->p, word, len))
		return rd_err(r, "unexpected '%c'", *r->p);
	r->p += len;
	return 0;
}

/*
 * A string, number, true, false or null into @out (@null set for null).
 * Arrays and objects are refused: rows are flat.
 */
static int json_scalar(struct reader *r, struct strbuf *out, bool *null)
{
	*null = false;
	json_ws(r);
	if (r->p >= r->end)
		return rd_truncated(r);
	switch (*r->p) {
	case '"':
		return json_string(r, out);
	case '-':
	case '0' ... '9':
		return json_number(r, out);
	case 't':
		strbuf_reset(out);
		strbuf_addstr(out, "true");
		return json_literal(r, "true");
	case 'f':
		strbuf_reset(out);
		strbuf_addstr(out, "false");
		return json_literal(r, "false");
	case 'n':
		*null = true;
		return json_literal(r, "null");
	case '{':
	case '[':
		return rd_err(r, "nested value where a string or number belongs");
	default:
		return rd_err(r, "unexpected '%c'", *r->p);
	}
}

static int json_skip(struct reader *r, int depth);

/* Skips the members of an object or the items of an array. */
static int json_skip_members(struct reader *r, int depth, bool object)
{
	struct strbuf key = STRBUF_INIT;
	char close = object ? '}' : ']';
	int ret = 0;

	r->p++;
	json_ws(r);
	if (r->p < r->end && *r->p == close) {
		r->p++;
		return 0;
	}
	for (;;) {
		if (object) {
			ret = json_expect(r, '"', "a key");
			if (!ret) {
				r->p--;
				ret = json_string(r, &key);
			}
			if (!ret)
				ret = json_expect(r, ':', "':'");
		}
		if (!ret)
			ret = json_skip(r, depth + 1);
		if (!ret) {
			json_ws(r);
			if (r->p >= r->end)
				ret = rd_truncated(r);
			else if (*r->p == close)
				break;
			else if (*r->p != ',')
				ret = rd_err(r, "expected ',' or '%c'", close);
		}
		if (ret)
			break;
		r->p++;
	}
	if (!ret)
		r->p++;
	strbuf_release(&key);
	return ret;
}

static int json_skip(struct reader *r, int depth)
{
	struct strbuf tmp = STRBUF_INIT;
	bool null;
	int ret;

	if (depth > JSON_MAX_DEPTH)
		return rd_err(r, "JSON nested deeper than %d", JSON_MAX_DEPTH);
	json_ws(r);
	if (r->p < r->end && (*r->p == '{' || *r->p == '['))
		return json_skip_members(r, depth, *r->p == '{');
	ret = json_scalar(r, &tmp, &null);
	strbuf_release(&tmp);
	return ret;
}

/* One key of a row and its value into @row. */
static int json_row_member(struct reader *r, struct row *row,
			   struct strbuf *key, struct strbuf *val)
{
	bool null;
	int field;

	if (json_expect(r, '"', "a key"))
		return -1;
	r->p--;
	if (json_string(r, key) || json_expect(r, ':', "':'"))
		return -1;
	if (json_scalar(r, val, &null))
		return -1;
	field = field_lookup(key->buf, key->len);
	if (field < 0)
		return 0;
	if (row->f[field])
		return rd_err(r, "key \"%s\" twice in one row",
			      field_names[field]);
	if (!null)
		row->f[field] = xstrdup(strbuf_str(val));
	return 0;
}

/*
 * After a member or an element: consumes ',' and returns 0, or consumes
 * @close and returns 1; anything else is reported and returns -1.
 */
static int json_separator(struct reader *r, char close)
{
	json_ws(r);
	if (r->p >= r->end)
		return rd_truncated(r);
	if (*r->p == close) {
		r->p++;
		return 1;
	}
	if (*r->p != ',')
		return rd_err(r, "expected ',' or '%c'", close);
	r->p++;
	return 0;
}

static int json_row(struct reader *r, struct strbuf *key, struct strbuf *val)
{
	struct row row = { .line = line_at(r, r->p) };
	int sep;

	if (json_expect(r, '{', "'{' opening a row"))
		return -1;
	json_ws(r);
	if (r->p < r->end && *r->p == '}') {
		r->p++;
		add_row(r, &row);
		return 0;
	}
	for (;;) {
		if (json_row_member(r, &row, key, val))
			break;
		sep = json_separator(r, '}');
		if (sep < 0)
			break;
		if (sep) {
			add_row(r, &row);
			return 0;
		}
	}
	row_free(&row);
	return -1;
}

/* The array of rows; format and version must be good by now. */
static int json_rows(struct reader *r)
{
	struct strbuf key = STRBUF_INIT, val = STRBUF_INIT;
	int ret = 0;

	r->p++;
	json_ws(r);
	if (r->p < r->end && *r->p == ']') {
		r->p++;
		return 0;
	}
	for (;;) {
		ret = json_row(r, &key, &val);
		if (!ret)
			ret = json_separator(r, ']');
		if (ret)
			break;
	}
	if (ret > 0)
		ret = 0;
	strbuf_release(&key);
	strbuf_release(&val);
	return ret;
}

/* True when @key is @name and @seen says it was there already. */
static bool is_top_key(const struct strbuf *key, const char *name, bool seen)
{
	return seen && !strcmp(key->buf, name);
}

/* One member of the top-level object. */
static int json_top_member(struct reader *r, struct strbuf *key,
			   bool *have_rows)
{
	struct strbuf val = STRBUF_INIT;
	bool null;
	int ret;

	if (json_expect(r, '"', "a key"))
		return -1;
	r->p--;
	if (json_string(r, key) || json_expect(r, ':', "':'"))
		return -1;
	json_ws(r);
	if (is_top_key(key, "format", r->format != NULL) ||
	    is_top_key(key, "version", r->version >= 0) ||
	    is_top_key(key, DUMP_ROWS_KEY, *have_rows))
		return rd_err(r, "key \"%s\" twice", key->buf);
	if (!strcmp(key->buf, "format")) {
		if (r->p < r->end && *r->p != '"')
			ret = rd_err(r, "\"format\" is not a string");
		else
			ret = json_scalar(r, &val, &null);
		if (!ret)
			r->format = xstrdup(strbuf_str(&val));
	} else if (!strcmp(key->buf, "version")) {
		ret = json_scalar(r, &val, &null);
		if (!ret && null)
			ret = rd_err(r, "\"version\" is null");
		if (!ret)
			ret = parse_version(r, val.buf, val.len);
	} else if (!strcmp(key->buf, DUMP_ROWS_KEY)) {
		*have_rows = true;
		ret = check_format(r);
		if (!ret && (r->p >= r->end || *r->p != '['))
			ret = r->p >= r->end ? rd_truncated(r) :
			      rd_err(r, "\"%s\" is not an array", DUMP_ROWS_KEY);
		if (!ret)
			ret = json_rows(r);
	} else {
		ret = json_skip(r, 1);
	}
	strbuf_release(&val);
	return ret;
}

static int json_parse(struct reader *r)
{
	struct strbuf key = STRBUF_INIT;
	bool have_rows = false;
	int ret = 0;

	if (json_expect(r, '{', "'{'"))
		return -1;
	json_ws(r);
	if (r->p < r->end && *r->p == '}')
		return check_format(r);
	for (;;) {
		ret = json_top_member(r, &key, &have_rows);
		if (!ret)
			ret = json_separator(r, '}');
		if (ret)
			break;
	}
	strbuf_release(&key);
	if (ret < 0)
		return ret;
	json_ws(r);
	if (r->p < r->end)
		return rd_err(r, "data after the end of the dump");
	if (check_format(r))
		return -1;
	if (!have_rows)
		return rd_err_line(r, 0, "no \"%s\" array in the dump",
				   DUMP_ROWS_KEY);
	return 0;
}

/* From rows to order entries. */

static const char *row_need(const struct reader *r, const struct row *row,
			    enum field f)
{
	if (!row->f[f] || !row->f[f][0]) {
		rd_err_line(r, row->line, "no %s", field_names[f]);
		return NULL;
	}
	return row->f[f];
}

/* Module and function from an image dump's id, e.g. "foo__12_34_bar". */
static int split_id(const struct reader *r, const struct row *row,
		    struct order_entry *e, struct strbuf *buf)
{
	struct initcall_name name;

	strbuf_reset(buf);
	strbuf_addf(buf, "%s%s%s", INITCALL_PREFIX, row->f[F_ID], e->level);
	if (initcall_parse(buf->buf, buf->len, &name) != NAME_OK ||
	    name.level.len != strlen(e->level))
		return rd_err_line(r, row->line, "bad id '%s'",
				   row->f[F_ID]);
	e->module = xstrndup(name.module.s, name.module.len);
	e->function = xstrndup(name.function.s, name.function.len);
	return 0;
}

static int image_row(const struct reader *r, const struct row *row,
		     struct order_entry *e, struct strbuf *buf)
{
	const char *id = row->f[F_ID];
	struct order_entry stub = { 0 };

	if (id && id[0] && strcmp(id, "-")) {
		if (split_id(r, row, e, buf))
			return -1;
		e->id = xstrdup(id);
	} else if (!row_need(r, row, F_SYMBOL)) {
		return -1;
	} else if (order_entry_from_stub(row->f[F_SYMBOL], &stub, buf)) {
		/* The row's level is the one the image's tables say. */
		free(stub.level);
		e->module = stub.module;
		e->function = stub.function;
	} else {
		e->function = xstrdup(row->f[F_SYMBOL]);
	}
	e->where = row->f[F_ENTRY] ? xstrdup(row->f[F_ENTRY]) : NULL;
	if (row->f[F_TARGET])
		e->addr = strtoull(row->f[F_TARGET], NULL, 16);
	return 0;
}

static bool is_none(const char *field)
{
	return field && !strcmp(field, "-");
}

/* Version 2 rows of initcalls without an id: module, counter, line "-". */
static int objects_row(const struct reader *r, const struct row *row,
		       struct order_entry *e, struct strbuf *buf)
{
	const char *module = row_need(r, row, F_MODULE);
	const char *function = module ? row_need(r, row, F_FUNCTION) : NULL;

	if (!function)
		return -1;
	e->function = xstrdup(function);
	e->where = row->f[F_INPUT] ? xstrdup(row->f[F_INPUT]) : NULL;
	if (is_none(module)) {
		if (!is_none(row->f[F_COUNTER]) || !is_none(row->f[F_LINE]))
			return rd_err_line(r, row->line, "a row without a module must have no counter or line either");
		e->idless = true;
		return 0;
	}
	e->module = xstrdup(module);
	if (row->f[F_COUNTER] && row->f[F_LINE]) {
		strbuf_reset(buf);
		strbuf_addf(buf, "%s__%s_%s_%s", module, row->f[F_COUNTER],
			    row->f[F_LINE], function);
		e->id = xstrdup(strbuf_str(buf));
	}
	return 0;
}

static int rows_to_order(const struct reader *r, struct order *o)
{
	bool image = !strcmp(r->format, DUMP_IMAGE_FORMAT);
	struct strbuf buf = STRBUF_INIT;
	size_t i;
	int ret = 0;

	for (i = 0; i < r->nr && !ret; i++) {
		const struct row *row = &r->rows[i];
		struct order_entry e = { 0 };

		e.level = (char *)row_need(r, row, F_LEVEL);
		if (!e.level)
			ret = -1;
		else if (!level_valid(e.level, strlen(e.level)))
			ret = rd_err_line(r, row->line, "bad level '%s'",
					  e.level);
		else if (image)
			ret = image_row(r, row, &e, &buf);
		else
			ret = objects_row(r, row, &e, &buf);
		if (!ret)
			order_add(o, &e);
		free(e.module);
		free(e.function);
		free(e.id);
		free(e.where);
	}
	strbuf_release(&buf);
	return ret;
}

enum dump_syntax dump_sniff(const void *data, size_t len)
{
	static const char tsv_magic[] = "# initcall-order-";
	const char *s = data, *end = s + len;

	if (len >= sizeof(tsv_magic) - 1 &&
	    !memcmp(s, tsv_magic, sizeof(tsv_magic) - 1))
		return DUMP_TSV;
	while (s < end && (*s == ' ' || *s == '\t' || *s == '\n' ||
			   *s == '\r'))
		s++;
	return s < end && *s == '{' ? DUMP_JSON : DUMP_NONE;
}

int dump_parse(const char *path, const void *data, size_t len,
	       struct order *o)
{
	struct reader r = {
		.path = path,
		.start = data,
		.p = data,
		.end = (const char *)data + len,
		.version = -1,
	};
	int ret;

	switch (dump_sniff(data, len)) {
	case DUMP_TSV:
		ret = tsv_parse(&r);
		break;
	case DUMP_JSON:
		ret = json_parse(&r);
		break;
	default:
		if (len)
			ret = rd_err_line(&r, 0, "not an initcall-order dump (tsv or json)");
		else
			ret = rd_err_line(&r, 0, "empty file, not an initcall-order dump");
		break;
	}
	if (!ret)
		ret = rows_to_order(&r, o);
	reader_free(&r);
	return ret;
}

int dump_load(const char *path, struct order *o)
{
	struct mapped_file m;
	int ret;

	if (map_file_or_err(path, &m))
		return -1;
	ret = dump_parse(path, m.addr, m.size, o);
	unmap_file(&m);
	return ret;
}
