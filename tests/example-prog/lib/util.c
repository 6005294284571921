// SPDX-License-Identifier: GPL-2.0-only
/* Example initcalls: lib/ is one directory of the program. */
#include "note.h"

static int util_arch(void)
{
	NOTE();
	return 0;
}
arch_initcall(util_arch);

static int util_late(void)
{
	NOTE();
	return 0;
}
late_initcall(util_late);

static int probe(void)
{
	NOTE();
	return 0;
}
pure_initcall(probe);
