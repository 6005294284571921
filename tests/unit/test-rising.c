// SPDX-License-Identifier: GPL-2.0-only
/* longest_rising(): the subsequence every order comparison keeps. */
#include <stdlib.h>
#include <util/rising.h>
#include "unit.h"

/* The kept indices of @v as a bit mask (n <= 16). */
static unsigned int kept_mask(const size_t *v, size_t n, bool strict,
			      size_t *len)
{
	bool keep[16];
	unsigned int mask = 0;
	size_t i;

	*len = longest_rising(v, n, strict, keep);
	for (i = 0; i < n; i++)
		if (keep[i])
			mask |= 1u << i;
	return mask;
}

/* Kept elements really rise, and there are as many as the length says. */
static bool rises(const size_t *v, size_t n, bool strict)
{
	bool keep[16];
	size_t len = longest_rising(v, n, strict, keep), i, k = 0, last = 0;

	for (i = 0; i < n; i++) {
		if (!keep[i])
			continue;
		if (k && (strict ? v[i] <= last : v[i] < last))
			return false;
		last = v[i];
		k++;
	}
	return k == len;
}

int main(void)
{
	static const size_t up[] = { 1, 2, 3, 4 }, down[] = { 4, 3, 2, 1 };
	static const size_t one_moved[] = { 2, 3, 4, 1, 5 };
	static const size_t flat[] = { 6, 6, 2, 6 };
	static const size_t mixed[] = { 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5 };
	size_t len;

	CHECK(kept_mask(up, 4, true, &len) == 0xf && len == 4);
	CHECK(kept_mask(down, 4, true, &len) != 0 && len == 1);
	/* One element out of place is the one left out. */
	CHECK(kept_mask(one_moved, 5, true, &len) == 0x17 && len == 4);
	/* Equal values: kept when not strict, not when strict. */
	CHECK(kept_mask(flat, 4, false, &len) == 0xb && len == 3);
	kept_mask(flat, 4, true, &len);
	CHECK(len == 2);
	kept_mask(mixed, 11, true, &len);
	CHECK(len == 4);
	CHECK(rises(mixed, 11, true) && rises(mixed, 11, false));
	CHECK(longest_rising(up, 0, true, NULL) == 0);
	return unit_done();
}
