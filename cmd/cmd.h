/* SPDX-License-Identifier: GPL-2.0-only */
/* The command layer: one file per command, one dispatch table. */
#ifndef CMD_CMD_H
#define CMD_CMD_H

#include <stdbool.h>

#include <initcall/table.h>
#include <util/output.h>

struct strbuf;

/* Exit statuses shared by every command. */
#define EXIT_FINDINGS	1
#define EXIT_USAGE	2

int cmd_lds(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_rename(int argc, char **argv);

/* The table from link inputs, as lds, dump and check compute it. */
struct input_job {
	struct unit_list units;
	struct initcall_table table;
	struct table_opts opts;
};

/*
 * Expands @inputs (each opened as $objtree/INPUT when the objtree
 * environment variable is set, as the kernel's script does) and scans
 * them with -j, else the jobserver's free slots, else the online CPUs.
 * Returns 0, EXIT_FINDINGS or EXIT_USAGE; messages are printed.
 */
int input_job_run(struct input_job *job, char **inputs, int nr_inputs);
void input_job_free(struct input_job *job);

/* Parses the -j argument; 0 on success. */
int parse_jobs(const char *arg, unsigned int *jobs);

/* Writes @out to @path atomically, or to stdout when @path is NULL. */
int emit_output(const char *path, const struct strbuf *out);

/* True when @arg is -h or --help. */
bool is_help(const char *arg);

/* The dump of @t, as 'dump' prints it, appended to @sb (cmd/builtin-dump.c). */
void dump_render(const struct initcall_table *t, enum out_format fmt,
		 struct strbuf *sb);

/*
 * check --golden (cmd/builtin-golden.c): compares @t, the table of the link
 * inputs (input_job_run()), with the dump in @golden and writes the diff
 * report in @fmt (text, json or ktap) to @output (stdout when NULL); with
 * @update, rewrites @golden atomically instead (keeping its tsv or json
 * syntax; tsv for a new file) after reporting what changed.  Returns 0
 * when the same or updated, EXIT_FINDINGS when different, EXIT_USAGE when
 * the golden file is bad or a file cannot be written.
 */
int check_golden(const struct initcall_table *t, const char *golden,
		 bool update, enum out_format fmt, const char *output);

#endif /* CMD_CMD_H */
