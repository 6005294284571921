// SPDX-License-Identifier: GPL-2.0-only
/*
 * Comparing two initcall orders.
 *
 * Matching sorts the entries of both sides by (level, module, function)
 * and pairs the k-th old entry of a name with its k-th new one; what is
 * left is paired once more by (module, function) alone, which finds
 * initcalls whose level changed.  Within one level the matched entries
 * are then unique keys, and the longest common subsequence of two orders
 * of unique keys is a longest increasing subsequence of the new positions
 * taken in old order (Hunt-Szymanski with one match per key), found by
 * patience sorting.  Everything is O(n log n).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <initcall/diff.h>
#include <initcall/name.h>
#include <initcall/order.h>
#include <util/escape.h>
#include <util/json_writer.h>
#include <util/ktap.h>
#include <util/rising.h>
#include <util/strbuf.h>
#include <util/xalloc.h>

#define OLD	DIFF_OLD
#define NEW	DIFF_NEW

/* What the matching knows about each entry of one side. */
struct side {
	const struct order *o;
	unsigned int *level;	/* index into order_diff.levels */
	size_t *pos;		/* 1-based position in its level */
	size_t *prev;		/* entry just before in its level */
	size_t *match;		/* the entry on the other side */
	unsigned int *occ;	/* see order_diff.old_occ */
	size_t *by_level;	/* entry indices grouped by level */
	size_t *level_start;	/* nr_levels + 1 offsets into by_level */
};

/* One entry of either side, for sorting. */
struct ref {
	const char *key1;	/* level name, or module */
	const char *key2;	/* function */
	unsigned int level;
	unsigned char side;
	size_t idx;
};

static int cmp_size(size_t a, size_t b)
{
	return (a > b) - (a < b);
}

static int level_ref_cmp(const void *pa, const void *pb)
{
	const struct ref *a = pa, *b = pb;
	int r = level_rank(a->key1) - level_rank(b->key1);

	if (!r)
		r = strcmp(a->key1, b->key1);
	if (!r)
		r = a->side - b->side;
	return r ? r : cmp_size(a->idx, b->idx);
}

static bool same_key(const struct ref *a, const struct ref *b)
{
	return a->level == b->level && !strcmp(a->key1, b->key1) &&
	       !strcmp(a->key2, b->key2);
}

static int key_ref_cmp(const void *pa, const void *pb)
{
	const struct ref *a = pa, *b = pb;
	int r = (a->level > b->level) - (a->level < b->level);

	if (!r)
		r = strcmp(a->key1, b->key1);
	if (!r)
		r = strcmp(a->key2, b->key2);
	if (!r)
		r = a->side - b->side;
	return r ? r : cmp_size(a->idx, b->idx);
}

static void side_alloc(struct side *s, const struct order *o)
{
	size_t i, n = o->nr;

	s->o = o;
	s->level = xcalloc(n, sizeof(*s->level));
	s->pos = xcalloc(n, sizeof(*s->pos));
	s->prev = xcalloc(n, sizeof(*s->prev));
	s->match = xcalloc(n, sizeof(*s->match));
	s->occ = xcalloc(n, sizeof(*s->occ));
	s->by_level = xcalloc(n, sizeof(*s->by_level));
	for (i = 0; i < n; i++)
		s->match[i] = DIFF_NONE;
}

static void side_free(struct side *s)
{
	free(s->level);
	free(s->pos);
	free(s->prev);
	free(s->match);
	free(s->by_level);
	free(s->level_start);
}

/* Gives every distinct level name of both sides an index, in run order. */
static void collect_levels(struct order_diff *d, struct side *s)
{
	size_t n = s[OLD].o->nr + s[NEW].o->nr, i, k = 0;
	struct ref *refs = xcalloc(n, sizeof(*refs));
	int side;

	if (d->levels_ignored) {
		d->levels = xcalloc(1, sizeof(*d->levels));
		d->levels[0] = "all";
		d->nr_levels = n ? 1 : 0;
		free(refs);
		return;
	}
	for (side = OLD; side <= NEW; side++) {
		for (i = 0; i < s[side].o->nr; i++) {
			refs[k].key1 = s[side].o->entries[i].level;
			refs[k].side = side;
			refs[k++].idx = i;
		}
	}
	qsort(refs, n, sizeof(*refs), level_ref_cmp);
	d->levels = xcalloc(n + 1, sizeof(*d->levels));
	for (i = 0; i < n; i++) {
		if (!i || strcmp(refs[i].key1, refs[i - 1].key1))
			d->levels[d->nr_levels++] = refs[i].key1;
		s[refs[i].side].level[refs[i].idx] = d->nr_levels - 1;
	}
	free(refs);
}

