// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of order_diff(): matching by level, module and function, the
 * fallback to order of appearance, and moves as the complement of a
 * longest common subsequence, checked against a plain dynamic program.
 */
#include <stdlib.h>
#include <string.h>

#include <initcall/diff.h>
#include <initcall/dump.h>
#include <initcall/order.h>
#include <util/strbuf.h>
#include <util/xalloc.h>
#include "unit.h"

/*
 * Builds an order from "level:module:function" words separated by spaces;
 * a module of "-" is unknown.
 */
static void order_parse(struct order *o, const char *spec)
{
	char *copy = xstrdup(spec), *save = NULL, *w;

	memset(o, 0, sizeof(*o));
	for (w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		char *mod = strchr(w, ':'), *fn;
		struct order_entry e = { 0 };

		*mod++ = '\0';
		fn = strchr(mod, ':');
		*fn++ = '\0';
		e.level = w;
		e.module = strcmp(mod, "-") ? mod : NULL;
		e.function = fn;
		order_add(o, &e);
	}
	free(copy);
}

struct fixture {
	struct order old, new;
	struct order_diff d;
};

static void fixture_run(struct fixture *f, const char *old, const char *new)
{
	order_parse(&f->old, old);
	order_parse(&f->new, new);
	order_diff(&f->old, &f->new, &f->d);
}

static void fixture_free(struct fixture *f)
{
	order_diff_free(&f->d);
	order_free(&f->old);
	order_free(&f->new);
}

static const char *fn_of(const struct order *o, size_t idx)
{
	return idx == DIFF_NONE ? "(none)" : o->entries[idx].function;
}

static char *render(const struct order_diff *d, enum out_format fmt)
{
	struct diff_labels lb = { .old = "old", .new = "new" };
	struct strbuf sb = STRBUF_INIT;

	diff_render(d, &lb, fmt, &sb);
	return sb.buf ? sb.buf : xstrdup("");
}

static void test_equal(void)
{
	struct fixture f;
	char *text;

	fixture_run(&f, "1:a:x 6:b:y 6:c:z", "1:a:x 6:b:y 6:c:z");
	CHECK(order_diff_same(&f.d));
	CHECK(f.d.nr_levels == 2);
	CHECK(f.d.nr_amb == 0);
	text = render(&f.d, OUT_TEXT);
	CHECK(strstr(text, "initcall orders are the same: 3 initcalls in 2 levels"));
	free(text);
	fixture_free(&f);
}

static void test_one_move(void)
{
	struct fixture f;
	const struct diff_change *c;
	char *text;

	fixture_run(&f, "6:m:a 6:m:b 6:m:c 6:m:d", "6:m:a 6:m:c 6:m:d 6:m:b");
	CHECK(f.d.nr == 1 && f.d.moved == 1);
	c = &f.d.changes[0];
	CHECK(c->kind == DIFF_MOVED);
	CHECK_STR(fn_of(&f.new, c->new_idx), "b");
	CHECK_STR(fn_of(&f.new, c->new_prev), "d");
	CHECK_STR(fn_of(&f.old, c->old_prev), "a");
	CHECK(c->old_pos == 2 && c->new_pos == 4);
	text = render(&f.d, OUT_TEXT);
	CHECK(strstr(text, "moved    m:b: now after m:d, was after m:a (position 2 -> 4)"));
	free(text);
	fixture_free(&f);
}

static void test_block_moved(void)
{
	struct fixture f;

	fixture_run(&f, "6:m:a 6:m:b 6:m:c 6:m:d 6:m:e 6:m:f 6:m:g",
		    "6:m:a 6:m:e 6:m:f 6:m:g 6:m:b 6:m:c 6:m:d");
	CHECK(f.d.moved == 3 && f.d.nr == 3);
	if (f.d.nr == 3) {
		CHECK_STR(fn_of(&f.new, f.d.changes[0].new_idx), "b");
		CHECK_STR(fn_of(&f.new, f.d.changes[0].new_prev), "g");
		CHECK_STR(fn_of(&f.new, f.d.changes[1].new_idx), "c");
		CHECK_STR(fn_of(&f.new, f.d.changes[1].new_prev), "b");
		CHECK_STR(fn_of(&f.new, f.d.changes[2].new_idx), "d");
	}
	fixture_free(&f);
}

