// SPDX-License-Identifier: GPL-2.0-only
/* Example initcalls: drivers/net/ is one directory of the program. */
#include "note.h"

static int eth_subsys(void)
{
	NOTE();
	return 0;
}
subsys_initcall(eth_subsys);

static int probe(void)
{
	NOTE();
	return 0;
}
device_initcall(probe);

static int eth_phy(void)
{
	NOTE();
	return 0;
}
device_initcall(eth_phy);

static int eth_late(void)
{
	NOTE();
	return 0;
}
late_initcall_sync(eth_late);
