// SPDX-License-Identifier: GPL-2.0-only
/*
 * initcall-order diff: compare the initcall orders of two builds.  Each
 * side is a saved dump (tsv or json), a linked image or a boot log; what
 * it is, is told from its first bytes.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <initcall/bootlog.h>
#include <initcall/diff.h>
#include <initcall/dumpread.h>
#include <initcall/image.h>
#include <initcall/name.h>
#include <initcall/order.h>
#include <util/file.h>
#include <util/output.h>
#include <util/strbuf.h>
#include <util/warn.h>
#include <util/xalloc.h>
#include "cmd.h"

static void diff_usage(FILE *f)
{
	fprintf(f,
		"Usage: initcall-order diff [--format=text|json|ktap] [--image VMLINUX] [-o FILE] OLD NEW\n"
		"\n"
		"Compare two initcall orders.  OLD and NEW are each a dump written by\n"
		"'initcall-order dump' (tsv or json, of objects or of an image), a\n"
		"linked image (vmlinux) or the log of a kernel booted with\n"
		"initcall_debug.  Initcalls are matched by level, module and function;\n"
		"the report lists, level by level, added and removed initcalls, those\n"
		"whose level changed, and the fewest moves that explain the new order.\n"
		"\n"
		"  -f, --format FMT    text (default), json or ktap\n"
		"  -i, --image FILE    resolve raw addresses in a boot log through FILE\n"
		"  -o, --output FILE   write the report to FILE atomically\n"
		"  -h, --help          show this help\n"
		"\n"
		"Exit status: 0 same order, 1 different, 2 bad usage or input.\n");
}

static bool is_elf(const struct mapped_file *m)
{
	return m->size >= 4 && !memcmp(m->addr, "\177ELF", 4);
}

/* An image's entries, for boot log lines naming them. */
static void image_matcher(struct bootlog_matcher *m, const struct order *img)
{
	size_t i;

	bootlog_matcher_init(m, img->nr);
	for (i = 0; i < img->nr; i++)
		bootlog_matcher_add(m, i, img->entries[i].function,
				    img->entries[i].addr);
	bootlog_matcher_ready(m);
}

static int not_in_image(const struct loc *loc, const struct bootlog_call *c)
{
	if (c->symbol)
		loc_err(loc, "line %lu: %s is no initcall of the image",
			c->line, c->symbol);
	else
		loc_err(loc, "line %lu: 0x%llx is no initcall of the image",
			c->line, c->addr);
	return -1;
}

/* One initcall of the log as an entry; -1 (reported) when unplaceable. */
static int log_entry(const char *path, const struct bootlog_call *c,
		     const struct order *img, struct bootlog_matcher *m,
		     struct order *o, struct strbuf *buf)
{
	const struct loc loc = { path, NULL };
	const struct order_entry *hit = NULL;
	struct order_entry e = { 0 };
	char where[32];

	snprintf(where, sizeof(where), "line %lu", c->line);
	/* Under LTO the log names the stub, which holds the whole id. */
	if (c->symbol && order_entry_from_stub(c->symbol, &e, buf)) {
		e.where = where;
		order_add(o, &e);
		free(e.level);
		free(e.module);
		free(e.function);
		return 0;
	}
	if (!img && !c->symbol) {
		loc_err(&loc, "line %lu: raw address 0x%llx: give the image with --image to resolve it",
			c->line, c->addr);
		return -1;
	}
	if (img) {
		size_t idx = bootlog_matcher_take(m, c);

		if (idx == SIZE_MAX)
			return not_in_image(&loc, c);
		hit = &img->entries[idx];
		e = *hit;
	} else {
		/* Without LTO nor image: the function, no level or module. */
		e.level = (char *)DIFF_LEVEL_UNKNOWN;
		e.function = c->symbol;
	}
	e.where = where;
	e.addr = hit ? hit->addr : c->addr;
	order_add(o, &e);
	return 0;
}

/*
 * The run order a boot log shows.  Initcalls of loadable modules
 * ("[module]" after the function) are not in the image and are skipped.
 */
