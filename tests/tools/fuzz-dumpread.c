// SPDX-License-Identifier: GPL-2.0-only
/* Replays fuzz-dumpread inputs without libFuzzer (see tests/fuzz/replay.h). */
#include "../fuzz/fuzz-dumpread.c"
#include "../fuzz/replay.h"
