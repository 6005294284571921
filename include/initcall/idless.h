/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Initcalls without an id: the entries of sections named exactly
 * .initcall<level>.init or .con_initcall.init, as assembly, Rust built-in
 * modules and code built without the kernel's LTO macros write them.
 *
 * Each entry is one relocation: a 32-bit place-relative offset to the
 * function (PREL32 architectures) or a pointer to it, 4 or 8 bytes.  An
 * entry whose place carries an __initcall__<id> symbol has an id after
 * all (every C initcall of a kernel built without LTO looks like that)
 * and is left to the id scan; the others become initcalls without an id,
 * named by the function their relocation points at.
 *
 * The sections' layout is checked: a whole number of entries of one
 * width, one relocation each, of a kind a table of entries is made of,
 * pointing at a defined symbol.  Anything else is an error naming the
 * section and the offset.
 */
#ifndef INITCALL_IDLESS_H
#define INITCALL_IDLESS_H

#include <stdbool.h>
#include <stddef.h>
#include <initcall/name.h>
#include <symtab/symtab.h>
#include <util/warn.h>

struct initcall;
struct idless_sec;
struct idless_reloc;
struct idless_label;

/* What one unit's scan saw of sections without an id. */
struct idless_unit {
	struct idless_sec *secs;	/* in section index order */
	size_t nr_secs, secs_alloc;
	struct idless_reloc *relocs;
	size_t nr_relocs, relocs_alloc;
	struct idless_label *labels;
	size_t nr_labels, labels_alloc;
	/*
	 * Bitcode's module asm, see idless_wants_asm(); the names point
	 * into the symbol table being read and are not kept beyond it.
	 */
	struct span *asm_exports;	/* X of each __export_symbol_X */
	size_t nr_asm_exports, asm_exports_alloc;
	struct span *asm_refs;	/* symbols it refers to, stubs aside */
	size_t nr_asm_refs, asm_refs_alloc;
	bool asm_other;		/* it defines another kind of symbol */
};

/*
 * Collecting, from the symtab visitor: an id-less section of the level
 * @level (ELF, with its size), one of its relocations, a symbol defined
 * in one.  Returns false for a section or symbol that is not in such a
 * section.
 */
bool idless_add_section(struct idless_unit *u, const struct sym_section *s);
void idless_add_reloc(struct idless_unit *u, const struct sym_reloc *r);
bool idless_add_label(struct idless_unit *u, const struct sym *s,
		      bool is_id);

/*
 * LLVM bitcode can only hold an entry without an id in module-level asm,
 * and such an entry needs a symbol the asm defines (its label) or refers
 * to (its function).  The asm the kernel's macros write has only
 * initcall labels (__initcall__<id>) and the stubs they point at
 * (__initstub__<id>), and export labels (__export_symbol_X) with the
 * symbols X they export.  idless_wants_asm() is true when the asm has any
 * other symbol: only then is the asm read for its section directives.
 * An id-less entry whose function is exported from its own object goes
 * unseen here; check --image finds it after the link.
 */
void idless_add_asm_symbol(struct idless_unit *u, const char *name,
			   size_t len, bool defined);
bool idless_wants_asm(struct idless_unit *u);
/* Forgets the asm symbols (done once their table is gone). */
void idless_forget_asm(struct idless_unit *u);

/*
 * Appends the unit's initcalls without an id to @calls (section order,
 * then offset), with @unit as their unit index.  Returns 0, or -1 after
 * reporting a section whose layout is wrong against @loc.
 */
int idless_entries(struct idless_unit *u, const struct loc *loc, size_t unit,
		   struct initcall **calls, size_t *nr, size_t *alloc);

void idless_unit_free(struct idless_unit *u);

#endif /* INITCALL_IDLESS_H */
