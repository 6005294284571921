// SPDX-License-Identifier: GPL-2.0-only
/* What lds, dump and check share: from input names to the table. */
#include <stdlib.h>
#include <string.h>

#include <util/file.h>
#include <util/jobserver.h>
#include <util/parallel.h>
#include <util/strbuf.h>
#include <util/warn.h>
#include "cmd.h"

static int expand_inputs(struct input_job *job, char **inputs, int nr)
{
	const char *objtree = getenv("objtree");
	int i, bad = 0;

	for (i = 0; i < nr; i++)
		if (units_add_input(&job->units, objtree, inputs[i], i) < 0)
			bad = 1;
	return bad;
}

int input_job_run(struct input_job *job, char **inputs, int nr_inputs)
{
	enum table_status status;

	if (expand_inputs(job, inputs, nr_inputs))
		return EXIT_USAGE;
	/* -j N, else the free slots of make's jobserver, else the CPUs */
	job->opts.jobs = jobs_acquire(job->opts.jobs);
	status = table_build(&job->table, &job->units, &job->opts);
	jobs_release();
	switch (status) {
	case TABLE_BAD_INPUT:
		return EXIT_USAGE;
	case TABLE_FINDINGS:
		return EXIT_FINDINGS;
	default:
		return 0;
	}
}

void input_job_free(struct input_job *job)
{
	table_free(&job->table);
	units_free(&job->units);
}

int emit_output(const char *path, const struct strbuf *out)
{
	int ret;

	if (path && strcmp(path, "-"))
		ret = write_file_atomic(path, out->buf, out->len);
	else
		ret = write_stdout(out->buf, out->len);
	return ret ? EXIT_USAGE : 0;
}
