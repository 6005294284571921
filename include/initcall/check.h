/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * check's report: what the kernel will run (a linked image) or did run (a
 * boot log) against what it should, level by level.  The comparison is
 * order_diff() (initcall/diff.h) with the expected order as the old side
 * and the actual one as the new side; this file words it as check does:
 * missing, extra, moved, with expected and actual positions, as plain text
 * or KTAP (version 1, one test per level).
 */
#ifndef INITCALL_CHECK_H
#define INITCALL_CHECK_H

#include <stddef.h>
#include <util/output.h>

struct order;
struct order_diff;
struct strbuf;

/* A level left out of the comparison, and why: a KTAP SKIP. */
struct check_skip {
	const char *level;
	const char *reason;
};

struct check_report {
	const char *expected;	/* what the order should be, e.g. "link inputs" */
	const char *actual;	/* what it is, e.g. "vmlinux" */
	const struct check_skip *skips;
	size_t nr_skips;
};

/*
 * Appends the report on @d, from order_diff(expected, actual), to @sb
 * (OUT_KTAP, anything else is text).  Returns 0 when the orders are the
 * same, 1 when they differ.
 */
int check_render(const struct order_diff *d, const struct check_report *r,
		 enum out_format fmt, struct strbuf *sb);


#endif /* INITCALL_CHECK_H */
