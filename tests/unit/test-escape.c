// SPDX-License-Identifier: GPL-2.0-only
/*
 * The escaping rules of util/escape.h: text never lets a control or
 * non-ASCII byte through, tsv and json give back every byte, json is valid
 * UTF-8; and names of any bytes survive a dump written by the table writer
 * and read back by the dump reader, in both syntaxes.
 */
#include <stdlib.h>
#include <string.h>

#include <initcall/dump.h>
#include <initcall/order.h>
#include <util/escape.h>
#include <util/output.h>
#include <util/strbuf.h>
#include <util/xalloc.h>
#include "unit.h"

static unsigned int rnd_state = 2024;

static unsigned int rnd(unsigned int n)
{
	rnd_state = rnd_state * 1103515245 + 12345;
	return (rnd_state >> 8) % n;
}

/* A NUL-terminated string of @len random non-NUL bytes, biased to edges. */
static void random_name(char *s, size_t len)
{
	static const char edges[] = "\\\t\n\r\x1b\x7f\x80\xbf\xc0\xc3\xdc\xed\xf4\xff\"ux";
	size_t i;

	for (i = 0; i < len; i++)
		s[i] = rnd(2) ? (unsigned char)edges[rnd(sizeof(edges) - 1)] :
				1 + rnd(255);
	s[len] = '\0';
}

static bool text_is_safe(const struct strbuf *sb)
{
	size_t i;

	for (i = 0; i < sb->len; i++)
		if ((unsigned char)sb->buf[i] < 0x20 ||
		    (unsigned char)sb->buf[i] > 0x7e)
			return false;
	return true;
}

static bool valid_utf8_without_controls(const struct strbuf *sb)
{
	const unsigned char *p = (const unsigned char *)sb->buf;
	size_t i = 0, n;
	unsigned long cp;

	while (i < sb->len) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			return false;
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_seq(p + i, sb->len - i, &cp);
		if (!n || cp < 0xa0)
			return false;
		i += n;
	}
	return true;
}

static void test_text(void)
{
	struct strbuf sb = STRBUF_INIT;
	char name[256];
	int bad = 0, i;

	esc_text(&sb, "a\x1b[2Jb\nok 7\\x");
	CHECK_STR(sb.buf, "a\\x1b[2Jb\\x0aok 7\\x");
	for (i = 1; i < 256; i++) {
		name[0] = i;
		name[1] = '\0';
		strbuf_reset(&sb);
		esc_text(&sb, name);
		bad += !text_is_safe(&sb);
	}
	CHECK(bad == 0);
	strbuf_release(&sb);
}

/* Every byte, alone and in random names, comes back from tsv. */
static void test_tsv_round_trip(void)
{
	struct strbuf esc = STRBUF_INIT, back = STRBUF_INIT;
	const char *where;
	char name[40];
	int bad = 0, i;

	for (i = 0; i < 20000; i++) {
		if (i < 255) {
			name[0] = i + 1;
			name[1] = '\0';
		} else {
			random_name(name, rnd(sizeof(name) - 1));
		}
		strbuf_reset(&esc);
		strbuf_reset(&back);
		esc_tsv(&esc, name);
		if (memchr(esc.buf, '\t', esc.len) ||
		    memchr(esc.buf, '\n', esc.len) ||
		    memchr(esc.buf, '\r', esc.len) ||
		    tsv_unescape(&back, esc.buf, esc.len, &where) ||
		    strcmp(strbuf_str(&back), name))
			bad++;
	}
	CHECK(bad == 0);
	strbuf_reset(&back);
	CHECK(tsv_unescape(&back, "a\\q", 3, &where) < 0 && *where == '\\');
	CHECK(tsv_unescape(&back, "a\\x00", 5, &where) < 0);
	CHECK(tsv_unescape(&back, "a\\x4", 4, &where) < 0);
	CHECK(tsv_unescape(&back, "a\\", 2, &where) < 0);
	strbuf_release(&esc);
	strbuf_release(&back);
}

static void test_json_text(void)
{
	struct strbuf sb = STRBUF_INIT;
	char name[40];
	int bad = 0, i;

	esc_json(&sb, "\xc3\xa9\xff\x1b\"\\\xc2\x85");
	CHECK_STR(sb.buf, "\"\xc3\xa9\\udcff\\u001b\\\"\\\\\\u0085\"");
	for (i = 0; i < 20000; i++) {
		random_name(name, rnd(sizeof(name) - 1));
		strbuf_reset(&sb);
		esc_json(&sb, name);
		bad += !valid_utf8_without_controls(&sb);
	}
	CHECK(bad == 0);
	strbuf_release(&sb);
}

static const struct out_col cols[] = {
	{ "level", false, false },
	{ "input", false, false },
	{ "module", false, false },
	{ "function", false, false },
};

/* A dump of one row with these names, written and read back. */
static bool dump_round_trip(enum out_format fmt, const char *input,
			    const char *module, const char *function)
{
	const char *const cells[] = { "6", input, module, function };
	struct strbuf sb = STRBUF_INIT;
	struct out_table t;
	struct order o = { 0 };
	bool ok;

	out_table_init(&t, fmt, DUMP_OBJECTS_FORMAT, DUMP_OBJECTS_VERSION,
		   "initcalls", cols, ARRAY_SIZE(cols));
	out_table_row(&t, cells);
	out_table_render(&t, &sb);
	ok = !dump_parse("test", sb.buf, sb.len, &o) && o.nr == 1 &&
	     !strcmp(o.entries[0].where, input) &&
	     !strcmp(o.entries[0].module, module) &&
	     !strcmp(o.entries[0].function, function);
	order_free(&o);
	strbuf_release(&sb);
	return ok;
}

static void test_dump_round_trip(void)
{
	char in[40], mod[40], fn[40];
	int bad_tsv = 0, bad_json = 0, i;

	for (i = 0; i < 3000; i++) {
		random_name(in, 1 + rnd(sizeof(in) - 2));
		/* A module of "-" alone means an initcall without an id. */
		mod[0] = 'm';
		random_name(mod + 1, rnd(sizeof(mod) - 2));
		random_name(fn, 1 + rnd(sizeof(fn) - 2));
		bad_tsv += !dump_round_trip(OUT_TSV, in, mod, fn);
		bad_json += !dump_round_trip(OUT_JSON, in, mod, fn);
	}
	CHECK(bad_tsv == 0);
	CHECK(bad_json == 0);
	CHECK(dump_round_trip(OUT_TSV, "a\tb.o", "m\\x0a", "f\nok 7 forged"));
	/* An empty field is an empty string (found by fuzz-dumpread). */
	CHECK(dump_round_trip(OUT_TSV, "", "m", "f"));
	CHECK(dump_round_trip(OUT_JSON, "\xff.o", "m\xed\xb2\x80", "f\r"));
}

int main(void)
{
	test_text();
	test_tsv_round_trip();
	test_json_text();
	test_dump_round_trip();
	return unit_done();
}
