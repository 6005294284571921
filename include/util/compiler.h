/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The few compiler attributes we use, spelled the kernel's way.  The
 * definitions use GCC's alternate keyword __attribute, which gcc and clang
 * both accept.
 */
#ifndef UTIL_COMPILER_H
#define UTIL_COMPILER_H

#define __printf(a, b)	__attribute((format(printf, a, b)))
#define __noreturn	__attribute((noreturn))

#endif /* UTIL_COMPILER_H */
