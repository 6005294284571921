// SPDX-License-Identifier: GPL-2.0-only
/*
 * Rewriting ELF relocatable objects through libelf: a model of sections,
 * symbols and relocations, a few edits on it, and a writer that lets libelf
 * lay the new file out.  See symtab/elf_edit.h.
 */
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <symtab/elf_edit.h>
#include <symtab/elfid.h>
#include <util/strbuf.h>
#include <util/xalloc.h>

/* LLVM's section types, absent from older <elf.h>. */
#define EE_SHT_LLVM_ADDRSIG		0x6fff4c03
#define EE_SHT_LLVM_CALL_GRAPH_PROFILE	0x6fff4c09

/* Padding the rewritten object may have beyond the input's own size. */
#define EE_PAD_SLACK			(1u << 20)

struct ee_scn {
	struct ee_section pub;
	GElf_Shdr shdr;
	/* Contents in libelf's memory representation. */
	void *buf;
	size_t size;
	Elf_Type type;
	size_t align;
	uint64_t span;		/* bytes relocations may reach (uncompressed) */
	bool renamed;		/* needs a new sh_name */
	/* REL and RELA sections: the relocations, as RELA for both. */
	GElf_Rela *rels;
	struct ee_reloc *view;
	size_t nr_rels;
};

struct ee_sym {
	struct ee_symbol pub;
	GElf_Sym sym;
	bool in_section;	/* st_shndx names a section (maybe XINDEX) */
	bool renamed;
};

struct elf_edit {
	Elf *elf;
	GElf_Ehdr ehdr;
	size_t size;		/* of the file */
	size_t shstrndx;
	struct ee_scn *scns;
	size_t nr_scns;
	size_t alloc_scns;
	size_t symtab;		/* 0: none */
	size_t strtab;
	size_t shndx_sec;	/* SHT_SYMTAB_SHNDX; 0: none */
	size_t symref_unknown;	/* a section of unknown type using symbols */
	struct ee_sym *syms;
	size_t nr_syms;
	size_t alloc_syms;
	size_t nr_orig_syms;
	size_t first_global;	/* sh_info of the original table */
	void **owned;		/* buffers and names to free */
	size_t nr_owned;
	size_t alloc_owned;
	bool changed;
};

static void *own(struct elf_edit *ed, void *p)
{
	ed->owned = xgrow(ed->owned, &ed->alloc_owned, ed->nr_owned + 1,
			  sizeof(*ed->owned));
	ed->owned[ed->nr_owned++] = p;
	return p;
}

