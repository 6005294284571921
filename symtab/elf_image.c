// SPDX-License-Identifier: GPL-2.0-only
/*
 * Linked ELF images through libelf.  The file is mapped once; sections and
 * symbols are copied into small arrays with two sorted indexes, so that
 * lookups by name and by address are binary searches.  Bytes are read
 * straight from the mapping after checking that the section lies inside
 * the file, so nothing read from the headers is trusted blindly.
 */
#include <elf.h>
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <symtab/elf_image.h>
#include <symtab/symtab.h>
#include <util/warn.h>
#include <util/xalloc.h>

static void image_err(const struct image *img, const char *what)
{
	const struct loc loc = { img->path, NULL };
	int e = elf_errno();

	if (e)
		loc_err(&loc, "%s: %s", what, elf_errmsg(e));
	else
		loc_err(&loc, "%s", what);
}

static int check_header(struct image *img)
{
	const struct loc loc = { img->path, NULL };
	GElf_Ehdr ehdr;

	if (elf_kind(img->elf) != ELF_K_ELF) {
		loc_err(&loc, "not an ELF file");
		return -1;
	}
	if (!gelf_getehdr(img->elf, &ehdr)) {
		image_err(img, "bad ELF header");
		return -1;
	}
	if (ehdr.e_type != ET_EXEC && ehdr.e_type != ET_DYN) {
		loc_err(&loc, "not a linked image (ELF type %u, wanted an executable or shared object)",
			ehdr.e_type);
		return -1;
	}
	img->bits = gelf_getclass(img->elf) == ELFCLASS64 ? 64 : 32;
	img->big_endian = ehdr.e_ident[EI_DATA] == ELFDATA2MSB;
	img->machine = ehdr.e_machine;
	return 0;
}

/* A section's bytes are usable only when they lie inside the file. */
static bool inside_file(const struct image *img, const GElf_Shdr *sh)
{
	return sh->sh_type != SHT_NOBITS && sh->sh_offset <= img->map.size &&
	       sh->sh_size <= img->map.size - sh->sh_offset;
}

static int read_sections(struct image *img)
{
	size_t nr, shstrndx, i;
	Elf_Scn *scn = NULL;

	if (elf_getshdrnum(img->elf, &nr) || elf_getshdrstrndx(img->elf,
							       &shstrndx)) {
		image_err(img, "bad section headers");
		return -1;
	}
	img->sections = xcalloc(nr ? nr : 1, sizeof(*img->sections));
	img->nr_sections = nr;
	while ((scn = elf_nextscn(img->elf, scn))) {
		struct image_section *s;
		GElf_Shdr sh;

		i = elf_ndxscn(scn);
		if (i >= nr || !gelf_getshdr(scn, &sh)) {
			image_err(img, "bad section header");
			return -1;
		}
		s = &img->sections[i];
		s->name = elf_strptr(img->elf, shstrndx, sh.sh_name);
		if (!s->name)
			s->name = "";
		s->addr = sh.sh_addr;
		s->size = sh.sh_size;
		s->offset = sh.sh_offset;
		s->alloc = sh.sh_flags & SHF_ALLOC;
		s->exec = sh.sh_flags & SHF_EXECINSTR;
		s->has_bytes = inside_file(img, &sh);
	}
	return 0;
}

/* The static symbol table, else the dynamic one, else none. */
static Elf_Scn *find_symtab(struct image *img, GElf_Shdr *sh)
{
	Elf_Scn *scn = NULL, *dyn = NULL;
	GElf_Shdr dsh;

	while ((scn = elf_nextscn(img->elf, scn))) {
		if (!gelf_getshdr(scn, sh))
			continue;
		if (sh->sh_type == SHT_SYMTAB)
			return scn;
		if (sh->sh_type == SHT_DYNSYM && !dyn) {
			dyn = scn;
			dsh = *sh;
		}
	}
	if (dyn)
		*sh = dsh;
	return dyn;
}

/* The extended section index table that belongs to symbol table @symndx. */
static Elf_Data *find_shndx(struct image *img, size_t symndx)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(img->elf, scn)))
		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_SYMTAB_SHNDX &&
		    sh.sh_link == symndx)
			return elf_getdata(scn, NULL);
	return NULL;
}

static enum image_sym_kind sym_kind(unsigned int type)
{
	if (type == STT_FUNC)
		return IMAGE_SYM_FUNC;
	if (type == STT_OBJECT)
		return IMAGE_SYM_OBJECT;
	return IMAGE_SYM_OTHER;
}

/*
 * Local untyped symbols that mark a spot for tools, not a place a person
 * names: the mapping symbols of AArch64, Arm and RISC-V ("$x", "$d.12",
 * "$xrv64i2p1..." on RISC-V), where code or data starts, and assembler
 * labels (".L..."), which the RISC-V assembler keeps for its relocations.
 * kallsyms leaves them out too; kept, one would name a target where no
 * function is.
 */
