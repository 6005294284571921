// SPDX-License-Identifier: GPL-2.0-only
/* Example initcalls: drivers/net/ is one directory of the program. */
#include "note.h"

static int probe(void)
{
	NOTE();
	return 0;
}
device_initcall(probe);

static int wifi_sync(void)
{
	NOTE();
	return 0;
}
device_initcall_sync(wifi_sync);

static int wifi_arch(void)
{
	NOTE();
	return 0;
}
arch_initcall(wifi_arch);
