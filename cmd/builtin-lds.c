// SPDX-License-Identifier: GPL-2.0-only
/*
 * initcall-order lds: the linker script fragment, a drop-in for the
 * kernel's scripts/generate_initcall_order.pl.
 */
#include <getopt.h>
#include <stdio.h>

#include <initcall/lds.h>
#include <util/strbuf.h>
#include "cmd.h"

static void lds_usage(FILE *f)
{
	fprintf(f,
		"Usage: initcall-order lds [-o FILE] [-j N] [--allow-duplicates] [--place-idless] INPUT...\n"
		"\n"
		"Print the linker script fragment that keeps initcalls in link order\n"
		"under LTO, byte-identical to scripts/generate_initcall_order.pl.\n"
		"INPUTs are objects and archives in link order, opened as\n"
		"$objtree/INPUT when objtree is set.\n"
		"\n"
		"  -o, --output FILE      write FILE atomically; unchanged content\n"
		"                         leaves it (and its mtime) alone\n"
		"  -j, --jobs N           scan with N threads (default: make's jobserver\n"
		"                         slots, else the CPUs online)\n"
		"      --allow-duplicates the same id in two objects is a warning\n"
		"      --place-idless     keep initcalls without an id (assembly, Rust)\n"
		"                         in link order too, with a rule naming their\n"
		"                         object (the output then differs from the\n"
		"                         script's)\n"
		"  -h, --help             show this help\n");
}

int cmd_lds(int argc, char **argv)
{
	int allow_duplicates = 0, place_idless = 0;
	const struct option opts[] = {
		COMMON_OPT_OUTPUT,
		COMMON_OPT_JOBS,
		{ "allow-duplicates", no_argument, &allow_duplicates, 1 },
		{ "place-idless", no_argument, &place_idless, 1 },
		COMMON_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	struct common_opts co = {
		.command = "lds",
		.shortopts = "o:j:h",
		.longopts = opts,
		.usage = lds_usage,
	};
	struct input_job job = { 0 };
	struct lds_opts lds = { 0 };
	struct strbuf out = STRBUF_INIT;
	int ret = parse_options(argc, argv, &co);

	if (ret)
		return ret == OPTIONS_HELP ? 0 : ret;
	if (optind == argc) {
		lds_usage(stderr);
		return EXIT_USAGE;
	}

	job.opts.allow_duplicates = allow_duplicates;
	lds.place_idless = place_idless;
	job.opts.jobs = co.jobs;
	ret = input_job_run(&job, argv + optind, argc - optind);
	if (!ret)
		ret = lds_render(&job.table, &lds, &out) ? EXIT_USAGE : 0;
	if (!ret)
		ret = emit_output(co.output, &out);
	strbuf_release(&out);
	input_job_free(&job);
	return ret;
}