/* Positions, predecessors and the grouping of one side by level. */
static void index_levels(struct order_diff *d, struct side *s, size_t *count)
{
	unsigned int nl = d->nr_levels, l;
	size_t *last = xcalloc(nl + 1, sizeof(*last));
	size_t *fill = xcalloc(nl + 1, sizeof(*fill));
	size_t i;

	s->level_start = xcalloc(nl + 1, sizeof(*s->level_start));
	for (l = 0; l < nl; l++)
		last[l] = DIFF_NONE;
	for (i = 0; i < s->o->nr; i++) {
		l = s->level[i];
		s->pos[i] = ++count[l];
		s->prev[i] = last[l];
		last[l] = i;
	}
	for (l = 0; l < nl; l++)
		s->level_start[l + 1] = s->level_start[l] + count[l];
	for (i = 0; i < s->o->nr; i++) {
		l = s->level[i];
		s->by_level[s->level_start[l] + fill[l]++] = i;
	}
	free(last);
	free(fill);
}

static const char *entry_module(const struct order_diff *d,
				const struct order_entry *e)
{
	if (d->modules_ignored || !e->module)
		return "";
	return e->module;
}

static void add_ambiguity(struct order_diff *d, const struct ref *r,
			  bool across_levels, size_t old_nr, size_t new_nr)
{
	const struct order_entry *e = &(r->side == OLD ? d->old :
					d->new)->entries[r->idx];
	struct diff_ambiguity *a;

	d->amb = xgrow(d->amb, &d->amb_alloc, d->nr_amb + 1, sizeof(*d->amb));
	a = &d->amb[d->nr_amb++];
	a->level = across_levels ? NULL : e->level;
	a->module = d->modules_ignored ? NULL : e->module;
	a->function = e->function;
	a->old_nr = old_nr;
	a->new_nr = new_nr;
}

/*
 * Pairs entries with equal keys in order of appearance.  The first pass
 * keys on (level, module, function) and sees every entry; the second keys
 * on (module, function) and sees only what the first left unmatched.
 */
static void match_pass(struct order_diff *d, struct side *s,
		       bool across_levels)
{
	size_t n = 0, i, j, k, a, b;
	struct ref *refs;
	int side;

	refs = xcalloc(s[OLD].o->nr + s[NEW].o->nr, sizeof(*refs));
	for (side = OLD; side <= NEW; side++) {
		for (i = 0; i < s[side].o->nr; i++) {
			const struct order_entry *e = &s[side].o->entries[i];

			if (s[side].match[i] != DIFF_NONE)
				continue;
			refs[n].key1 = entry_module(d, e);
			refs[n].key2 = e->function;
			refs[n].level = across_levels ? 0 : s[side].level[i];
			refs[n].side = side;
			refs[n++].idx = i;
		}
	}
	qsort(refs, n, sizeof(*refs), key_ref_cmp);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && same_key(&refs[i], &refs[j]); j++)
			;
		for (a = 0; i + a < j && refs[i + a].side == OLD; a++)
			;
		b = j - i - a;
		for (k = 0; k < a && k < b; k++) {
			s[OLD].match[refs[i + k].idx] = refs[i + a + k].idx;
			s[NEW].match[refs[i + a + k].idx] = refs[i + k].idx;
		}
		for (k = 0; !across_levels && k < j - i; k++) {
			size_t nth = k < a ? k : k - a;

			if ((k < a ? a : b) > 1)
				s[refs[i + k].side].occ[refs[i + k].idx] =
					nth + 1;
		}
		if ((a > 1 || b > 1) && a && b)
			add_ambiguity(d, &refs[i], across_levels, a, b);
	}
	free(refs);
}

static void add_change(struct order_diff *d, struct side *s,
		       enum diff_kind kind, size_t old_idx, size_t new_idx)
{
	struct diff_change *c;

