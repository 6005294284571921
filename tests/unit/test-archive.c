// SPDX-License-Identifier: GPL-2.0-only
/* The ar reader on archives built in memory, good and bad. */
#include <stdio.h>
#include <string.h>

#include <symtab/archive.h>
#include <util/strbuf.h>
#include "unit.h"

static void add_header(struct strbuf *sb, const char *name, size_t size)
{
	char hdr[96];	/* 60 bytes are taken, whatever a long size writes */

	snprintf(hdr, sizeof(hdr), "%-16s%-12s%-6s%-6s%-8s%-10zu`\n", name,
		 "0", "0", "0", "644", size);
	strbuf_add(sb, hdr, 60);
}

static void add_member(struct strbuf *sb, const char *name, const char *data)
{
	size_t len = strlen(data);

	add_header(sb, name, len);
	strbuf_add(sb, data, len);
	if (len & 1)
		strbuf_addch(sb, '\n');
}

struct seen {
	char names[8][64];
	char data[8][64];
	int thin[8];
	int nr;
};

static int record(const struct ar_member *m, void *arg)
{
	struct seen *s = arg;

	if (s->nr == 8)
		return 1;
	snprintf(s->names[s->nr], 64, "%.*s", (int)m->name_len, m->name);
	snprintf(s->data[s->nr], 64, "%.*s", (int)m->data.size,
		 (const char *)m->data.data);
	s->thin[s->nr] = m->thin;
	s->nr++;
	return 0;
}

static int walk(struct strbuf *sb, struct seen *s, struct symtab_err *err)
{
	struct blob b = { (const unsigned char *)sb->buf, sb->len };

	memset(s, 0, sizeof(*s));
	err->msg[0] = '\0';
	return ar_walk_members(&b, record, s, err);
}

static void test_regular(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct symtab_err err;
	struct seen s;

	strbuf_addstr(&sb, "!<arch>\n");
	add_member(&sb, "/", "symtab");
	add_member(&sb, "//", "a_rather_long_member_name.o/\n");
	add_member(&sb, "odd.o/", "abc");
	add_member(&sb, "/0", "long");
	add_member(&sb, "/SYM64/", "sym64!");
	add_member(&sb, "even.o/", "ab");
	CHECK(walk(&sb, &s, &err) == 0);
	CHECK(s.nr == 3);
	CHECK_STR(s.names[0], "odd.o");
	CHECK_STR(s.data[0], "abc");
	CHECK_STR(s.names[1], "a_rather_long_member_name.o");
	CHECK_STR(s.data[1], "long");
	CHECK_STR(s.names[2], "even.o");
	CHECK(!s.thin[0]);
	strbuf_release(&sb);
}

static void test_thin(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct symtab_err err;
	struct seen s;

	strbuf_addstr(&sb, "!<thin>\n");
	add_member(&sb, "/", "symtab");
	add_member(&sb, "//", "drivers/base/core.o/\ninit/main.o/\n");
	add_header(&sb, "/0", 1234);
	add_header(&sb, "/21", 99);
	CHECK(walk(&sb, &s, &err) == 0);
	CHECK(s.nr == 2);
	CHECK_STR(s.names[0], "drivers/base/core.o");
	CHECK_STR(s.names[1], "init/main.o");
	CHECK(s.thin[0] && s.thin[1]);
	strbuf_release(&sb);
}

static void expect_error(const char *what, struct strbuf *sb,
			 const char *needle)
{
	struct symtab_err err;
	struct seen s;
	int ret = walk(sb, &s, &err);

	unit_report(ret == -1 && strstr(err.msg, needle) != NULL, what,
		    __FILE__, __LINE__);
	strbuf_release(sb);
}

static void test_malformed(void)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "!<arch>\n");
	add_member(&sb, "a.o/", "abcd");
	sb.buf[8 + 58] = 'X';
	expect_error("bad fmag", &sb, "bad member header");

	strbuf_addstr(&sb, "!<arch>\n");
	add_header(&sb, "a.o/", 4000);
	strbuf_addstr(&sb, "short");
	expect_error("size past the end", &sb, "claims 4000 bytes");

	strbuf_addstr(&sb, "!<arch>\n");
	add_member(&sb, "a.o/", "abcd");
	memcpy(sb.buf + 8 + 48, "12x4      ", 10);
	expect_error("size not a number", &sb, "bad member size");

	strbuf_addstr(&sb, "!<arch>\n");
	add_member(&sb, "/5", "x");
	expect_error("long name without a table", &sb, "outside the name");

	strbuf_addstr(&sb, "!<arch>\n");
	add_member(&sb, "//", "abc/");
	add_member(&sb, "/0", "x");
	expect_error("unterminated long name", &sb, "unterminated");

	strbuf_addstr(&sb, "!<arch>\n");
	add_member(&sb, "//", "abc/\n");
	add_member(&sb, "/400", "x");
	expect_error("long name offset too big", &sb, "outside the name");

	strbuf_addstr(&sb, "!<arch>\n");
	add_member(&sb, "a.o/", "abcd");
	sb.len -= 30;
	expect_error("truncated header", &sb, "truncated member header");

	strbuf_addstr(&sb, "!<arch>\n");
	add_member(&sb, "#1/20", "abcd");
	expect_error("BSD names", &sb, "BSD");

	strbuf_addstr(&sb, "!<arch>\n");
	add_header(&sb, "a.o/", 99999999999ULL % 10000000000ULL);
	expect_error("huge size", &sb, "claims");

	strbuf_addstr(&sb, "!<ar");
	expect_error("not an archive", &sb, "not an ar archive");
}

int main(void)
{
	test_regular();
	test_thin();
	test_malformed();
	return unit_done();
}