static void test_added_removed_same_place(void)
{
	struct fixture f;
	const struct diff_change *c;
	char *text;

	fixture_run(&f, "6:m:a 6:m:b 6:m:c", "6:m:a 6:n:x 6:m:c");
	CHECK(f.d.added == 1 && f.d.removed == 1 && f.d.moved == 0);
	CHECK(f.d.nr == 2);
	c = &f.d.changes[0];
	CHECK(c->kind == DIFF_ADDED && c->old_idx == DIFF_NONE);
	CHECK_STR(fn_of(&f.new, c->new_idx), "x");
	CHECK_STR(fn_of(&f.new, c->new_prev), "a");
	c = &f.d.changes[1];
	CHECK(c->kind == DIFF_REMOVED && c->new_idx == DIFF_NONE);
	CHECK_STR(fn_of(&f.old, c->old_idx), "b");
	CHECK_STR(fn_of(&f.old, c->old_prev), "a");
	text = render(&f.d, OUT_TEXT);
	CHECK(strstr(text, "added    n:x: now after m:a (position 2)"));
	CHECK(strstr(text, "removed  m:b: was after m:a (position 2)"));
	CHECK(strstr(text, "1 added, 1 removed"));
	free(text);
	fixture_free(&f);
}

/* Counters and lines are not part of the identity: same module and fn. */
static void test_ids_ignored(void)
{
	struct order old = { 0 }, new = { 0 };
	struct order_entry e = { 0 };
	struct order_diff d;

	e.level = "6";
	e.module = "m";
	e.function = "f";
	e.id = "m__12_34_f";
	order_add(&old, &e);
	e.id = "m__99_120_f";
	order_add(&new, &e);
	order_diff(&old, &new, &d);
	CHECK(order_diff_same(&d));
	order_diff_free(&d);
	order_free(&old);
	order_free(&new);
}

static void test_duplicate_names(void)
{
	struct fixture f;
	char *text;

	fixture_run(&f, "6:m:f 6:m:f 6:m:g", "6:m:g 6:m:f 6:m:f");
	CHECK(f.d.nr_amb == 1);
	CHECK(f.d.nr_amb == 1 && f.d.amb[0].old_nr == 2 &&
	      f.d.amb[0].new_nr == 2);
	CHECK(f.d.old_occ[0] == 1 && f.d.old_occ[1] == 2 &&
	      f.d.old_occ[2] == 0);
	CHECK(f.d.moved == 1 && f.d.nr == 1);
	CHECK_STR(fn_of(&f.new, f.d.changes[0].new_idx), "g");
	text = render(&f.d, OUT_TEXT);
	CHECK(strstr(text, "note: level 6: m:f is there 2 times in old and 2 in new: matched in order of appearance"));
	CHECK(strstr(text, "moved    m:g: now first, was after m:f#2"));
	free(text);
	fixture_free(&f);

	/* Same name in two modules is no ambiguity. */
	fixture_run(&f, "6:a:init 6:b:init", "6:b:init 6:a:init");
	CHECK(f.d.nr_amb == 0 && f.d.moved == 1);
	fixture_free(&f);

	/* A third copy appears: the third is the added one. */
	fixture_run(&f, "6:m:f 6:m:f", "6:m:f 6:m:f 6:m:f");
	CHECK(f.d.added == 1 && f.d.nr == 1 && f.d.changes[0].new_idx == 2);
	fixture_free(&f);
}

static void test_empty_levels(void)
{
	struct fixture f;
	char *ktap;

	fixture_run(&f, "", "");
	CHECK(order_diff_same(&f.d) && f.d.nr_levels == 0);
	ktap = render(&f.d, OUT_KTAP);
	CHECK(strstr(ktap, "KTAP version 1\n") && strstr(ktap, "\n1..0\n"));
	free(ktap);
	fixture_free(&f);

	/* Level 6 empties out, level 7 appears. */
	fixture_run(&f, "1:m:a 6:m:b 6:m:c", "1:m:a 7:n:d");
	CHECK(f.d.nr_levels == 3);
	CHECK(f.d.removed == 2 && f.d.added == 1 && f.d.moved == 0);
	CHECK(f.d.nr_levels == 3 && f.d.new_count[1] == 0 &&
	      f.d.old_count[1] == 2 && f.d.old_count[2] == 0);
	ktap = render(&f.d, OUT_KTAP);
	CHECK(strstr(ktap, "1..3\n"));
	CHECK(strstr(ktap, "\nok 1 level 1\n"));
	CHECK(strstr(ktap, "\nnot ok 2 level 6\n"));
	CHECK(strstr(ktap, "\nnot ok 3 level 7\n"));
	free(ktap);
	fixture_free(&f);

	/* Levels sort in run order, not string order. */
	fixture_run(&f, "6:m:a rootfs:m:b early:m:c 1s:m:d",
		    "6:m:a rootfs:m:b early:m:c 1s:m:d");
	CHECK(f.d.nr_levels == 4 && !strcmp(f.d.levels[0], "early") &&
	      !strcmp(f.d.levels[1], "1s") &&
	      !strcmp(f.d.levels[2], "rootfs") &&
	      !strcmp(f.d.levels[3], "6"));
	fixture_free(&f);
}