static bool marker_symbol(const struct image *img, const char *name,
			  unsigned int bind, unsigned int type)
{
	if (bind != STB_LOCAL || type != STT_NOTYPE)
		return false;
	if (!strncmp(name, ".L", 2))
		return true;
	if (name[0] != '$' || !name[1] || !strchr("adtx", name[1]))
		return false;
	if (!name[2] || name[2] == '.')
		return true;
	return img->machine == EM_RISCV && name[1] == 'x';
}

/*
 * Copies symbol @i if it names a place: defined, named, not a section,
 * file or marker symbol.  Returns 1 when kept, 0 when skipped, -1 on
 * corruption.
 */
static int add_symbol(struct image *img, Elf_Data *data, Elf_Data *shndx,
		      size_t strndx, size_t i)
{
	const struct loc loc = { img->path, NULL };
	struct image_sym *s = &img->syms[img->nr_syms];
	unsigned int type, bind;
	Elf32_Word xndx = 0;
	const char *name;
	size_t sec;
	GElf_Sym sym;

	if (!gelf_getsymshndx(data, shndx, i, &sym, &xndx)) {
		image_err(img, "bad symbol table entry");
		return -1;
	}
	type = GELF_ST_TYPE(sym.st_info);
	bind = GELF_ST_BIND(sym.st_info);
	sec = sym.st_shndx == SHN_XINDEX ? xndx : sym.st_shndx;
	if (sym.st_shndx == SHN_UNDEF || type == STT_SECTION ||
	    type == STT_FILE || !sym.st_name)
		return 0;
	name = elf_strptr(img->elf, strndx, sym.st_name);
	if (!name) {
		loc_err(&loc, "symbol %zu: name offset %u is outside the string table",
			i, (unsigned int)sym.st_name);
		return -1;
	}
	if (!*name || marker_symbol(img, name, bind, type))
		return 0;
	s->name = name;
	s->value = sym.st_value;
	s->size = sym.st_size;
	s->kind = sym_kind(type);
	s->global = bind == STB_GLOBAL || bind == STB_WEAK;
	s->index = i;
	s->section = NULL;
	if (sym.st_shndx != SHN_ABS && sym.st_shndx != SHN_COMMON) {
		if (sec >= img->nr_sections) {
			loc_err(&loc, "symbol '%s': section index %zu out of range",
				name, sec);
			return -1;
		}
		s->section = &img->sections[sec];
	}
	img->nr_syms++;
	return 1;
}

static int read_symbols(struct image *img)
{
	Elf_Data *data, *shndx;
	GElf_Shdr sh;
	Elf_Scn *scn;
	size_t nr, i;

	scn = find_symtab(img, &sh);
	if (!scn)
		return 0;
	data = elf_getdata(scn, NULL);
	if (!data || !sh.sh_entsize) {
		image_err(img, "bad symbol table");
		return -1;
	}
	shndx = find_shndx(img, elf_ndxscn(scn));
	nr = data->d_size / gelf_fsize(img->elf, ELF_T_SYM, 1, EV_CURRENT);
	img->syms = xcalloc(nr ? nr : 1, sizeof(*img->syms));
	for (i = 1; i < nr; i++)
		if (add_symbol(img, data, shndx, sh.sh_link, i) < 0)
			return -1;
	return 0;
}

