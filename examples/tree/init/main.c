// SPDX-License-Identifier: GPL-2.0-only
/* Example: the start of a tiny kernel-like tree. */
#include "kinit.h"

static int setup_per_cpu(void) { return 0; }
static int init_workqueues(void) { return 0; }
static int init_clocks(void) { return 0; }

early_initcall(setup_per_cpu);
core_initcall(init_workqueues);
core_initcall_sync(init_clocks);

int start_kernel(void)
{
	return 0;
}
