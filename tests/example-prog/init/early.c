// SPDX-License-Identifier: GPL-2.0-only
/* Example initcalls: init/ is one directory of the program. */
#include "note.h"

static int setup_early(void)
{
	NOTE();
	return 0;
}
early_initcall(setup_early);

static int early_console(void)
{
	NOTE();
	return 0;
}
console_initcall(early_console);

static int setup_cpu(void)
{
	NOTE();
	return 0;
}
early_initcall(setup_cpu);