static int cmp_by_name(const void *a, const void *b)
{
	const struct image_sym *x = *(struct image_sym *const *)a;
	const struct image_sym *y = *(struct image_sym *const *)b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	if (x->global != y->global)
		return x->global ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* At one address: functions first, then globals, then names. */
static int cmp_by_addr(const void *a, const void *b)
{
	const struct image_sym *x = *(struct image_sym *const *)a;
	const struct image_sym *y = *(struct image_sym *const *)b;
	int c;

	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	if ((x->kind == IMAGE_SYM_FUNC) != (y->kind == IMAGE_SYM_FUNC))
		return x->kind == IMAGE_SYM_FUNC ? -1 : 1;
	if (x->global != y->global)
		return x->global ? -1 : 1;
	c = strcmp(x->name, y->name);
	if (c)
		return c;
	return x->index < y->index ? -1 : x->index > y->index;
}

static void build_indexes(struct image *img)
{
	size_t i, n = img->nr_syms;

	img->by_name = xcalloc(n ? n : 1, sizeof(*img->by_name));
	img->by_addr = xcalloc(n ? n : 1, sizeof(*img->by_addr));
	for (i = 0; i < n; i++)
		img->by_name[i] = img->by_addr[i] = &img->syms[i];
	qsort(img->by_name, n, sizeof(*img->by_name), cmp_by_name);
	qsort(img->by_addr, n, sizeof(*img->by_addr), cmp_by_addr);
}

static int map_image(struct image *img)
{
	const struct loc loc = { img->path, NULL };

	if (map_file_or_err(img->path, &img->map))
		return -1;
	if (!img->map.size) {
		loc_err(&loc, "empty file");
		return -1;
	}
	elf_version(EV_CURRENT);
	img->elf = elf_memory(img->map.addr, img->map.size);
	if (!img->elf) {
		image_err(img, "cannot open as ELF");
		return -1;
	}
	return 0;
}

int image_open(struct image *img, const char *path)
{
	memset(img, 0, sizeof(*img));
	img->path = path;
	if (map_image(img) || check_header(img) || read_sections(img) ||
	    read_symbols(img)) {
		image_close(img);
		return -1;
	}
	build_indexes(img);
	return 0;
}

void image_close(struct image *img)
{
	free(img->by_name);
	free(img->by_addr);
	free(img->syms);
	free(img->sections);
	if (img->elf)
		elf_end(img->elf);
	unmap_file(&img->map);
	memset(img, 0, sizeof(*img));
}

const char *image_machine_name(unsigned int machine, char *buf, size_t size)
{
	switch (machine) {
	case EM_386:
		return "i386";
	case EM_X86_64:
		return "x86_64";
	case EM_AARCH64:
		return "aarch64";
	case EM_ARM:
		return "arm";
	case EM_RISCV:
		return "riscv";
	case EM_LOONGARCH:
		return "loongarch";
	case EM_PPC:
		return "powerpc";
	case EM_PPC64:
		return "powerpc64";
	case EM_S390:
		return "s390";
	case EM_MIPS:
		return "mips";
	}
	snprintf(buf, size, "machine %u", machine);
	return buf;
}

const struct image_sym *image_sym_by_name(const struct image *img,
					  const char *name)
{
	size_t lo = 0, hi = img->nr_syms;

	/* The first entry not below @name: the global one when there is. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(img->by_name[mid]->name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < img->nr_syms && !strcmp(img->by_name[lo]->name, name))
		return img->by_name[lo];
	return NULL;
}

/* The index of the first symbol whose value is not below @addr. */
static size_t addr_lower_bound(const struct image *img,
			       unsigned long long addr)
{
	size_t lo = 0, hi = img->nr_syms;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (img->by_addr[mid]->value < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t image_syms_at(const struct image *img, unsigned long long addr,
		     struct image_sym *const **syms)
{
	size_t first = addr_lower_bound(img, addr), end = first;

	while (end < img->nr_syms && img->by_addr[end]->value == addr)
		end++;
	*syms = img->by_addr + first;
	return end - first;
}

static bool covers(const struct image_sym *s, unsigned long long addr)
{
	return s->value == addr || addr - s->value < s->size;
}

const struct image_sym *image_sym_covering(const struct image *img,
					   unsigned long long addr)
{
	size_t end = addr_lower_bound(img, addr), first, i;
	unsigned long long value;

	if (end < img->nr_syms && img->by_addr[end]->value == addr)
		return img->by_addr[end];
	if (!end)
		return NULL;
	/* The symbols just below @addr, all at one value, best first. */
	value = img->by_addr[end - 1]->value;
	for (first = end - 1; first && img->by_addr[first - 1]->value == value;)
		first--;
	for (i = first; i < end; i++)
		if (covers(img->by_addr[i], addr))
			return img->by_addr[i];
	return NULL;
}

const struct image_section *image_section_at(const struct image *img,
					     unsigned long long addr)
{
	size_t i;

	for (i = 0; i < img->nr_sections; i++) {
		const struct image_section *s = &img->sections[i];

		if (s->alloc && s->size && addr >= s->addr &&
		    addr - s->addr < s->size)
			return s;
	}
	return NULL;
}

int image_read(const struct image *img, unsigned long long addr, void *buf,
	       size_t len)
{
	size_t i;

	for (i = 0; i < img->nr_sections; i++) {
		const struct image_section *s = &img->sections[i];

		if (!s->alloc || !s->has_bytes || addr < s->addr ||
		    addr - s->addr > s->size || len > s->size - (addr - s->addr))
			continue;
		memcpy(buf, (const unsigned char *)img->map.addr + s->offset +
		       (addr - s->addr), len);
		return 0;
	}
	return -1;
}

unsigned long long image_uint(const struct image *img,
			      const unsigned char *p, unsigned int width)
{
	unsigned long long v = 0;
	unsigned int i;

	for (i = 0; i < width; i++) {
		unsigned int byte = img->big_endian ? i : width - 1 - i;

		v = v << 8 | p[byte];
	}
	return v;
}

bool image_file_is_linked(const char *path)
{
	struct mapped_file m;
	struct blob b;
	bool linked;

	if (map_file(path, &m) < 0)
		return false;
	b.data = m.addr;
	b.size = m.size;
	linked = file_kind_of(&b) == FILE_ELF_EXEC;
	unmap_file(&m);
	return linked;
}