	d->changes = xgrow(d->changes, &d->alloc, d->nr + 1,
			   sizeof(*d->changes));
	c = &d->changes[d->nr++];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->old_idx = old_idx;
	c->new_idx = new_idx;
	c->old_prev = c->new_prev = DIFF_NONE;
	if (old_idx != DIFF_NONE) {
		c->old_pos = s[OLD].pos[old_idx];
		c->old_prev = s[OLD].prev[old_idx];
		c->level = c->old_level = s[OLD].level[old_idx];
	}
	if (new_idx != DIFF_NONE) {
		c->new_pos = s[NEW].pos[new_idx];
		c->new_prev = s[NEW].prev[new_idx];
		c->level = s[NEW].level[new_idx];
	}
}

/*
 * The matched entries of level @l that stay in place are a longest
 * increasing subsequence of their new positions in old order; the others
 * moved.  @seq and @pos hold the level's entries and positions.
 */
static void find_moves(struct order_diff *d, struct side *s, unsigned int l,
		       size_t *seq, size_t *pos, bool *keep)
{
	size_t first = s[OLD].level_start[l], end = s[OLD].level_start[l + 1];
	size_t n = 0, i;

	for (i = first; i < end; i++) {
		size_t e = s[OLD].by_level[i], m = s[OLD].match[e];

		if (m != DIFF_NONE && s[NEW].level[m] == l) {
			seq[n] = e;
			pos[n++] = s[NEW].pos[m];
		}
	}
	longest_rising(pos, n, true, keep);
	for (i = 0; i < n; i++)
		if (!keep[i])
			add_change(d, s, DIFF_MOVED, seq[i],
				   s[OLD].match[seq[i]]);
}

static size_t change_pos(const struct diff_change *c)
{
	return c->kind == DIFF_REMOVED ? c->old_pos : c->new_pos;
}

static int change_cmp(const void *pa, const void *pb)
{
	const struct diff_change *a = pa, *b = pb;

	if (a->level != b->level)
		return a->level < b->level ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return cmp_size(change_pos(a), change_pos(b));
}

/*
 * Does @o name the module of its initcalls?  Those known to have no id
 * have none to name, but a source where none has one knows no modules.
 */
static bool modules_known(const struct order *o)
{
	bool some = false;
	size_t i;

	for (i = 0; i < o->nr; i++) {
		if (o->entries[i].module)
			some = true;
		else if (!o->entries[i].idless)
			return false;
	}
	return some || !o->nr;
}

static bool levels_known(const struct order *o)
{
	size_t i;

	for (i = 0; i < o->nr; i++)
		if (!strcmp(o->entries[i].level, DIFF_LEVEL_UNKNOWN))
			return false;
	return true;
}

static void list_changes(struct order_diff *d, struct side *s)
{
	size_t n = s[OLD].o->nr, i;
	size_t *seq = xcalloc(n + 1, sizeof(*seq));
	size_t *pos = xcalloc(n + 1, sizeof(*pos));
	bool *keep = xcalloc(n + 1, sizeof(*keep));
	unsigned int l;

	for (i = 0; i < n; i++) {
		size_t m = s[OLD].match[i];

		if (m == DIFF_NONE)
			add_change(d, s, DIFF_REMOVED, i, DIFF_NONE);
		else if (s[NEW].level[m] != s[OLD].level[i])
			add_change(d, s, DIFF_LEVEL, i, m);
	}
	for (i = 0; i < s[NEW].o->nr; i++)
		if (s[NEW].match[i] == DIFF_NONE)
			add_change(d, s, DIFF_ADDED, DIFF_NONE, i);
	for (l = 0; l < d->nr_levels; l++)
		find_moves(d, s, l, seq, pos, keep);
	free(seq);
	free(pos);
	free(keep);
}

/* For the sort of order_diff.left: by old level, then old position. */
static const struct diff_change *left_base;

static int left_cmp(const void *pa, const void *pb)
{
	const struct diff_change *a = &left_base[*(const size_t *)pa];
	const struct diff_change *b = &left_base[*(const size_t *)pb];

	if (a->old_level != b->old_level)
		return a->old_level < b->old_level ? -1 : 1;
	return cmp_size(a->old_pos, b->old_pos);
}

static void count_changes(struct order_diff *d)
{
	size_t i;

	d->left = xcalloc(d->nr + 1, sizeof(*d->left));
	for (i = 0; i < d->nr; i++) {
		if (d->changes[i].kind == DIFF_LEVEL)
			d->left[d->nr_left++] = i;
		switch (d->changes[i].kind) {
		case DIFF_ADDED:
			d->added++;
			break;
		case DIFF_REMOVED:
			d->removed++;
			break;
		case DIFF_LEVEL:
			d->level_changed++;
			break;
		case DIFF_MOVED:
			d->moved++;
			break;
		}
	}
	left_base = d->changes;
	qsort(d->left, d->nr_left, sizeof(*d->left), left_cmp);
	left_base = NULL;
}

