// SPDX-License-Identifier: GPL-2.0-only
/* Replays fuzz-bootlog inputs without libFuzzer (see tests/fuzz/replay.h). */
#include "../fuzz/fuzz-bootlog.c"
#include "../fuzz/replay.h"
