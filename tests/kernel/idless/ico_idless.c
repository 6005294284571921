// SPDX-License-Identifier: GPL-2.0-only
/*
 * A stand-in for a Rust built-in module in the tests of initcall-order:
 * one level 6 initcall registered the way rust/macros/module.rs (6.12)
 * registers a built-in module's init function, without an id.  With
 * PREL32 relocations a local label in .initcall6.init holds the offset to
 * the function; otherwise a pointer to it lies in that section.  The
 * tests add it to kernel/Makefile, built without the LTO flags as Rust
 * objects are.
 */
#include <linux/init.h>
#include <linux/printk.h>

int __ico_idless_init(void);

int __ico_idless_init(void)
{
	pr_info("ico_idless: ran\n");
	return 0;
}

#ifdef CONFIG_HAVE_ARCH_PREL32_RELOCATIONS
asm(".section \".initcall6.init\", \"a\"\n"
    "__ico_idless_initcall:\n"
    "	.long	__ico_idless_init - .\n"
    ".previous\n");
#else
static initcall_t __ico_idless_initcall __used
	__section(".initcall6.init") = __ico_idless_init;
#endif
