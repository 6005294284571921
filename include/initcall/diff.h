/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Comparing two initcall orders, e.g. of two builds.  An initcall is the
 * same across builds when its level, module and function are; counters and
 * line numbers change whenever code moves and are ignored.  Two initcalls
 * of one module and level with one function name are told apart by their
 * order of appearance, and the report says so.
 *
 * Moves within a level are the complement of a longest common subsequence
 * of the two orders of that level: the fewest initcalls whose removal
 * leaves both orders equal.  Matched initcalls are unique keys, so that
 * subsequence is a longest increasing one, found in O(n log n).
 */
#ifndef INITCALL_DIFF_H
#define INITCALL_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <util/output.h>

struct order;
struct order_entry;
struct strbuf;

#define DIFF_FORMAT_NAME	"initcall-order-diff"
#define DIFF_FORMAT_VERSION	1

enum diff_kind {
	DIFF_ADDED,		/* only in the new order */
	DIFF_REMOVED,		/* only in the old order */
	DIFF_LEVEL,		/* in both, at different levels */
	DIFF_MOVED,		/* in both at one level, order changed */
};

#define DIFF_NONE	((size_t)-1)

/* The level of an entry whose level no one knows, e.g. from a boot log. */
#define DIFF_LEVEL_UNKNOWN	"?"

/*
 * One change.  Indices are into the entries of the old and new orders;
 * DIFF_NONE where a side has no such entry (an added initcall has no old
 * entry, a first entry of its level has no predecessor).
 */
struct diff_change {
	enum diff_kind kind;
	size_t old_idx, new_idx;
	size_t old_pos, new_pos;	/* 1-based position in its level */
	size_t old_prev, new_prev;	/* the entry just before, same level */
	unsigned int level;		/* index into order_diff.levels */
	unsigned int old_level;		/* the same for the old entry */
};

/* A name seen more than once: matched by order of appearance. */
struct diff_ambiguity {
	const char *level;		/* NULL: across levels */
	const char *module;		/* may be NULL */
	const char *function;
	size_t old_nr, new_nr;
};

struct order_diff {
	const struct order *old, *new;
	/* Levels present on either side, in the kernel's run order. */
	const char **levels;
	unsigned int nr_levels;
	/* Per level: old and new counts. */
	size_t *old_count, *new_count;
	/* Sorted by level, then kind (as listed above), then position. */
	struct diff_change *changes;
	size_t nr, alloc;
	/* The DIFF_LEVEL changes (indices) by old level and position. */
	size_t *left;
	size_t nr_left;
	struct diff_ambiguity *amb;
	size_t nr_amb, amb_alloc;
	/*
	 * Per entry of each side: 1-based occurrence of its name in its level
	 * when that name is there more than once, 0 otherwise.
	 */
	unsigned int *old_occ, *new_occ;
	/* One side does not know modules: matched by level and function. */
	bool modules_ignored;
	/* One side does not know levels: compared as one run order, "all". */
	bool levels_ignored;
	size_t added, removed, level_changed, moved;
};

/* Compares @old with @new; both must outlive @d. */
void order_diff(const struct order *old, const struct order *new,
		struct order_diff *d);
void order_diff_free(struct order_diff *d);

static inline bool order_diff_same(const struct order_diff *d)
{
	return d->nr == 0;
}


/* What the report calls the two sides, e.g. the file names. */
struct diff_labels {
	const char *old;
	const char *new;
	/* A level left out of both sides, and why; NULL: none. */
	const char *skipped_level;
	const char *skip_reason;
};

/*
 * Appends the report to @sb: text for people, json (format
 * "initcall-order-diff") or KTAP (one test per level) for tools.
 */
void diff_render(const struct order_diff *d, const struct diff_labels *lb,
		 enum out_format fmt, struct strbuf *sb);

/* The two sides of a diff, for the naming helpers below. */
enum diff_side { DIFF_OLD, DIFF_NEW };

/*
 * Appends "module:function" of entry @idx of one side, with "#k" when the
 * name is there more than once.
 */
void diff_add_name(const struct order_diff *d, enum diff_side side,
		   size_t idx, struct strbuf *sb);
/* Appends "first", or "after <name>" of entry @prev of one side. */
void diff_add_place(const struct order_diff *d, enum diff_side side,
		    size_t prev, struct strbuf *sb);
/*
 * Appends the note on a name found more than once: "level L: m:f is there
 * N times in @old and M in @new: matched in order of appearance".
 */
void diff_add_ambiguity(const struct diff_ambiguity *a, const char *old,
			const char *new, struct strbuf *sb);

#endif /* INITCALL_DIFF_H */
