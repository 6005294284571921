// SPDX-License-Identifier: GPL-2.0-only
/*
 * ar archives as GNU ar and llvm-ar write them: 60-byte member headers,
 * "/" and "/SYM64/" symbol tables, a "//" table for long names referred to
 * as "/<offset>", and members padded to an even offset.  A thin archive has
 * the same headers but no member data: the names are paths.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <symtab/archive.h>

#define AR_MAGIC_LEN	8
#define AR_HDR_LEN	60

struct ar_hdr_view {
	const char *name;	/* 16 bytes */
	const char *size;	/* 10 bytes */
	const char *fmag;	/* 2 bytes */
};

struct ar_walk {
	const struct blob *ar;
	bool thin;
	const char *long_names;
	size_t long_names_len;
};

/* Parses a right-padded decimal field; false if it is not one. */
static bool parse_decimal(const char *field, size_t width, size_t *value)
{
	size_t i, v = 0;
	bool digits = false;

	for (i = 0; i < width && field[i] != ' '; i++) {
		if (field[i] < '0' || field[i] > '9')
			return false;
		if (v > (SIZE_MAX - 9) / 10)
			return false;
		v = v * 10 + (field[i] - '0');
		digits = true;
	}
	for (; i < width; i++)
		if (field[i] != ' ')
			return false;
	*value = v;
	return digits;
}

static bool is_special(const char *name, const char *special)
{
	size_t len = strlen(special);

	return !memcmp(name, special, len) &&
	       (len == 16 || name[len] == ' ');
}

/* Resolves "/<offset>" in the long name table. */
static int long_name(const struct ar_walk *w, const char *field,
		     struct ar_member *m, struct symtab_err *err)
{
	size_t off, end;

	/*
	 * GNU ar may put a "/" in the last byte when the name is long:
	 * "/0             /".  The digits are what count.
	 */
	if (!parse_decimal(field + 1, field[15] == '/' ? 14 : 15, &off)) {
		symtab_errf(err, "bad long name reference '%.16s'", field);
		return -1;
	}
	if (!w->long_names || off >= w->long_names_len) {
		symtab_errf(err, "long name offset %zu outside the name table",
			    off);
		return -1;
	}
	for (end = off; end < w->long_names_len; end++)
		if (w->long_names[end] == '\n')
			break;
	if (end == w->long_names_len) {
		symtab_errf(err, "unterminated long name at offset %zu", off);
		return -1;
	}
	/* GNU ends each name with "/\n". */
	if (end > off && w->long_names[end - 1] == '/')
		end--;
	m->name = w->long_names + off;
	m->name_len = end - off;
	return 0;
}

static void short_name(const char *field, struct ar_member *m)
{
	size_t len = 16;

	while (len && field[len - 1] == ' ')
		len--;
	if (len && field[len - 1] == '/')
		len--;
	m->name = field;
	m->name_len = len;
}

static int member_name(const struct ar_walk *w, const char *field,
		       struct ar_member *m, struct symtab_err *err)
{
	if (field[0] == '/' && field[1] >= '0' && field[1] <= '9')
		return long_name(w, field, m, err);
	if (!memcmp(field, "#1/", 3)) {
		symtab_errf(err, "BSD-style member names are not supported");
		return -1;
	}
	short_name(field, m);
	if (!m->name_len) {
		symtab_errf(err, "member with an empty name");
		return -1;
	}
	return 0;
}

/* Reads the member header at @off and the size it records. */
static int read_header(const struct ar_walk *w, size_t off,
		       struct ar_hdr_view *h, size_t *size,
		       struct symtab_err *err)
{
	const char *p = (const char *)w->ar->data + off;

	if (w->ar->size - off < AR_HDR_LEN) {
		symtab_errf(err, "truncated member header at offset %zu", off);
		return -1;
	}
	h->name = p;
	h->size = p + 48;
	h->fmag = p + 58;
	if (h->fmag[0] != '`' || h->fmag[1] != '\n') {
		symtab_errf(err, "bad member header at offset %zu", off);
		return -1;
	}
	if (!parse_decimal(h->size, 10, size)) {
		symtab_errf(err, "bad member size '%.10s' at offset %zu",
			    h->size, off);
		return -1;
	}
	return 0;
}

/*
 * Only the symbol tables and the name table have their bytes inside a thin
 * archive; every other member of one lives in its own file.
 */
static bool stored_inline(const struct ar_walk *w, const char *name)
{
	if (!w->thin)
		return true;
	return is_special(name, "/") || is_special(name, "//") ||
	       is_special(name, "/SYM64/");
}

static int visit_member(const struct ar_walk *w, const struct ar_hdr_view *h,
			const unsigned char *data, size_t size,
			ar_visit_t fn, void *arg, struct symtab_err *err)
{
	struct ar_member m = { 0 };

	if (member_name(w, h->name, &m, err))
		return -1;
	m.thin = w->thin;
	m.size = size;
	if (!w->thin) {
		m.data.data = data;
		m.data.size = size;
	}
	return fn(&m, arg);
}

int ar_walk_members(const struct blob *ar, ar_visit_t fn, void *arg,
		       struct symtab_err *err)
{
	struct ar_walk w = { .ar = ar };
	size_t off = AR_MAGIC_LEN;
	int ret;

	if (ar->size < AR_MAGIC_LEN ||
	    (memcmp(ar->data, "!<arch>\n", 8) &&
	     memcmp(ar->data, "!<thin>\n", 8))) {
		symtab_errf(err, "not an ar archive");
		return -1;
	}
	w.thin = ar->data[2] == 't';
	while (off < ar->size) {
		struct ar_hdr_view h;
		const unsigned char *data;
		size_t size, stored;

		if (read_header(&w, off, &h, &size, err))
			return -1;
		off += AR_HDR_LEN;
		stored = stored_inline(&w, h.name) ? size : 0;
		if (stored > ar->size - off) {
			symtab_errf(err, "member at offset %zu claims %zu bytes, %zu left",
				    off - AR_HDR_LEN, size, ar->size - off);
			return -1;
		}
		data = ar->data + off;
		off += stored;
		/* Members start at even offsets; the last pad may be missing. */
		if (off & 1 && off < ar->size)
			off++;

		if (is_special(h.name, "/") || is_special(h.name, "/SYM64/"))
			continue;
		if (is_special(h.name, "//")) {
			w.long_names = (const char *)data;
			w.long_names_len = size;
			continue;
		}
		ret = visit_member(&w, &h, data, size, fn, arg, err);
		if (ret)
			return ret;
	}
	return 0;
}
