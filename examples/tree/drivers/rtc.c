// SPDX-License-Identifier: GPL-2.0-only
/* Example: a clock driver, probed early, checked late. */
#include "kinit.h"

static int rtc_init(void) { return 0; }
static int rtc_hctosys(void) { return 0; }

subsys_initcall(rtc_init);
late_initcall_sync(rtc_hctosys);
