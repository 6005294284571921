// SPDX-License-Identifier: GPL-2.0-only
/* Replays fuzz-image inputs without libFuzzer (see tests/fuzz/replay.h). */
#include "../fuzz/fuzz-image.c"
#include "../fuzz/replay.h"
