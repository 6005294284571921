// SPDX-License-Identifier: GPL-2.0-only
/*
 * initcall-order dump: the ordering table of link inputs, for people (text)
 * or tools (tsv, json).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <initcall/dumpread.h>
#include <initcall/image.h>
#include <initcall/table.h>
#include <symtab/elf_image.h>
#include <util/output.h>
#include <util/strbuf.h>
#include <util/xalloc.h>
#include "cmd.h"


static const struct out_col dump_cols[] = {
	{ "level", false },
	{ "position", true },
	{ "input", false },
	{ "module", false },
	{ "counter", true },
	{ "line", true },
	{ "function", false },
	{ "type", false },
};

static void dump_usage(FILE *f)
{
	fprintf(f,
		"Usage: initcall-order dump [--format=text|tsv|json] [-o FILE] [-j N] INPUT...\n"
		"       initcall-order dump [--format=text|tsv|json] [-o FILE] VMLINUX\n"
		"\n"
		"Print the ordering table: every initcall of the link inputs, levels\n"
		"in the order the kernel runs them, link order within a level.\n"
		"Columns: level, position (from 1 in its level), input\n"
		"(archive:member), module, counter, line, function, type (nm letter).\n"
		"Given one linked image (vmlinux), print the initcall tables it holds:\n"
		"level, position, entry_address, target_address, target_symbol, id.\n"
		"\n"
		"  -f, --format FMT   text (default), tsv or json; see initcall-order(1)\n"
		"  -o, --output FILE  write FILE atomically\n"
		"  -j, --jobs N       scan with N threads (default: jobserver, else CPUs)\n"
		"  -h, --help         show this help\n");
}

/* An initcall without an id has no module, counter or line: "-". */
static const char *or_none(const char *s)
{
	return s ? s : "-";
}

static void dump_table(const struct initcall_table *t, struct out_table *out)
{
	size_t *idx = table_run_order(t);
	struct strbuf input = STRBUF_INIT;
	unsigned long position = 0;
	const char *prev = NULL;
	size_t i;

	for (i = 0; i < t->nr; i++) {
		const struct initcall *ic = &t->calls[idx[i]];
		char pos[32], type[2] = { ic->type, '\0' };

		if (!prev || strcmp(prev, ic->level))
			position = 0;
		prev = ic->level;
		snprintf(pos, sizeof(pos), "%lu", ++position);
		strbuf_reset(&input);
		table_unit_name(t, ic, &input);
		out_table_row(out, (const char *const[]){
			ic->level, pos, input.buf, or_none(ic->module),
			or_none(ic->counter), or_none(ic->line), ic->function,
			type,
		});
	}
	strbuf_release(&input);
	free(idx);
}

void dump_render(const struct initcall_table *t, enum out_format fmt,
		 struct strbuf *sb)
{
	struct out_table table;

	out_table_init(&table, fmt, DUMP_OBJECTS_FORMAT, DUMP_OBJECTS_VERSION,
		   "initcalls", dump_cols, ARRAY_SIZE(dump_cols));
	dump_table(t, &table);
	out_table_render(&table, sb);
}

int cmd_dump(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum out_format fmt = OUT_TEXT;
	struct input_job job = { 0 };
	struct strbuf out = STRBUF_INIT;
	const char *output = NULL;
	struct out_table table;
	int c, ret;

	while ((c = getopt_long(argc, argv, "f:o:j:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (out_format_parse(optarg, 1 << OUT_TEXT |
					     1 << OUT_TSV | 1 << OUT_JSON,
					     &fmt)) {
				fprintf(stderr, "initcall-order: error: unknown format '%s'\n",
					optarg);
				return EXIT_USAGE;
			}
			break;
		case 'o':
			output = optarg;
			break;
		case 'j':
			if (parse_jobs(optarg, &job.opts.jobs))
				return EXIT_USAGE;
			break;
		case 'h':
			dump_usage(stdout);
			return 0;
		default:
			dump_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind == argc) {
		dump_usage(stderr);
		return EXIT_USAGE;
	}
	if (argc - optind == 1 && image_file_is_linked(argv[optind])) {
		ret = dump_image(argv[optind], fmt, &out);
		/* Findings about entries still come with the table. */
		if (ret != EXIT_USAGE && emit_output(output, &out))
			ret = EXIT_USAGE;
		strbuf_release(&out);
		return ret;
	}

	ret = input_job_run(&job, argv + optind, argc - optind);
	if (!ret) {
		out_table_init(&table, fmt, DUMP_OBJECTS_FORMAT, DUMP_OBJECTS_VERSION,
			   "initcalls", dump_cols, ARRAY_SIZE(dump_cols));
		dump_table(&job.table, &table);
		out_table_render(&table, &out);
		ret = emit_output(output, &out);
	}
	strbuf_release(&out);
	input_job_free(&job);
	return ret;
}