void order_diff(const struct order *old, const struct order *new,
		struct order_diff *d)
{
	struct side s[2];

	memset(d, 0, sizeof(*d));
	d->old = old;
	d->new = new;
	d->modules_ignored = !modules_known(old) || !modules_known(new);
	d->levels_ignored = !levels_known(old) || !levels_known(new);
	side_alloc(&s[OLD], old);
	side_alloc(&s[NEW], new);
	collect_levels(d, s);
	d->old_count = xcalloc(d->nr_levels + 1, sizeof(*d->old_count));
	d->new_count = xcalloc(d->nr_levels + 1, sizeof(*d->new_count));
	index_levels(d, &s[OLD], d->old_count);
	index_levels(d, &s[NEW], d->new_count);
	match_pass(d, s, false);
	match_pass(d, s, true);
	list_changes(d, s);
	if (d->nr)
		qsort(d->changes, d->nr, sizeof(*d->changes), change_cmp);
	count_changes(d);
	d->old_occ = s[OLD].occ;
	d->new_occ = s[NEW].occ;
	side_free(&s[OLD]);
	side_free(&s[NEW]);
}

void order_diff_free(struct order_diff *d)
{
	free(d->levels);
	free(d->old_count);
	free(d->new_count);
	free(d->changes);
	free(d->left);
	free(d->amb);
	free(d->old_occ);
	free(d->new_occ);
	memset(d, 0, sizeof(*d));
}

/* The report. */

static const char *const kind_names[] = {
	[DIFF_ADDED] = "added",
	[DIFF_REMOVED] = "removed",
	[DIFF_LEVEL] = "level",
	[DIFF_MOVED] = "moved",
};

/*
 * "module:function", "#k" added when the name is not unique there; with
 * @text, module and function escaped for text (util/escape.h).
 */
static void add_name(const struct order_diff *d, enum diff_side side,
		     size_t idx, bool text, struct strbuf *sb)
{
	const struct order *o = side == OLD ? d->old : d->new;
	const unsigned int *occ = side == OLD ? d->old_occ : d->new_occ;
	const struct order_entry *e = &o->entries[idx];
	void (*add)(struct strbuf *, const char *) =
		text ? esc_text : strbuf_addstr;

	if (e->module) {
		add(sb, e->module);
		strbuf_addch(sb, ':');
	}
	add(sb, e->function);
	if (occ[idx])
		strbuf_addf(sb, "#%u", occ[idx]);
	if (e->idless)
		strbuf_addstr(sb, " (no id)");
}

void diff_add_name(const struct order_diff *d, enum diff_side side,
		   size_t idx, struct strbuf *sb)
{
	add_name(d, side, idx, true, sb);
}

/* "level X", the level escaped for text. */
static void add_level(struct strbuf *sb, const char *level)
{
	strbuf_addstr(sb, "level ");
	esc_text(sb, level);
}

void diff_add_place(const struct order_diff *d, enum diff_side side,
		    size_t prev, struct strbuf *sb)
{
	if (prev == DIFF_NONE) {
		strbuf_addstr(sb, "first");
		return;
	}
	strbuf_addstr(sb, "after ");
	diff_add_name(d, side, prev, sb);
}

/* One line, without indent: "moved m:f: now after X, was after Y (...)". */
static void change_line(const struct order_diff *d,
			const struct diff_change *c, struct strbuf *sb)
{
	bool has_new = c->new_idx != DIFF_NONE;
	bool has_old = c->old_idx != DIFF_NONE;

	strbuf_addf(sb, "%-8s ", kind_names[c->kind]);
	diff_add_name(d, has_new ? NEW : OLD, has_new ? c->new_idx : c->old_idx,
		 sb);
	strbuf_addstr(sb, ":");
	if (has_new) {
		strbuf_addstr(sb, " now ");
		diff_add_place(d, NEW, c->new_prev, sb);
	}
	if (has_old) {
		strbuf_addstr(sb, has_new ? ", was " : " was ");
		diff_add_place(d, OLD, c->old_prev, sb);
	}
	if (c->kind == DIFF_LEVEL) {
		strbuf_addstr(sb, " in ");
		add_level(sb, d->old->entries[c->old_idx].level);
	}
	if (has_old && has_new)
		strbuf_addf(sb, " (position %zu -> %zu)", c->old_pos,
			    c->new_pos);
	else
		strbuf_addf(sb, " (position %zu)", change_pos(c));
}

