/* SPDX-License-Identifier: GPL-2.0-only */
/* Running independent work items on a few threads. */
#ifndef UTIL_PARALLEL_H
#define UTIL_PARALLEL_H

#include <stddef.h>

/*
 * Calls fn(i, arg) once for each i in [0, n) on up to @jobs threads
 * (the calling thread included).  Items are taken in increasing order
 * (shuffled when ICO_SHUFFLE_SEED is set, to test for order independence);
 * results must go to per-item slots so that the outcome does not depend on
 * scheduling.
 */
void parallel_for(size_t n, unsigned int jobs,
		  void (*fn)(size_t i, void *arg), void *arg);

/* The number of online CPUs, at least 1. */
unsigned int online_cpus(void);

#endif /* UTIL_PARALLEL_H */
