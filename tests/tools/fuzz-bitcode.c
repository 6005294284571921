// SPDX-License-Identifier: GPL-2.0-only
/* Replays fuzz-bitcode inputs without libFuzzer (see tests/fuzz/replay.h). */
#include "../fuzz/fuzz-bitcode.c"
#include "../fuzz/replay.h"