static void test_level_changed(void)
{
	struct fixture f;
	const struct diff_change *c;
	char *text;

	fixture_run(&f, "6:m:a 6:m:b 7:m:c", "6:m:a 7:m:c 7:m:b");
	CHECK(f.d.level_changed == 1 && f.d.nr == 1);
	c = &f.d.changes[0];
	CHECK(c->kind == DIFF_LEVEL);
	CHECK_STR(f.d.levels[c->level], "7");
	CHECK_STR(fn_of(&f.new, c->new_prev), "c");
	text = render(&f.d, OUT_TEXT);
	CHECK(strstr(text, "level    m:b: now after m:c, was after m:a in level 6 (position 2 -> 2)"));
	free(text);
	fixture_free(&f);
}

static void test_modules_unknown(void)
{
	struct fixture f;

	char *text;

	fixture_run(&f, "6:m:a 6:m:b", "6:-:b 6:-:a");
	CHECK(f.d.modules_ignored && !f.d.levels_ignored);
	CHECK(f.d.moved == 1 && f.d.added == 0 && f.d.removed == 0);
	text = render(&f.d, OUT_TEXT);
	CHECK(strstr(text, "note: new: modules unknown: initcalls matched by level and function\n"));
	free(text);
	fixture_free(&f);

	/* A boot log without levels: one run order across levels. */
	fixture_run(&f, "1:m:a 6:m:b 6:m:c", "?:-:a ?:-:c ?:-:b");
	CHECK(f.d.levels_ignored && f.d.nr_levels == 1);
	CHECK(f.d.moved == 1 && f.d.level_changed == 0 && f.d.nr == 1);
	text = render(&f.d, OUT_TEXT);
	CHECK(strstr(text, "note: new: levels unknown: compared as one run order\n"));
	CHECK(strstr(text, "level all: 3 -> 3 initcalls\n"));
	free(text);
	fixture_free(&f);
}

static void test_json(void)
{
	struct fixture f;
	char *json;

	fixture_run(&f, "6:m:a 6:m:b", "6:m:b 6:m:a 6:m:\"q\"");
	json = render(&f.d, OUT_JSON);
	CHECK(strstr(json, "\"format\": \"initcall-order-diff\""));
	CHECK(strstr(json, "\"same\": false"));
	CHECK(strstr(json, "\"function\": \"\\\"q\\\"\""));
	CHECK(strstr(json, "{\"kind\": \"moved\", \"level\": \"6\", \"module\": \"m\", \"function\": \"a\", \"occurrence\": 0, \"old_level\": \"6\", \"old_position\": 1, \"was_after\": null, \"old_where\": null, \"new_level\": \"6\", \"new_position\": 2, \"now_after\": \"m:b\", \"new_where\": null}"));
	CHECK(strstr(json, "\"counts\": {\"old\": 2, \"new\": 3, \"added\": 1, \"removed\": 0, \"level_changed\": 0, \"moved\": 1}"));
	free(json);
	fixture_free(&f);
}

/* A tiny deterministic generator, so that failures can be replayed. */
static unsigned int rnd_state = 12345;

static unsigned int rnd(unsigned int n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 16) % n;
}

/* The longest common subsequence length by the quadratic recurrence. */
static size_t lcs_dp(const int *a, size_t na, const int *b, size_t nb)
{
	size_t *row = xcalloc((nb + 1) * 2, sizeof(*row)), i, j, r;

	for (i = 1; i <= na; i++) {
		size_t *cur = row + (i & 1) * (nb + 1);
		size_t *prev = row + (~i & 1) * (nb + 1);

		for (j = 1; j <= nb; j++) {
			if (a[i - 1] == b[j - 1])
				cur[j] = prev[j - 1] + 1;
			else
				cur[j] = prev[j] > cur[j - 1] ? prev[j] :
								cur[j - 1];
		}
	}
	r = row[(na & 1) * (nb + 1) + nb];
	free(row);
	return r;
}

static void add_fn(struct order *o, int v)
{
	struct order_entry e = { 0 };
	char name[16];

	snprintf(name, sizeof(name), "f%d", v);
	e.level = "6";
	e.module = "m";
	e.function = name;
	order_add(o, &e);
}

/*
 * Random orders of distinct names: moves must be exactly the common names
 * that a longest common subsequence leaves out.
 */
