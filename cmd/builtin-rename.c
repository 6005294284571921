// SPDX-License-Identifier: GPL-2.0-only
/*
 * initcall-order rename: give the id-less initcalls of ELF relocatable
 * objects unique ids, in place or into -o.  Every input is read and
 * planned before anything is written, and every new object is written
 * to its temporary file before the first is renamed into place, so that
 * one bad object or one folder not writable leaves all of them untouched.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <initcall/name.h>
#include <initcall/rename.h>
#include <symtab/elf_edit.h>
#include <symtab/symtab.h>
#include <util/escape.h>
#include <util/file.h>
#include <util/strbuf.h>
#include <util/warn.h>
#include <util/xalloc.h>
#include "cmd.h"

struct rename_opts {
	const char *modname;
	const char *output;
	bool dry_run;
	bool verbose;
};

struct rename_input {
	const char *path;
	struct mapped_file map;
	struct elf_edit *ed;
	struct strbuf bytes;	/* the new object, when it changed */
};

static void rename_usage(FILE *f)
{
	fprintf(f,
		"Usage: initcall-order rename [--modname NAME] [-o OUT] [-n] [-v] OBJ...\n"
		"\n"
		"Give each initcall of the ELF relocatable OBJs that has no unique id\n"
		"(a plain .initcall<level>.init or .con_initcall.init section) the\n"
		"kernel's id <module>__<counter>_<line>_<function>: its section becomes\n"
		"<section>..<id> and its symbol __initcall__<id><level>.  OBJs are\n"
		"rewritten in place, atomically; a second run changes nothing.\n"
		"\n"
		"      --modname NAME  module part of the ids (default: the file name\n"
		"                      without .o, other than [A-Za-z0-9_] made '_')\n"
		"  -o, --output OUT    write the result to OUT (one OBJ only)\n"
		"  -n, --dry-run       print what would be renamed, write nothing\n"
		"  -v, --verbose       print each renamed initcall\n"
		"  -h, --help          show this help\n");
}

static const char *refusal(enum file_kind kind)
{
	switch (kind) {
	case FILE_BITCODE:
		return "LLVM bitcode cannot be renamed: bitcode gets its initcall ids when it is compiled (the kernel's macros, or initcall_order.h)";
	case FILE_ELF_EXEC:
		return "an ELF executable or shared object: only relocatable objects (.o) can be renamed";
	case FILE_AR:
	case FILE_THIN_AR:
		return "an archive: rename its objects before archiving them";
	case FILE_EMPTY:
		return "empty file: not an ELF relocatable object";
	default:
		return "not an ELF relocatable object";
	}
}

/* rename's own options. */
static void rename_option(int c, const char *arg, void *data)
{
	struct rename_opts *o = data;

	if (c == 'm')
		o->modname = arg;
	else if (c == 'n')
		o->dry_run = true;
	else if (c == 'v')
		o->verbose = true;
}

/* 0, OPTIONS_HELP, or EXIT_USAGE after a message. */
static int parse_args(int argc, char **argv, struct rename_opts *o)
{
	static const struct option opts[] = {
		{ "modname", required_argument, NULL, 'm' },
		COMMON_OPT_OUTPUT,
		{ "dry-run", no_argument, NULL, 'n' },
		{ "verbose", no_argument, NULL, 'v' },
		COMMON_OPT_HELP,
		{ NULL, 0, NULL, 0 },
	};
	struct common_opts co = {
		.command = "rename",
		.shortopts = "o:nvh",
		.longopts = opts,
		.usage = rename_usage,
		.own = rename_option,
		.data = o,
	};
	int ret = parse_options(argc, argv, &co);

	if (ret)
		return ret;
	o->output = co.output;
	if (optind == argc || (o->output && argc - optind != 1)) {
		if (optind < argc)
			pr_err("-o takes exactly one object");
		rename_usage(stderr);
		return EXIT_USAGE;
	}
	if (o->modname && !rename_modname_valid(o->modname)) {
		pr_err("--modname '%s': use letters, digits and '_' only",
		       o->modname);
		return EXIT_USAGE;
	}
	return 0;
}

static int open_input(struct rename_input *in, struct rename_object *obj,
		      const struct rename_opts *o)
{
	struct loc loc = { in->path, NULL };
	struct symtab_err err = { "" };
	struct blob b;
	enum file_kind kind;
	char *modname;
	int ret;

	ret = map_file(in->path, &in->map);
	if (ret < 0) {
		loc_err(&loc, "cannot open: %s", file_error(ret));
		return -1;
	}
	b.data = in->map.addr;
	b.size = in->map.size;
	kind = file_kind_of(&b);
	if (kind != FILE_ELF_REL) {
		loc_err(&loc, "%s", refusal(kind));
		return -1;
	}
	in->ed = elf_edit_open(&b, &err);
	if (!in->ed) {
		loc_err(&loc, "%s", err.msg);
		return -1;
	}
	modname = o->modname ? xstrdup(o->modname) :
			       rename_modname_from_path(in->path);
	if (!rename_modname_valid(modname)) {
		loc_err(&loc, "no module name in the file name; use --modname");
		free(modname);
		return -1;
	}
	ret = rename_scan(obj, in->ed, &loc, modname);
	free(modname);
	return ret;
}

