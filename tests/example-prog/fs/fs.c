// SPDX-License-Identifier: GPL-2.0-only
/* Example initcalls: fs/ is one directory of the program. */
#include "note.h"

static int fs_init(void)
{
	NOTE();
	return 0;
}
fs_initcall(fs_init);

static int fs_sync(void)
{
	NOTE();
	return 0;
}
fs_initcall_sync(fs_sync);

static int populate_rootfs(void)
{
	NOTE();
	return 0;
}
rootfs_initcall(populate_rootfs);

static int probe(void)
{
	NOTE();
	return 0;
}
device_initcall(probe);
