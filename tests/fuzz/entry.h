/* SPDX-License-Identifier: GPL-2.0-only */
/* The entry points of a libFuzzer target, as libFuzzer and replay.c call them. */
#ifndef FUZZ_ENTRY_H
#define FUZZ_ENTRY_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif /* FUZZ_ENTRY_H */
