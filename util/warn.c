// SPDX-License-Identifier: GPL-2.0-only
/*
 * All messages go through here so that they share one shape and so that a
 * worker thread can hold its messages back until the main thread prints
 * them in link order.
 */
#include <stdio.h>

#include <util/strbuf.h>
#include <util/warn.h>

const char *prog_name = "initcall-order";

static __thread struct strbuf *capture;

void diag_capture(struct strbuf *buf)
{
	capture = buf;
}

static void emit(const struct loc *loc, const char *kind, const char *fmt,
		 va_list ap)
{
	struct strbuf line = STRBUF_INIT;

	strbuf_addf(&line, "%s: ", prog_name);
	if (loc && loc->file) {
		strbuf_addstr(&line, loc->file);
		if (loc->member)
			strbuf_addf(&line, "(%s)", loc->member);
		strbuf_addstr(&line, ": ");
	}
	if (kind)
		strbuf_addstr(&line, kind);
	strbuf_vaddf(&line, fmt, ap);
	strbuf_addch(&line, '\n');

	if (capture)
		strbuf_add(capture, line.buf, line.len);
	else
		fputs(line.buf, stderr);
	strbuf_release(&line);
}

void pr_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(NULL, "error: ", fmt, ap);
	va_end(ap);
}

void pr_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(NULL, "warning: ", fmt, ap);
	va_end(ap);
}

void pr_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(NULL, NULL, fmt, ap);
	va_end(ap);
}

void loc_err(const struct loc *loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(loc, "error: ", fmt, ap);
	va_end(ap);
}

void loc_warn(const struct loc *loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(loc, "warning: ", fmt, ap);
	va_end(ap);
}
