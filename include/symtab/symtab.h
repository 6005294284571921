/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * symtab: the defined symbols of link inputs, whatever their format.
 *
 * Each format reader (elf.c, bitcode.c, nm.c) walks a blob of bytes and
 * reports symbols as nm --defined-only would list them.  Nothing here knows
 * what an initcall is.
 */
#ifndef SYMTAB_SYMTAB_H
#define SYMTAB_SYMTAB_H

#include <stddef.h>
#include <util/compiler.h>

/* A read-only byte range: a mapped file or a member inside one. */
struct blob {
	const unsigned char *data;
	size_t size;
};

enum file_kind {
	FILE_UNKNOWN,
	FILE_EMPTY,
	FILE_ELF_REL,		/* relocatable object */
	FILE_ELF_EXEC,		/* executable or shared object */
	FILE_ELF_OTHER,		/* core file or something else */
	FILE_BITCODE,		/* LLVM bitcode, bare or in the Darwin wrapper */
	FILE_AR,		/* regular ar archive */
	FILE_THIN_AR,		/* thin ar archive */
};

enum file_kind file_kind_of(const struct blob *b);
const char *file_kind_name(enum file_kind kind);

/* One defined symbol. */
struct sym {
	const char *name;	/* not NUL-terminated */
	size_t name_len;
	const char *section;	/* NULL when the format does not say */
	size_t section_len;
	char type;		/* nm type letter, e.g. 't', 'd', 'T' */
};

struct sym_visitor {
	/* Each defined symbol; a non-zero return stops the walk with it. */
	int (*symbol)(const struct sym *sym, void *arg);
	/*
	 * Each section with its size (ELF only; may be NULL); a non-zero
	 * return stops the walk with it.
	 */
	int (*section)(const char *name, size_t name_len, unsigned long size,
		       void *arg);
	void *arg;
};

/* What went wrong inside a file; the caller adds which file. */
struct symtab_err {
	char msg[256];
};

void symtab_errf(struct symtab_err *err, const char *fmt, ...) __printf(2, 3);

#endif /* SYMTAB_SYMTAB_H */
