// SPDX-License-Identifier: GPL-2.0-only
/* Replays fuzz-name inputs without libFuzzer (see tests/fuzz/replay.h). */
#include "../fuzz/fuzz-name.c"
#include "../fuzz/replay.h"