void diff_add_ambiguity(const struct diff_ambiguity *a, const char *old,
			const char *new, struct strbuf *sb)
{
	if (a->level) {
		add_level(sb, a->level);
		strbuf_addstr(sb, ": ");
	}
	if (a->module) {
		esc_text(sb, a->module);
		strbuf_addch(sb, ':');
	}
	esc_text(sb, a->function);
	strbuf_addf(sb, " is there %zu times in ", a->old_nr);
	esc_text(sb, old);
	strbuf_addf(sb, " and %zu in ", a->new_nr);
	esc_text(sb, new);
	strbuf_addf(sb, "%s: matched in order of appearance",
		    a->level ? "" : " (levels differ)");
}

/* "OLD", "NEW" or "OLD and NEW", for notes about what a side lacks. */
static void add_sides(const struct diff_labels *lb, bool old, bool new,
		      struct strbuf *sb)
{
	if (old)
		esc_text(sb, lb->old);
	if (old && new)
		strbuf_addstr(sb, " and ");
	if (new)
		esc_text(sb, lb->new);
}

static void blind_lines(const struct order_diff *d,
			const struct diff_labels *lb, const char *prefix,
			struct strbuf *sb)
{
	if (d->modules_ignored) {
		strbuf_addstr(sb, prefix);
		add_sides(lb, !modules_known(d->old), !modules_known(d->new),
			  sb);
		strbuf_addstr(sb, ": modules unknown: initcalls matched by level and function\n");
	}
	if (d->levels_ignored) {
		strbuf_addstr(sb, prefix);
		add_sides(lb, !levels_known(d->old), !levels_known(d->new),
			  sb);
		strbuf_addstr(sb, ": levels unknown: compared as one run order\n");
	}
	if (lb->skipped_level)
		strbuf_addf(sb, "%slevel %s left out: %s\n", prefix,
			    lb->skipped_level, lb->skip_reason);
}

static void summary_line(const struct order_diff *d, struct strbuf *sb)
{
	if (order_diff_same(d)) {
		strbuf_addf(sb, "initcall orders are the same: %zu initcalls in %u level%s",
			    d->new->nr, d->nr_levels, d->nr_levels == 1 ? "" : "s");
		return;
	}
	strbuf_addf(sb, "initcall orders differ: %zu moved, %zu added, %zu removed, %zu changed level",
		    d->moved, d->added, d->removed, d->level_changed);
}

static void render_notes(const struct order_diff *d,
			 const struct diff_labels *lb, const char *prefix,
			 struct strbuf *sb)
{
	size_t i;

	blind_lines(d, lb, prefix, sb);
	for (i = 0; i < d->nr_amb; i++) {
		strbuf_addstr(sb, prefix);
		diff_add_ambiguity(&d->amb[i], lb->old, lb->new, sb);
		strbuf_addch(sb, '\n');
	}
}

/* "left m:f: now in level 7; was after Y (position 3)" */
static void left_line(const struct order_diff *d, const struct diff_change *c,
		      struct strbuf *sb)
{
	strbuf_addf(sb, "%-8s ", "left");
	diff_add_name(d, OLD, c->old_idx, sb);
	strbuf_addstr(sb, ": now in ");
	add_level(sb, d->levels[c->level]);
	strbuf_addstr(sb, "; was ");
	diff_add_place(d, OLD, c->old_prev, sb);
	strbuf_addf(sb, " (position %zu)", c->old_pos);
}

/* Where the lines of the next level start in changes[] and left[]. */
struct level_cursor {
	size_t change;
	size_t left;
};

/*
 * The lines of level @l, each after @prefix: initcalls that left it for
 * another level, then its changes.  Returns how many.
 */
static size_t level_lines(const struct order_diff *d, unsigned int l,
			  struct level_cursor *cur, const char *prefix,
			  struct strbuf *sb)
{
	size_t n = 0;

