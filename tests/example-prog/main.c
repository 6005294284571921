// SPDX-License-Identifier: GPL-2.0-only
/*
 * The example program: runs every initcall of the objects linked into it,
 * console entries first, then level by level, and prints each as
 * "<level> <module>:<function>".
 */
#include <stdio.h>

#include "note.h"

static const char *current_level = "?";

void note(const char *module, const char *function)
{
	printf("%s %s:%s\n", current_level, module, function);
}

static void before(const char *level, const struct initcall_order_entry *entry)
{
	(void)entry;
	current_level = level;
}

int main(void)
{
	int ret = initcall_order_run_all(before);

	if (ret)
		fprintf(stderr, "an initcall failed: %d\n", ret);
	return ret ? 1 : 0;
}
