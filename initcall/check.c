// SPDX-License-Identifier: GPL-2.0-only
/*
 * check's wording of an order_diff(): the expected order is the old side,
 * the actual one the new side.  An initcall that changed level is told in
 * both levels, as missing from the one and extra in the other, so that
 * each level's KTAP test fails on its own evidence.
 */
#include <stdlib.h>
#include <string.h>

#include <initcall/check.h>
#include <initcall/diff.h>
#include <initcall/name.h>
#include <initcall/order.h>
#include <util/escape.h>
#include <util/ktap.h>
#include <util/strbuf.h>
#include <util/xalloc.h>

#define EXPECTED	DIFF_OLD	/* the table of the link inputs */
#define ACTUAL		DIFF_NEW	/* the image or the log */

static const char *side_level(const struct order_diff *d, int side,
			      size_t idx)
{
	return (side == EXPECTED ? d->old : d->new)->entries[idx].level;
}

/*
 * An initcall without an id has no module to tell it by: name the
 * object that link order takes it from.
 */
static void add_object(const struct order_diff *d, size_t expected_idx,
		       struct strbuf *sb)
{
	const struct order_entry *e = &d->old->entries[expected_idx];

	if (e->idless && e->where) {
		strbuf_addstr(sb, " from ");
		esc_text(sb, e->where);
	}
}

/* One finding of @c as seen from level @level, without a line prefix. */
static void finding_line(const struct order_diff *d,
			 const struct diff_change *c, const char *level,
			 struct strbuf *sb)
{
	switch (c->kind) {
	case DIFF_REMOVED:
		strbuf_addstr(sb, "missing  ");
		diff_add_name(d, EXPECTED, c->old_idx, sb);
		add_object(d, c->old_idx, sb);
		strbuf_addf(sb, ": expected at position %zu, ", c->old_pos);
		diff_add_place(d, EXPECTED, c->old_prev, sb);
		break;
	case DIFF_ADDED:
		strbuf_addstr(sb, "extra    ");
		diff_add_name(d, ACTUAL, c->new_idx, sb);
		strbuf_addf(sb, ": at position %zu, ", c->new_pos);
		diff_add_place(d, ACTUAL, c->new_prev, sb);
		break;
	case DIFF_MOVED:
		strbuf_addstr(sb, "moved    ");
		diff_add_name(d, ACTUAL, c->new_idx, sb);
		add_object(d, c->old_idx, sb);
		strbuf_addf(sb, ": expected at position %zu, actual position %zu (expected ",
			    c->old_pos, c->new_pos);
		diff_add_place(d, EXPECTED, c->old_prev, sb);
		strbuf_addstr(sb, ", actually ");
		diff_add_place(d, ACTUAL, c->new_prev, sb);
		strbuf_addch(sb, ')');
		break;
	case DIFF_LEVEL:
		if (!strcmp(level, side_level(d, ACTUAL, c->new_idx))) {
			strbuf_addstr(sb, "extra    ");
			diff_add_name(d, ACTUAL, c->new_idx, sb);
			strbuf_addf(sb, ": at position %zu, expected in level ",
				    c->new_pos);
			esc_text(sb, side_level(d, EXPECTED, c->old_idx));
			strbuf_addf(sb, " at position %zu", c->old_pos);
		} else {
			strbuf_addstr(sb, "missing  ");
			diff_add_name(d, EXPECTED, c->old_idx, sb);
			strbuf_addf(sb, ": expected at position %zu, found in level ",
				    c->old_pos);
			esc_text(sb, side_level(d, ACTUAL, c->new_idx));
			strbuf_addf(sb, " at position %zu", c->new_pos);
		}
		break;
	}
}

/* Does change @c concern level @l?  A level change concerns two. */
static bool concerns(const struct order_diff *d, const struct diff_change *c,
		     unsigned int l)
{
	if (c->level == l)
		return true;
	return c->kind == DIFF_LEVEL &&
	       !strcmp(side_level(d, EXPECTED, c->old_idx), d->levels[l]);
}

/* Appends the findings of level @l, each as @prefix + line + "\n". */
static size_t level_findings(const struct order_diff *d, unsigned int l,
			     const char *prefix, struct strbuf *sb)
{
	size_t i, n = 0;

	for (i = 0; i < d->nr; i++) {
		if (!concerns(d, &d->changes[i], l))
			continue;
		strbuf_addstr(sb, prefix);
		finding_line(d, &d->changes[i], d->levels[l], sb);
		strbuf_addch(sb, '\n');
		n++;
	}
	return n;
}

static void level_counts(const struct order_diff *d,
			 const struct check_report *r, unsigned int l,
			 struct strbuf *sb)
{
	strbuf_addstr(sb, "level ");
	esc_text(sb, d->levels[l]);
	strbuf_addf(sb, ": %zu expected, %zu in ", d->old_count[l],
		    d->new_count[l]);
	esc_text(sb, r->actual);
}

