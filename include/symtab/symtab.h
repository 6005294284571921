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

#include <stdbool.h>
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
	size_t section_index;	/* ELF section index; 0 when unknown */
	unsigned long long value;	/* offset in its section (ELF) */
	char type;		/* nm type letter, e.g. 't', 'd', 'T' */
};

/* A section of the file, or one that bitcode names without its size. */
struct sym_section {
	const char *name;	/* not NUL-terminated */
	size_t name_len;
	size_t index;		/* ELF section index; 0 for bitcode */
	unsigned long long size;
	bool size_known;	/* false: named by LLVM IR or its module asm */
};

/* What a relocation makes of its target, as far as tables care. */
enum reloc_kind {
	RELOC_OTHER,		/* anything else, e.g. code relocations */
	RELOC_PREL32,		/* 32-bit offset from the place to the target */
	RELOC_ABS32,		/* 32-bit address of the target */
	RELOC_ABS64,		/* 64-bit address of the target */
};

/*
 * One relocation of a section whose relocations the visitor asked for.
 * A relocation against a section symbol is resolved to the symbol
 * defined at its addend in that section, where there is one.
 */
struct sym_reloc {
	const char *section;	/* the section it applies to */
	size_t section_len;
	size_t section_index;
	unsigned long long offset;	/* where, in that section */
	enum reloc_kind kind;
	unsigned int type;	/* the machine's own number, for messages */
	const char *target;	/* the symbol; NULL when it has no name */
	size_t target_len;
	bool target_defined;	/* in this file */
};

struct sym_visitor {
	/* Each defined symbol; a non-zero return stops the walk with it. */
	int (*symbol)(const struct sym *sym, void *arg);
	/*
	 * Each section (ELF), or a section that bitcode names: a global's
	 * (maybe more than once) or, if asked, module asm's.  May be NULL;
	 * a non-zero return stops the walk with it.
	 */
	int (*section)(const struct sym_section *sec, void *arg);
	/*
	 * Whether to walk the relocations of the ELF section @name; may be
	 * NULL.  Sections come first, then relocations, then symbols.
	 */
	bool (*wants_relocs)(const char *name, size_t name_len, void *arg);
	/* Each relocation asked for; a non-zero return stops the walk. */
	int (*reloc)(const struct sym_reloc *reloc, void *arg);
	/*
	 * Bitcode: each symbol that module-level asm defines or refers to
	 * (defined ones are also passed to symbol()); may be NULL.
	 */
	int (*asm_symbol)(const char *name, size_t name_len, bool defined,
			  void *arg);
	/*
	 * Bitcode, asked after the symbols: whether to read the head of
	 * each module for the sections its asm switches to, passed to
	 * section() (sections of globals are passed with their symbols).
	 * It costs reads into the module; may be NULL (no).
	 */
	bool (*wants_asm_sections)(void *arg);
	void *arg;
};

/* What went wrong inside a file; the caller adds which file. */
struct symtab_err {
	char msg[256];
};

void symtab_errf(struct symtab_err *err, const char *fmt, ...) __printf(2, 3);

#endif /* SYMTAB_SYMTAB_H */
