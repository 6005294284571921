/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One initcall entry written in assembler, in the shape of the target:
 * a 32-bit offset from the entry (aarch64, PREL32) or a 64-bit pointer
 * (riscv64).  For the entries that C cannot make: ones that point at
 * code without a symbol, at data, or that stop short.
 */
#ifndef ARCH_ENTRY_H
#define ARCH_ENTRY_H

#if defined(__aarch64__)
#define ARCH_ENTRY(target)	".long " target " - .\n"
#elif defined(__riscv) && __riscv_xlen == 64
#define ARCH_ENTRY(target)	".quad " target "\n"
#else
#error "only aarch64 and riscv64"
#endif

#endif /* ARCH_ENTRY_H */
