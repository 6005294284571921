// SPDX-License-Identifier: GPL-2.0-only
/* Example initcalls: drivers/ is one directory of the program. */
#include "note.h"

static int bus_init(void)
{
	NOTE();
	return 0;
}
subsys_initcall(bus_init);

static int probe(void)
{
	NOTE();
	return 0;
}
device_initcall(probe);

static int setup(void)
{
	NOTE();
	return 0;
}
core_initcall(setup);
