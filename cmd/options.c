// SPDX-License-Identifier: GPL-2.0-only
/*
 * The options every command shares, parsed in one place so that each
 * command says the same thing about them: -f/--format, -o/--output,
 * -j/--jobs and -h/--help.
 */
#include <stdlib.h>

#include <util/strbuf.h>
#include <util/warn.h>
#include "cmd.h"


int parse_jobs(const char *arg, unsigned int *jobs)
{
	char *end;
	long n = strtol(arg, &end, 10);

	if (*end || n < 1 || n > 1024) {
		pr_err("-j wants a number of jobs from 1 to 1024, not '%s'",
		       arg);
		return -1;
	}
	*jobs = n;
	return 0;
}

static int parse_format(struct common_opts *co, const char *arg)
{
	struct strbuf valid = STRBUF_INIT;

	if (!out_format_parse(arg, co->formats, &co->fmt)) {
		diag_json(co->fmt == OUT_JSON);
		return 0;
	}
	out_format_list(co->formats, &valid);
	pr_err("%s: unknown format '%s' (%s)", co->command, arg, valid.buf);
	strbuf_release(&valid);
	return EXIT_USAGE;
}

/* One option: 0 when taken, else what parse_options() returns. */
static int take_option(struct common_opts *co, int c, const char *arg)
{
	switch (c) {
	case 'f':
		return parse_format(co, arg);
	case 'o':
		co->output = arg;
		return 0;
	case 'j':
		return parse_jobs(arg, &co->jobs) ? EXIT_USAGE : 0;
	case 'h':
		co->usage(stdout);
		return OPTIONS_HELP;
	case '?':
		co->usage(stderr);
		return EXIT_USAGE;
	case 0:			/* a flag getopt_long() has set */
		return 0;
	default:
		co->own(c, arg, co->data);
		return 0;
	}
}

int parse_options(int argc, char **argv, struct common_opts *co)
{
	int c, ret;

	while ((c = getopt_long(argc, argv, co->shortopts, co->longopts,
				NULL)) != -1) {
		ret = take_option(co, c, optarg);
		if (ret)
			return ret;
	}
	return 0;
}
