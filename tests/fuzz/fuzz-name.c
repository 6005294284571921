// SPDX-License-Identifier: GPL-2.0-only
/*
 * The initcall name parser and the level helpers, on any bytes: every span
 * must lie inside the name, every level it accepts must be valid, and no
 * name it accepts may hold a byte a kernel id cannot (a newline in an
 * otherwise valid id once made it into the linker script).  The
 * dictionary tests/fuzz/fuzz-name.dict steers it to those bytes.
 */
#include <initcall/name.h>
#include <util/xalloc.h>

#include "fuzz.h"

static void check_span(const uint8_t *data, size_t size,
		       const struct span *s)
{
	const char *start = (const char *)data;

	if (s->len && (s->s < start || s->s + s->len > start + size))
		abort();
	fuzz_touch(s->s, s->len);
}

static void check_ident(const struct span *s)
{
	size_t i;

	for (i = 0; i < s->len; i++)
		if (!ident_char(s->s[i]))
			abort();
}

/* Under the prefix, a byte outside A-Z, a-z, 0-9 and '_' is refused. */
static void check_refusal(const char *s, size_t size, enum name_result r)
{
	size_t i;
	bool bad = false;

	if (size < INITCALL_PREFIX_LEN ||
	    memcmp(s, INITCALL_PREFIX, INITCALL_PREFIX_LEN))
		return;
	for (i = INITCALL_PREFIX_LEN; i < size; i++)
		bad |= !ident_char(s[i]);
	if (bad != (r == NAME_BAD_CHAR))
		abort();
}

static void check_level(const struct span *level)
{
	char *copy = xstrndup(level->s, level->len);
	char buf[64];
	const char *sec;

	if (!level_valid(level->s, level->len))
		abort();
	sec = level_section(copy, buf, sizeof(buf));
	fuzz_touch(sec, strlen(sec));
	fuzz_sink += level_rank(copy) + level_cmp_run_order(copy, "6");
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct initcall_name n;
	char *copy;
	enum name_result r = initcall_parse(s, size, &n);

	check_refusal(s, size, r);
	if (r == NAME_OK) {
		check_ident(&n.module);
		check_ident(&n.function);
		check_span(data, size, &n.module);
		check_span(data, size, &n.counter);
		check_span(data, size, &n.line);
		check_span(data, size, &n.function);
		check_span(data, size, &n.level);
		fuzz_sink += digits_cmp(n.counter.s, n.counter.len,
					n.line.s, n.line.len);
		check_level(&n.level);
	}
	/* The input as a level, and split in two as digit strings. */
	fuzz_sink += level_valid(s, size);
	fuzz_sink += digits_cmp(s, size / 2, s + size / 2, size - size / 2);
	copy = xstrndup(s, size);
	fuzz_sink += level_rank(copy);
	free(copy);
	return 0;
}
