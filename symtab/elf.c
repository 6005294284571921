// SPDX-License-Identifier: GPL-2.0-only
/*
 * ELF objects through libelf: section names, the defined symbols with the
 * type letters llvm-nm prints for them, and the relocations of the
 * sections a visitor asks for.
 */
#include <ctype.h>
#include <gelf.h>
#include <libelf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <symtab/elf.h>
#include <symtab/elfid.h>
#include <util/xalloc.h>

/* Not in every C library's elf.h yet. */
#ifndef R_LARCH_32_PCREL
#define R_LARCH_32_PCREL	99
#endif

void elf_init(void)
{
	elf_version(EV_CURRENT);
}

/* A defined symbol, for finding what a section symbol plus addend means. */
struct sym_at {
	size_t shndx;
	GElf_Addr value;
	unsigned int rank;	/* 0 for functions, then data, then the rest */
	size_t index;
};

struct elf_file {
	Elf *elf;
	GElf_Ehdr ehdr;
	size_t shstrndx;
	size_t shnum;
	size_t size;
	GElf_Shdr *shdrs;
	const char **names;	/* section names, "" for section 0 */
	bool *want_relocs;	/* per section: the visitor asked */
	size_t symndx;		/* the symbol table's section; 0: none */
	Elf_Data *syms;
	Elf_Data *shndx_table;	/* SHT_SYMTAB_SHNDX, or NULL */
	size_t nr_syms;
	struct sym_at *by_place;	/* built on first need */
	size_t nr_by_place;
};

static int elf_open(struct elf_file *f, const struct blob *b,
		    struct symtab_err *err)
{
	memset(f, 0, sizeof(*f));
	/* libelf takes a non-const image; it only reads it in this mode. */
	f->elf = elf_memory((char *)b->data, b->size);
	if (!f->elf || elf_kind(f->elf) != ELF_K_ELF) {
		elf_ident_err(b, err);
		return -1;
	}
	if (!gelf_getehdr(f->elf, &f->ehdr)) {
		symtab_errf(err, "bad ELF header: %s", elf_errmsg(-1));
		return -1;
	}
	/* libelf quietly sees no sections in a file cut before them. */
	if (f->ehdr.e_shoff > b->size) {
		symtab_errf(err, "truncated: section headers at offset %llu, the file has %zu bytes",
			    (unsigned long long)f->ehdr.e_shoff, b->size);
		return -1;
	}
	if (elf_getshdrnum(f->elf, &f->shnum) ||
	    elf_getshdrstrndx(f->elf, &f->shstrndx)) {
		symtab_errf(err, "bad section header table: %s",
			    elf_errmsg(-1));
		return -1;
	}
	/* libelf may count only the headers that fit: check the header's. */
	if (f->ehdr.e_shnum > f->shnum ||
	    (f->shnum && (!f->ehdr.e_shentsize ||
			  f->shnum > (b->size - f->ehdr.e_shoff) /
				     f->ehdr.e_shentsize))) {
		symtab_errf(err, "truncated: %zu section headers do not fit in %zu bytes",
			    f->shnum, b->size);
		return -1;
	}
	if (f->shnum && f->shstrndx >= f->shnum) {
		symtab_errf(err, "section name table index %zu out of range (%zu sections)",
			    f->shstrndx, f->shnum);
		return -1;
	}
	f->size = b->size;
	return 0;
}

/* Section contents must lie inside the file (a cut-off object). */
static bool section_outside(const struct elf_file *f, const GElf_Shdr *sh)
{
	if (sh->sh_type == SHT_NOBITS || sh->sh_type == SHT_NULL)
		return false;
	return sh->sh_offset > f->size ||
	       sh->sh_size > f->size - sh->sh_offset;
}

static int elf_load_sections(struct elf_file *f, struct symtab_err *err)
{
	Elf_Scn *scn = NULL;
	size_t i;

	f->shdrs = xcalloc(f->shnum ? f->shnum : 1, sizeof(*f->shdrs));
	f->names = xcalloc(f->shnum ? f->shnum : 1, sizeof(*f->names));
	for (i = 1; i < f->shnum; i++) {
		scn = elf_getscn(f->elf, i);
		if (!scn || !gelf_getshdr(scn, &f->shdrs[i])) {
			symtab_errf(err, "section %zu: bad section header: %s",
				    i, elf_errmsg(-1));
			return -1;
		}
		if (section_outside(f, &f->shdrs[i])) {
			symtab_errf(err, "truncated: section %zu ends past the %zu bytes of the file",
				    i, f->size);
			return -1;
		}
		f->names[i] = elf_strptr(f->elf, f->shstrndx,
					 f->shdrs[i].sh_name);
		if (!f->names[i]) {
			symtab_errf(err, "section %zu: name outside the section name table",
				    i);
			return -1;
		}
	}
	if (f->shnum)
		f->names[0] = "";
	return 0;
}

