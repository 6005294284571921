/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one algorithm under every comparison of orders: a longest
 * subsequence that keeps going up.  What is in it stayed in place; the
 * rest moved.  diff (positions of matched initcalls), check --image and
 * golden files (through diff), and the level of each image entry or boot
 * log line (ranks of levels) all ask it.
 */
#ifndef UTIL_RISING_H
#define UTIL_RISING_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Marks in @keep[0..@n-1] a longest subsequence of @v that never goes
 * down (@strict: that always goes up); returns its length.  Patience
 * sorting, O(n log n); of equally long ones, the one that ends earliest
 * at each length wins, so ties resolve the same way every time.
 */
size_t longest_rising(const size_t *v, size_t n, bool strict, bool *keep);

#endif /* UTIL_RISING_H */
