// SPDX-License-Identifier: GPL-2.0-only
/*
 * The archive reader, regular and thin, with a small file system made of
 * the input.  The input is an archive optionally followed by files:
 *
 *   <bytes of in.a>
 *   "\n%%FILE <name>\n" <bytes of name>
 *   ...
 *
 * The files are written to a folder of this process's own, where thin
 * archives (in.a or a file) find their members; names are 1 to 64 of
 * [A-Za-z0-9._-].  Then the input goes the way of a command-line input:
 * units_add_input() and unit_scan() of every unit.  Thin archives naming
 * anything outside the folder (absolute, "..") are not run, so that the
 * fuzzer never opens files of the machine it runs on.
 */
#include <stdbool.h>

#include <symtab/archive.h>
#include <symtab/elf.h>
#include <symtab/unit.h>

#include "fuzz.h"

#define SEP		"\n%%FILE "
#define SEP_LEN		(sizeof(SEP) - 1)
#define MAX_FILES	16
#define MAX_NAME	64

struct fuzz_file {
	char name[MAX_NAME + 1];
	const uint8_t *data;
	size_t size;
};

static char written[MAX_FILES + 1][MAX_NAME + 1];
static unsigned int nr_written;

static bool good_name(const char *name, size_t len)
{
	size_t i;

	if (!len || len > MAX_NAME)
		return false;
	if ((len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.'))
		return false;
	for (i = 0; i < len; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return false;
	}
	return true;
}

/* Splits the input; returns the number of files, in.a first. */
static unsigned int split_input(const uint8_t *data, size_t size,
				struct fuzz_file *files)
{
	const uint8_t *end = data + size, *p;
	unsigned int nr = 1;

	snprintf(files[0].name, sizeof(files[0].name), "in.a");
	files[0].data = data;
	p = memmem(data, size, SEP, SEP_LEN);
	files[0].size = p ? (size_t)(p - data) : size;
	while (p && nr < MAX_FILES + 1) {
		const uint8_t *name = p + SEP_LEN, *nl, *next;

		nl = memchr(name, '\n', end - name);
		if (!nl)
			break;
		next = memmem(nl + 1, end - nl - 1, SEP, SEP_LEN);
		if (good_name((const char *)name, nl - name)) {
			memcpy(files[nr].name, name, nl - name);
			files[nr].name[nl - name] = '\0';
			files[nr].data = nl + 1;
			files[nr].size = (next ? next : end) - (nl + 1);
			nr++;
		}
		p = next;
	}
	return nr;
}

static int name_stays_inside(const struct ar_member *m, void *arg)
{
	if (m->name_len && m->name[0] == '/')
		return 1;
	if (memmem(m->name, m->name_len, "..", 2))
		return 1;
	return 0;
}

/* Thin archives may name only files of the folder. */
static bool safe_to_run(const struct fuzz_file *f)
{
	struct blob b = { f->data, f->size };
	struct symtab_err err;

	if (f->size < 8 || memcmp(f->data, "!<thin>\n", 8))
		return true;
	return ar_walk_members(&b, name_stays_inside, NULL, &err) != 1;
}

static void remove_written(const char *dir)
{
	char path[512];

	while (nr_written) {
		snprintf(path, sizeof(path), "%s/%.64s", dir,
			 written[--nr_written]);
		unlink(path);
	}
}

static int touch_member(const struct ar_member *m, void *arg)
{
	fuzz_touch(m->name, m->name_len);
	fuzz_touch(m->data.data, m->data.size);
	return 0;
}

static void scan_units(const char *path)
{
	const struct sym_visitor v = {
		.symbol = fuzz_on_symbol,
		.section = fuzz_on_section,
		.wants_relocs = fuzz_wants_relocs,
		.reloc = fuzz_on_reloc,
	};
	struct unit_list list = { 0 };
	size_t i;

	if (!units_add_input(&list, NULL, path, 0))
		for (i = 0; i < list.nr; i++)
			unit_scan(&list.units[i], &v);
	units_free(&list);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	elf_init();
	/* Bitcode that falls back to nm must not run a real one. */
	setenv("NM", "/nonexistent/ico-fuzz-nm", 1);
	fuzz_scratch();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_file files[MAX_FILES + 1];
	const char *dir = fuzz_scratch();
	struct blob whole = { data, size };
	struct symtab_err err;
	unsigned int nr, i;
	char path[512];

	fuzz_quiet_begin();
	ar_walk_members(&whole, touch_member, NULL, &err);
	nr = split_input(data, size, files);
	for (i = 0; i < nr; i++)
		if (!safe_to_run(&files[i]))
			goto out;
	for (i = 0; i < nr; i++) {
		snprintf(path, sizeof(path), "%s/%.64s", dir, files[i].name);
		fuzz_write(path, files[i].data, files[i].size);
		memcpy(written[nr_written++], files[i].name,
		       sizeof(files[i].name));
	}
	snprintf(path, sizeof(path), "%s/in.a", dir);
	scan_units(path);
	remove_written(dir);
out:
	fuzz_quiet_end();
	return 0;
}
