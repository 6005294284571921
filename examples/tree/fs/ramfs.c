// SPDX-License-Identifier: GPL-2.0-only
/* Example: file systems and the initial root. */
#include "kinit.h"

static int init_ramfs_fs(void) { return 0; }
static int populate_rootfs(void) { return 0; }
static int ramfs_late(void) { return 0; }

fs_initcall(init_ramfs_fs);
rootfs_initcall(populate_rootfs);
device_initcall(ramfs_late);
