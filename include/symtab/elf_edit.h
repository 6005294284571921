/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Rewriting ELF relocatable objects through libelf.
 *
 * elf_edit_open() reads an object into a small model: sections, symbols and
 * the relocations that apply to each section, seen through the structs
 * below.  The edits rename sections (their relocation sections follow) and
 * symbols, add local symbols and split a section into pieces;
 * elf_edit_write() then produces the new object.  Everything not edited is
 * kept: section contents, flags, alignment, groups, relocations, symbol
 * attributes.  String tables keep their bytes and get new names appended;
 * when symbols are added, every symbol index in the file (relocations,
 * groups, .symtab_shndx, .llvm_addrsig) is renumbered.
 *
 * Indices seen by callers are stable across edits: new sections and new
 * symbols get the next free index of the model; the written file puts new
 * local symbols where locals belong.  Nothing here knows about initcalls.
 */
#ifndef SYMTAB_ELF_EDIT_H
#define SYMTAB_ELF_EDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <symtab/symtab.h>

struct strbuf;
struct elf_edit;

struct ee_section {
	const char *name;	/* NUL-terminated */
	uint64_t size;
	bool has_bytes;		/* contents in the file (not NOBITS) */
	bool is_reloc;		/* a REL or RELA section */
	size_t reloc_sec;	/* the relocation section for it; 0: none */
	unsigned int nr_reloc_secs;	/* more than one is unusual */
};

enum ee_sym_kind {
	EE_SYM_NOTYPE,
	EE_SYM_OBJECT,
	EE_SYM_FUNC,
	EE_SYM_SECTION,
	EE_SYM_FILE,
	EE_SYM_OTHER,
};

struct ee_symbol {
	const char *name;	/* NUL-terminated; "" for none */
	uint64_t value;		/* offset in its section */
	uint64_t size;
	size_t section;		/* 0: undefined, absolute or common */
	enum ee_sym_kind kind;
	bool local;
};

struct ee_reloc {
	uint64_t offset;	/* in the section it applies to */
	size_t sym;
	int64_t addend;		/* RELA only; see elf_edit_implicit_addend */
};

/*
 * Reads @b (which must stay mapped until elf_edit_free()).  Returns NULL
 * with @err set when it is not an ELF relocatable object or is corrupt;
 * every offset, size and index is checked.
 */
struct elf_edit *elf_edit_open(const struct blob *b, struct symtab_err *err);
void elf_edit_free(struct elf_edit *ed);

/* Counts include the null section and the null symbol (index 0). */
size_t elf_edit_nr_sections(const struct elf_edit *ed);
const struct ee_section *elf_edit_section(const struct elf_edit *ed,
					  size_t i);
size_t elf_edit_nr_symbols(const struct elf_edit *ed);
const struct ee_symbol *elf_edit_symbol(const struct elf_edit *ed, size_t i);

/*
 * The relocations that apply to section @sec (from its first relocation
 * section), in file order; NULL with *nr = 0 when there are none.
 */
const struct ee_reloc *elf_edit_relocs(const struct elf_edit *ed, size_t sec,
				       size_t *nr);
/* True when @sec's relocations are REL: addends live in the bytes. */
bool elf_edit_relocs_implicit(const struct elf_edit *ed, size_t sec);
/*
 * Reads the signed @width-byte (4 or 8) value at @offset of @sec in the
 * file's byte order: the addend of a REL relocation.  -1 if out of range.
 */
int elf_edit_implicit_addend(const struct elf_edit *ed, size_t sec,
			     uint64_t offset, unsigned int width,
			     int64_t *addend);

/*
 * Splits @sec at the increasing offsets @cuts[0..nr-1] (each inside the
 * section): the section keeps [0, cuts[0]) and each further piece becomes a
 * new section with the same name, type, flags and group, appended at the
 * end; its relocations and symbols move with it.  The new sections'
 * indices go to @pieces[0..nr-1].  Fails (-1, @err set, nothing changed)
 * when something refers into the section by offset or a symbol straddles
 * a cut.
 */
int elf_edit_split(struct elf_edit *ed, size_t sec, const uint64_t *cuts,
		   size_t nr, size_t *pieces, struct symtab_err *err);

/*
 * Renames section @sec; its relocation sections named ".rela<old>" or
 * ".rel<old>" become ".rela<new>" or ".rel<new>".  @name is copied.
 */
void elf_edit_rename_section(struct elf_edit *ed, size_t sec,
			     const char *name);
/* Renames symbol @sym; @name is copied. */
void elf_edit_rename_symbol(struct elf_edit *ed, size_t sym,
			    const char *name);
/*
 * Adds a local data object @name of @size bytes at @value in @sec; returns
 * its index, or 0 with @err set when the symbol table cannot be renumbered
 * (a section of unknown type refers to symbols by index).
 */
size_t elf_edit_add_symbol(struct elf_edit *ed, const char *name, size_t sec,
			   uint64_t value, uint64_t size,
			   struct symtab_err *err);

/* True once any edit was made. */
bool elf_edit_changed(const struct elf_edit *ed);

/*
 * Appends the bytes of the edited object to @out.  Returns 0, or -1 with
 * @err set.
 */
int elf_edit_write(struct elf_edit *ed, struct strbuf *out,
		   struct symtab_err *err);

#endif /* SYMTAB_ELF_EDIT_H */
