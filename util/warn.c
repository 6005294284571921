// SPDX-License-Identifier: GPL-2.0-only
/*
 * All messages go through here so that they share one shape and so that a
 * worker thread can hold its messages back until the main thread prints
 * them in link order.
 */
#include <stdio.h>

#include <util/escape.h>
#include <util/strbuf.h>
#include <util/warn.h>

const char *prog_name = "initcall-order";

static __thread struct strbuf *capture;

void diag_capture(struct strbuf *buf)
{
	capture = buf;
}

/*
 * Names come from files, and messages quote them: the whole line goes
 * through the text rule of util/escape.h, so that no name can send a
 * control byte to the terminal or make a line of its own.  The fixed
 * words of messages are printable ASCII and come out as they are.
 */
static void emit(const struct loc *loc, const char *kind, const char *fmt,
		 va_list ap)
{
	struct strbuf raw = STRBUF_INIT, line = STRBUF_INIT;

	strbuf_addf(&raw, "%s: ", prog_name);
	if (loc && loc->file) {
		strbuf_addstr(&raw, loc->file);
		if (loc->member)
			strbuf_addf(&raw, "(%s)", loc->member);
		strbuf_addstr(&raw, ": ");
	}
	if (kind)
		strbuf_addstr(&raw, kind);
	strbuf_vaddf(&raw, fmt, ap);
	esc_text_len(&line, raw.buf, raw.len);
	strbuf_addch(&line, '\n');

	if (capture)
		strbuf_add(capture, line.buf, line.len);
	else
		fputs(line.buf, stderr);
	strbuf_release(&raw);
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
