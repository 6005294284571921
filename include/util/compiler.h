/* SPDX-License-Identifier: GPL-2.0-only */
/* The few compiler attributes we use, spelled the kernel's way. */
#ifndef UTIL_COMPILER_H
#define UTIL_COMPILER_H

#define __printf(a, b)	__attribute__((__format__(__printf__, a, b)))
#define __noreturn	__attribute__((__noreturn__))

#endif /* UTIL_COMPILER_H */
