// SPDX-License-Identifier: GPL-2.0-only
/*
 * ELF objects through libelf: section names and the defined symbols with
 * the type letters llvm-nm prints for them.
 */
#include <ctype.h>
#include <gelf.h>
#include <libelf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <symtab/elf.h>
#include <util/xalloc.h>

void elf_init(void)
{
	elf_version(EV_CURRENT);
}

struct elf_file {
	Elf *elf;
	GElf_Ehdr ehdr;
	size_t shstrndx;
	size_t shnum;
	size_t size;
	GElf_Shdr *shdrs;
	const char **names;	/* section names, "" for section 0 */
};

static int elf_open(struct elf_file *f, const struct blob *b,
		    struct symtab_err *err)
{
	memset(f, 0, sizeof(*f));
	/* libelf takes a non-const image; it only reads it in this mode. */
	f->elf = elf_memory((char *)b->data, b->size);
	if (!f->elf || elf_kind(f->elf) != ELF_K_ELF) {
		symtab_errf(err, "not a valid ELF file: %s", elf_errmsg(-1));
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

static int visit_sections(const struct elf_file *f,
			  const struct sym_visitor *v)
{
	size_t i;
	int ret;

	if (!v->section)
		return 0;
	for (i = 1; i < f->shnum; i++) {
		ret = v->section(f->names[i], strlen(f->names[i]),
				 f->shdrs[i].sh_size, v->arg);
		if (ret)
			return ret;
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
	sym.section = NULL;
	sym.section_len = 0;
	if (shndx < f->shnum) {
		sym.section = f->names[shndx];
		sym.section_len = strlen(sym.section);
	}
	return v->symbol(&sym, v->arg);
}

static int visit_symbols(const struct elf_file *f,
			 const struct sym_visitor *v, struct symtab_err *err)
{
	Elf_Data *data, *shndx_data;
	size_t symndx, nr, i;
	Elf_Scn *scn;
	int ret;

	scn = find_symtab(f, &symndx);
	if (!scn)
		return 0;
	data = elf_getdata(scn, NULL);
	if (!data) {
		symtab_errf(err, "symbol table unreadable: %s",
			    elf_errmsg(-1));
		return -1;
	}
	shndx_data = find_shndx_table(f, symndx);
	nr = data->d_size / gelf_fsize(f->elf, ELF_T_SYM, 1, EV_CURRENT);
	for (i = 1; i < nr; i++) {
		Elf32_Word xndx = 0;
		const char *name;
		GElf_Sym s;
		size_t shndx;

		if (!gelf_getsymshndx(data, shndx_data, i, &s, &xndx)) {
			symtab_errf(err, "symbol %zu unreadable: %s", i,
				    elf_errmsg(-1));
			return -1;
		}
		shndx = s.st_shndx == SHN_XINDEX ? xndx : s.st_shndx;
		name = elf_strptr(f->elf, f->shdrs[symndx].sh_link,
				  s.st_name);
		if (!name) {
			symtab_errf(err, "symbol %zu: name outside the string table",
				    i);
			return -1;
		}
		ret = visit_symbol(f, &s, shndx, name, v);
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
		ret = visit_sections(&f, v);
	if (!ret)
		ret = visit_symbols(&f, v, err);
	elf_close(&f);
	return ret;
}
