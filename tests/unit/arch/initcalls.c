// SPDX-License-Identifier: GPL-2.0-only
/*
 * Initcalls of most levels in the kernel's shapes (tests/fixtures/kinit.h),
 * compiled for another architecture with clang --target and linked by
 * ld.lld with initcalls.lds into a small kernel-like image.  With
 * -DKI_SHAPE_PREL32 (aarch64) each entry is a 32-bit offset to its
 * __initstub__ stub; with -DKI_SHAPE_PLAIN (riscv64) a 64-bit pointer to
 * the function.  tests/unit/test-image-arch.c expects these entries in
 * this order, each level in the order written here.
 */
#include "kinit.h"

static int tty_console(void) { return 10; }
static int smp_prepare(void) { return 11; }
static int core_setup(void) { return 12; }
static int core_settle(void) { return 13; }
static int populate_rootfs(void) { return 14; }
static int serial_probe(void) { return 15; }
static int block_probe(void) { return 16; }
static int late_check(void) { return 17; }

console_initcall(tty_console);
early_initcall(smp_prepare);
core_initcall(core_setup);
core_initcall_sync(core_settle);
rootfs_initcall(populate_rootfs);
device_initcall(serial_probe);
device_initcall(block_probe);
late_initcall(late_check);

/* The image's entry point; nothing runs it. */
void start_kernel(void)
{
}
