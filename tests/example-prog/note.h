/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The example program's initcalls report themselves: each prints its
 * module and function under the level being run, so that the output is
 * the run order.
 */
#ifndef EXAMPLE_NOTE_H
#define EXAMPLE_NOTE_H

#include "initcall_order.h"

void note(const char *module, const char *function);

/* Called first thing by every initcall of the example. */
#define NOTE()	note(ICO_STR(INITCALL_ORDER_MODNAME), __func__)

#endif /* EXAMPLE_NOTE_H */
