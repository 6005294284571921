// SPDX-License-Identifier: GPL-2.0-only
/*
 * The irsymtab reader on hand-made tables: versions 2, 3 and 4, several
 * modules with their Uncommon cursors, nm letters, and every check that
 * makes the caller fall back.
 */
#include <stdio.h>
#include <symtab/irsymtab.h>
#include <util/xalloc.h>

#include "unit.h"
#include "bitcode-build.h"

#define F_UNC		IRSYM_HAS_UNCOMMON
#define F_GLOBAL	IRSYM_GLOBAL
#define F_EXEC		IRSYM_EXECUTABLE

static struct symtab_err err;

/* Every symbol walked, as "module:flags-hex:name:section|...". */
static char seen[4096];

static int record(const struct irsym *s, void *arg)
{
	size_t n = strlen(seen);

	snprintf(seen + n, sizeof(seen) - n, "%u:%x:%.*s:%.*s|", s->module,
		 s->flags, (int)s->name_len, s->name,
		 s->section ? (int)s->section_len : 1,
		 s->section ? s->section : "-");
	return 0;
}

static int open_built(struct irsymtab *t, struct irb *b)
{
	struct blob st = { b->symtab, b->symtab_len };
	struct blob str = { (unsigned char *)b->strtab, b->strtab_len };

	err.msg[0] = '\0';
	return irsymtab_open(t, &st, &str, &err);
}

static void walk(const struct irsymtab *t)
{
	seen[0] = '\0';
	irsymtab_walk(t, record, NULL);
}

static void sample(struct irb *b, uint32_t version)
{
	irb_init(b, version);
	irb_module(b);
	irb_sym(b, "main", F_GLOBAL | F_EXEC, NULL);
	irb_sym(b, "__initcall__kmod_x__1_2_f6", F_UNC | IRSYM_USED,
		".initcall6.init..kmod_x__1_2_f");
	irb_sym(b, "counter", 0, NULL);
	irb_sym(b, "shared", F_UNC | IRSYM_COMMON | F_GLOBAL, NULL);
	irb_build(b);
}

/* What walking sample() gives, in "record" format. */
static const char *const sample_seen[] = {
	"0:2400:main:-|",
	"0:84:__initcall__kmod_x__1_2_f6:.initcall6.init..kmod_x__1_2_f|",
	"0:0:counter:-|",
	"0:424:shared:|",
};

static void join(char *buf, size_t size, const char *const *v, size_t n)
{
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < n; i++)
		snprintf(buf + strlen(buf), size - strlen(buf), "%s", v[i]);
}

static void test_versions(void)
{
	char want[512];
	struct irsymtab t;
	struct irb b;
	uint32_t v;

	join(want, sizeof(want), sample_seen, ARRAY_SIZE(sample_seen));
	for (v = 2; v <= 4; v++) {
		sample(&b, v);
		CHECK(open_built(&t, &b) == 0);
		CHECK(t.version == v);
		CHECK(t.uncommon_size == (v == 4 ? 28u : 24u));
		CHECK(irsymtab_nr_modules(&t) == 1);
		walk(&t);
		CHECK_STR(seen, want);
	}
	/* Version 4 read as 3 would take the section from 4 bytes early. */
	sample(&b, 4);
	irb_put32(b.symtab, 3);
	CHECK(open_built(&t, &b) != 0 || (walk(&t), strcmp(seen, want)));
}

