// SPDX-License-Identifier: GPL-2.0-only
/*
 * The dumps, written and read back in one place: the tables of link inputs
 * ("initcall-order-dump") and of a linked image ("initcall-order-image"),
 * their columns and versions, rendered through util/output.c and parsed
 * from the tsv and json that it writes.
 *
 * Reading, both syntaxes are first parsed into rows of the named fields we
 * use, then checked and turned into order entries, so that one set of
 * rules covers both.  The JSON reader takes exactly one shape: an object
 * with "format", "version" and one array of flat objects; other top-level
 * keys are skipped whatever they hold.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <initcall/dump.h>
#include <initcall/image.h>
#include <initcall/name.h>
#include <initcall/order.h>
#include <initcall/table.h>
#include <util/compiler.h>
#include <util/escape.h>
#include <util/json_reader.h>
#include <util/output.h>
#include <util/strbuf.h>
#include <util/xalloc.h>

/* The key of the rows in the json of both formats. */
#define DUMP_ROWS_KEY	"initcalls"

/* Writing */

static const struct out_col objects_cols[] = {
	{ "level", false, true },
	{ "position", true, false },
	{ "input", false, false },
	{ "module", false, false },
	{ "counter", true, false },
	{ "line", true, false },
	{ "function", false, true },
	{ "type", false, false },
};

static const struct out_col image_cols[] = {
	{ "level", false, true },
	{ "position", true, false },
	{ "entry_address", false, false },
	{ "target_address", false, false },
	{ "target_symbol", false, true },
	{ "id", false, false },
};

/* An initcall without an id has no module, counter or line: "-". */
static const char *or_none(const char *s)
{
	return s ? s : "-";
}

static void objects_rows(const struct initcall_table *t, struct out_table *out)
{
	size_t *idx = table_run_order(t);
	struct strbuf input = STRBUF_INIT;
	unsigned long position = 0;
	const char *prev = NULL;
	size_t i;

	for (i = 0; i < t->nr; i++) {
		const struct initcall *ic = &t->calls[idx[i]];
		char pos[32], type[2] = { ic->type, '\0' };

		if (!prev || strcmp(prev, ic->level))
			position = 0;
		prev = ic->level;
		snprintf(pos, sizeof(pos), "%lu", ++position);
		strbuf_reset(&input);
		table_unit_name(t, ic, &input);
		out_table_row(out, (const char *const[]){
			ic->level, pos, input.buf, or_none(ic->module),
			or_none(ic->counter), or_none(ic->line), ic->function,
			type,
		});
	}
	strbuf_release(&input);
	free(idx);
}

void dump_render(const struct initcall_table *t, enum out_format fmt,
		 struct strbuf *sb)
{
	struct out_table table;

	out_table_init(&table, fmt, DUMP_OBJECTS_FORMAT, DUMP_OBJECTS_VERSION,
		       DUMP_ROWS_KEY, objects_cols, ARRAY_SIZE(objects_cols));
	objects_rows(t, &table);
	out_table_render(&table, sb);
}

void dump_image_render(const struct image_initcalls *ic, enum out_format fmt,
		       struct strbuf *sb)
{
	struct strbuf sym = STRBUF_INIT;
	struct out_table t;
	size_t i;

	out_table_init(&t, fmt, DUMP_IMAGE_FORMAT, DUMP_IMAGE_VERSION,
		       DUMP_ROWS_KEY, image_cols, ARRAY_SIZE(image_cols));
	for (i = 0; i < ic->nr; i++) {
		const struct image_initcall *c = &ic->calls[i];
		char pos[24], entry[24], target[24];

		snprintf(pos, sizeof(pos), "%zu", c->position);
		snprintf(entry, sizeof(entry), "0x%llx", c->entry);
		snprintf(target, sizeof(target), "0x%llx", c->target);
		strbuf_reset(&sym);
		image_initcall_target(c, &sym);
		out_table_row(&t, (const char *const[]){
			c->level, pos, entry, target, strbuf_str(&sym),
			c->id ? c->id : "-",
		});
	}
	strbuf_release(&sym);
	out_table_render(&t, sb);
}

/* Reading */

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

struct row {
	char *f[NR_FIELDS];	/* NULL: absent */
	size_t line;
};

