// SPDX-License-Identifier: GPL-2.0-only
/* The KTAP writer (include/util/ktap.h). */
#include <util/escape.h>
#include <util/ktap.h>
#include <util/strbuf.h>

void ktap_start(struct strbuf *sb, const char *title, size_t nr_tests)
{
	strbuf_addstr(sb, "KTAP version 1\n# ");
	esc_text(sb, title);
	strbuf_addf(sb, "\n1..%zu\n", nr_tests);
}

void ktap_result(struct strbuf *sb, bool ok, size_t n, const char *name,
		 const char *skip)
{
	strbuf_addf(sb, "%sok %zu ", ok ? "" : "not ", n);
	esc_text(sb, name);
	if (skip) {
		strbuf_addstr(sb, " # SKIP ");
		esc_text(sb, skip);
	}
	strbuf_addch(sb, '\n');
}
