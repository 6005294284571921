// SPDX-License-Identifier: GPL-2.0-only
/*
 * The escaping rules of util/escape.h on any bytes: text lets no control
 * or non-ASCII byte through, tsv and json give every byte back (json
 * through the dump reader, as a golden file would be read), and json is
 * valid UTF-8.
 */
#include <initcall/dump.h>
#include <initcall/order.h>
#include <util/escape.h>
#include <util/xalloc.h>

#include "fuzz.h"

static void check_text(const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	esc_text(&sb, name);
	for (i = 0; i < sb.len; i++)
		if ((unsigned char)sb.buf[i] < 0x20 ||
		    (unsigned char)sb.buf[i] > 0x7e)
			abort();
	strbuf_release(&sb);
}

static void check_tsv(const char *name)
{
	struct strbuf esc = STRBUF_INIT, back = STRBUF_INIT;
	const char *bad;

	esc_tsv(&esc, name);
	if (memchr(esc.buf ? esc.buf : "", '\n', esc.len) ||
	    memchr(esc.buf ? esc.buf : "", '\t', esc.len) ||
	    tsv_unescape(&back, strbuf_str(&esc), esc.len, &bad) ||
	    strcmp(strbuf_str(&back), name))
		abort();
	strbuf_release(&esc);
	strbuf_release(&back);
}

static void check_utf8(const struct strbuf *sb)
{
	const unsigned char *p = (const unsigned char *)sb->buf;
	size_t i = 0, n;
	unsigned long cp;

	while (i < sb->len) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			abort();
		n = p[i] < 0x80 ? 1 : utf8_seq(p + i, sb->len - i, &cp);
		if (!n)
			abort();
		i += n;
	}
}

/* A one-row json dump whose function is @name reads back as @name. */
static void check_json(const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	struct order o = { 0 };

	strbuf_addf(&sb, "{\"format\": \"%s\", \"version\": %d, \"initcalls\": [{\"level\": \"6\", \"module\": \"m\", \"function\": ",
		    DUMP_OBJECTS_FORMAT, DUMP_OBJECTS_VERSION);
	esc_json(&sb, name);
	check_utf8(&sb);
	strbuf_addstr(&sb, "}]}\n");
	if (dump_parse("fuzz", sb.buf, sb.len, &o) || o.nr != 1 ||
	    strcmp(o.entries[0].function, name))
		abort();
	order_free(&o);
	strbuf_release(&sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *name = xstrndup((const char *)data, size);

	fuzz_quiet_begin();
	check_text(name);
	check_tsv(name);
	if (*name)
		check_json(name);
	fuzz_quiet_end();
	free(name);
	return 0;
}