struct reader {
	struct json_reader in;	/* the cursor, and its messages */
	char *format;
	long version;		/* -1 until read */
	bool checked;		/* format and version accepted */
	struct row *rows;
	size_t nr, alloc;
};

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
		return jsonr_err_line(&r->in, 0, "no format name: not an initcall-order dump");
	if (strcmp(r->format, DUMP_OBJECTS_FORMAT) &&
	    strcmp(r->format, DUMP_IMAGE_FORMAT))
		return jsonr_err_line(&r->in, 0, "format '%s' is not a dump of initcall-order (%s or %s)",
				   r->format, DUMP_OBJECTS_FORMAT,
				   DUMP_IMAGE_FORMAT);
	if (r->version < 0)
		return jsonr_err_line(&r->in, 0, "no format version");
	if (r->version < 1)
		return jsonr_err_line(&r->in, 0, "bad format version %ld", r->version);
	if (r->version > dump_read_version(r->format))
		return jsonr_err_line(&r->in, 0, "%s version %ld is newer than this initcall-order reads (up to %d): use a newer initcall-order",
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
		return jsonr_err(&r->in, "bad format version '%.*s'", (int)len, s);
	r->version = 0;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return jsonr_err(&r->in, "bad format version '%.*s'",
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

	if (r->in.p >= r->in.end)
		return 1;
	nl = memchr(r->in.p, '\n', r->in.end - r->in.p);
	if (!nl)
		return jsonr_truncated(&r->in);
	if (memchr(r->in.p, '\0', nl - r->in.p))
		return jsonr_err(&r->in, "NUL byte in a tsv dump");
	*line = r->in.p;
	*len = nl - r->in.p;
	r->in.p = nl + 1;
	return 0;
}

/* "# <format> <version>" */
static int tsv_first_line(struct reader *r)
{
	const char *line, *sp;
	size_t len;
	int ret = tsv_line(r, &line, &len);

	if (ret)
		return ret > 0 ? jsonr_truncated(&r->in) : -1;
	if (len < 2 || memcmp(line, "# ", 2))
		return jsonr_err_line(&r->in, 1, "not an initcall-order dump: no '# <format> <version>' line");
	sp = memchr(line + 2, ' ', len - 2);
	if (!sp)
		return jsonr_err_line(&r->in, 1, "no format version after the format name");
	r->format = xstrndup(line + 2, sp - line - 2);
	r->in.p = line;		/* for the line number of a bad version */
	ret = parse_version(r, sp + 1, line + len - sp - 1);
	r->in.p = line + len + 1;
	return ret ? ret : check_format(r);
}

/* Since which version the tsv fields of the dump are escaped. */
static long escaped_since(struct reader *r)
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
		jsonr_err_line(&r->in, line, "column %.*s: bad escape '%.*s'",
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
		return ret > 0 ? jsonr_truncated(&r->in) : -1;
	ncols = tsv_split(line, len, fs, lens, TSV_MAX_COLS);
	if (ncols > TSV_MAX_COLS)
		return jsonr_err_line(&r->in, 2, "%zu columns: more than %d",
				   ncols, TSV_MAX_COLS);
	for (i = 0; i < ncols; i++) {
		map[i] = field_lookup(fs[i], lens[i]);
		names[i] = fs[i];
		nlens[i] = lens[i];
	}
	while (!(ret = tsv_line(r, &line, &len))) {
		struct row row = { .line = jsonr_line(&r->in, line) };

		n = tsv_split(line, len, fs, lens, TSV_MAX_COLS);
		if (n != ncols)
			return jsonr_err_line(&r->in, row.line, "%zu fields where the header has %zu",
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

/* One key of a row and its value into @row. */
static int json_row_member(struct reader *r, struct row *row,
			   struct strbuf *key, struct strbuf *val)
{
	bool null;
	int field;

	if (jsonr_key(&r->in, key) || jsonr_scalar(&r->in, val, &null))
		return -1;
	field = field_lookup(key->buf, key->len);
	if (field < 0)
		return 0;
	if (row->f[field])
		return jsonr_err(&r->in, "key \"%s\" twice in one row",
				 field_names[field]);
	if (!null)
		row->f[field] = xstrdup(strbuf_str(val));
	return 0;
}

static int json_row(struct reader *r, struct strbuf *key, struct strbuf *val)
{
	struct row row = { .line = jsonr_line(&r->in, r->in.p) };
	int sep = 0;

	if (jsonr_expect(&r->in, '{', "'{' opening a row"))
		return -1;
	if (!jsonr_empty(&r->in, '}')) {
		do {
			sep = json_row_member(r, &row, key, val);
			if (!sep)
				sep = jsonr_separator(&r->in, '}');
		} while (!sep);
	}
	if (sep < 0) {
		row_free(&row);
		return -1;
	}
	add_row(r, &row);
	return 0;
}

/* The array of rows; format and version must be good by now. */
static int json_rows(struct reader *r)
{
	struct strbuf key = STRBUF_INIT, val = STRBUF_INIT;
	int ret = 0;

	r->in.p++;
	if (!jsonr_empty(&r->in, ']')) {
		do {
			ret = json_row(r, &key, &val);
			if (!ret)
				ret = jsonr_separator(&r->in, ']');
		} while (!ret);
	}
	strbuf_release(&key);
	strbuf_release(&val);
	return ret < 0 ? -1 : 0;
}

/* True when @key is @name and @seen says it was there already. */
static bool is_top_key(const struct strbuf *key, const char *name, bool seen)
{
	return seen && !strcmp(key->buf, name);
}

static int json_format(struct reader *r, struct strbuf *val)
{
	int next = jsonr_peek(&r->in);
	bool null;

	if (next >= 0 && next != '"')
		return jsonr_err(&r->in, "\"format\" is not a string");
	if (jsonr_scalar(&r->in, val, &null))
		return -1;
	r->format = xstrdup(strbuf_str(val));
	return 0;
}

static int json_version(struct reader *r, struct strbuf *val)
{
	bool null;

	if (jsonr_scalar(&r->in, val, &null))
		return -1;
	if (null)
		return jsonr_err(&r->in, "\"version\" is null");
	return parse_version(r, val->buf, val->len);
}

static int json_rows_member(struct reader *r)
{
	int next;

	if (check_format(r))
		return -1;
	next = jsonr_peek(&r->in);
	if (next < 0)
		return jsonr_truncated(&r->in);
	if (next != '[')
		return jsonr_err(&r->in, "\"%s\" is not an array",
				 DUMP_ROWS_KEY);
	return json_rows(r);
}

/* One member of the top-level object. */
static int json_top_member(struct reader *r, struct strbuf *key,
			   bool *have_rows)
{
	struct strbuf val = STRBUF_INIT;
	int ret;

	if (jsonr_key(&r->in, key))
		return -1;
	jsonr_peek(&r->in);
	if (is_top_key(key, "format", r->format != NULL) ||
	    is_top_key(key, "version", r->version >= 0) ||
	    is_top_key(key, DUMP_ROWS_KEY, *have_rows))
		return jsonr_err(&r->in, "key \"%s\" twice", key->buf);
	if (!strcmp(key->buf, "format")) {
		ret = json_format(r, &val);
	} else if (!strcmp(key->buf, "version")) {
		ret = json_version(r, &val);
	} else if (!strcmp(key->buf, DUMP_ROWS_KEY)) {
		*have_rows = true;
		ret = json_rows_member(r);
	} else {
		ret = jsonr_skip(&r->in);
	}
	strbuf_release(&val);
	return ret;
}

static int json_parse(struct reader *r)
{
	struct strbuf key = STRBUF_INIT;
	bool have_rows = false;
	int ret = 0;

	if (jsonr_expect(&r->in, '{', "'{'"))
		return -1;
	if (jsonr_empty(&r->in, '}'))
		return check_format(r);
	do {
		ret = json_top_member(r, &key, &have_rows);
		if (!ret)
			ret = jsonr_separator(&r->in, '}');
	} while (!ret);
	strbuf_release(&key);
	if (ret < 0)
		return -1;
	if (jsonr_peek(&r->in) >= 0)
		return jsonr_err(&r->in, "data after the end of the dump");
	if (check_format(r))
		return -1;
	if (!have_rows)
		return jsonr_err_line(&r->in, 0, "no \"%s\" array in the dump",
				      DUMP_ROWS_KEY);
	return 0;
}

/* From rows to order entries. */

static const char *row_need(struct reader *r, const struct row *row,
			    enum field f)
{
	if (!row->f[f] || !row->f[f][0]) {
		jsonr_err_line(&r->in, row->line, "no %s", field_names[f]);
		return NULL;
	}
	return row->f[f];
}

/* Module and function from an image dump's id, e.g. "foo__12_34_bar". */
static int split_id(struct reader *r, const struct row *row,
		    struct order_entry *e, struct strbuf *buf)
{
	struct initcall_name name;

	strbuf_reset(buf);
	strbuf_addf(buf, "%s%s%s", INITCALL_PREFIX, row->f[F_ID], e->level);
	if (initcall_parse(buf->buf, buf->len, &name) != NAME_OK ||
	    name.level.len != strlen(e->level))
		return jsonr_err_line(&r->in, row->line, "bad id '%s'",
				   row->f[F_ID]);
	e->module = xstrndup(name.module.s, name.module.len);
	e->function = xstrndup(name.function.s, name.function.len);
	return 0;
}

static int image_row(struct reader *r, const struct row *row,
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
static int objects_row(struct reader *r, const struct row *row,
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
			return jsonr_err_line(&r->in, row->line, "a row without a module must have no counter or line either");
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

static int rows_to_order(struct reader *r, struct order *o)
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
			ret = jsonr_err_line(&r->in, row->line, "bad level '%s'",
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
	struct reader r = { .version = -1 };
	int ret;

	jsonr_init(&r.in, path, data, len);
	r.in.noun = "dump";

	switch (dump_sniff(data, len)) {
	case DUMP_TSV:
		ret = tsv_parse(&r);
		break;
	case DUMP_JSON:
		ret = json_parse(&r);
		break;
	default:
		if (len)
			ret = jsonr_err_line(&r.in, 0, "not an initcall-order dump (tsv or json)");
		else
			ret = jsonr_err_line(&r.in, 0, "empty file, not an initcall-order dump");
		break;
	}
	if (!ret)
		ret = rows_to_order(&r, o);
	reader_free(&r);
	return ret;
}
