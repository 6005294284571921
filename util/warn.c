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

/* Names come from files: control characters are shown, not sent. */
static void add_name(struct strbuf *sb, const char *name)
{
	for (; *name; name++) {
		unsigned char c = *name;

		if (c < 0x20 || c == 0x7f)
			strbuf_addf(sb, "\\x%02x", c);
		else
			strbuf_addch(sb, c);
	}
}

static void emit(const struct loc *loc, const char *kind, const char *fmt,
		 va_list ap)
{
	struct strbuf line = STRBUF_INIT;

	strbuf_addf(&line, "%s: ", prog_name);
	if (loc && loc->file) {
		add_name(&line, loc->file);
		if (loc->member) {
			strbuf_addch(&line, '(');
			add_name(&line, loc->member);
			strbuf_addch(&line, ')');
		}
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
