/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The dumps `initcall-order dump` writes, of link inputs
 * ("initcall-order-dump") or of a linked image ("initcall-order-image"),
 * and reading them back as an order that diff and check compare: one
 * schema, one file (initcall/dump.c).
 *
 * Readers refuse what they cannot trust: an unknown format name, a version
 * newer than this reader, a truncated file, a row with the wrong number of
 * fields.  Only the syntax that util/output.c writes is accepted, plus what
 * JSON allows around it (any white space, escapes, key order).
 */
#ifndef INITCALL_DUMP_H
#define INITCALL_DUMP_H

#include <stddef.h>

#include <util/output.h>

struct image_initcalls;
struct initcall_table;
struct order;
struct strbuf;

#define DUMP_OBJECTS_FORMAT	"initcall-order-dump"
#define DUMP_IMAGE_FORMAT	"initcall-order-image"
/*
 * The versions written, and the newest this reader understands.  Dumps of
 * objects are version 2 since they list initcalls without an id (module,
 * counter and line "-"); version 1 files read the same.  Since objects
 * version 3 and image version 2, tsv fields are escaped (util/escape.h);
 * earlier ones are read as they were written.
 */
#define DUMP_OBJECTS_VERSION	3
#define DUMP_IMAGE_VERSION	2
#define DUMP_OBJECTS_ESCAPED	3
#define DUMP_IMAGE_ESCAPED	2

/* The table of @t in run order, in @fmt (text, tsv, json or c). */
void dump_render(const struct initcall_table *t, enum out_format fmt,
		 struct strbuf *sb);
/* The initcall tables of an image, entry by entry, in @fmt. */
void dump_image_render(const struct image_initcalls *ic, enum out_format fmt,
		       struct strbuf *sb);

enum dump_syntax {
	DUMP_NONE,		/* not a dump */
	DUMP_TSV,		/* "# initcall-order-..." first line */
	DUMP_JSON,		/* an object, '{' first */
};

/* What @data looks like, from its first bytes only. */
enum dump_syntax dump_sniff(const void *data, size_t len);

/*
 * Parses the dump held in @data and appends its rows to @o in file order.
 * @path names the file in messages.  Returns 0, or -1 after printing an
 * error that names the file, the line and what is wrong; @o may then hold
 * some rows and must still be freed.
 */
int dump_parse(const char *path, const void *data, size_t len,
	       struct order *o);

#endif /* INITCALL_DUMP_H */
