/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Linked ELF images (executables and shared objects such as vmlinux)
 * through libelf: sections, symbols by name and by address, and the bytes
 * at a virtual address.  Nothing here knows what an initcall is.
 */
#ifndef SYMTAB_ELF_IMAGE_H
#define SYMTAB_ELF_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <util/file.h>

struct Elf;

struct image_section {
	const char *name;
	unsigned long long addr;	/* virtual address */
	unsigned long long size;
	unsigned long long offset;	/* in the file */
	bool alloc;			/* SHF_ALLOC: part of the memory image */
	bool exec;			/* SHF_EXECINSTR */
	bool has_bytes;			/* not NOBITS, and inside the file */
};

enum image_sym_kind {
	IMAGE_SYM_OTHER,	/* no type, TLS, ifunc... */
	IMAGE_SYM_FUNC,
	IMAGE_SYM_OBJECT,
};

struct image_sym {
	const char *name;	/* NUL-terminated, owned by the image */
	unsigned long long value;
	unsigned long long size;
	enum image_sym_kind kind;
	bool global;		/* global or weak */
	const struct image_section *section;	/* NULL: absolute */
	size_t index;		/* in the ELF symbol table */
};

struct image {
	const char *path;
	struct mapped_file map;
	struct Elf *elf;
	unsigned int bits;	/* 32 or 64 */
	bool big_endian;
	unsigned int machine;	/* e_machine */
	struct image_section *sections;	/* by ELF section index */
	size_t nr_sections;
	struct image_sym *syms;	/* defined, named, no section, file or marker */
	size_t nr_syms;
	struct image_sym **by_name;	/* name, then global first */
	struct image_sym **by_addr;	/* value, then preference */
};

/*
 * Opens the ELF executable or shared object @path.  Prints an error naming
 * the file and returns -1 when it cannot be read, is not such a file, or
 * is corrupt.  An image without a symbol table opens with nr_syms == 0.
 */
int image_open(struct image *img, const char *path);
void image_close(struct image *img);

/* True when @path is an ELF executable or shared object (a linked image). */
bool image_file_is_linked(const char *path);

/* "x86_64", "riscv"... or "machine <n>"; into @buf when not known. */
const char *image_machine_name(unsigned int machine, char *buf,
			       size_t size);

/* The symbol named @name, a global one if there is one; NULL if none. */
const struct image_sym *image_sym_by_name(const struct image *img,
					  const char *name);

/*
 * The symbols whose value is exactly @addr, best first (functions, then
 * globals, then by name); returns their number and sets *@syms.
 */
size_t image_syms_at(const struct image *img, unsigned long long addr,
		     struct image_sym *const **syms);

/*
 * The symbol that contains @addr (value <= @addr < value + size, or
 * value == @addr), preferring functions; NULL when there is none.
 */
const struct image_sym *image_sym_covering(const struct image *img,
					   unsigned long long addr);

/* The allocated section that holds @addr; NULL when none does. */
const struct image_section *image_section_at(const struct image *img,
					     unsigned long long addr);

/*
 * Copies @len bytes at virtual address @addr; -1 when they are not all in
 * one section backed by bytes of the file.
 */
int image_read(const struct image *img, unsigned long long addr, void *buf,
	       size_t len);

/* Decodes an unsigned integer of @width (1, 2, 4 or 8) bytes. */
unsigned long long image_uint(const struct image *img,
			      const unsigned char *p, unsigned int width);

#endif /* SYMTAB_ELF_IMAGE_H */