	for (; cur->left < d->nr_left &&
	       d->changes[d->left[cur->left]].old_level == l; cur->left++) {
		strbuf_addstr(sb, prefix);
		left_line(d, &d->changes[d->left[cur->left]], sb);
		strbuf_addch(sb, '\n');
		n++;
	}
	for (; cur->change < d->nr && d->changes[cur->change].level == l;
	     cur->change++) {
		strbuf_addstr(sb, prefix);
		change_line(d, &d->changes[cur->change], sb);
		strbuf_addch(sb, '\n');
		n++;
	}
	return n;
}

static void level_header(const struct order_diff *d, unsigned int l,
			 const char *prefix, struct strbuf *sb)
{
	strbuf_addstr(sb, prefix);
	add_level(sb, d->levels[l]);
	strbuf_addf(sb, ": %zu -> %zu initcalls\n", d->old_count[l],
		    d->new_count[l]);
}

static void render_text(const struct order_diff *d,
			const struct diff_labels *lb, struct strbuf *sb)
{
	struct level_cursor cur = { 0, 0 };
	struct strbuf lines = STRBUF_INIT;
	unsigned int l;

	if (!order_diff_same(d)) {
		strbuf_addstr(sb, "--- ");
		esc_text(sb, lb->old);
		strbuf_addstr(sb, "\n+++ ");
		esc_text(sb, lb->new);
		strbuf_addch(sb, '\n');
	}
	for (l = 0; l < d->nr_levels; l++) {
		strbuf_reset(&lines);
		if (!level_lines(d, l, &cur, "  ", &lines))
			continue;
		level_header(d, l, "", sb);
		strbuf_add(sb, lines.buf, lines.len);
	}
	strbuf_release(&lines);
	render_notes(d, lb, "note: ", sb);
	summary_line(d, sb);
	strbuf_addch(sb, '\n');
}

/* KTAP version 1: one test per level, a diagnostic line per change. */
static void render_ktap(const struct order_diff *d,
			const struct diff_labels *lb, struct strbuf *sb)
{
	struct level_cursor cur = { 0, 0 };
	struct strbuf name = STRBUF_INIT;
	unsigned int l;

	strbuf_addf(&name, "initcall orders: %s -> %s", lb->old, lb->new);
	ktap_start(sb, name.buf, d->nr_levels);
	render_notes(d, lb, "# note: ", sb);
	for (l = 0; l < d->nr_levels; l++) {
		bool ok = !level_lines(d, l, &cur, "# ", sb);

		level_header(d, l, "# ", sb);
		strbuf_reset(&name);
		strbuf_addf(&name, "level %s", d->levels[l]);
		ktap_result(sb, ok, l + 1, name.buf, NULL);
	}
	strbuf_release(&name);
	strbuf_addstr(sb, "# ");
	summary_line(d, sb);
	strbuf_addch(sb, '\n');
}

static void json_place(const struct order_diff *d, int side, size_t prev,
		       struct json_writer *w)
{
	struct strbuf name = STRBUF_INIT;

	if (prev == DIFF_NONE) {
		jsonw_null(w);
		return;
	}
	add_name(d, side, prev, false, &name);
	jsonw_string(w, strbuf_str(&name));
	strbuf_release(&name);
}

/* The old or new half of a change: level, position, neighbour, where. */
static void json_side(const struct order_diff *d,
		      const struct diff_change *c, int side,
		      struct json_writer *w)
{
	const char *pfx = side == OLD ? "old" : "new";
	size_t idx = side == OLD ? c->old_idx : c->new_idx;
	const struct order_entry *e = NULL;
	struct strbuf name = STRBUF_INIT;

	if (idx != DIFF_NONE)
		e = &(side == OLD ? d->old : d->new)->entries[idx];
	strbuf_addf(&name, "%s_level", pfx);
	jsonw_name(w, name.buf);
	jsonw_string_or_null(w, e ? e->level : NULL);
	strbuf_reset(&name);
	strbuf_addf(&name, "%s_position", pfx);
	jsonw_name(w, name.buf);
	if (e)
		jsonw_uint(w, side == OLD ? c->old_pos : c->new_pos);
	else
		jsonw_null(w);
	jsonw_name(w, side == OLD ? "was_after" : "now_after");
	if (e)
		json_place(d, side, side == OLD ? c->old_prev : c->new_prev, w);
	else
		jsonw_null(w);
	strbuf_reset(&name);
	strbuf_addf(&name, "%s_where", pfx);
	jsonw_name(w, name.buf);
	jsonw_string_or_null(w, e ? e->where : NULL);
	strbuf_release(&name);
}

