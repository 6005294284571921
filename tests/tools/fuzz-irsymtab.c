// SPDX-License-Identifier: GPL-2.0-only
/* Replays fuzz-irsymtab inputs without libFuzzer (see tests/fuzz/replay.h). */
#include "../fuzz/fuzz-irsymtab.c"
#include "../fuzz/replay.h"
