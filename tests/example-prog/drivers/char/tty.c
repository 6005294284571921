// SPDX-License-Identifier: GPL-2.0-only
/* Example initcalls: drivers/char/ is one directory of the program. */
#include "note.h"

static int tty_console(void)
{
	NOTE();
	return 0;
}
console_initcall(tty_console);

static int probe(void)
{
	NOTE();
	return 0;
}
device_initcall(probe);

static int tty_sync(void)
{
	NOTE();
	return 0;
}
postcore_initcall_sync(tty_sync);
