// SPDX-License-Identifier: GPL-2.0-only
/* Replays fuzz-archive inputs without libFuzzer (see tests/fuzz/replay.h). */
#include "../fuzz/fuzz-archive.c"
#include "../fuzz/replay.h"
