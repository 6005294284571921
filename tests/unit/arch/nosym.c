// SPDX-License-Identifier: GPL-2.0-only
/*
 * A level 7 entry, after late_check's, that points at code no function
 * symbol names: a local label at the start of a code section of its own,
 * where aarch64 puts a mapping symbol ("$x.0") and riscv64 keeps the
 * label itself.  The table is still one of code pointers; the entry has
 * neither an id nor a target symbol.
 */
#include "entry.h"

__asm__(".pushsection .text.nosym, \"ax\"\n"
	".Lnowhere:\n"
	"\tret\n"
	".popsection\n"
	".pushsection \".initcall7.init\", \"a\"\n"
	ARCH_ENTRY(".Lnowhere")
	".popsection\n");