static void elf_close(struct elf_file *f)
{
	free(f->shdrs);
	free(f->names);
	free(f->want_relocs);
	free(f->by_place);
	elf_end(f->elf);
}

/* ARM, AArch64 and RISC-V mapping symbols ($x, $d...) are not listed. */
static bool is_mapping_symbol(const struct elf_file *f, const char *name)
{
	switch (f->ehdr.e_machine) {
	case EM_ARM:
	case EM_AARCH64:
	case EM_RISCV:
		return name[0] == '$' && name[1] && strchr("adtx", name[1]);
	default:
		return false;
	}
}

/* The letter from the section a symbol is defined in, as llvm-nm has it. */
static char section_letter(const struct elf_file *f, size_t shndx)
{
	const GElf_Shdr *sh;

	if (shndx == 0 || shndx >= f->shnum)
		return '?';
	sh = &f->shdrs[shndx];
	if (sh->sh_flags & SHF_EXECINSTR)
		return 't';
	if (sh->sh_type == SHT_NOBITS)
		return 'b';
	if (sh->sh_flags & SHF_ALLOC)
		return sh->sh_flags & SHF_WRITE ? 'd' : 'r';
	if (!strncmp(f->names[shndx], ".debug", 6))
		return 'N';
	if (!(sh->sh_flags & SHF_WRITE))
		return 'n';
	return '?';
}

static char symbol_letter(const struct elf_file *f, const GElf_Sym *s,
			  size_t shndx)
{
	unsigned int bind = GELF_ST_BIND(s->st_info);
	unsigned int type = GELF_ST_TYPE(s->st_info);
	char c;

	if (bind == STB_WEAK)
		return type == STT_OBJECT ? 'V' : 'W';
	if (shndx == SHN_COMMON || type == STT_COMMON)
		return 'C';
	if (type == STT_GNU_IFUNC)
		return 'i';
	if (shndx == SHN_ABS)
		c = 'a';
	else if (bind == STB_GNU_UNIQUE)
		return 'u';
	else if (bind != STB_GLOBAL && bind != STB_LOCAL)
		c = '?';
	else
		c = section_letter(f, shndx);
	return bind == STB_LOCAL ? c : toupper((unsigned char)c);
}

static Elf_Scn *find_symtab(const struct elf_file *f, size_t *index)
{
	size_t i, dynsym = 0;

	for (i = 1; i < f->shnum; i++) {
		if (f->shdrs[i].sh_type == SHT_SYMTAB) {
			*index = i;
			return elf_getscn(f->elf, i);
		}
		if (f->shdrs[i].sh_type == SHT_DYNSYM && !dynsym)
			dynsym = i;
	}
	*index = dynsym;
	return dynsym ? elf_getscn(f->elf, dynsym) : NULL;
}

/* The extended section index table that goes with symbol table @symndx. */
static Elf_Data *find_shndx_table(const struct elf_file *f, size_t symndx)
{
	size_t i;

	for (i = 1; i < f->shnum; i++)
		if (f->shdrs[i].sh_type == SHT_SYMTAB_SHNDX &&
		    f->shdrs[i].sh_link == symndx)
			return elf_getdata(elf_getscn(f->elf, i), NULL);
	return NULL;
}

static int load_symtab(struct elf_file *f, struct symtab_err *err)
{
	Elf_Scn *scn = find_symtab(f, &f->symndx);

	if (!scn)
		return 0;
	f->syms = elf_getdata(scn, NULL);
	if (!f->syms) {
		symtab_errf(err, "symbol table unreadable: %s",
			    elf_errmsg(-1));
		return -1;
	}
	f->shndx_table = find_shndx_table(f, f->symndx);
	f->nr_syms = f->syms->d_size /
		     gelf_fsize(f->elf, ELF_T_SYM, 1, EV_CURRENT);
	return 0;
}

