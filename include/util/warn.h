/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Messages: every line has the shape
 *   initcall-order: <file>[(<member>)]: <message>
 * Workers scanning in parallel capture their messages per unit so that the
 * main thread can print them in link order, whatever the scheduling.
 */
#ifndef UTIL_WARN_H
#define UTIL_WARN_H

#include <stdarg.h>
#include <stdbool.h>
#include <util/compiler.h>

struct strbuf;

/* Where a message is about: a file and, inside an archive, a member. */
struct loc {
	const char *file;
	const char *member;
};

extern const char *prog_name;

void pr_err(const char *fmt, ...) __printf(1, 2);
void pr_warn(const char *fmt, ...) __printf(1, 2);
void pr_info(const char *fmt, ...) __printf(1, 2);
void loc_err(const struct loc *loc, const char *fmt, ...) __printf(2, 3);
void loc_warn(const struct loc *loc, const char *fmt, ...) __printf(2, 3);

/*
 * Send this thread's messages to @buf instead of stderr until
 * diag_capture(NULL).
 */
void diag_capture(struct strbuf *buf);

/*
 * With @on (--format=json), every message is one line of JSON instead:
 * {"level": "error"|"warning"|"note", "file": F|null, "member": M|null,
 *  "message": "..."}, still on stderr, so that stdout stays one document.
 */
void diag_json(bool on);

#endif /* UTIL_WARN_H */
