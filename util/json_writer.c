// SPDX-License-Identifier: GPL-2.0-only
/* The JSON writer (include/util/json_writer.h). */
#include <string.h>

#include <util/escape.h>
#include <util/json_writer.h>
#include <util/strbuf.h>

void jsonw_init(struct json_writer *w, struct strbuf *sb)
{
	memset(w, 0, sizeof(*w));
	w->sb = sb;
}

void jsonw_finish(struct json_writer *w)
{
	strbuf_addch(w->sb, '\n');
}

static void indent(struct json_writer *w, unsigned int depth)
{
	strbuf_addch(w->sb, '\n');
	while (depth--)
		strbuf_addstr(w->sb, "  ");
}

/* What goes before a value or a name: nothing, ", ", or a new line. */
static void separate(struct json_writer *w)
{
	unsigned int d = w->depth;

	if (w->after_name) {
		w->after_name = false;
		return;
	}
	if (!d)
		return;
	if (!w->empty[d - 1])
		strbuf_addch(w->sb, ',');
	if (w->lines[d - 1])
		indent(w, d);
	else if (!w->empty[d - 1])
		strbuf_addch(w->sb, ' ');
	w->empty[d - 1] = false;
}

static void open_container(struct json_writer *w, char c, bool lines)
{
	separate(w);
	strbuf_addch(w->sb, c);
	if (w->depth < JSON_MAX_DEPTH) {
		w->empty[w->depth] = true;
		w->lines[w->depth] = lines;
	}
	w->depth++;
}

static void close_container(struct json_writer *w, char c)
{
	unsigned int d = --w->depth;

	if (d < JSON_MAX_DEPTH && w->lines[d] && !w->empty[d])
		indent(w, d);
	strbuf_addch(w->sb, c);
}

void jsonw_object_start(struct json_writer *w, bool lines)
{
	open_container(w, '{', lines);
}

void jsonw_object_end(struct json_writer *w)
{
	close_container(w, '}');
}

void jsonw_array_start(struct json_writer *w, bool lines)
{
	open_container(w, '[', lines);
}

void jsonw_array_end(struct json_writer *w)
{
	close_container(w, ']');
}

void jsonw_name(struct json_writer *w, const char *name)
{
	separate(w);
	esc_json(w->sb, name);
	strbuf_addstr(w->sb, ": ");
	w->after_name = true;
}

void jsonw_string(struct json_writer *w, const char *s)
{
	separate(w);
	esc_json(w->sb, s);
}

void jsonw_string_or_null(struct json_writer *w, const char *s)
{
	if (s)
		jsonw_string(w, s);
	else
		jsonw_null(w);
}

void jsonw_uint(struct json_writer *w, unsigned long long v)
{
	separate(w);
	strbuf_addf(w->sb, "%llu", v);
}

void jsonw_bool(struct json_writer *w, bool v)
{
	separate(w);
	strbuf_addstr(w->sb, v ? "true" : "false");
}

void jsonw_null(struct json_writer *w)
{
	separate(w);
	strbuf_addstr(w->sb, "null");
}

void jsonw_number_text(struct json_writer *w, const char *digits)
{
	separate(w);
	strbuf_addstr(w->sb, digits);
}

void jsonw_string_field(struct json_writer *w, const char *name,
		       const char *s)
{
	jsonw_name(w, name);
	jsonw_string(w, s);
}

void jsonw_uint_field(struct json_writer *w, const char *name,
		     unsigned long long v)
{
	jsonw_name(w, name);
	jsonw_uint(w, v);
}

void jsonw_bool_field(struct json_writer *w, const char *name, bool v)
{
	jsonw_name(w, name);
	jsonw_bool(w, v);
}
