/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A very small TAP producer for unit tests: each CHECK prints "ok N - ..."
 * or "not ok N - ...", and unit_done() returns the exit status.
 */
#ifndef TESTS_UNIT_H
#define TESTS_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_count;
static int unit_failed;

static inline int unit_report(int ok, const char *what, const char *file,
			      int line)
{
	unit_count++;
	if (!ok)
		unit_failed++;
	printf("%sok %d - %s", ok ? "" : "not ", unit_count, what);
	if (!ok)
		printf(" (%s:%d)", file, line);
	printf("\n");
	return ok;
}

#define CHECK(cond)	unit_report(!!(cond), #cond, __FILE__, __LINE__)
#define CHECK_STR(a, b)	unit_report(strcmp((a), (b)) == 0, \
				    #a " == " #b, __FILE__, __LINE__)

static inline int unit_done(void)
{
	printf("1..%d\n", unit_count);
	return unit_failed ? 1 : 0;
}

#endif /* TESTS_UNIT_H */