static void test_modules(void)
{
	struct irsymtab t;
	struct irb b;

	irb_init(&b, 3);
	irb_module(&b);
	irb_sym(&b, "a1", F_UNC, ".a1");
	irb_sym(&b, "a2", 0, NULL);
	irb_sym(&b, "a3", F_UNC, ".a3");
	irb_module(&b);
	irb_sym(&b, "b1", 0, NULL);
	irb_sym(&b, "b2", F_UNC, ".b2");
	irb_module(&b);
	irb_module(&b);
	irb_sym(&b, "d1", F_UNC, ".d1");
	irb_build(&b);
	CHECK(open_built(&t, &b) == 0 && irsymtab_nr_modules(&t) == 4);
	walk(&t);
	CHECK_STR(seen,
		  "0:4:a1:.a1|0:0:a2:-|0:4:a3:.a3|1:0:b1:-|1:4:b2:.b2|3:4:d1:.d1|");

	/*
	 * Each module's Uncommon cursor starts at its UncBegin: point the
	 * second module at the first uncommon and it reads ".a1".
	 */
	irb_put32(b.symtab + b.mods_off + 12 + 8, 0);
	CHECK(open_built(&t, &b) == 0);
	walk(&t);
	CHECK_STR(seen,
		  "0:4:a1:.a1|0:0:a2:-|0:4:a3:.a3|1:0:b1:-|1:4:b2:.a1|3:4:d1:.d1|");
}

static int stop_at_second(const struct irsym *s, void *arg)
{
	int *n = arg;

	return ++*n == 2 ? 42 : 0;
}

static void test_walk_stops(void)
{
	struct irsymtab t;
	struct irb b;
	int n = 0;

	sample(&b, 3);
	CHECK(open_built(&t, &b) == 0);
	CHECK(irsymtab_walk(&t, stop_at_second, &n) == 42 && n == 2);
}

static void test_nm_letters(void)
{
	static const struct {
		uint32_t flags;
		char want;
	} cases[] = {
		{ 0, 'd' },
		{ F_GLOBAL, 'D' },
		{ F_EXEC, 't' },
		{ F_EXEC | F_GLOBAL, 'T' },
		{ IRSYM_WEAK | F_GLOBAL, 'W' },
		{ IRSYM_WEAK | F_GLOBAL | F_EXEC, 'W' },
		{ IRSYM_WEAK, 'W' },
		{ IRSYM_COMMON | F_GLOBAL, 'C' },
		{ IRSYM_COMMON, 'C' },
		{ IRSYM_WEAK | IRSYM_COMMON, 'W' },
		{ IRSYM_TLS | F_GLOBAL, 'D' },
		{ IRSYM_TLS, 'd' },
		{ F_UNC | IRSYM_USED, 'd' },
		{ IRSYM_INDIRECT | F_GLOBAL | F_EXEC, 'T' },
		{ 1 | F_GLOBAL | F_EXEC, 'T' },		/* hidden */
	};
	size_t i;
	int bad = 0;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		if (irsym_nm_type(cases[i].flags) != cases[i].want) {
			printf("# flags %x: got %c want %c\n", cases[i].flags,
			       irsym_nm_type(cases[i].flags), cases[i].want);
			bad++;
		}
	}
	CHECK(bad == 0);
}

/* Opening fails, and the message names the problem. */
static void expect_fail(struct irb *b, const char *msg)
{
	struct irsymtab t;

	if (!CHECK(open_built(&t, b) == -1) ||
	    !CHECK(strstr(err.msg, msg) != NULL))
		printf("# wanted \"%s\", got \"%s\"\n", msg, err.msg);
}

static void test_header(void)
{
	struct irb b;
	uint32_t v;

	sample(&b, 3);
	b.symtab_len = 75;
	expect_fail(&b, "symbol table of 75 bytes is shorter than its header");
	b.symtab_len = 0;
	expect_fail(&b, "of 0 bytes");

	for (v = 0; v < 9; v++) {
		if (v >= 2 && v <= 4)
			continue;
		sample(&b, 3);
		irb_put32(b.symtab, v);
		expect_fail(&b, "unknown");
	}
	sample(&b, 3);
	irb_put32(b.symtab, 7);
	expect_fail(&b, "irsymtab version 7 unknown");
	irb_put32(b.symtab, 0xffffffff);
	expect_fail(&b, "irsymtab version 4294967295 unknown");
}

/* Sets word @off of the table and expects a failure naming @msg. */
static void corrupt_word(uint32_t version, size_t off, uint32_t val,
			 const char *msg)
{
	struct irb b;

	sample(&b, version);
	irb_put32(b.symtab + off, val);
	expect_fail(&b, msg);
}