/* Applies the plan and checks that the result reads back. */
static int build_output(struct rename_input *in, struct rename_object *obj)
{
	struct symtab_err err = { "" };
	struct elf_edit *check;
	struct blob b;

	if (rename_apply(obj))
		return -1;
	if (!elf_edit_changed(in->ed))
		return 0;
	if (elf_edit_write(in->ed, &in->bytes, &err)) {
		loc_err(&obj->loc, "%s", err.msg);
		return -1;
	}
	b.data = (const unsigned char *)in->bytes.buf;
	b.size = in->bytes.len;
	check = elf_edit_open(&b, &err);
	if (!check) {
		loc_err(&obj->loc, "the rewritten object does not read back: %s",
			err.msg);
		return -1;
	}
	elf_edit_free(check);
	return 0;
}

/* One line per entry; names escaped by the text rule (util/escape.h). */
static void print_plan(const struct rename_object *obj)
{
	struct strbuf line = STRBUF_INIT;
	char buf[32];
	size_t k;

	for (k = 0; k < obj->nr; k++) {
		const struct rename_entry *e = &obj->entries[k];
		const char *sec = level_section(e->level, buf, sizeof(buf));

		strbuf_reset(&line);
		esc_text(&line, obj->loc.file);
		strbuf_addf(&line, ": %s+0x%llx -> %s..", sec,
			    (unsigned long long)e->offset, sec);
		esc_text(&line, e->id);
		if (!e->has_id) {
			strbuf_addstr(&line, ", symbol ");
			esc_text(&line, e->old_symbol ? e->old_symbol : "(none)");
			strbuf_addf(&line, " -> %s", INITCALL_PREFIX);
			esc_text(&line, e->id);
			strbuf_addstr(&line, e->level);
		}
		printf("%s\n", strbuf_str(&line));
	}
	strbuf_release(&line);
}

/*
 * What goes where: in place (the objects are inputs, meant to be
 * replaced), or the one object to -o.  An unchanged object is not written
 * in place; -o gets it all the same.
 */
static size_t outputs(const struct rename_input *ins, size_t nr,
		      const struct rename_opts *o, struct out_file *out)
{
	size_t i, n = 0;

	for (i = 0; i < nr; i++) {
		const struct rename_input *in = &ins[i];

		if (!in->bytes.len && !o->output)
			continue;
		out[n].path = o->output ? o->output : in->path;
		out[n].data = in->bytes.len ? (const void *)in->bytes.buf :
					      in->map.addr;
		out[n].len = in->bytes.len ? in->bytes.len : in->map.size;
		out[n++].flags = o->output ? 0 : WRITE_MAY_REPLACE_INPUT;
	}
	return n;
}

/* One file given twice would be planned twice and written twice. */
static int check_twice(const struct rename_input *ins, size_t nr)
{
	size_t i, k;

	for (i = 0; i < nr; i++) {
		for (k = 0; k < i; k++) {
			if (ins[k].map.dev != ins[i].map.dev ||
			    ins[k].map.ino != ins[i].map.ino)
				continue;
			struct loc loc = { ins[i].path, NULL };

			loc_err(&loc, "the same file as %s", ins[k].path);
			return -1;
		}
	}
	return 0;
}

static int run(struct rename_input *ins, struct rename_object *objs,
	       size_t nr, const struct rename_opts *o)
{
	struct out_file *out;
	size_t i;
	int ret = 0;

	for (i = 0; i < nr; i++)
		if (open_input(&ins[i], &objs[i], o))
			ret = -1;
	if (ret || check_twice(ins, nr) || rename_assign(objs, nr))
		return EXIT_USAGE;
	for (i = 0; i < nr; i++)
		if (build_output(&ins[i], &objs[i]))
			return EXIT_USAGE;
	for (i = 0; i < nr; i++)
		if (o->verbose || o->dry_run)
			print_plan(&objs[i]);
	if (o->dry_run)
		return 0;
	out = xcalloc(nr, sizeof(*out));
	ret = write_files_atomic(out, outputs(ins, nr, o, out));
	free(out);
	return ret ? EXIT_USAGE : 0;
}

int cmd_rename(int argc, char **argv)
{
	struct rename_opts o = { 0 };
	struct rename_input *ins;
	struct rename_object *objs;
	size_t i, nr;
	int ret;

	ret = parse_args(argc, argv, &o);
	if (ret)
		return ret == OPTIONS_HELP ? 0 : ret;
	nr = argc - optind;
	ins = xcalloc(nr, sizeof(*ins));
	objs = xcalloc(nr, sizeof(*objs));
	for (i = 0; i < nr; i++)
		ins[i].path = argv[optind + i];
	ret = run(ins, objs, nr, &o);
	if (fflush(stdout))
		ret = EXIT_USAGE;
	for (i = 0; i < nr; i++) {
		rename_object_free(&objs[i]);
		elf_edit_free(ins[i].ed);
		strbuf_release(&ins[i].bytes);
		unmap_file(&ins[i].map);
	}
	free(ins);
	free(objs);
	return ret;
}
