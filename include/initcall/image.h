/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The initcall tables of a linked image: what the kernel will really run.
 *
 * INIT_CALLS (include/asm-generic/vmlinux.lds.h) lays the entries out
 * between __initcall_start and __initcall_end, each level starting at
 * __initcall<level>_start (early has no start symbol of its own: it runs
 * from __initcall_start to __initcall0_start); console initcalls lie
 * between __con_initcall_start and __con_initcall_end.
 */
#ifndef INITCALL_IMAGE_H
#define INITCALL_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

#include <symtab/elf_image.h>

struct initcall_name;
struct image_sym;
struct order;
struct strbuf;


/* How an entry points at its function. */
enum entry_shape {
	SHAPE_EMPTY,	/* no entries at all: nothing to tell */
	SHAPE_PREL32,	/* 32-bit offset from the entry to the function */
	SHAPE_ABS32,	/* 32-bit pointer */
	SHAPE_ABS64,	/* 64-bit pointer */
};

struct image_initcall {
	char level[16];		/* range level, refined to "<level>s" by id */
	size_t position;	/* 1-based, within its level */
	unsigned long long entry;	/* address of the table entry */
	unsigned long long target;	/* address it points at */
	const struct image_sym *target_sym;	/* NULL: no symbol there */
	const struct image_sym *id_sym;	/* __initcall__<id><level> or NULL */
	char *id;		/* <module>__<counter>_<line>_<function> */
	char *module;		/* NULL when no id is known */
	char *function;		/* from the id, else the target symbol */
	bool mismatch;		/* id_sym names another initcall */
};

struct image_initcalls {
	struct image_initcall *calls;	/* run order: con first */
	size_t nr;
	size_t alloc;
	enum entry_shape shape;
	size_t nr_mismatched;	/* entries with ->mismatch, reported */
};

/*
 * Reads and resolves every entry of @img's tables.  Prints an error naming
 * the image and returns -1 when the bounding symbols are missing or out of
 * order, or when the entries make sense under no shape.  An entry is what
 * it calls (the stub or function at its target); one whose own
 * __initcall__ symbol names another initcall is reported, and counted in
 * ->nr_mismatched.
 */
int image_initcalls_read(const struct image *img, struct image_initcalls *ic);
void image_initcalls_free(struct image_initcalls *ic);

/* A linked image held open, its initcall tables read. */
struct image_tables {
	struct image img;
	struct image_initcalls ic;
};

/* Opens @path and reads its tables; -1 (reported) when either fails. */
int image_tables_open(struct image_tables *t, const char *path);
void image_tables_close(struct image_tables *t);

const char *entry_shape_name(enum entry_shape shape);

/*
 * Given the run-order ranks of @n entries in the order they sit (or ran),
 * keeps a longest non-decreasing run of them, the fewest out of place, and
 * returns for each entry the entry whose level it should be counted in:
 * itself when kept, else the kept entry after it (before it, at the end).
 * The caller frees the array.
 */
size_t *level_keepers(const int *rank, size_t n);

/*
 * Appends what the entry calls to @sb: "sym", "sym+0x10", or the address
 * when no symbol covers it.  Names are whole, however long.
 */
void image_initcall_target(const struct image_initcall *c, struct strbuf *sb);

/* The entries as an order: level, module, function, id, target address. */
void order_from_image(struct order *o, const struct image_initcalls *ic);

/*
 * Opens @path and appends its initcalls to @o; -1 (reported) on error, 1
 * when some entry's symbol names another initcall (reported), else 0.
 */
int image_order_load(const char *path, struct order *o);

#endif /* INITCALL_IMAGE_H */