/* Symbol @i with its real section index and its name. */
static int get_symbol(const struct elf_file *f, size_t i, GElf_Sym *s,
		      size_t *shndx, const char **name,
		      struct symtab_err *err)
{
	Elf32_Word xndx = 0;

	if (!gelf_getsymshndx(f->syms, f->shndx_table, i, s, &xndx)) {
		symtab_errf(err, "symbol %zu unreadable: %s", i,
			    elf_errmsg(-1));
		return -1;
	}
	*shndx = s->st_shndx == SHN_XINDEX ? xndx : s->st_shndx;
	*name = elf_strptr(f->elf, f->shdrs[f->symndx].sh_link, s->st_name);
	if (!*name) {
		symtab_errf(err, "symbol %zu: name outside the string table",
			    i);
		return -1;
	}
	return 0;
}

static int visit_sections(struct elf_file *f, const struct sym_visitor *v)
{
	size_t i;
	int ret;

	f->want_relocs = xcalloc(f->shnum ? f->shnum : 1,
				 sizeof(*f->want_relocs));
	for (i = 1; i < f->shnum; i++) {
		struct sym_section sec = {
			.name = f->names[i],
			.name_len = strlen(f->names[i]),
			.index = i,
			.size = f->shdrs[i].sh_size,
			.size_known = true,
		};

		if (v->section) {
			ret = v->section(&sec, v->arg);
			if (ret)
				return ret;
		}
		if (v->wants_relocs && v->reloc)
			f->want_relocs[i] = v->wants_relocs(sec.name,
							    sec.name_len,
							    v->arg);
	}
	return 0;
}

static int visit_symbol(const struct elf_file *f, const GElf_Sym *s,
			size_t shndx, const char *name,
			const struct sym_visitor *v)
{
	unsigned int type = GELF_ST_TYPE(s->st_info);
	struct sym sym;

	if (shndx == SHN_UNDEF || type == STT_SECTION || type == STT_FILE)
		return 0;
	if (GELF_ST_BIND(s->st_info) == STB_LOCAL &&
	    is_mapping_symbol(f, name))
		return 0;
	sym.name = name;
	sym.name_len = strlen(name);
	sym.type = symbol_letter(f, s, shndx);
	sym.value = s->st_value;
	sym.section = NULL;
	sym.section_len = 0;
	sym.section_index = 0;
	if (shndx < f->shnum) {
		sym.section = f->names[shndx];
		sym.section_len = strlen(sym.section);
		sym.section_index = shndx;
	}
	return v->symbol(&sym, v->arg);
}

static int visit_symbols(const struct elf_file *f,
			 const struct sym_visitor *v, struct symtab_err *err)
{
	size_t i, shndx;
	const char *name;
	GElf_Sym s;
	int ret;

	for (i = 1; i < f->nr_syms; i++) {
		if (get_symbol(f, i, &s, &shndx, &name, err))
			return -1;
		ret = visit_symbol(f, &s, shndx, name, v);
		if (ret)
			return ret;
	}
	return 0;
}

static enum reloc_kind x86_kind(unsigned int type)
{
	switch (type) {
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
		return RELOC_PREL32;
	case R_X86_64_32:
		return RELOC_ABS32;
	case R_X86_64_64:
		return RELOC_ABS64;
	default:
		return RELOC_OTHER;
	}
}

/*
 * The relocations a table of 32-bit offsets or of pointers is made of,
 * per machine; everything else is RELOC_OTHER.
 */
static enum reloc_kind reloc_kind(unsigned int machine, unsigned int type)
{
	static const struct {
		unsigned int machine, prel32, abs32, abs64;
	} kinds[] = {
		{ EM_386, R_386_PC32, R_386_32, 0 },
		{ EM_ARM, R_ARM_REL32, R_ARM_ABS32, 0 },
		{ EM_AARCH64, R_AARCH64_PREL32, R_AARCH64_ABS32,
		  R_AARCH64_ABS64 },
		{ EM_RISCV, R_RISCV_32_PCREL, R_RISCV_32, R_RISCV_64 },
		{ EM_LOONGARCH, R_LARCH_32_PCREL, R_LARCH_32, R_LARCH_64 },
		{ EM_PPC, R_PPC_REL32, R_PPC_ADDR32, 0 },
		{ EM_PPC64, R_PPC64_REL32, R_PPC64_ADDR32, R_PPC64_ADDR64 },
		{ EM_S390, R_390_PC32, R_390_32, R_390_64 },
	};
	size_t i;

