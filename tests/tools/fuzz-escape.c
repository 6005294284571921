// SPDX-License-Identifier: GPL-2.0-only
/* Replays fuzz-escape inputs without libFuzzer (see tests/fuzz/replay.h). */
#include "../fuzz/fuzz-escape.c"
#include "../fuzz/replay.h"
