/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KTAP version 1, as the kernel's selftests read it: a header line, a
 * title as a diagnostic, the plan, then one result line per test, with
 * diagnostic lines ("# ...") where the caller puts them.  Titles and test
 * names go through the text rule of util/escape.h.
 */
#ifndef UTIL_KTAP_H
#define UTIL_KTAP_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;

/* "KTAP version 1", "# @title" and the plan "1..@nr_tests". */
void ktap_start(struct strbuf *sb, const char *title, size_t nr_tests);
/* "ok N NAME", "not ok N NAME", or with @skip "ok N NAME # SKIP @skip". */
void ktap_result(struct strbuf *sb, bool ok, size_t n, const char *name,
		 const char *skip);

#endif /* UTIL_KTAP_H */
