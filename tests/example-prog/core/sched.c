// SPDX-License-Identifier: GPL-2.0-only
/* Example initcalls: core/ is one directory of the program. */
#include "note.h"

static int sched_init(void)
{
	NOTE();
	return 0;
}
postcore_initcall(sched_init);

static int sched_early(void)
{
	NOTE();
	return 0;
}
core_initcall(sched_early);

static int sched_late(void)
{
	NOTE();
	return 0;
}
late_initcall(sched_late);
