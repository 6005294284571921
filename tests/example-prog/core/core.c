// SPDX-License-Identifier: GPL-2.0-only
/* Example initcalls: core/ is one directory of the program. */
#include "note.h"

static int probe(void)
{
	NOTE();
	return 0;
}
core_initcall(probe);

static int pure_setup(void)
{
	NOTE();
	return 0;
}
pure_initcall(pure_setup);

static int core_sync(void)
{
	NOTE();
	return 0;
}
core_initcall_sync(core_sync);

static int setup(void)
{
	NOTE();
	return 0;
}
core_initcall(setup);
