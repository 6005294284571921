// SPDX-License-Identifier: GPL-2.0-only
/*
 * All messages go through here so that they share one shape and so that a
 * worker thread can hold its messages back until the main thread prints
 * them in link order.
 */
#include <stdio.h>

#include <util/escape.h>
#include <util/json_writer.h>
#include <util/strbuf.h>
#include <util/warn.h>

const char *prog_name = "initcall-order";

static __thread struct strbuf *capture;
static bool as_json;

void diag_json(bool on)
{
	as_json = on;
}

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
/*
 * {"level": "error", "file": ..., "member": ..., "message": ...} on one
 * line: file and member are null when the message is about none.
 */
static void json_line(struct strbuf *line, const struct loc *loc,
		      const char *level, const char *fmt, va_list ap)
{
	struct strbuf msg = STRBUF_INIT;
	struct json_writer w;

	strbuf_vaddf(&msg, fmt, ap);
	jsonw_init(&w, line);
	jsonw_object_start(&w, false);
	jsonw_string_field(&w, "level", level);
	jsonw_name(&w, "file");
	jsonw_string_or_null(&w, loc ? loc->file : NULL);
	jsonw_name(&w, "member");
	jsonw_string_or_null(&w, loc ? loc->member : NULL);
	jsonw_string_field(&w, "message", msg.buf);
	jsonw_object_end(&w);
	jsonw_finish(&w);
	strbuf_release(&msg);
}

static void text_line(struct strbuf *line, const struct loc *loc,
		      const char *kind, const char *fmt, va_list ap)
{
	struct strbuf raw = STRBUF_INIT;

	strbuf_addf(&raw, "%s: ", prog_name);
	if (loc && loc->file) {
		strbuf_addstr(&raw, loc->file);
		if (loc->member)
			strbuf_addf(&raw, "(%s)", loc->member);
		strbuf_addstr(&raw, ": ");
	}
	if (kind)
		strbuf_addf(&raw, "%s: ", kind);
	strbuf_vaddf(&raw, fmt, ap);
	esc_text_len(line, raw.buf, raw.len);
	strbuf_addch(line, '\n');
	strbuf_release(&raw);
}

/* @kind: "error", "warning", or NULL for a plain note. */
static void emit(const struct loc *loc, const char *kind, const char *fmt,
		 va_list ap)
{
	struct strbuf line = STRBUF_INIT;

	if (as_json)
		json_line(&line, loc, kind ? kind : "note", fmt, ap);
	else
		text_line(&line, loc, kind, fmt, ap);
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
	emit(NULL, "error", fmt, ap);
	va_end(ap);
}

void pr_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(NULL, "warning", fmt, ap);
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
	emit(loc, "error", fmt, ap);
	va_end(ap);
}

void loc_warn(const struct loc *loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(loc, "warning", fmt, ap);
	va_end(ap);
}
