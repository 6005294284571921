// SPDX-License-Identifier: GPL-2.0-only
/* Longest rising subsequence by patience sorting. */
#include <stdint.h>
#include <stdlib.h>

#include <util/rising.h>
#include <util/xalloc.h>

/* Where @x goes among the piles whose tops are v[tails[0..len-1]]. */
static size_t pile_of(const size_t *v, const size_t *tails, size_t len,
		      size_t x, bool strict)
{
	size_t lo = 0, hi = len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		size_t top = v[tails[mid]];

		if (strict ? top < x : top <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t longest_rising(const size_t *v, size_t n, bool strict, bool *keep)
{
	/* tails[k] ends the best subsequence of length k + 1 so far. */
	size_t *tails = xcalloc(n + 1, sizeof(*tails));
	size_t *back = xcalloc(n + 1, sizeof(*back));
	size_t len = 0, i, t;

	for (i = 0; i < n; i++) {
		size_t k = pile_of(v, tails, len, v[i], strict);

		back[i] = k ? tails[k - 1] : SIZE_MAX;
		tails[k] = i;
		if (k == len)
			len++;
		keep[i] = false;
	}
	for (t = len ? tails[len - 1] : SIZE_MAX; t != SIZE_MAX; t = back[t])
		keep[t] = true;
	free(tails);
	free(back);
	return len;
}
