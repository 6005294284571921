// SPDX-License-Identifier: GPL-2.0-only
/*
 * Level 7 cut short: after late_check's entry, half of one more.  The
 * level is no longer a whole number of entries of the target's width.
 */
#include "entry.h"

#if defined(__aarch64__)
#define HALF_ENTRY	".short 0\n"
#else
#define HALF_ENTRY	".long 0\n"
#endif

__asm__(".pushsection \".initcall7.init\", \"a\"\n"
	HALF_ENTRY
	".popsection\n");
