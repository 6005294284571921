// SPDX-License-Identifier: GPL-2.0-only
/*
 * initcall-order dump: the ordering table of link inputs, for people (text)
 * or tools (tsv, json, or a C array to compile into another program).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <initcall/dump.h>
#include <initcall/image.h>
#include <initcall/table.h>
#include <symtab/elf_image.h>
#include <util/output.h>
#include <util/strbuf.h>
#include <util/xalloc.h>
#include "cmd.h"


static void dump_usage(FILE *f)
{
	fprintf(f,
		"Usage: initcall-order dump [--format=text|tsv|json|c] [-o FILE] [-j N] INPUT...\n"
		"       initcall-order dump [--format=text|tsv|json|c] [-o FILE] VMLINUX\n"
		"\n"
		"Print the ordering table: every initcall of the link inputs, levels\n"
		"in the order the kernel runs them, link order within a level.\n"
		"Columns: level, position (from 1 in its level), input\n"
		"(archive:member), module, counter, line, function, type (nm letter).\n"
		"Given one linked image (vmlinux), print the initcall tables it holds:\n"
		"level, position, entry_address, target_address, target_symbol, id.\n"
		"\n"
		"  -f, --format FMT   text (default), tsv, json or c (a C array of level\n"
		"                     and function in run order); see initcall-order(1)\n"
		"  -o, --output FILE  write FILE atomically\n"
		"  -j, --jobs N       scan with N threads (default: jobserver, else CPUs)\n"
		"  -h, --help         show this help\n");
}

/*
 * The initcall tables of a linked image; entries whose symbol names
 * another initcall than they call are reported, and make the exit status
 * EXIT_FINDINGS, but the table still comes.
 */
static int dump_linked(const char *path, enum out_format fmt,
		       struct strbuf *out)
{
	struct image_tables t;
	int ret;

	if (image_tables_open(&t, path))
		return EXIT_USAGE;
	dump_image_render(&t.ic, fmt, out);
	ret = t.ic.nr_mismatched ? EXIT_FINDINGS : 0;
	image_tables_close(&t);
	return ret;
}

int cmd_dump(int argc, char **argv)
{
	static const struct option opts[] = {
		COMMON_OPT_FORMAT,
		COMMON_OPT_OUTPUT,
		COMMON_OPT_JOBS,
		COMMON_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	struct common_opts co = {
		.command = "dump",
		.shortopts = "f:o:j:h",
		.longopts = opts,
		.formats = 1 << OUT_TEXT | 1 << OUT_TSV | 1 << OUT_JSON |
			   1 << OUT_C,
		.usage = dump_usage,
	};
	struct input_job job = { 0 };
	struct strbuf out = STRBUF_INIT;
	int ret = parse_options(argc, argv, &co);

	if (ret)
		return ret == OPTIONS_HELP ? 0 : ret;
	if (optind == argc) {
		dump_usage(stderr);
		return EXIT_USAGE;
	}
	if (argc - optind == 1 && image_file_is_linked(argv[optind])) {
		ret = dump_linked(argv[optind], co.fmt, &out);
		/* Findings about entries still come with the table. */
		if (ret != EXIT_USAGE && emit_output(co.output, &out))
			ret = EXIT_USAGE;
		strbuf_release(&out);
		return ret;
	}

	job.opts.jobs = co.jobs;
	ret = input_job_run(&job, argv + optind, argc - optind);
	if (!ret) {
		dump_render(&job.table, co.fmt, &out);
		ret = emit_output(co.output, &out);
	}
	strbuf_release(&out);
	input_job_free(&job);
	return ret;
}
