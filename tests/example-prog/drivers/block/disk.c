// SPDX-License-Identifier: GPL-2.0-only
/* Example initcalls: drivers/block/ is one directory of the program. */
#include "note.h"

static int probe(void)
{
	NOTE();
	return 0;
}
device_initcall(probe);

static int disk_rootfs(void)
{
	NOTE();
	return 0;
}
rootfs_initcall(disk_rootfs);

static int disk_fs(void)
{
	NOTE();
	return 0;
}
fs_initcall(disk_fs);