	if (machine == EM_X86_64)
		return x86_kind(type);
	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		if (kinds[i].machine != machine || !type)
			continue;
		if (type == kinds[i].prel32)
			return RELOC_PREL32;
		if (type == kinds[i].abs32)
			return RELOC_ABS32;
		if (type == kinds[i].abs64)
			return RELOC_ABS64;
	}
	return RELOC_OTHER;
}

/* Functions first: a label at the same place is not what is called. */
static unsigned int sym_rank(const GElf_Sym *s)
{
	switch (GELF_ST_TYPE(s->st_info)) {
	case STT_FUNC:
		return 0;
	case STT_OBJECT:
	case STT_NOTYPE:
		return 1;
	default:
		return 2;
	}
}

static int sym_at_cmp(const void *a, const void *b)
{
	const struct sym_at *x = a, *y = b;

	if (x->shndx != y->shndx)
		return x->shndx < y->shndx ? -1 : 1;
	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

/* The named symbols defined in sections, sorted by place. */
static int index_places(struct elf_file *f, struct symtab_err *err)
{
	size_t i, shndx;
	const char *name;
	GElf_Sym s;

	f->by_place = xcalloc(f->nr_syms ? f->nr_syms : 1,
			      sizeof(*f->by_place));
	for (i = 1; i < f->nr_syms; i++) {
		unsigned int type;

		if (get_symbol(f, i, &s, &shndx, &name, err))
			return -1;
		type = GELF_ST_TYPE(s.st_info);
		if (!*name || shndx == SHN_UNDEF || shndx >= f->shnum ||
		    type == STT_SECTION || type == STT_FILE ||
		    is_mapping_symbol(f, name))
			continue;
		f->by_place[f->nr_by_place++] = (struct sym_at){
			shndx, s.st_value, sym_rank(&s), i
		};
	}
	qsort(f->by_place, f->nr_by_place, sizeof(*f->by_place), sym_at_cmp);
	return 0;
}

/* The best symbol defined at @value of section @shndx; 0 if none. */
static size_t symbol_at(const struct elf_file *f, size_t shndx,
			GElf_Addr value)
{
	struct sym_at key = { shndx, value, 0, 0 };
	size_t lo = 0, hi = f->nr_by_place;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sym_at_cmp(&f->by_place[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < f->nr_by_place && f->by_place[lo].shndx == shndx &&
	    f->by_place[lo].value == value)
		return f->by_place[lo].index;
	return 0;
}

static unsigned int kind_width(enum reloc_kind kind)
{
	return kind == RELOC_ABS64 ? 8 : 4;
}

/* A REL relocation's addend: the value already in the bytes it patches. */
static int implicit_addend(const struct elf_file *f, size_t sec,
			   GElf_Addr offset, enum reloc_kind kind,
			   GElf_Sxword *addend, struct symtab_err *err)
{
	unsigned int w = kind_width(kind), i;
	Elf_Data *d = elf_getdata(elf_getscn(f->elf, sec), NULL);
	const unsigned char *p;
	uint64_t v = 0;

	if (!d || !d->d_buf || offset > d->d_size || d->d_size - offset < w) {
		symtab_errf(err, "section %s: relocation at offset %llu is outside its %llu bytes",
			    f->names[sec], (unsigned long long)offset,
			    (unsigned long long)f->shdrs[sec].sh_size);
		return -1;
	}
	p = (const unsigned char *)d->d_buf + offset;
	for (i = 0; i < w; i++) {
		unsigned int b = f->ehdr.e_ident[EI_DATA] == ELFDATA2MSB ?
				 i : w - 1 - i;

		v = v << 8 | p[b];
	}
	*addend = w == 4 ? (GElf_Sxword)(int32_t)v : (GElf_Sxword)v;
	return 0;
}

/* Reads relocation @i of relocation section @rs as RELA. */
static int get_reloc(const struct elf_file *f, size_t rs, Elf_Data *d,
		     size_t i, GElf_Rela *r, struct symtab_err *err)
{
	GElf_Rel rel;

	if (f->shdrs[rs].sh_type == SHT_RELA) {
		if (gelf_getrela(d, i, r))
			return 0;
	} else if (gelf_getrel(d, i, &rel)) {
		r->r_offset = rel.r_offset;
		r->r_info = rel.r_info;
		r->r_addend = 0;
		return 0;
	}
	symtab_errf(err, "section %s: relocation %zu unreadable: %s",
		    f->names[rs], i, elf_errmsg(-1));
	return -1;
}

/* What relocation @r of section @sec points at. */
static int resolve_target(const struct elf_file *f, size_t sec, size_t rs,
			  const GElf_Rela *r, struct sym_reloc *out,
			  struct symtab_err *err)
{
	size_t symi = GELF_R_SYM(r->r_info), shndx;
	GElf_Sxword addend = r->r_addend;
	const char *name;
	GElf_Sym s;

	if (!symi || symi >= f->nr_syms) {
		symtab_errf(err, "section %s: relocation at offset %llu refers to symbol %zu of %zu",
			    f->names[sec], out->offset, symi, f->nr_syms);
		return -1;
	}
	if (get_symbol(f, symi, &s, &shndx, &name, err))
		return -1;
	out->target_defined = shndx != SHN_UNDEF;
	if (GELF_ST_TYPE(s.st_info) == STT_SECTION) {
		if (f->shdrs[rs].sh_type == SHT_REL &&
		    out->kind != RELOC_OTHER &&
		    implicit_addend(f, sec, r->r_offset, out->kind, &addend,
				    err))
			return -1;
		symi = shndx < f->shnum ? symbol_at(f, shndx, addend) : 0;
		if (!symi) {
			out->target = NULL;
			return 0;
		}
		if (get_symbol(f, symi, &s, &shndx, &name, err))
			return -1;
	}
	out->target = *name ? name : NULL;
	out->target_len = strlen(name);
	return 0;
}

static int visit_reloc_section(struct elf_file *f, size_t rs,
			       const struct sym_visitor *v,
			       struct symtab_err *err)
{
	size_t sec = f->shdrs[rs].sh_info, i, nr;
	Elf_Data *d;
	int ret;

	if (f->shdrs[rs].sh_link != f->symndx || !f->symndx) {
		symtab_errf(err, "relocation section %s does not use the symbol table",
			    f->names[rs]);
		return -1;
	}
	d = elf_getdata(elf_getscn(f->elf, rs), NULL);
	if (!d) {
		symtab_errf(err, "relocation section %s unreadable: %s",
			    f->names[rs], elf_errmsg(-1));
		return -1;
	}
	nr = d->d_size / gelf_fsize(f->elf, f->shdrs[rs].sh_type == SHT_RELA ?
				    ELF_T_RELA : ELF_T_REL, 1, EV_CURRENT);
	for (i = 0; i < nr; i++) {
		struct sym_reloc out = {
			.section = f->names[sec],
			.section_len = strlen(f->names[sec]),
			.section_index = sec,
		};
		GElf_Rela r;

		if (get_reloc(f, rs, d, i, &r, err))
			return -1;
		out.offset = r.r_offset;
		out.type = GELF_R_TYPE(r.r_info);
		out.kind = reloc_kind(f->ehdr.e_machine, out.type);
		if (resolve_target(f, sec, rs, &r, &out, err))
			return -1;
		ret = v->reloc(&out, v->arg);
		if (ret)
			return ret;
	}
	return 0;
}

/* The relocations of every section the visitor asked for. */
static int visit_relocs(struct elf_file *f, const struct sym_visitor *v,
			struct symtab_err *err)
{
	size_t i;
	int ret;

	for (i = 1; i < f->shnum; i++) {
		const GElf_Shdr *sh = &f->shdrs[i];

		if ((sh->sh_type != SHT_REL && sh->sh_type != SHT_RELA) ||
		    sh->sh_info >= f->shnum || !f->want_relocs[sh->sh_info])
			continue;
		if (!f->by_place && index_places(f, err))
			return -1;
		ret = visit_reloc_section(f, i, v, err);
		if (ret)
			return ret;
	}
	return 0;
}

int elf_scan(const struct blob *b, const struct sym_visitor *v,
	     struct symtab_err *err)
{
	struct elf_file f;
	int ret;

	ret = elf_open(&f, b, err);
	if (!ret)
		ret = elf_load_sections(&f, err);
	if (!ret)
		ret = load_symtab(&f, err);
	if (!ret)
		ret = visit_sections(&f, v);
	if (!ret)
		ret = visit_relocs(&f, v, err);
	if (!ret)
		ret = visit_symbols(&f, v, err);
	elf_close(&f);
	return ret;
}