static bool range_ok(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

static size_t entry_size(const struct elf_edit *ed, Elf_Type type)
{
	return gelf_fsize(ed->elf, type, 1, EV_CURRENT);
}

/* A NUL-terminated string at @off of string table @tab, or NULL. */
static const char *strtab_at(const struct ee_scn *tab, uint64_t off)
{
	const char *s = tab->buf;

	if (!tab->buf || off >= tab->size)
		return NULL;
	if (!memchr(s + off, '\0', tab->size - off))
		return NULL;
	return s + off;
}

static int open_header(struct elf_edit *ed, const struct blob *b,
		       struct symtab_err *err)
{
	size_t shnum, shentsize;

	if (elf_kind(ed->elf) != ELF_K_ELF) {
		elf_ident_err(b, err);
		return -1;
	}
	if (!gelf_getehdr(ed->elf, &ed->ehdr)) {
		symtab_errf(err, "not a valid ELF file: %s", elf_errmsg(-1));
		return -1;
	}
	if (ed->ehdr.e_type != ET_REL) {
		symtab_errf(err, "not a relocatable object (ELF type %u)",
			    (unsigned int)ed->ehdr.e_type);
		return -1;
	}
	if (ed->ehdr.e_phnum) {
		symtab_errf(err, "relocatable object with program headers");
		return -1;
	}
	if (elf_getshdrnum(ed->elf, &shnum) ||
	    elf_getshdrstrndx(ed->elf, &ed->shstrndx)) {
		symtab_errf(err, "bad section header table: %s",
			    elf_errmsg(-1));
		return -1;
	}
	shentsize = entry_size(ed, ELF_T_SHDR);
	/* libelf reports no sections when their table lies outside the file. */
	if (!shnum || ed->ehdr.e_shentsize != shentsize ||
	    shnum > SIZE_MAX / shentsize ||
	    !range_ok(ed->ehdr.e_shoff, shnum * shentsize, ed->size)) {
		symtab_errf(err, "section header table (offset %#llx, %zu entries) lies outside the file (%zu bytes)",
			    (unsigned long long)ed->ehdr.e_shoff,
			    shnum ? shnum : (size_t)ed->ehdr.e_shnum,
			    ed->size);
		return -1;
	}
	if (ed->shstrndx >= shnum) {
		symtab_errf(err, "section name table index %zu out of range",
			    ed->shstrndx);
		return -1;
	}
	ed->nr_scns = shnum;
	ed->alloc_scns = shnum;
	ed->scns = xcalloc(shnum ? shnum : 1, sizeof(*ed->scns));
	return 0;
}

static int read_section(struct elf_edit *ed, size_t i, struct symtab_err *err)
{
	struct ee_scn *s = &ed->scns[i];
	Elf_Scn *scn = elf_getscn(ed->elf, i);
	Elf_Data *d;

	if (!scn || !gelf_getshdr(scn, &s->shdr)) {
		symtab_errf(err, "section %zu: bad header: %s", i,
			    elf_errmsg(-1));
		return -1;
	}
	s->pub.size = s->shdr.sh_size;
	s->pub.has_bytes = s->shdr.sh_type != SHT_NOBITS;
	s->pub.is_reloc = s->shdr.sh_type == SHT_REL ||
			  s->shdr.sh_type == SHT_RELA;
	if (s->pub.has_bytes &&
	    !range_ok(s->shdr.sh_offset, s->shdr.sh_size, ed->size)) {
		symtab_errf(err, "section %zu: contents (offset %#llx, %llu bytes) lie outside the file (%zu bytes)",
			    i, (unsigned long long)s->shdr.sh_offset,
			    (unsigned long long)s->shdr.sh_size, ed->size);
		return -1;
	}
	/* libelf rounds offsets up to it, NOBITS too (see check_padding()). */
	if (s->shdr.sh_addralign & (s->shdr.sh_addralign - 1)) {
		symtab_errf(err, "section %zu: alignment %llu is not a power of two",
			    i, (unsigned long long)s->shdr.sh_addralign);
		return -1;
	}
	if (s->shdr.sh_link >= ed->nr_scns) {
		symtab_errf(err, "section %zu: link %u out of range", i,
			    (unsigned int)s->shdr.sh_link);
		return -1;
	}
	d = elf_getdata(scn, NULL);
	if (!d && s->shdr.sh_size && s->pub.has_bytes) {
		symtab_errf(err, "section %zu: cannot read contents: %s", i,
			    elf_errmsg(-1));
		return -1;
	}
	if (d && elf_getdata(scn, d)) {
		symtab_errf(err, "section %zu: more than one data block", i);
		return -1;
	}
	s->buf = d ? d->d_buf : NULL;
	s->size = d ? d->d_size : 0;
	s->type = d ? d->d_type : ELF_T_BYTE;
	s->align = d && d->d_align ? d->d_align : 1;
	s->span = s->shdr.sh_size;
	if (s->shdr.sh_flags & SHF_COMPRESSED) {
		GElf_Chdr ch;

		if (!gelf_getchdr(scn, &ch)) {
			symtab_errf(err, "section %zu: bad compression header: %s",
				    i, elf_errmsg(-1));
			return -1;
		}
		s->span = ch.ch_size;
	}
	if (s->pub.has_bytes && s->size && !s->buf) {
		symtab_errf(err, "section %zu: no contents", i);
		return -1;
	}
	return 0;
}

static int name_sections(struct elf_edit *ed, struct symtab_err *err)
{
	const struct ee_scn *names = &ed->scns[ed->shstrndx];
	size_t i;

	if (ed->nr_scns && (names->shdr.sh_type != SHT_STRTAB || !names->buf)) {
		symtab_errf(err, "section %zu is not a string table but holds the section names",
			    ed->shstrndx);
		return -1;
	}
	ed->scns[0].pub.name = "";
	for (i = 1; i < ed->nr_scns; i++) {
		ed->scns[i].pub.name = strtab_at(names,
						 ed->scns[i].shdr.sh_name);
		if (!ed->scns[i].pub.name) {
			symtab_errf(err, "section %zu: name offset %u out of range",
				    i, (unsigned int)ed->scns[i].shdr.sh_name);
			return -1;
		}
	}
	return 0;
}

static int find_symtab(struct elf_edit *ed, struct symtab_err *err)
{
	size_t i;

	for (i = 1; i < ed->nr_scns; i++) {
		const GElf_Shdr *sh = &ed->scns[i].shdr;

		if (sh->sh_type == SHT_SYMTAB) {
			if (ed->symtab) {
				symtab_errf(err, "more than one symbol table");
				return -1;
			}
			ed->symtab = i;
			ed->strtab = sh->sh_link;
		} else if (sh->sh_type == SHT_SYMTAB_SHNDX) {
			ed->shndx_sec = i;
		}
	}
	if (ed->symtab && ed->scns[ed->strtab].shdr.sh_type != SHT_STRTAB) {
		symtab_errf(err, "symbol table links to section %zu, not a string table",
			    ed->strtab);
		return -1;
	}
	if (ed->shndx_sec && ed->scns[ed->shndx_sec].shdr.sh_link != ed->symtab) {
		symtab_errf(err, "extended section index table does not belong to the symbol table");
		return -1;
	}
	return 0;
}

static enum ee_sym_kind sym_kind(unsigned int type)
{
	switch (type) {
	case STT_NOTYPE:
		return EE_SYM_NOTYPE;
	case STT_OBJECT:
		return EE_SYM_OBJECT;
	case STT_FUNC:
		return EE_SYM_FUNC;
	case STT_SECTION:
		return EE_SYM_SECTION;
	case STT_FILE:
		return EE_SYM_FILE;
	default:
		return EE_SYM_OTHER;
	}
}

static int read_symbol(struct elf_edit *ed, Elf_Data *symd, Elf_Data *xd,
		       size_t i, struct symtab_err *err)
{
	struct ee_sym *s = &ed->syms[i];
	Elf32_Word xndx = 0;
	size_t shndx = 0;

	if (!gelf_getsymshndx(symd, xd, i, &s->sym, &xndx)) {
		symtab_errf(err, "symbol %zu: unreadable: %s", i,
			    elf_errmsg(-1));
		return -1;
	}
	s->pub.name = strtab_at(&ed->scns[ed->strtab], s->sym.st_name);
	if (!s->pub.name) {
		symtab_errf(err, "symbol %zu: name offset %u out of range", i,
			    (unsigned int)s->sym.st_name);
		return -1;
	}
	if (s->sym.st_shndx == SHN_XINDEX) {
		if (!xd) {
			symtab_errf(err, "symbol %zu: extended section index without a table",
				    i);
			return -1;
		}
		shndx = xndx;
		s->in_section = true;
	} else if (s->sym.st_shndx != SHN_UNDEF &&
		   s->sym.st_shndx < SHN_LORESERVE) {
		shndx = s->sym.st_shndx;
		s->in_section = true;
	}
	if (shndx >= ed->nr_scns) {
		symtab_errf(err, "symbol %zu (%s): section %zu out of range",
			    i, s->pub.name, shndx);
		return -1;
	}
	s->pub.section = shndx;
	s->pub.value = s->sym.st_value;
	s->pub.size = s->sym.st_size;
	s->pub.kind = sym_kind(GELF_ST_TYPE(s->sym.st_info));
	s->pub.local = GELF_ST_BIND(s->sym.st_info) == STB_LOCAL;
	return 0;
}

static int read_symbols(struct elf_edit *ed, struct symtab_err *err)
{
	struct ee_scn *st = &ed->scns[ed->symtab];
	Elf_Data *symd, *xd = NULL;
	size_t n, i, esz = entry_size(ed, ELF_T_SYM);

	if (!ed->symtab)
		return 0;
	if (st->type != ELF_T_SYM || st->shdr.sh_size % esz) {
		symtab_errf(err, "symbol table size %llu is not a multiple of %zu",
			    (unsigned long long)st->shdr.sh_size, esz);
		return -1;
	}
	n = st->shdr.sh_size / esz;
	if (st->shdr.sh_info > n) {
		symtab_errf(err, "symbol table: first global %u beyond its %zu symbols",
			    (unsigned int)st->shdr.sh_info, n);
		return -1;
	}
	symd = elf_getdata(elf_getscn(ed->elf, ed->symtab), NULL);
	if (ed->shndx_sec) {
		xd = elf_getdata(elf_getscn(ed->elf, ed->shndx_sec), NULL);
		if (!xd || xd->d_size / sizeof(Elf32_Word) < n) {
			symtab_errf(err, "extended section index table is too short");
			return -1;
		}
	}
	ed->first_global = st->shdr.sh_info;
	ed->nr_syms = ed->nr_orig_syms = ed->alloc_syms = n;
	ed->syms = xcalloc(n ? n : 1, sizeof(*ed->syms));
	for (i = 0; i < n; i++)
		if (read_symbol(ed, symd, xd, i, err))
			return -1;
	return 0;
}

static void build_view(struct ee_scn *rs)
{
	size_t i;

	free(rs->view);
	rs->view = xcalloc(rs->nr_rels ? rs->nr_rels : 1, sizeof(*rs->view));
	for (i = 0; i < rs->nr_rels; i++) {
		rs->view[i].offset = rs->rels[i].r_offset;
		rs->view[i].sym = GELF_R_SYM(rs->rels[i].r_info);
		rs->view[i].addend = rs->rels[i].r_addend;
	}
}

static int read_relocs(struct elf_edit *ed, size_t i, struct symtab_err *err)
{
	struct ee_scn *rs = &ed->scns[i], *target;
	bool rela = rs->shdr.sh_type == SHT_RELA;
	Elf_Data *d = elf_getdata(elf_getscn(ed->elf, i), NULL);
	size_t n, k, esz = entry_size(ed, rela ? ELF_T_RELA : ELF_T_REL);

	if (rs->shdr.sh_link != ed->symtab || !ed->symtab) {
		symtab_errf(err, "%s: relocations not against the symbol table",
			    rs->pub.name);
		return -1;
	}
	if (!rs->shdr.sh_info || rs->shdr.sh_info >= ed->nr_scns ||
	    rs->shdr.sh_size % esz) {
		symtab_errf(err, "%s: bad relocation section header",
			    rs->pub.name);
		return -1;
	}
	target = &ed->scns[rs->shdr.sh_info];
	n = rs->shdr.sh_size / esz;
	rs->rels = xcalloc(n ? n : 1, sizeof(*rs->rels));
	rs->nr_rels = n;
	for (k = 0; k < n; k++) {
		GElf_Rel rel;
		GElf_Rela *r = &rs->rels[k];

		if (rela ? !gelf_getrela(d, k, r) : !gelf_getrel(d, k, &rel)) {
			symtab_errf(err, "%s: relocation %zu unreadable: %s",
				    rs->pub.name, k, elf_errmsg(-1));
			return -1;
		}
		if (!rela) {
			r->r_offset = rel.r_offset;
			r->r_info = rel.r_info;
			r->r_addend = 0;
		}
		if (GELF_R_SYM(r->r_info) >= ed->nr_syms ||
		    r->r_offset >= target->span) {
			symtab_errf(err, "%s: relocation %zu: symbol %zu or offset %#llx out of range",
				    rs->pub.name, k,
				    (size_t)GELF_R_SYM(r->r_info),
				    (unsigned long long)r->r_offset);
			return -1;
		}
	}
	build_view(rs);
	if (!target->pub.nr_reloc_secs++)
		target->pub.reloc_sec = i;
	return 0;
}

static int check_group(struct elf_edit *ed, size_t i, struct symtab_err *err)
{
	const struct ee_scn *g = &ed->scns[i];
	const Elf32_Word *w = g->buf;
	size_t k, n = g->size / sizeof(Elf32_Word);

	if (g->shdr.sh_link != ed->symtab || !ed->symtab ||
	    g->shdr.sh_info >= ed->nr_syms || g->type != ELF_T_WORD ||
	    !n || g->size % sizeof(Elf32_Word)) {
		symtab_errf(err, "%s: bad section group", g->pub.name);
		return -1;
	}
	for (k = 1; k < n; k++) {
		if (w[k] == 0 || w[k] >= ed->nr_scns) {
			symtab_errf(err, "%s: member %u out of range",
				    g->pub.name, (unsigned int)w[k]);
			return -1;
		}
	}
	return 0;
}

/* Relocations, groups, and sections that use symbol indices otherwise. */
static int read_links(struct elf_edit *ed, struct symtab_err *err)
{
	size_t i;

	for (i = 1; i < ed->nr_scns; i++) {
		const GElf_Shdr *sh = &ed->scns[i].shdr;

		switch (sh->sh_type) {
		case SHT_REL:
		case SHT_RELA:
			if (read_relocs(ed, i, err))
				return -1;
			break;
		case SHT_GROUP:
			if (check_group(ed, i, err))
				return -1;
			break;
		case SHT_SYMTAB:
		case SHT_SYMTAB_SHNDX:
		case EE_SHT_LLVM_ADDRSIG:
		case EE_SHT_LLVM_CALL_GRAPH_PROFILE:
			break;
		default:
			if (ed->symtab && sh->sh_link == ed->symtab &&
			    !ed->symref_unknown)
				ed->symref_unknown = i;
		}
	}
	return 0;
}

struct elf_edit *elf_edit_open(const struct blob *b, struct symtab_err *err)
{
	struct elf_edit *ed = xcalloc(1, sizeof(*ed));
	size_t i;

	ed->size = b->size;
	/* libelf takes a non-const image; it only reads it in this mode. */
	ed->elf = elf_memory((char *)b->data, b->size);
	if (!ed->elf) {
		elf_ident_err(b, err);
		goto fail;
	}
	if (open_header(ed, b, err))
		goto fail;
	for (i = 1; i < ed->nr_scns; i++)
		if (read_section(ed, i, err))
			goto fail;
	if (name_sections(ed, err) || find_symtab(ed, err) ||
	    read_symbols(ed, err) || read_links(ed, err))
		goto fail;
	return ed;
fail:
	elf_edit_free(ed);
	return NULL;
}

void elf_edit_free(struct elf_edit *ed)
{
	size_t i;

	if (!ed)
		return;
	for (i = 0; i < ed->nr_scns; i++) {
		free(ed->scns[i].rels);
		free(ed->scns[i].view);
	}
	for (i = 0; i < ed->nr_owned; i++)
		free(ed->owned[i]);
	free(ed->owned);
	free(ed->scns);
	free(ed->syms);
	if (ed->elf)
		elf_end(ed->elf);
	free(ed);
}

size_t elf_edit_nr_sections(const struct elf_edit *ed)
{
	return ed->nr_scns;
}

const struct ee_section *elf_edit_section(const struct elf_edit *ed,
					  size_t i)
{
	return i < ed->nr_scns ? &ed->scns[i].pub : NULL;
}

size_t elf_edit_nr_symbols(const struct elf_edit *ed)
{
	return ed->nr_syms;
}

const struct ee_symbol *elf_edit_symbol(const struct elf_edit *ed, size_t i)
{
	return i < ed->nr_syms ? &ed->syms[i].pub : NULL;
}

const struct ee_reloc *elf_edit_relocs(const struct elf_edit *ed, size_t sec,
				       size_t *nr)
{
	const struct ee_scn *rs;

	*nr = 0;
	if (sec >= ed->nr_scns || !ed->scns[sec].pub.reloc_sec)
		return NULL;
	rs = &ed->scns[ed->scns[sec].pub.reloc_sec];
	*nr = rs->nr_rels;
	return rs->view;
}

bool elf_edit_relocs_implicit(const struct elf_edit *ed, size_t sec)
{
	size_t rs = sec < ed->nr_scns ? ed->scns[sec].pub.reloc_sec : 0;

	return rs && ed->scns[rs].shdr.sh_type == SHT_REL;
}

int elf_edit_implicit_addend(const struct elf_edit *ed, size_t sec,
			     uint64_t offset, unsigned int width,
			     int64_t *addend)
{
	const struct ee_scn *s;
	const unsigned char *p;
	uint64_t v = 0;
	unsigned int k;

	if (sec >= ed->nr_scns || (width != 4 && width != 8))
		return -1;
	s = &ed->scns[sec];
	if (!s->buf || s->type != ELF_T_BYTE || !range_ok(offset, width, s->size))
		return -1;
	p = (const unsigned char *)s->buf + offset;
	for (k = 0; k < width; k++) {
		unsigned int at = ed->ehdr.e_ident[EI_DATA] == ELFDATA2MSB ?
				  k : width - 1 - k;

		v = v << 8 | p[at];
	}
	if (width == 4)
		*addend = (int32_t)(uint32_t)v;
	else
		*addend = (int64_t)v;
	return 0;
}

bool elf_edit_changed(const struct elf_edit *ed)
{
	return ed->changed;
}

static void set_section_name(struct elf_edit *ed, size_t sec, const char *name)
{
	if (!strcmp(ed->scns[sec].pub.name, name))
		return;
	ed->scns[sec].pub.name = own(ed, xstrdup(name));
	ed->scns[sec].renamed = true;
	ed->changed = true;
}

/* ".rela<old>" -> ".rela<new>", ".rel<old>" -> ".rel<new>". */
static void rename_reloc_section(struct elf_edit *ed, size_t rs,
				 const char *old, const char *name)
{
	const char *cur = ed->scns[rs].pub.name;
	const char *prefix = !strncmp(cur, ".rela", 5) ? ".rela" :
			     !strncmp(cur, ".rel", 4) ? ".rel" : NULL;
	struct strbuf sb = STRBUF_INIT;

	if (!prefix || strcmp(cur + strlen(prefix), old))
		return;
	strbuf_addf(&sb, "%s%s", prefix, name);
	set_section_name(ed, rs, strbuf_str(&sb));
	strbuf_release(&sb);
}

void elf_edit_rename_section(struct elf_edit *ed, size_t sec,
			     const char *name)
{
	const char *old;
	size_t i;

	if (!sec || sec >= ed->nr_scns)
		return;
	old = ed->scns[sec].pub.name;
	/* The usual single relocation section is known; more are searched. */
	if (ed->scns[sec].pub.nr_reloc_secs == 1)
		rename_reloc_section(ed, ed->scns[sec].pub.reloc_sec, old, name);
	for (i = 1; ed->scns[sec].pub.nr_reloc_secs > 1 && i < ed->nr_scns;
	     i++)
		if (ed->scns[i].pub.is_reloc && ed->scns[i].shdr.sh_info == sec)
			rename_reloc_section(ed, i, old, name);
	set_section_name(ed, sec, name);
}

void elf_edit_rename_symbol(struct elf_edit *ed, size_t sym,
			    const char *name)
{
	if (!sym || sym >= ed->nr_syms || !strcmp(ed->syms[sym].pub.name, name))
		return;
	ed->syms[sym].pub.name = own(ed, xstrdup(name));
	ed->syms[sym].renamed = true;
	ed->changed = true;
}

/* Why symbols cannot be added, or NULL when they can. */
static const char *cannot_add_symbols(const struct elf_edit *ed,
				      struct symtab_err *err)
{
	if (!ed->symtab) {
		symtab_errf(err, "no symbol table");
		return err->msg;
	}
	if (ed->symref_unknown) {
		symtab_errf(err, "cannot renumber symbols: section %s (type %#x) refers to them",
			    ed->scns[ed->symref_unknown].pub.name,
			    (unsigned int)ed->scns[ed->symref_unknown].shdr.sh_type);
		return err->msg;
	}
	return NULL;
}

static size_t add_local(struct elf_edit *ed, const char *name, size_t sec,
			uint64_t value, uint64_t size, unsigned int type)
{
	struct ee_sym *s;
	size_t i = ed->nr_syms;

	ed->syms = xgrow(ed->syms, &ed->alloc_syms, i + 1, sizeof(*ed->syms));
	s = &ed->syms[i];
	memset(s, 0, sizeof(*s));
	s->sym.st_info = GELF_ST_INFO(STB_LOCAL, type);
	s->sym.st_other = STV_DEFAULT;
	s->sym.st_value = value;
	s->sym.st_size = size;
	s->in_section = true;
	s->renamed = true;
	s->pub.name = own(ed, xstrdup(name));
	s->pub.value = value;
	s->pub.size = size;
	s->pub.section = sec;
	s->pub.kind = sym_kind(type);
	s->pub.local = true;
	ed->nr_syms++;
	ed->changed = true;
	return i;
}

size_t elf_edit_add_symbol(struct elf_edit *ed, const char *name, size_t sec,
			   uint64_t value, uint64_t size,
			   struct symtab_err *err)
{
	if (cannot_add_symbols(ed, err))
		return 0;
	if (!sec || sec >= ed->nr_scns) {
		symtab_errf(err, "no section %zu for symbol %s", sec, name);
		return 0;
	}
	return add_local(ed, name, sec, value, size, STT_OBJECT);
}

/* Appends a copy of section @like's header, without contents. */
static size_t new_section(struct elf_edit *ed, size_t like)
{
	size_t i = ed->nr_scns;
	struct ee_scn *s;

	ed->scns = xgrow(ed->scns, &ed->alloc_scns, i + 1, sizeof(*ed->scns));
	s = &ed->scns[i];
	*s = ed->scns[like];
	s->rels = NULL;
	s->view = NULL;
	s->nr_rels = 0;
	s->pub.reloc_sec = 0;
	s->pub.nr_reloc_secs = 0;
	ed->nr_scns++;
	return i;
}

/* The SHT_GROUP section that lists @sec, or 0. */
static size_t group_of(const struct elf_edit *ed, size_t sec)
{
	size_t i, k;

	for (i = 1; i < ed->nr_scns; i++) {
		const struct ee_scn *g = &ed->scns[i];
		const Elf32_Word *w = g->buf;

		if (g->shdr.sh_type != SHT_GROUP)
			continue;
		for (k = 1; k < g->size / sizeof(*w); k++)
			if (w[k] == sec)
				return i;
	}
	return 0;
}

/*
 * Lists the @nr sections @added in the group that lists @like, if any:
 * one search and one copy of the group for all of them.
 */
static void group_add(struct elf_edit *ed, size_t like, const size_t *added,
		      size_t nr)
{
	size_t g = nr ? group_of(ed, like) : 0, k, old;
	struct ee_scn *gs;
	Elf32_Word *w;

	if (!g)
		return;
	gs = &ed->scns[g];
	old = gs->size / sizeof(*w);
	w = own(ed, xmalloc(gs->size + nr * sizeof(*w)));
	memcpy(w, gs->buf, gs->size);
	for (k = 0; k < nr; k++)
		w[old + k] = added[k];
	gs->buf = w;
	gs->size += nr * sizeof(*w);
	gs->shdr.sh_size = gs->size;
}


/*
 * Index of the piece holding @off: pieces start at 0, cuts[0], ... (in
 * increasing order), so it is the number of cuts at or below @off.
 */
static size_t piece_of(const uint64_t *cuts, size_t nr, uint64_t off)
{
	size_t lo = 0, hi = nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cuts[mid] <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Relocations against @sec's section symbol that point at or beyond @from:
 * RELA ones can be moved to a section symbol of their piece; REL ones keep
 * their addend in the bytes of another section, so they stop the split.
 * Returns the number of movable ones, or -1 with *@where set.
 */
static long refs_by_offset(const struct elf_edit *ed, size_t sec,
			   uint64_t from, const char **where)
{
	size_t i, k;
	long movable = 0;

	for (i = 1; i < ed->nr_scns; i++) {
		const struct ee_scn *rs = &ed->scns[i];
		bool rel = rs->shdr.sh_type == SHT_REL;

		for (k = 0; k < rs->nr_rels; k++) {
			const struct ee_symbol *s;

			s = &ed->syms[GELF_R_SYM(rs->rels[k].r_info)].pub;
			if (s->kind != EE_SYM_SECTION || s->section != sec)
				continue;
			if (rel) {
				*where = rs->pub.name;
				return -1;
			}
			movable += rs->rels[k].r_addend >= (int64_t)from;
		}
	}
	return movable;
}
static int split_check(const struct elf_edit *ed, size_t sec,
		       const uint64_t *cuts, size_t nr,
		       struct symtab_err *err)
{
	const struct ee_scn *s = &ed->scns[sec];
	const char *where = NULL;
	long refs;
	size_t i, k;

	if (s->type != ELF_T_BYTE || !s->pub.has_bytes ||
	    s->pub.nr_reloc_secs > 1) {
		symtab_errf(err, "%s: cannot split this kind of section",
			    s->pub.name);
		return -1;
	}
	for (k = 0; k < nr; k++) {
		if (!cuts[k] || cuts[k] >= s->size ||
		    (k && cuts[k] <= cuts[k - 1])) {
			symtab_errf(err, "%s: bad split offset %#llx",
				    s->pub.name, (unsigned long long)cuts[k]);
			return -1;
		}
	}
	if (ed->nr_scns + 2 * nr >= SHN_LORESERVE) {
		symtab_errf(err, "too many sections to split %s", s->pub.name);
		return -1;
	}
	for (i = 1; i < ed->nr_scns; i++) {
		if (ed->scns[i].shdr.sh_link == sec &&
		    !ed->scns[i].pub.is_reloc) {
			symtab_errf(err, "%s: section %s depends on it",
				    s->pub.name, ed->scns[i].pub.name);
			return -1;
		}
	}
	refs = nr ? refs_by_offset(ed, sec, cuts[0], &where) : 0;
	if (refs < 0) {
		symtab_errf(err, "%s: REL relocations in %s refer into it by offset",
			    s->pub.name, where);
		return -1;
	}
	if (refs && cannot_add_symbols(ed, err))
		return -1;
	for (i = 1; i < ed->nr_syms; i++) {
		const struct ee_symbol *y = &ed->syms[i].pub;

		if (y->section != sec || y->kind == EE_SYM_SECTION)
			continue;
		/* The first cut after its start is the one it could span. */
		k = piece_of(cuts, nr, y->value);
		if (k < nr && y->size > cuts[k] - y->value) {
			symtab_errf(err, "%s: symbol %s spans offset %#llx",
				    s->pub.name, y->name,
				    (unsigned long long)cuts[k]);
			return -1;
		}
	}
	return 0;
}

/* A relocation section for each piece that relocations fall in. */
static void split_relocs(struct elf_edit *ed, size_t rs, const uint64_t *cuts,
			 size_t nr, const size_t *pieces)
{
	GElf_Rela *all = ed->scns[rs].rels;
	size_t n = ed->scns[rs].nr_rels, p, k, kept = 0, nr_new = 0;
	size_t *piece = xcalloc(n ? n : 1, sizeof(*piece));
	size_t *count = xcalloc(nr + 1, sizeof(*count));
	size_t *sec = xcalloc(nr + 1, sizeof(*sec));
	size_t *added = xcalloc(nr + 1, sizeof(*added));

	for (k = 0; k < n; k++)
		count[piece[k] = piece_of(cuts, nr, all[k].r_offset)]++;
	for (p = 1; p <= nr; p++) {
		if (!count[p])
			continue;
		sec[p] = added[nr_new++] = new_section(ed, rs);
		ed->scns[sec[p]].shdr.sh_info = pieces[p - 1];
		ed->scns[sec[p]].rels = xcalloc(count[p], sizeof(GElf_Rela));
		ed->scns[pieces[p - 1]].pub.reloc_sec = sec[p];
		ed->scns[pieces[p - 1]].pub.nr_reloc_secs = 1;
	}
	for (k = 0; k < n; k++) {
		struct ee_scn *r;

		p = piece[k];
		if (!p) {
			all[kept++] = all[k];
			continue;
		}
		r = &ed->scns[sec[p]];
		r->rels[r->nr_rels] = all[k];
		r->rels[r->nr_rels++].r_offset -= cuts[p - 1];
	}
	for (k = 0; k < nr_new; k++)
		build_view(&ed->scns[added[k]]);
	if (ed->scns[rs].shdr.sh_flags & SHF_GROUP)
		group_add(ed, rs, added, nr_new);
	ed->scns[rs].nr_rels = kept;
	build_view(&ed->scns[rs]);
	free(piece);
	free(count);
	free(sec);
	free(added);
}

static void split_symbols(struct elf_edit *ed, size_t sec,
			  const uint64_t *cuts, size_t nr, const size_t *pieces)
{
	size_t i, p;

	for (i = 1; i < ed->nr_syms; i++) {
		struct ee_sym *y = &ed->syms[i];

		if (y->pub.section != sec || y->pub.kind == EE_SYM_SECTION)
			continue;
		p = piece_of(cuts, nr, y->pub.value);
		if (!p)
			continue;
		y->pub.section = pieces[p - 1];
		y->pub.value -= cuts[p - 1];
		y->sym.st_value = y->pub.value;
	}
}

/*
 * Relocations that reached a piece through @sec's section symbol now go
 * through a section symbol of the piece (debug information refers to
 * variables this way).
 */
static void retarget_refs(struct elf_edit *ed, size_t sec,
			  const uint64_t *cuts, size_t nr, const size_t *pieces)
{
	size_t *secsym = xcalloc(nr + 1, sizeof(*secsym));
	size_t i, k, p;

	for (i = 1; i < ed->nr_scns; i++) {
		struct ee_scn *rs = &ed->scns[i];
		bool moved = false;

		for (k = 0; k < rs->nr_rels; k++) {
			GElf_Rela *r = &rs->rels[k];
			const struct ee_symbol *s;

			s = &ed->syms[GELF_R_SYM(r->r_info)].pub;
			if (s->kind != EE_SYM_SECTION || s->section != sec ||
			    r->r_addend < 0)
				continue;
			p = piece_of(cuts, nr, r->r_addend);
			if (!p)
				continue;
			if (!secsym[p])
				secsym[p] = add_local(ed, "", pieces[p - 1], 0,
						      0, STT_SECTION);
			r->r_info = GELF_R_INFO(secsym[p],
						GELF_R_TYPE(r->r_info));
			r->r_addend -= cuts[p - 1];
			moved = true;
		}
		if (moved)
			build_view(rs);
	}
	free(secsym);
}

int elf_edit_split(struct elf_edit *ed, size_t sec, const uint64_t *cuts,
		   size_t nr, size_t *pieces, struct symtab_err *err)
{
	size_t k, rs;

	if (!sec || sec >= ed->nr_scns) {
		symtab_errf(err, "no section %zu", sec);
		return -1;
	}
	if (split_check(ed, sec, cuts, nr, err))
		return -1;
	for (k = 0; k < nr; k++) {
		uint64_t end = k + 1 < nr ? cuts[k + 1] : ed->scns[sec].size;
		struct ee_scn *p;

		pieces[k] = new_section(ed, sec);
		p = &ed->scns[pieces[k]];
		p->buf = (char *)ed->scns[sec].buf + cuts[k];
		p->size = end - cuts[k];
		p->pub.size = p->shdr.sh_size = p->size;
	}
	if (ed->scns[sec].shdr.sh_flags & SHF_GROUP)
		group_add(ed, sec, pieces, nr);
	if (nr) {
		struct ee_scn *s = &ed->scns[sec];

		s->size = s->pub.size = s->shdr.sh_size = cuts[0];
		ed->changed = true;
	}
	rs = ed->scns[sec].pub.reloc_sec;
	if (rs && nr)
		split_relocs(ed, rs, cuts, nr, pieces);
	split_symbols(ed, sec, cuts, nr, pieces);
	if (nr)
		retarget_refs(ed, sec, cuts, nr, pieces);
	return 0;
}

/*
 * A string table being extended: its old bytes, then new names.  Names
 * are looked up in a hash of the whole strings of both, so that naming n
 * sections costs n lookups, not n scans of a growing table.
 */
struct strtab_out {
	size_t sec;
	const char *base;
	size_t base_len;
	struct strbuf extra;
	size_t *slots;		/* offset + 1 of a string; 0: free */
	size_t nr_slots;	/* a power of two; 0 until the first lookup */
	size_t used;
};

static const char *out_string(const struct strtab_out *t, size_t off)
{
	return off < t->base_len ? t->base + off :
				   t->extra.buf + (off - t->base_len);
}

static uint64_t str_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;	/* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The slot holding @name, or the free slot where it would go. */
static size_t slot_of(const struct strtab_out *t, const char *name)
{
	size_t i = str_hash(name) & (t->nr_slots - 1);

	while (t->slots[i] && strcmp(out_string(t, t->slots[i] - 1), name))
		i = (i + 1) & (t->nr_slots - 1);
	return i;
}

/* Indexes the string at @off unless an equal one came first. */
static void index_string(struct strtab_out *t, size_t off)
{
	size_t i, k, *old = t->slots, nr_old = t->nr_slots;

	if (2 * (t->used + 1) > t->nr_slots) {
		t->nr_slots = 2 * nr_old;
		t->slots = xcalloc(t->nr_slots, sizeof(*t->slots));
		for (k = 0; k < nr_old; k++)
			if (old[k])
				t->slots[slot_of(t, out_string(t, old[k] - 1))] =
					old[k];
		free(old);
	}
	i = slot_of(t, out_string(t, off));
	if (t->slots[i])
		return;
	t->slots[i] = off + 1;
	t->used++;
}

/* Every NUL-terminated string of the old table, first ones first. */
static void index_base(struct strtab_out *t)
{
	size_t off = 0;

	t->nr_slots = 64;
	t->slots = xcalloc(t->nr_slots, sizeof(*t->slots));
	while (off < t->base_len) {
		const char *nul = memchr(t->base + off, '\0', t->base_len - off);

		if (!nul)
			break;
		index_string(t, off);
		off = nul - t->base + 1;
	}
}

static int strtab_offset(struct strtab_out *t, const char *name,
			 uint32_t *off, struct symtab_err *err)
{
	size_t at, i;

	if (!t->nr_slots)
		index_base(t);
	i = slot_of(t, name);
	if (t->slots[i]) {
		at = t->slots[i] - 1;
	} else {
		at = t->base_len + t->extra.len;
		strbuf_add(&t->extra, name, strlen(name) + 1);
		index_string(t, at);
	}
	if (at > UINT32_MAX) {
		symtab_errf(err, "string table too large");
		return -1;
	}
	*off = at;
	return 0;
}

static void strtab_init(struct strtab_out *t, const struct elf_edit *ed,
			size_t sec)
{
	memset(t, 0, sizeof(*t));
	t->sec = sec;
	t->base = ed->scns[sec].buf;
	t->base_len = ed->scns[sec].size;
}

/* Gives renamed sections and symbols their offsets; builds the tables. */
static int assign_names(struct elf_edit *ed, struct symtab_err *err)
{
	struct strtab_out tabs[2], *shstr = &tabs[0], *str = &tabs[1];
	size_t i, k, nr_tabs = 1;
	int ret = 0;

	strtab_init(&tabs[0], ed, ed->shstrndx);
	if (ed->symtab && ed->strtab != ed->shstrndx) {
		strtab_init(&tabs[1], ed, ed->strtab);
		nr_tabs = 2;
	} else {
		str = shstr;
	}
	for (i = 1; i < ed->nr_scns && !ret; i++)
		if (ed->scns[i].renamed)
			ret = strtab_offset(shstr, ed->scns[i].pub.name,
					    &ed->scns[i].shdr.sh_name, err);
	for (i = 1; i < ed->nr_syms && !ret; i++) {
		uint32_t off;

		if (!ed->syms[i].renamed)
			continue;
		ret = strtab_offset(str, ed->syms[i].pub.name, &off, err);
		ed->syms[i].sym.st_name = off;
	}
	for (k = 0; k < nr_tabs; k++) {
		struct ee_scn *s = &ed->scns[tabs[k].sec];
		char *buf;

		if (!ret && tabs[k].extra.len) {
			buf = own(ed, xmalloc(tabs[k].base_len +
					      tabs[k].extra.len));
			memcpy(buf, tabs[k].base, tabs[k].base_len);
			memcpy(buf + tabs[k].base_len, tabs[k].extra.buf,
			       tabs[k].extra.len);
			s->buf = buf;
			s->size = s->shdr.sh_size = tabs[k].base_len +
						    tabs[k].extra.len;
		}
		strbuf_release(&tabs[k].extra);
		free(tabs[k].slots);
	}
	return ret;
}

/* Where model symbol @i lands: new locals follow the old ones. */
static size_t sym_out(const struct elf_edit *ed, size_t i)
{
	size_t added = ed->nr_syms - ed->nr_orig_syms;

	if (i >= ed->nr_orig_syms)
		return ed->first_global + (i - ed->nr_orig_syms);
	return i < ed->first_global ? i : i + added;
}

static Elf_Data *new_data(struct elf_edit *ed, Elf_Scn *scn, Elf_Type type,
			  size_t count, size_t align)
{
	Elf_Data *d = elf_newdata(scn);
	size_t esz = entry_size(ed, type);

	if (!d)
		return NULL;
	d->d_type = type;
	d->d_size = count * esz;
	d->d_buf = own(ed, xcalloc(count ? count : 1, esz));
	d->d_align = align;
	d->d_version = EV_CURRENT;
	return d;
}

static int write_symtab(struct elf_edit *ed, Elf_Scn *scn, Elf_Scn *xscn,
			GElf_Shdr *sh)
{
	Elf_Data *d = new_data(ed, scn, ELF_T_SYM, ed->nr_syms,
			       ed->scns[ed->symtab].align);
	Elf_Data *xd = NULL;
	size_t i;

	if (!d)
		return -1;
	if (xscn) {
		xd = new_data(ed, xscn, ELF_T_WORD, ed->nr_syms, 4);
		if (!xd)
			return -1;
	}
	for (i = 0; i < ed->nr_syms; i++) {
		GElf_Sym sym = ed->syms[i].sym;
		size_t shndx = ed->syms[i].pub.section;
		Elf32_Word x = 0;

		if (ed->syms[i].in_section) {
			sym.st_shndx = shndx < SHN_LORESERVE ? shndx :
				       SHN_XINDEX;
			x = shndx < SHN_LORESERVE ? 0 : shndx;
		}
		if (!gelf_update_symshndx(d, xd, sym_out(ed, i), &sym, x))
			return -1;
	}
	sh->sh_info = ed->first_global + ed->nr_syms - ed->nr_orig_syms;
	return 0;
}

static int write_relocs(struct elf_edit *ed, size_t i, Elf_Scn *scn)
{
	const struct ee_scn *rs = &ed->scns[i];
	bool rela = rs->shdr.sh_type == SHT_RELA;
	Elf_Data *d = new_data(ed, scn, rela ? ELF_T_RELA : ELF_T_REL,
			       rs->nr_rels, rs->align);
	size_t k;

	if (!d)
		return -1;
	for (k = 0; k < rs->nr_rels; k++) {
		GElf_Rela r = rs->rels[k];
		GElf_Rel rel;
		size_t sym = sym_out(ed, GELF_R_SYM(r.r_info));
		unsigned int type = GELF_R_TYPE(r.r_info);

		/* gelf converts the 64-bit form for ELFCLASS32. */
		r.r_info = GELF_R_INFO(sym, type);
		rel.r_offset = r.r_offset;
		rel.r_info = r.r_info;
		if (rela ? !gelf_update_rela(d, k, &r) :
			   !gelf_update_rel(d, k, &rel))
			return -1;
	}
	return 0;
}

static void put_uleb(struct strbuf *sb, uint64_t v)
{
	do {
		unsigned char c = v & 0x7f;

		v >>= 7;
		strbuf_addch(sb, c | (v ? 0x80 : 0));
	} while (v);
}

/* .llvm_addrsig: ULEB128 symbol indices, renumbered. */
static int write_addrsig(struct elf_edit *ed, size_t i, Elf_Data *d,
			 struct symtab_err *err)
{
	const unsigned char *p = ed->scns[i].buf;
	size_t pos = 0, n = ed->scns[i].size;
	struct strbuf sb = STRBUF_INIT;

	while (pos < n) {
		uint64_t v = 0;
		unsigned int shift = 0;
		unsigned char c;

		do {
			if (pos >= n || shift > 63) {
				symtab_errf(err, "%s: bad ULEB128 entry",
					    ed->scns[i].pub.name);
				strbuf_release(&sb);
				return -1;
			}
			c = p[pos++];
			v |= (uint64_t)(c & 0x7f) << shift;
			shift += 7;
		} while (c & 0x80);
		if (v >= ed->nr_orig_syms) {
			symtab_errf(err, "%s: symbol %llu out of range",
				    ed->scns[i].pub.name,
				    (unsigned long long)v);
			strbuf_release(&sb);
			return -1;
		}
		put_uleb(&sb, sym_out(ed, v));
	}
	d->d_buf = own(ed, sb.buf ? sb.buf : xcalloc(1, 1));
	d->d_size = sb.len;
	return 0;
}

static int write_group(struct elf_edit *ed, size_t i, Elf_Data *d,
		       GElf_Shdr *sh)
{
	sh->sh_info = sym_out(ed, sh->sh_info);
	d->d_buf = ed->scns[i].buf;
	return 0;
}

/* Contents of output section @i, renumbered where they hold indices. */
static int write_contents(struct elf_edit *ed, Elf_Scn **out, size_t i,
			  GElf_Shdr *sh, struct symtab_err *err)
{
	const struct ee_scn *s = &ed->scns[i];
	Elf_Data *d;

	if (i == ed->symtab)
		return write_symtab(ed, out[i],
				    ed->shndx_sec ? out[ed->shndx_sec] : NULL,
				    sh);
	if (i == ed->shndx_sec)
		return 0;
	if (s->pub.is_reloc)
		return write_relocs(ed, i, out[i]);
	d = elf_newdata(out[i]);
	if (!d)
		return -1;
	d->d_type = s->type;
	d->d_buf = s->buf;
	d->d_size = s->pub.has_bytes ? s->size : sh->sh_size;
	d->d_align = s->align;
	d->d_version = EV_CURRENT;
	if (sh->sh_type == SHT_GROUP)
		return write_group(ed, i, d, sh);
	if (sh->sh_type == EE_SHT_LLVM_ADDRSIG &&
	    ed->nr_syms != ed->nr_orig_syms)
		return write_addrsig(ed, i, d, err);
	return 0;
}

static int write_header(struct elf_edit *ed, Elf *o)
{
	GElf_Ehdr eh = ed->ehdr;
	GElf_Shdr sh0;

	eh.e_shoff = 0;
	eh.e_shstrndx = ed->shstrndx < SHN_LORESERVE ? ed->shstrndx :
			SHN_XINDEX;
	if (ed->shstrndx >= SHN_LORESERVE) {
		Elf_Scn *zero = elf_getscn(o, 0);

		if (!zero || !gelf_getshdr(zero, &sh0))
			return -1;
		sh0.sh_link = ed->shstrndx;
		if (!gelf_update_shdr(zero, &sh0))
			return -1;
	}
	return gelf_update_ehdr(o, &eh) ? 0 : -1;
}

/*
 * libelf lays the sections out in index order, each at a multiple of its
 * alignment (NOBITS sections too, though they take no room).  A real
 * object already holds that padding, so the rewritten one needs about as
 * much; corrupt alignments would make it gigabytes.  Allow the input's
 * size plus EE_PAD_SLACK.
 */
static int check_padding(const struct elf_edit *ed, const GElf_Shdr *shdrs,
			 struct symtab_err *err)
{
	uint64_t budget = (uint64_t)ed->size + EE_PAD_SLACK;
	uint64_t off = ed->ehdr.e_ehsize, pad = 0, a, gap;
	size_t i;

	for (i = 1; i < ed->nr_scns; i++) {
		a = shdrs[i].sh_addralign > ed->scns[i].align ?
		    shdrs[i].sh_addralign : ed->scns[i].align;
		gap = a > 1 && off % a ? a - off % a : 0;
		/* Stop before the sums could wrap. */
		if (gap > budget - pad) {
			symtab_errf(err, "section %zu: alignment %llu would pad the rewritten object beyond %llu bytes (the input has %zu): corrupt alignments",
				    i, (unsigned long long)a,
				    (unsigned long long)budget, ed->size);
			return -1;
		}
		pad += gap;
		off += gap;
		if (shdrs[i].sh_type != SHT_NOBITS)
			off += shdrs[i].sh_size;
	}
	return 0;
}

static int write_elf(struct elf_edit *ed, Elf *o, struct symtab_err *err)
{
	Elf_Scn **out = xcalloc(ed->nr_scns ? ed->nr_scns : 1, sizeof(*out));
	GElf_Shdr *shdrs = xcalloc(ed->nr_scns ? ed->nr_scns : 1,
				   sizeof(*shdrs));
	size_t i;
	int ret = -1;

	err->msg[0] = '\0';
	if (!gelf_newehdr(o, gelf_getclass(ed->elf)))
		goto out;
	for (i = 1; i < ed->nr_scns; i++) {
		out[i] = elf_newscn(o);
		if (!out[i])
			goto out;
		shdrs[i] = ed->scns[i].shdr;
	}
	if (check_padding(ed, shdrs, err))
		goto out;
	for (i = 1; i < ed->nr_scns; i++)
		if (write_contents(ed, out, i, &shdrs[i], err))
			goto out;
	for (i = 1; i < ed->nr_scns; i++)
		if (!gelf_update_shdr(out[i], &shdrs[i]))
			goto out;
	if (write_header(ed, o) || elf_update(o, ELF_C_WRITE) < 0)
		goto out;
	ret = 0;
out:
	/* libelf's own failures leave @err empty. */
	if (ret && !err->msg[0])
		symtab_errf(err, "cannot write ELF: %s", elf_errmsg(-1));
	free(shdrs);
	free(out);
	return ret;
}

static int read_back(int fd, struct strbuf *out, struct symtab_err *err)
{
	struct stat st;
	size_t done = 0;

	if (fstat(fd, &st) < 0) {
		symtab_errf(err, "cannot read the new object: %s",
			    strerror(errno));
		return -1;
	}
	strbuf_grow(out, st.st_size);
	while (done < (size_t)st.st_size) {
		ssize_t n = pread(fd, out->buf + out->len + done,
				  st.st_size - done, done);

		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			symtab_errf(err, "cannot read the new object: %s",
				    n < 0 ? strerror(errno) : "short read");
			return -1;
		}
		done += n;
	}
	out->len += done;
	out->buf[out->len] = '\0';
	return 0;
}

/* An anonymous file for libelf to write into. */
static int scratch_fd(void)
{
	char path[] = "/tmp/initcall-order-elf.XXXXXX";
	int fd = memfd_create("initcall-order-elf", MFD_CLOEXEC);

	if (fd >= 0)
		return fd;
	fd = mkstemp(path);
	if (fd >= 0)
		unlink(path);
	return fd;
}

int elf_edit_write(struct elf_edit *ed, struct strbuf *out,
		   struct symtab_err *err)
{
	int fd, ret;
	Elf *o;

	if (assign_names(ed, err))
		return -1;
	fd = scratch_fd();
	if (fd < 0) {
		symtab_errf(err, "cannot create a scratch file: %s",
			    strerror(errno));
		return -1;
	}
	o = elf_begin(fd, ELF_C_WRITE, NULL);
	if (!o) {
		symtab_errf(err, "cannot write ELF: %s", elf_errmsg(-1));
		close(fd);
		return -1;
	}
	ret = write_elf(ed, o, err);
	elf_end(o);
	if (!ret)
		ret = read_back(fd, out, err);
	close(fd);
	return ret;
}
