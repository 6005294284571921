/* SPDX-License-Identifier: GPL-2.0-only */
/* The command layer: one file per command, one dispatch table. */
#ifndef CMD_CMD_H
#define CMD_CMD_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

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

/*
 * A command's options (cmd/options.c): what it takes, and the values of
 * the options every command shares.
 */
struct common_opts {
	const char *command;		/* for messages: "dump" */
	const char *shortopts;		/* as getopt_long() takes them */
	const struct option *longopts;
	unsigned int formats;		/* 1 << OUT_* of each format taken */
	void (*usage)(FILE *f);
	/* The command's own options, @c as getopt_long() returns it. */
	void (*own)(int c, const char *arg, void *data);
	void *data;
	enum out_format fmt;		/* -f, --format */
	const char *output;		/* -o, --output */
	unsigned int jobs;		/* -j, --jobs; 0: not given */
};

#define COMMON_OPT_FORMAT	{ "format", required_argument, NULL, 'f' }
#define COMMON_OPT_OUTPUT	{ "output", required_argument, NULL, 'o' }
#define COMMON_OPT_JOBS		{ "jobs", required_argument, NULL, 'j' }
#define COMMON_OPT_HELP		{ "help", no_argument, NULL, 'h' }

/* parse_options() printed the help: the command exits 0. */
#define OPTIONS_HELP	(-1)

/*
 * Parses @argv with getopt_long(): the shared options into @co, the
 * others to @co->own.  An unknown option prints the usage on stderr; a bad
 * --format, the formats @co->command takes.  Returns 0 with optind at the
 * first operand, OPTIONS_HELP, or EXIT_USAGE after a message.
 */
int parse_options(int argc, char **argv, struct common_opts *co);

/* Writes @out to @path atomically, or to stdout when @path is NULL. */
int emit_output(const char *path, const struct strbuf *out);

/* True when @arg is -h or --help. */
bool is_help(const char *arg);


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