static void notes(const struct order_diff *d, const struct check_report *r,
		  const char *prefix, struct strbuf *sb)
{
	size_t i;

	if (d->modules_ignored) {
		strbuf_addstr(sb, prefix);
		esc_text(sb, r->expected);
		strbuf_addstr(sb, " or ");
		esc_text(sb, r->actual);
		strbuf_addstr(sb, " does not name the module of every initcall: initcalls matched by level and function\n");
	}
	for (i = 0; i < d->nr_amb; i++) {
		const struct diff_ambiguity *a = &d->amb[i];

		strbuf_addstr(sb, prefix);
		diff_add_ambiguity(a, r->expected, r->actual, sb);
		strbuf_addch(sb, '\n');
	}
}

static void summary(const struct order_diff *d, const struct check_report *r,
		    struct strbuf *sb)
{
	esc_text(sb, r->actual);
	if (order_diff_same(d)) {
		strbuf_addstr(sb, ": initcall order matches ");
		esc_text(sb, r->expected);
		strbuf_addf(sb, ": %zu initcall%s in %u level%s", d->old->nr,
			    d->old->nr == 1 ? "" : "s", d->nr_levels,
			    d->nr_levels == 1 ? "" : "s");
	} else {
		strbuf_addstr(sb, ": initcall order differs from ");
		esc_text(sb, r->expected);
		strbuf_addf(sb, ": %zu moved, %zu missing, %zu extra, %zu in another level",
			    d->moved, d->removed, d->added, d->level_changed);
	}
	if (r->nr_skips)
		strbuf_addf(sb, ", %zu level%s skipped", r->nr_skips,
			    r->nr_skips == 1 ? "" : "s");
}

/* One test: a level of the diff, or a skipped one. */
struct test {
	const char *level;
	unsigned int diff_level;	/* when !skip */
	const char *skip;
};

static int test_cmp(const void *a, const void *b)
{
	const struct test *x = a, *y = b;

	return level_cmp_run_order(x->level, y->level);
}

static struct test *list_tests(const struct order_diff *d,
			       const struct check_report *r, size_t *nr)
{
	struct test *t = xcalloc(d->nr_levels + r->nr_skips + 1, sizeof(*t));
	size_t i, n = 0;

	for (i = 0; i < d->nr_levels; i++) {
		t[n].level = d->levels[i];
		t[n++].diff_level = i;
	}
	for (i = 0; i < r->nr_skips; i++) {
		t[n].level = r->skips[i].level;
		t[n++].skip = r->skips[i].reason;
	}
	/* Levels are distinct and the diff's are already in run order. */
	qsort(t, n, sizeof(*t), test_cmp);
	*nr = n;
	return t;
}

static void render_ktap(const struct order_diff *d,
			const struct check_report *r, struct strbuf *sb)
{
	struct strbuf name = STRBUF_INIT;
	size_t nr, i;
	struct test *t = list_tests(d, r, &nr);

	strbuf_addf(&name, "initcall-order check: %s against %s", r->actual,
		    r->expected);
	ktap_start(sb, name.buf, nr);
	notes(d, r, "# note: ", sb);
	for (i = 0; i < nr; i++) {
		bool ok = true;

		strbuf_reset(&name);
		strbuf_addf(&name, "level %s", t[i].level);
		if (!t[i].skip) {
			ok = !level_findings(d, t[i].diff_level, "# ", sb);
			strbuf_addstr(sb, "# ");
			level_counts(d, r, t[i].diff_level, sb);
			strbuf_addch(sb, '\n');
		}
		ktap_result(sb, ok, i + 1, name.buf, t[i].skip);
	}
	strbuf_release(&name);
	strbuf_addstr(sb, "# ");
	summary(d, r, sb);
	strbuf_addch(sb, '\n');
	free(t);
}

static void render_text(const struct order_diff *d,
			const struct check_report *r, struct strbuf *sb)
{
	size_t nr, i;
	struct test *t = list_tests(d, r, &nr);

	for (i = 0; i < nr; i++) {
		struct strbuf lines = STRBUF_INIT;

		if (t[i].skip) {
			strbuf_addstr(sb, "level ");
			esc_text(sb, t[i].level);
			strbuf_addf(sb, ": skipped: %s\n", t[i].skip);
			continue;
		}
		if (level_findings(d, t[i].diff_level, "  ", &lines)) {
			level_counts(d, r, t[i].diff_level, sb);
			strbuf_addf(sb, "\n%s", lines.buf);
		}
		strbuf_release(&lines);
	}
	notes(d, r, "note: ", sb);
	summary(d, r, sb);
	strbuf_addch(sb, '\n');
	free(t);
}

int check_render(const struct order_diff *d, const struct check_report *r,
		 enum out_format fmt, struct strbuf *sb)
{
	if (fmt == OUT_KTAP)
		render_ktap(d, r, sb);
	else
		render_text(d, r, sb);
	return order_diff_same(d) ? 0 : 1;
}
