// SPDX-License-Identifier: GPL-2.0-only
/* The initcall name parser against the kernel script's splitting rules. */
#include <string.h>

#include <stdlib.h>
#include <initcall/name.h>
#include <util/strbuf.h>
#include <util/xalloc.h>
#include "unit.h"

static int span_is(const struct span *s, const char *want)
{
	return s->len == strlen(want) && !memcmp(s->s, want, s->len);
}

static int parses(const char *sym, const char *module, const char *counter,
		  const char *line, const char *function, const char *level)
{
	struct initcall_name n;

	if (initcall_parse(sym, strlen(sym), &n) != NAME_OK)
		return 0;
	return span_is(&n.module, module) && span_is(&n.counter, counter) &&
	       span_is(&n.line, line) && span_is(&n.function, function) &&
	       span_is(&n.level, level);
}

static enum name_result result(const char *sym)
{
	struct initcall_name n;

	return initcall_parse(sym, strlen(sym), &n);
}

static void test_plain_ids(void)
{
	CHECK(parses("__initcall__kmod_foo__12_34_bar_init6",
		     "kmod_foo", "12", "34", "bar_init", "6"));
	CHECK(parses("__initcall__main__1_2_x1s", "main", "1", "2", "x", "1s"));
	CHECK(parses("__initcall__m__5_6_fnearly", "m", "5", "6", "fn",
		     "early"));
	CHECK(parses("__initcall__m__5_6_fnrootfs", "m", "5", "6", "fn",
		     "rootfs"));
	CHECK(parses("__initcall__m__5_6_fncon", "m", "5", "6", "fn", "con"));
}

/* The module is greedy: the last __<digits>_<digits>_ ends it. */
static void test_greedy_module(void)
{
	CHECK(parses("__initcall__a__1_2_b__3_4_fn6", "a__1_2_b", "3", "4",
		     "fn", "6"));
	CHECK(parses("__initcall____1_2_fn6", "", "1", "2", "fn", "6"));
	CHECK(parses("__initcall__a___1_2_f7", "a_", "1", "2", "f", "7"));
}

/* The level is the shortest suffix that is one. */
static void test_shortest_level(void)
{
	CHECK(parses("__initcall__m__1_2_foo26", "m", "1", "2", "foo2", "6"));
	CHECK(parses("__initcall__m__1_2_foo6s", "m", "1", "2", "foo", "6s"));
	CHECK(parses("__initcall__m__1_2_xearlys", "m", "1", "2", "x",
		     "earlys"));
	CHECK(parses("__initcall__m__1_2_xcons", "m", "1", "2", "x", "cons"));
	CHECK(parses("__initcall__m__1_2_6", "m", "1", "2", "", "6"));
	CHECK(parses("__initcall__m__1_2_", "m", "1", "2", "", "") == 0);
}

static void test_not_initcalls(void)
{
	CHECK(result("__initcall_foo6") == NAME_OTHER);
	CHECK(result("__initcall__foo6") == NAME_OTHER);
	CHECK(result("__initcall__m__x_2_foo6") == NAME_OTHER);
	CHECK(result("__initcall__m__1_x_foo6") == NAME_OTHER);
	CHECK(result("__initcall__m__1_2") == NAME_OTHER);
	CHECK(result("initcall__m__1_2_f6") == NAME_OTHER);
	CHECK(result("") == NAME_OTHER);
	CHECK(result("__initcall__m__1_2_fnX") == NAME_BAD_LEVEL);
	CHECK(result("__initcall__m__1_2_fn") == NAME_BAD_LEVEL);
	CHECK(result("__initcall__m__1_2_fns") == NAME_BAD_LEVEL);
}

/*
 * Only identifier bytes: what the kernel's macros can make.  The first is
 * the linker-script injection of issue 16, a newline inside an otherwise
 * valid id; every byte outside A-Z, a-z, 0-9 and '_' is refused wherever
 * it stands, even where no counter follows.
 */
