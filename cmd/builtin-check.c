// SPDX-License-Identifier: GPL-2.0-only
/*
 * initcall-order check: is the initcall order of a linked image the one
 * its link inputs ask for, and did a booted kernel run its image's order?
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <initcall/bootlog.h>
#include <initcall/check.h>
#include <initcall/diff.h>
#include <initcall/image.h>
#include <initcall/order.h>
#include <symtab/elf_image.h>
#include <util/file.h>
#include <util/strbuf.h>
#include <util/warn.h>
#include "cmd.h"

struct check_opts {
	const char *image;	/* --image */
	const char *boot_log;	/* --boot-log */
	const char *golden;	/* --golden */
	bool update_golden;	/* --update-golden */
	struct common_opts co;	/* -f, -o, -j, -h */
	char **inputs;		/* link inputs, in link order */
	int nr_inputs;
};

static void check_usage(FILE *f)
{
	fprintf(f,
		"Usage: initcall-order check --image VMLINUX [OPTIONS] INPUT...\n"
		"       initcall-order check --boot-log LOG --image VMLINUX [OPTIONS]\n"
		"       initcall-order check --golden FILE [--update-golden] ...\n"
		"\n"
		"Compare the initcall order of a linked image with the ordering table\n"
		"of its link inputs (the INPUTs lds takes), or the order a kernel\n"
		"booted with initcall_debug printed with its image's tables, level\n"
		"by level: missing, extra and moved initcalls with their expected\n"
		"and actual positions.  Exit 0 when equal, 1 when not, 2 on bad input.\n"
		"\n"
		"  -i, --image FILE     the linked image (vmlinux)\n"
		"  -b, --boot-log FILE  the console log of a boot with initcall_debug\n"
		"  -g, --golden FILE    compare with a saved order instead\n"
		"  -u, --update-golden  write the current order to the --golden FILE\n"
		"  -f, --format FMT     text (default), ktap or json\n"
		"  -o, --output FILE    write the report to FILE atomically\n"
		"  -j, --jobs N         scan inputs with N threads\n"
		"  -h, --help           show this help\n");
}

/* check's own options: what to compare. */
static void check_option(int c, const char *arg, void *data)
{
	struct check_opts *o = data;

	if (c == 'i')
		o->image = arg;
	else if (c == 'b')
		o->boot_log = arg;
	else if (c == 'g')
		o->golden = arg;
	else if (c == 'u')
		o->update_golden = true;
}