static int bootlog_side(const char *path, const void *data, size_t len,
			const struct order *img, struct order *o)
{
	const struct loc loc = { path, NULL };
	struct strbuf buf = STRBUF_INIT;
	struct bootlog_matcher m = { 0 };
	struct bootlog log;
	size_t i;
	int ret = 0;

	if (!bootlog_is_text(data, len)) {
		loc_err(&loc, "not a dump, an image or a boot log: binary data (a NUL byte) at the start");
		return -1;
	}
	bootlog_parse(&log, path, data, len);
	if (!log.nr) {
		loc_err(&loc, "not a dump, an image or a boot log: no 'calling  <function> @ <pid>' line (boot with initcall_debug)");
		bootlog_free(&log);
		return -1;
	}
	if (img)
		image_matcher(&m, img);
	for (i = 0; i < log.nr && !ret; i++)
		if (!log.calls[i].module)
			ret = log_entry(path, &log.calls[i], img, &m, o,
					&buf);
	if (img)
		bootlog_matcher_free(&m);
	strbuf_release(&buf);
	bootlog_free(&log);
	return ret;
}

/*
 * Reads one side, whatever it is, into @o; -1 (reported) when bad, 1 when
 * an image's entry names another initcall than it calls (reported).
 */
static int load_side(const char *path, const struct order *img,
		     struct order *o)
{
	struct mapped_file m;
	int ret;

	if (map_file_or_err(path, &m))
		return -1;
	if (is_elf(&m))
		ret = image_order_load(path, o);
	else if (dump_sniff(m.addr, m.size) != DUMP_NONE)
		ret = dump_parse(path, m.addr, m.size, o);
	else
		ret = bootlog_side(path, m.addr, m.size, img, o);
	unmap_file(&m);
	return ret;
}

/*
 * The image (if any) and both sides; -1 on bad input, else 1 when an
 * image's entry names another initcall than it calls (reported), else 0.
 */
static int load_all(const char *image, const char *old_path,
		    const char *new_path, struct order *img, struct order *old,
		    struct order *new)
{
	const struct order *known = image ? img : NULL;
	int a = 0, b, c;

	if (image)
		a = image_order_load(image, img);
	if (a < 0)
		return -1;
	b = load_side(old_path, known, old);
	if (b < 0)
		return -1;
	c = load_side(new_path, known, new);
	if (c < 0)
		return -1;
	return a || b || c;
}

static int diff_run(const char *old_path, const char *new_path,
		    const char *image, enum out_format fmt, const char *output)
{
	struct order old = { 0 }, new = { 0 }, img = { 0 };
	struct diff_labels lb = { old_path, new_path };
	struct strbuf out = STRBUF_INIT;
	int ret = EXIT_USAGE, found;
	struct order_diff d;

	found = load_all(image, old_path, new_path, &img, &old, &new);
	if (found < 0)
		goto out;
	order_diff(&old, &new, &d);
	diff_render(&d, &lb, fmt, &out);
	ret = emit_output(output, &out);
	if (!ret && (!order_diff_same(&d) || found))
		ret = EXIT_FINDINGS;
	order_diff_free(&d);
out:
	strbuf_release(&out);
	order_free(&old);
	order_free(&new);
	order_free(&img);
	return ret;
}

int cmd_diff(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "image", required_argument, NULL, 'i' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *image = NULL, *output = NULL;
	enum out_format fmt = OUT_TEXT;
	int c;

	while ((c = getopt_long(argc, argv, "f:i:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (out_format_parse(optarg, 1 << OUT_TEXT |
					     1 << OUT_JSON | 1 << OUT_KTAP,
					     &fmt)) {
				pr_err("unknown format '%s' (text, json or ktap)",
				       optarg);
				return EXIT_USAGE;
			}
			break;
		case 'i':
			image = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'h':
			diff_usage(stdout);
			return 0;
		default:
			diff_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 2) {
		diff_usage(stderr);
		return EXIT_USAGE;
	}
	return diff_run(argv[optind], argv[optind + 1], image, fmt, output);
}
