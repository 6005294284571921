// SPDX-License-Identifier: GPL-2.0-only
/* Example: a serial driver with a console. */
#include "kinit.h"

static int serial_console_init(void) { return 0; }
static int serial_init(void) { return 0; }

console_initcall(serial_console_init);
device_initcall(serial_init);