static void test_random_against_dp(void)
{
	int a[40], b[40], round, bad = 0;

	for (round = 0; round < 300; round++) {
		size_t na = rnd(40), nb = 0, i, common = 0;
		struct order old = { 0 }, new = { 0 };
		struct order_diff d;

		for (i = 0; i < na; i++)
			a[i] = i;
		for (i = 0; i < na; i++) {	/* shuffle, then drop some */
			size_t j = rnd(na), t = a[i];

			a[i] = a[j];
			a[j] = t;
		}
		for (i = 0; i < na; i++)
			if (rnd(5))
				b[nb++] = a[i];
		for (i = 0; i < nb && nb > 1; i++) {	/* a few swaps */
			if (!rnd(4)) {
				size_t j = rnd(nb), t = b[i];

				b[i] = b[j];
				b[j] = t;
			}
		}
		common = nb;
		for (i = 0; i < 3; i++)
			b[nb++] = 100 + i;
		for (i = 0; i < na; i++)
			add_fn(&old, a[i]);
		for (i = 0; i < nb; i++)
			add_fn(&new, b[i]);
		order_diff(&old, &new, &d);
		if (d.moved != common - lcs_dp(a, na, b, nb) ||
		    d.added != 3 || d.removed != na - common)
			bad++;
		order_diff_free(&d);
		order_free(&old);
		order_free(&new);
	}
	CHECK(bad == 0);
}

static int parse(const char *text, struct order *o)
{
	memset(o, 0, sizeof(*o));
	return dump_parse("test", text, strlen(text), o);
}

/* Dumps read back: both syntaxes, both formats, refusals. */
static void test_dumpread(void)
{
	static const char tsv[] =
		"# initcall-order-dump 1\n"
		"level\tposition\tinput\tmodule\tcounter\tline\tfunction\ttype\n"
		"6\t1\ta.o\tkmod_a\t3\t40\tfoo\tt\n"
		"6\t2\tb.o\tkmod_b\t0\t9\tbar\tt\n";
	static const char json[] =
		"{\"format\":\"initcall-order-dump\",\"version\":1,\n"
		" \"initcalls\":[{\"level\":\"6\",\"module\":\"kmod_a\",\n"
		"\"function\":\"f\\u006fo\",\"counter\":3,\"line\":40},\n"
		" {\"line\":9,\"counter\":0,\"function\":\"bar\",\n"
		"\"module\":\"kmod_b\",\"level\":\"6\",\"extra\":null}]}";
	static const char image[] =
		"# initcall-order-image 1\n"
		"level\tposition\tentry_address\ttarget_address\ttarget_symbol\tid\n"
		"1s\t1\t0x10\t0x20\t__initstub__kmod_c__1_2_baz1s\t-\n"
		"7\t1\t0x14\t0x30\tplain+0x4\t-\n";
	struct order a, b;
	struct order_diff d;

	CHECK(dump_sniff(tsv, sizeof(tsv) - 1) == DUMP_TSV);
	CHECK(dump_sniff(json, sizeof(json) - 1) == DUMP_JSON);
	CHECK(dump_sniff("calling  x @ 1\n", 15) == DUMP_NONE);
	CHECK(parse(tsv, &a) == 0 && a.nr == 2);
	if (a.nr == 2) {
		CHECK_STR(a.entries[0].id, "kmod_a__3_40_foo");
		CHECK_STR(a.entries[1].where, "b.o");
	}
	CHECK(parse(json, &b) == 0 && b.nr == 2);
	order_diff(&a, &b, &d);
	CHECK(order_diff_same(&d));
	order_diff_free(&d);
	order_free(&a);
	order_free(&b);

	CHECK(parse(image, &a) == 0 && a.nr == 2);
	if (a.nr == 2) {
		CHECK_STR(a.entries[0].module, "kmod_c");
		CHECK_STR(a.entries[0].function, "baz");
		CHECK_STR(a.entries[0].level, "1s");
		CHECK(a.entries[0].addr == 0x20);
		CHECK(!a.entries[1].module);
		CHECK_STR(a.entries[1].function, "plain+0x4");
	}
	order_free(&a);

	CHECK(parse("# initcall-order-dump 4\nlevel\n", &a) < 0);
	order_free(&a);
	CHECK(parse("# initcall-order-image 3\nlevel\n", &a) < 0);
	order_free(&a);
	CHECK(parse("{\"format\":\"initcall-order-dump\",\"version\":1,\n"
		    "\"initcalls\":[{\"level\":\"6\"", &a) < 0);
	order_free(&a);
	CHECK(parse("# initcall-order-dump 1\nlevel\tfunction\n6\tf", &a) < 0);
	order_free(&a);
}

int main(void)
{
	test_equal();
	test_one_move();
	test_block_moved();
	test_added_removed_same_place();
	test_ids_ignored();
	test_duplicate_names();
	test_empty_levels();
	test_level_changed();
	test_modules_unknown();
	test_json();
	test_random_against_dp();
	test_dumpread();
	return unit_done();
}
