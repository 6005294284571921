// SPDX-License-Identifier: GPL-2.0-only
/*
 * initcall-order: keep Linux initcalls in link order under Clang LTO.
 */
#include <stdio.h>
#include <string.h>

#include <symtab/elf.h>
#include <util/file.h>
#include <util/warn.h>
#include <util/xalloc.h>
#include "cmd.h"

/*
 * The version, as "initcall-order --version" prints it: one line,
 * "initcall-order MAJOR.MINOR.PATCH", whatever the program is called, for
 * scripts (the kernel's scripts/initcall-order-version.sh) to parse.
 * Semantic versioning: MINOR and PATCH stay below 100.
 */
#define ICO_VERSION "0.2.0"

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static int cmd_help(int argc, char **argv);
static int cmd_version(int argc, char **argv);

static const struct cmd cmds[] = {
	{ "lds",	cmd_lds,	"print the initcall linker script fragment" },
	{ "dump",	cmd_dump,	"print the ordering table of objects or an image" },
	{ "check",	cmd_check,	"compare an image, a boot log or a golden file with the table" },
	{ "diff",	cmd_diff,	"compare the initcall orders of two builds" },
	{ "rename",	cmd_rename,	"give id-less initcalls in ELF objects unique ids" },
	{ "help",	cmd_help,	"show this help" },
	{ "version",	cmd_version,	"show the version" },
};

bool is_help(const char *arg)
{
	return !strcmp(arg, "-h") || !strcmp(arg, "--help");
}

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: %s COMMAND [OPTIONS] [ARGS]\n\nCommands:\n",
		prog_name);
	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		fprintf(f, "  %-9s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(f, "\nRun '%s COMMAND --help' for the options of a command.\n",
		prog_name);
}

static int cmd_help(int argc, char **argv)
{
	usage(stdout);
	return 0;
}

static int cmd_version(int argc, char **argv)
{
	printf("initcall-order %s\n", ICO_VERSION);
	return 0;
}

/* Exact names first; otherwise a unique prefix, as bpftool accepts. */
static const struct cmd *cmd_select(const char *name)
{
	const struct cmd *found = NULL;
	size_t i, len = strlen(name);

	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		if (!strcmp(cmds[i].name, name))
			return &cmds[i];
		if (!strncmp(cmds[i].name, name, len)) {
			if (found)
				return NULL;
			found = &cmds[i];
		}
	}
	return found;
}

int main(int argc, char **argv)
{
	const struct cmd *cmd;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (is_help(argv[1]))
		return cmd_help(argc - 1, argv + 1);
	if (!strcmp(argv[1], "--version"))
		return cmd_version(argc - 1, argv + 1);

	cmd = cmd_select(argv[1]);
	if (!cmd) {
		pr_err("unknown command '%s'", argv[1]);
		usage(stderr);
		return EXIT_USAGE;
	}
	elf_init();
	install_cleanup_handlers();
	return cmd->fn(argc - 1, argv + 1);
}