static void test_bad_bytes(void)
{
	static const char *const bad[] = {
		"__initcall__kmod_x__1_2_fn)\n\t}\n\tevil_sym = 0x1337;\n\t.initcall6.init : {\n\t\t*(X6",
		"__initcall__kmod_x) ; } .text : { *(.text) } /* x__1_2_fn6",
		"__initcall__kmod_x\n__1_2_fn6",
		"__initcall__kmod_x__1_2_fn6\n",
		"__initcall__kmod_x__1_2_f\rn6",
		"__initcall__kmod_x__1_2_f\x1b[2Jn6",
		"__initcall__kmod_\xc3\xa9__1_2_fn6",
		"__initcall__kmod_x__1_2_f*6",
		"__initcall__kmod_x__1_2_f\"6",
		"__initcall__kmod_x__1_2_f$6",
		"__initcall__kmod_x__1_2_f.llvm.123456",
		"__initcall__kmod-x__1_2_fn6",
		"__initcall__foo bar",
	};
	char c[2] = { 0, 0 };
	int bad_bytes = 0, i;

	for (i = 0; i < (int)ARRAY_SIZE(bad); i++)
		CHECK(result(bad[i]) == NAME_BAD_CHAR);
	for (i = 1; i < 256; i++) {
		char sym[64];

		c[0] = i;
		snprintf(sym, sizeof(sym), "__initcall__kmod_%s__1_2_fn6", c);
		if ((result(sym) == NAME_OK) != ident_char(c[0]))
			bad_bytes++;
	}
	CHECK(bad_bytes == 0);
	CHECK(result("__initcall__kmod_x__1_2_fn_0_Z6") == NAME_OK);
	CHECK(result("__initcall_x$6") == NAME_OTHER);
}

static void test_levels(void)
{
	char buf[64];

	CHECK(level_valid("rootfs", 6));
	CHECK(level_valid("7s", 2));
	CHECK(!level_valid("s", 1));
	CHECK(!level_valid("10", 2));
	CHECK(!level_valid("", 0));
	CHECK_STR(level_section("con", buf, sizeof(buf)),
		  ".con_initcall.init");
	CHECK_STR(level_section("6s", buf, sizeof(buf)), ".initcall6s.init");
	CHECK(level_cmp_run_order("con", "early") < 0);
	CHECK(level_cmp_run_order("early", "0") < 0);
	CHECK(level_cmp_run_order("5s", "rootfs") < 0);
	CHECK(level_cmp_run_order("rootfs", "6") < 0);
	/* One rule for every level, sync halves included, kernel or not. */
	CHECK(level_rank("6") + 1 == level_rank("6s"));
	CHECK(level_rank("early") + 1 == level_rank("earlys"));
	CHECK(level_cmp_run_order("earlys", "0") < 0);
	CHECK(level_cmp_run_order("rootfss", "6") < 0);
	CHECK(level_rank("8") == level_rank("bogus"));
	CHECK(level_cmp_run_order("7s", "bogus") < 0);
}

static void test_sections(void)
{
	struct initcall_section s;
	char *level;

	CHECK(initcall_section_parse(".initcall6.init", 15, &s));
	level = span_dup(&s.level);
	CHECK_STR(level, "6");
	CHECK(!s.id.len);
	free(level);
	CHECK(initcall_section_parse(".initcallrootfs.init", 20, &s));
	CHECK(s.level.len == 6 && !s.id.len);
	CHECK(initcall_section_parse(".con_initcall.init", 18, &s));
	CHECK(s.level.len == 3 && !memcmp(s.level.s, "con", 3));
	CHECK(initcall_section_parse(".initcall1s.init..m__1_2_f", 26, &s));
	CHECK(s.id.len == 8 && !memcmp(s.id.s, "m__1_2_f", 8));
	CHECK(!initcall_section_parse(".initcall66.init", 16, &s));
	CHECK(!initcall_section_parse(".initcallcon.init", 17, &s));
	CHECK(!initcall_section_parse(".initcall.init", 14, &s));
	CHECK(!initcall_section_parse(".initcall6.init.x", 17, &s));
	CHECK(!initcall_section_parse(".initcall6.init..", 17, &s));
}

static void test_stubs(void)
{
	struct strbuf buf = STRBUF_INIT;
	struct initcall_name n;

	CHECK(initstub_parse("__initstub__kmod_a__1_2_f6", &buf, &n));
	CHECK(n.function.len == 1 && *n.function.s == 'f');
	CHECK(n.level.len == 1 && *n.level.s == '6');
	CHECK(!initstub_parse("__initcall__kmod_a__1_2_f6", &buf, &n));
	CHECK(!initstub_parse("__initstub__nope", &buf, &n));
	CHECK(!initstub_parse(NULL, &buf, &n));
	strbuf_release(&buf);
}

static void test_digits(void)
{
	CHECK(digits_cmp("9", 1, "10", 2) < 0);
	CHECK(digits_cmp("010", 3, "10", 2) == 0);
	CHECK(digits_cmp("99999999999999999999", 20,
			 "99999999999999999998", 20) > 0);
	CHECK(digits_cmp("0", 1, "000", 3) == 0);
}

int main(void)
{
	test_plain_ids();
	test_greedy_module();
	test_bad_bytes();
	test_shortest_level();
	test_not_initcalls();
	test_levels();
	test_sections();
	test_stubs();
	test_digits();
	return unit_done();
}
