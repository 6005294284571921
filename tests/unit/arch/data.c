// SPDX-License-Identifier: GPL-2.0-only
/*
 * A level 6 entry, after block_probe's, that points at a data object
 * instead of a function: the table is no longer one of code pointers.
 */
#include "entry.h"

int not_code = 42;

__asm__(".pushsection \".initcall6.init\", \"a\"\n"
	"__initcall__kmod_data__0_1_not_code6:\n"
	ARCH_ENTRY("not_code")
	".popsection\n");