static void json_change(const struct order_diff *d,
			const struct diff_change *c, struct json_writer *w)
{
	int side = c->new_idx != DIFF_NONE ? NEW : OLD;
	size_t idx = side == NEW ? c->new_idx : c->old_idx;
	const struct order_entry *e =
		&(side == NEW ? d->new : d->old)->entries[idx];
	const unsigned int *occ = side == NEW ? d->new_occ : d->old_occ;

	jsonw_object_start(w, false);
	jsonw_string_field(w, "kind", kind_names[c->kind]);
	jsonw_string_field(w, "level", d->levels[c->level]);
	jsonw_name(w, "module");
	jsonw_string_or_null(w, e->module);
	jsonw_string_field(w, "function", e->function);
	jsonw_uint_field(w, "occurrence", occ[idx]);
	json_side(d, c, OLD, w);
	json_side(d, c, NEW, w);
	jsonw_object_end(w);
}

static void json_ambiguity(const struct diff_ambiguity *a,
			   struct json_writer *w)
{
	jsonw_object_start(w, false);
	jsonw_name(w, "level");
	jsonw_string_or_null(w, a->level);
	jsonw_name(w, "module");
	jsonw_string_or_null(w, a->module);
	jsonw_string_field(w, "function", a->function);
	jsonw_uint_field(w, "old", a->old_nr);
	jsonw_uint_field(w, "new", a->new_nr);
	jsonw_object_end(w);
}

static void json_levels(const struct order_diff *d, struct json_writer *w)
{
	unsigned int l;

	jsonw_name(w, "levels");
	jsonw_array_start(w, true);
	for (l = 0; l < d->nr_levels; l++) {
		jsonw_object_start(w, false);
		jsonw_string_field(w, "level", d->levels[l]);
		jsonw_uint_field(w, "old", d->old_count[l]);
		jsonw_uint_field(w, "new", d->new_count[l]);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

static void json_counts(const struct order_diff *d, struct json_writer *w)
{
	jsonw_name(w, "counts");
	jsonw_object_start(w, false);
	jsonw_uint_field(w, "old", d->old->nr);
	jsonw_uint_field(w, "new", d->new->nr);
	jsonw_uint_field(w, "added", d->added);
	jsonw_uint_field(w, "removed", d->removed);
	jsonw_uint_field(w, "level_changed", d->level_changed);
	jsonw_uint_field(w, "moved", d->moved);
	jsonw_object_end(w);
}

static void json_skipped(const struct diff_labels *lb, struct json_writer *w)
{
	jsonw_name(w, "skipped_levels");
	jsonw_array_start(w, false);
	if (lb->skipped_level) {
		jsonw_object_start(w, false);
		jsonw_string_field(w, "level", lb->skipped_level);
		jsonw_string_field(w, "reason", lb->skip_reason);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

static void render_json(const struct order_diff *d,
			const struct diff_labels *lb, struct strbuf *sb)
{
	struct json_writer w;
	size_t i;

	jsonw_init(&w, sb);
	jsonw_object_start(&w, true);
	jsonw_string_field(&w, "format", DIFF_FORMAT_NAME);
	jsonw_uint_field(&w, "version", DIFF_FORMAT_VERSION);
	jsonw_string_field(&w, "old", lb->old);
	jsonw_string_field(&w, "new", lb->new);
	jsonw_bool_field(&w, "same", order_diff_same(d));
	jsonw_bool_field(&w, "modules_ignored", d->modules_ignored);
	jsonw_bool_field(&w, "levels_ignored", d->levels_ignored);
	json_skipped(lb, &w);
	json_counts(d, &w);
	json_levels(d, &w);
	jsonw_name(&w, "ambiguous");
	jsonw_array_start(&w, true);
	for (i = 0; i < d->nr_amb; i++)
		json_ambiguity(&d->amb[i], &w);
	jsonw_array_end(&w);
	jsonw_name(&w, "changes");
	jsonw_array_start(&w, true);
	for (i = 0; i < d->nr; i++)
		json_change(d, &d->changes[i], &w);
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	jsonw_finish(&w);
}

void diff_render(const struct order_diff *d, const struct diff_labels *lb,
		 enum out_format fmt, struct strbuf *sb)
{
	switch (fmt) {
	case OUT_JSON:
		render_json(d, lb, sb);
		break;
	case OUT_KTAP:
		render_ktap(d, lb, sb);
		break;
	default:
		render_text(d, lb, sb);
		break;
	}
}
