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
#include <initcall/dump.h>
#include <initcall/image.h>
#include <initcall/name.h>
#include <initcall/order.h>
#include <symtab/elf_image.h>
#include <symtab/symtab.h>
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

/* What a side was read from. */
enum side_kind { SIDE_IMAGE, SIDE_DUMP, SIDE_LOG };

/*
 * Reads one side, whatever it is (told from its first bytes), into @o;
 * boot logs are matched to @ic when given.  -1 (reported) when bad, 1
 * when an image's entry names another initcall than it calls (reported).
 */
static int load_side(const char *path, const struct image_initcalls *ic,
		     struct order *o, enum side_kind *kind)
{
	const struct loc loc = { path, NULL };
	struct mapped_file m;
	struct blob head;
	int ret;

	if (map_file_or_err(path, &m))
		return -1;
	head.data = m.addr;
	head.size = m.size;
	if (file_kind_of(&head) == FILE_ELF_EXEC) {
		*kind = SIDE_IMAGE;
		ret = image_order_load(path, o);
	} else if (dump_sniff(m.addr, m.size) != DUMP_NONE) {
		*kind = SIDE_DUMP;
		ret = dump_parse(path, m.addr, m.size, o);
	} else if (!bootlog_is_text(m.addr, m.size)) {
		loc_err(&loc, "not a dump, an image or a boot log: binary data (a NUL byte) at the start");
		ret = -1;
	} else {
		*kind = SIDE_LOG;
		ret = bootlog_order_load(path, ic, o);
	}
	unmap_file(&m);
	return ret;
}

/* The image of --image, open while boot logs are matched to its tables. */
struct log_image {
	struct image_tables t;
	bool open;
};

static int open_log_image(const char *path, struct log_image *li)
{
	memset(li, 0, sizeof(*li));
	if (!path)
		return 0;
	if (image_tables_open(&li->t, path))
		return -1;
	li->open = true;
	return li->t.ic.nr_mismatched ? 1 : 0;
}

static void close_log_image(struct log_image *li)
{
	if (li->open)
		image_tables_close(&li->t);
}

/*
 * A boot log without console lines says nothing about console initcalls
 * (check --boot-log skips their level alike): they leave the other side.
 */
static void skip_unlogged(struct order *old, enum side_kind ko,
			  struct order *new, enum side_kind kn,
			  struct diff_labels *lb)
{
	size_t n = 0;

	if (ko == SIDE_LOG)
		n += bootlog_drop_console(old, new);
	if (kn == SIDE_LOG)
		n += bootlog_drop_console(new, old);
	if (n) {
		lb->skipped_level = "con";
		lb->skip_reason = BOOTLOG_CONSOLE_NOTE;
	}
}

static int diff_run(const char *old_path, const char *new_path,
		    const char *image, enum out_format fmt, const char *output)
{
	struct order old = { 0 }, new = { 0 };
	struct diff_labels lb = { old_path, new_path, NULL, NULL };
	struct strbuf out = STRBUF_INIT;
	int ret = EXIT_USAGE, a, b = -1, c = -1;
	enum side_kind ko, kn;
	struct log_image li;
	struct order_diff d;

	a = open_log_image(image, &li);
	if (a >= 0)
		b = load_side(old_path, li.open ? &li.t.ic : NULL, &old, &ko);
	if (b >= 0)
		c = load_side(new_path, li.open ? &li.t.ic : NULL, &new, &kn);
	if (c < 0)
		goto out;
	skip_unlogged(&old, ko, &new, kn, &lb);
	order_diff(&old, &new, &d);
	diff_render(&d, &lb, fmt, &out);
	ret = emit_output(output, &out);
	if (!ret && (!order_diff_same(&d) || a || b || c))
		ret = EXIT_FINDINGS;
	order_diff_free(&d);
out:
	close_log_image(&li);
	strbuf_release(&out);
	order_free(&old);
	order_free(&new);
	return ret;
}

/* --image, the one option of diff's own. */
static void take_image(int c, const char *arg, void *data)
{
	*(const char **)data = arg;
}

int cmd_diff(int argc, char **argv)
{
	static const struct option opts[] = {
		COMMON_OPT_FORMAT,
		{ "image", required_argument, NULL, 'i' },
		COMMON_OPT_OUTPUT,
		COMMON_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	const char *image = NULL;
	struct common_opts co = {
		.command = "diff",
		.shortopts = "f:i:o:h",
		.longopts = opts,
		.formats = 1 << OUT_TEXT | 1 << OUT_JSON | 1 << OUT_KTAP,
		.usage = diff_usage,
		.own = take_image,
		.data = &image,
	};
	int ret = parse_options(argc, argv, &co);

	if (ret)
		return ret == OPTIONS_HELP ? 0 : ret;
	if (argc - optind != 2) {
		diff_usage(stderr);
		return EXIT_USAGE;
	}
	return diff_run(argv[optind], argv[optind + 1], image, co.fmt,
			co.output);
}
