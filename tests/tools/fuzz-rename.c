// SPDX-License-Identifier: GPL-2.0-only
/* Replays fuzz-rename inputs without libFuzzer (see tests/fuzz/replay.h). */
#include "../fuzz/fuzz-rename.c"
#include "../fuzz/replay.h"
