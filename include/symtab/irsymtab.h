/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The symbol table LLVM stores in a bitcode file's SYMTAB block (the
 * "irsymtab"), with names in the STRTAB block.  All fields are
 * little-endian 32-bit words at any alignment; strings are {offset, size}
 * into the string table and ranges {byte offset, count} into the symbol
 * table.  irsymtab_open() checks every range and string once, so that
 * the walk can trust them.
 */
#ifndef SYMTAB_IRSYMTAB_H
#define SYMTAB_IRSYMTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <symtab/symtab.h>

#define IRSYMTAB_HEADER_SIZE	76
#define IRSYMTAB_MIN_VERSION	2
#define IRSYMTAB_MAX_VERSION	4

/* Symbol flag bits. */
#define IRSYM_VISIBILITY	0x3u
#define IRSYM_HAS_UNCOMMON	(1u << 2)
#define IRSYM_UNDEFINED		(1u << 3)
#define IRSYM_WEAK		(1u << 4)
#define IRSYM_COMMON		(1u << 5)
#define IRSYM_INDIRECT		(1u << 6)
#define IRSYM_USED		(1u << 7)
#define IRSYM_TLS		(1u << 8)
#define IRSYM_MAY_OMIT		(1u << 9)
#define IRSYM_GLOBAL		(1u << 10)
#define IRSYM_FORMAT_SPECIFIC	(1u << 11)
#define IRSYM_UNNAMED_ADDR	(1u << 12)
#define IRSYM_EXECUTABLE	(1u << 13)

/* A {byte offset, count} range of fixed-size entries in the table. */
struct irsymtab_range {
	uint32_t off;
	uint32_t nr;
};

struct irsymtab {
	struct blob symtab;
	struct blob strtab;
	uint32_t version;
	struct irsymtab_range modules;
	struct irsymtab_range symbols;
	struct irsymtab_range uncommons;
	size_t uncommon_size;	/* 24 bytes, 28 from version 4 */
};

/* One symbol as the table describes it. */
struct irsym {
	const char *name;	/* not NUL-terminated */
	size_t name_len;
	const char *section;	/* from the Uncommon record, else NULL */
	size_t section_len;
	uint32_t flags;
	uint32_t module;	/* index of the module defining it */
	bool from_asm;		/* defined or used by module-level asm */
};

/*
 * Checks the header, the version and every range and string the walk
 * uses.  Returns 0, or -1 with @err saying what is wrong: the caller
 * should then not trust the table.
 */
int irsymtab_open(struct irsymtab *t, const struct blob *symtab,
		  const struct blob *strtab, struct symtab_err *err);

static inline uint32_t irsymtab_nr_modules(const struct irsymtab *t)
{
	return t->modules.nr;
}

/*
 * Calls @fn for every symbol, module by module, format-specific and
 * undefined ones included.  Returns 0 or @fn's first non-zero value.
 */
int irsymtab_walk(const struct irsymtab *t,
		  int (*fn)(const struct irsym *sym, void *arg), void *arg);

/* The letter llvm-nm prints for a defined symbol with these flags. */
char irsym_nm_type(uint32_t flags);

#endif /* SYMTAB_IRSYMTAB_H */
