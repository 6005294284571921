// SPDX-License-Identifier: GPL-2.0-only
/* Replays fuzz-elf inputs without libFuzzer (see tests/fuzz/replay.h). */
#include "../fuzz/fuzz-elf.c"
#include "../fuzz/replay.h"