static void test_overlapping_modules(void)
{
	struct irb b;

	irb_init(&b, 3);
	irb_module(&b);
	irb_sym(&b, "a", 0, NULL);
	irb_sym(&b, "b", 0, NULL);
	irb_module(&b);
	irb_sym(&b, "c", 0, NULL);
	irb_build(&b);
	irb_put32(b.symtab + b.mods_off + 12, 1);
	expect_fail(&b,
		    "module 1 range out of bounds (symbols 1 to 3 overlap the previous module's, up to 2)");
	irb_put32(b.symtab + b.mods_off + 12, 0);
	irb_put32(b.symtab + b.mods_off + 16, 0);
	expect_fail(&b, "overlap the previous module's");
}

static void test_ranges(void)
{
	struct irb b;

	sample(&b, 3);
	/* Header ranges: {offset, count} at 12, 20, 28, 36, 68. */
	corrupt_word(3, 16, 100, "module range out of bounds");
	corrupt_word(3, 12, (uint32_t)b.symtab_len, "module range");
	corrupt_word(3, 24, 1000, "comdat range out of bounds");
	corrupt_word(3, 32, 10, "symbol range out of bounds");
	corrupt_word(3, 28, 0xfffffff0, "symbol range out of bounds");
	corrupt_word(3, 40, 3, "uncommon range out of bounds");
	corrupt_word(4, 40, 3, "uncommon range out of bounds");
	corrupt_word(3, 72, 1, "dependent library range out of bounds");
	corrupt_word(3, 32, 0x20000000, "symbol range out of bounds");

	/* Header strings: producer, triple, source name, COFF options. */
	corrupt_word(3, 8, 5000, "producer string out of bounds");
	corrupt_word(3, 4, 0xffffffff, "producer string out of bounds");
	corrupt_word(3, 48, 5000, "target triple string out of bounds");
	corrupt_word(3, 56, 5000, "source file name string out of bounds");
	corrupt_word(3, 64, 5000, "COFF linker options string");

	/* Module ranges. */
	corrupt_word(3, b.mods_off, 5, "module 0 range out of bounds");
	corrupt_word(3, b.mods_off + 4, 5, "module 0 range out of bounds");
	corrupt_word(3, b.mods_off + 8, 3, "module 0 range out of bounds");

	/* Symbol and section names. */
	corrupt_word(3, b.syms_off + 24 * 2, 5000,
		     "symbol name string out of bounds");
	corrupt_word(3, b.syms_off + 24 * 2 + 4, 0xffffffff,
		     "symbol name string out of bounds");
	corrupt_word(3, b.uncs_off + 16 + 4, 5000,
		     "section name string out of bounds");
	corrupt_word(4, b.uncs_off + 20 + 4, 5000,
		     "section name string out of bounds");

	/* More has_uncommon symbols than Uncommon records. */
	corrupt_word(3, b.syms_off + 20, F_UNC | F_GLOBAL | F_EXEC,
		     "uncommon range out of bounds (symbol 3 wants uncommon 2 of 2)");
	/* The UncBegin of the module leaves too few. */
	corrupt_word(3, b.mods_off + 8, 1,
		     "uncommon range out of bounds (symbol 3 wants uncommon 2 of 2)");
}

/* Empty tables and empty modules are fine. */
static void test_empty(void)
{
	struct irsymtab t;
	struct irb b;

	irb_init(&b, 3);
	irb_build(&b);
	CHECK(open_built(&t, &b) == 0 && irsymtab_nr_modules(&t) == 0);
	walk(&t);
	CHECK_STR(seen, "");
	irb_module(&b);
	irb_build(&b);
	CHECK(open_built(&t, &b) == 0 && irsymtab_nr_modules(&t) == 1);
	walk(&t);
	CHECK_STR(seen, "");
}

int main(void)
{
	test_versions();
	test_modules();
	test_walk_stops();
	test_nm_letters();
	test_header();
	test_ranges();
	test_overlapping_modules();
	test_empty();
	return unit_done();
}