static int check_args(int argc, char **argv, struct check_opts *o)
{
	static const struct option opts[] = {
		{ "image", required_argument, NULL, 'i' },
		{ "boot-log", required_argument, NULL, 'b' },
		{ "golden", required_argument, NULL, 'g' },
		{ "update-golden", no_argument, NULL, 'u' },
		COMMON_OPT_FORMAT,
		COMMON_OPT_OUTPUT,
		COMMON_OPT_JOBS,
		COMMON_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	int ret;

	o->co.command = "check";
	o->co.shortopts = "i:b:g:uf:o:j:h";
	o->co.longopts = opts;
	o->co.formats = 1 << OUT_TEXT | 1 << OUT_KTAP | 1 << OUT_JSON;
	o->co.usage = check_usage;
	o->co.own = check_option;
	o->co.data = o;
	ret = parse_options(argc, argv, &o->co);
	if (ret)
		return ret;
	o->inputs = argv + optind;
	o->nr_inputs = argc - optind;
	return 0;
}

/* The ordering table of the link inputs, as lds computes it. */
static int inputs_order(const struct check_opts *o, struct order *order)
{
	struct input_job job = { 0 };
	int ret;

	job.opts.jobs = o->co.jobs;
	/* A duplicate id misplaces an entry; the comparison shows where. */
	job.opts.allow_duplicates = true;
	ret = input_job_run(&job, o->inputs, o->nr_inputs);
	if (ret != EXIT_USAGE) {
		order_from_table(order, &job.table);
		ret = 0;
	}
	input_job_free(&job);
	return ret;
}

static int report(const struct check_opts *o, const struct order *expected,
		  const struct order *actual, const struct check_report *r)
{
	struct strbuf out = STRBUF_INIT;
	struct order_diff d;
	int ret;

	order_diff(expected, actual, &d);
	if (o->co.fmt == OUT_JSON) {
		const struct diff_labels lb = {
			.old = r->expected,
			.new = r->actual,
		};

		diff_render(&d, &lb, OUT_JSON, &out);
		ret = order_diff_same(&d) ? 0 : EXIT_FINDINGS;
	} else {
		ret = check_render(&d, r, o->co.fmt, &out);
	}
	if (emit_output(o->co.output, &out))
		ret = EXIT_USAGE;
	order_diff_free(&d);
	strbuf_release(&out);
	return ret;
}

static int check_image(const struct check_opts *o)
{
	struct order expected = { 0 }, actual = { 0 };
	struct check_report r = {
		.expected = "link inputs",
		.actual = o->image,
	};
	int ret, mismatched = 0;

	ret = inputs_order(o, &expected);
	if (!ret) {
		mismatched = image_order_load(o->image, &actual);
		ret = mismatched < 0 ? EXIT_USAGE : 0;
	}
	if (!ret)
		ret = report(o, &expected, &actual, &r);
	if (!ret && mismatched > 0)
		ret = EXIT_FINDINGS;
	order_free(&expected);
	order_free(&actual);
	return ret;
}

static const struct check_skip con_skip = { "con", BOOTLOG_CONSOLE_NOTE };

static int check_boot_log(const struct check_opts *o)
{
	struct order expected = { 0 }, actual = { 0 };
	struct check_report r = {
		.expected = o->image,
		.actual = o->boot_log,
	};
	struct image_tables t;
	int ret = EXIT_USAGE;

	if (image_tables_open(&t, o->image))
		return EXIT_USAGE;
	if (!bootlog_order_load(o->boot_log, &t.ic, &actual)) {
		order_from_image(&expected, &t.ic);
		if (bootlog_drop_console(&actual, &expected)) {
			r.skips = &con_skip;
			r.nr_skips = 1;
		}
		ret = report(o, &expected, &actual, &r);
		if (!ret && t.ic.nr_mismatched)
			ret = EXIT_FINDINGS;
	}
	order_free(&expected);
	order_free(&actual);
	image_tables_close(&t);
	return ret;
}

/* The table of the link inputs against the golden file (cmd/builtin-golden.c). */
static int run_golden(const struct check_opts *o)
{
	struct input_job job = { 0 };
	int ret;

	if (!o->golden || o->image || o->boot_log || !o->nr_inputs) {
		pr_err("--golden FILE compares the link inputs' table: give INPUTs, no --image or --boot-log");
		return EXIT_USAGE;
	}
	job.opts.jobs = o->co.jobs;
	ret = input_job_run(&job, o->inputs, o->nr_inputs);
	if (ret != EXIT_USAGE)
		ret = check_golden(&job.table, o->golden, o->update_golden,
				   o->co.fmt, o->co.output);
	input_job_free(&job);
	return ret;
}

int cmd_check(int argc, char **argv)
{
	struct check_opts o = { 0 };
	int ret = check_args(argc, argv, &o);

	if (ret)
		return ret == OPTIONS_HELP ? 0 : ret;
	if (o.golden || o.update_golden)
		return run_golden(&o);
	if (!o.image) {
		pr_err("check needs --image (or --golden); see 'initcall-order check --help'");
		return EXIT_USAGE;
	}
	if (o.boot_log) {
		if (o.nr_inputs) {
			pr_err("--boot-log compares with the image's tables: no link inputs wanted");
			return EXIT_USAGE;
		}
		return check_boot_log(&o);
	}
	if (!o.nr_inputs) {
		pr_err("no link inputs to compare %s with", o.image);
		return EXIT_USAGE;
	}
	return check_image(&o);
}
