// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading LLVM's irsymtab.  Layout, in 32-bit little-endian words:
 *
 *   header (76 bytes)  Version, Producer, Modules, Comdats, Symbols,
 *                      Uncommons, TargetTriple, SourceFileName,
 *                      COFFLinkerOpts, DependentLibraries
 *   module (12)        Begin, End, UncBegin
 *   symbol (24)        Name, IRName, ComdatIndex, Flags
 *   uncommon (24)      CommonSize, CommonAlign, COFFWeakExternFallbackName,
 *                      SectionName; version 4 widens CommonSize to 64
 *                      bits (28 bytes)
 *
 * Strings are {offset, size} into the string table; ranges {offset,
 * count} into the symbol table.  LLVM trusts them; we check each.
 */
#include <string.h>
#include <symtab/irsymtab.h>
#include <util/xalloc.h>

/* Header fields, as byte offsets. */
#define HDR_VERSION	0
#define HDR_PRODUCER	4
#define HDR_MODULES	12
#define HDR_COMDATS	20
#define HDR_SYMBOLS	28
#define HDR_UNCOMMONS	36
#define HDR_TRIPLE	44
#define HDR_SOURCE	52
#define HDR_COFF_OPTS	60
#define HDR_DEP_LIBS	68

#define MODULE_SIZE	12
#define SYMBOL_SIZE	24
#define STR_SIZE	8
#define SYM_NAME	0
#define SYM_IRNAME_SIZE	12
#define SYM_FLAGS	20

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static struct irsymtab_range range_at(const struct blob *symtab, size_t off)
{
	struct irsymtab_range r = {
		le32(symtab->data + off), le32(symtab->data + off + 4)
	};

	return r;
}

static int check_range(const struct blob *symtab,
		       const struct irsymtab_range *r, size_t elem,
		       const char *what, struct symtab_err *err)
{
	uint64_t end = (uint64_t)r->off + (uint64_t)r->nr * elem;

	if (end <= symtab->size)
		return 0;
	symtab_errf(err,
		    "%s range out of bounds (%u x %zu bytes at %u, table of %zu bytes)",
		    what, r->nr, elem, r->off, symtab->size);
	return -1;
}

/* Checks the string whose {offset, size} is at @p. */
static int check_str(const struct irsymtab *t, const unsigned char *p,
		     const char *what, struct symtab_err *err)
{
	uint32_t off = le32(p), size = le32(p + 4);

	if ((uint64_t)off + size <= t->strtab.size)
		return 0;
	symtab_errf(err,
		    "%s string out of bounds (%u bytes at %u, string table of %zu bytes)",
		    what, size, off, t->strtab.size);
	return -1;
}

static void get_str(const struct irsymtab *t, const unsigned char *p,
		    const char **s, size_t *len)
{
	*s = (const char *)t->strtab.data + le32(p);
	*len = le32(p + 4);
}

static const unsigned char *module_at(const struct irsymtab *t, uint32_t i)
{
	return t->symtab.data + t->modules.off + (size_t)i * MODULE_SIZE;
}

static const unsigned char *symbol_at(const struct irsymtab *t, uint32_t i)
{
	return t->symtab.data + t->symbols.off + (size_t)i * SYMBOL_SIZE;
}

/* The SectionName string of uncommon @i: the last field in every version. */
static const unsigned char *section_name_at(const struct irsymtab *t,
					    uint32_t i)
{
	return t->symtab.data + t->uncommons.off +
	       (size_t)(i + 1) * t->uncommon_size - STR_SIZE;
}

static int check_header(struct irsymtab *t, struct symtab_err *err)
{
	const struct blob *st = &t->symtab;
	struct irsymtab_range comdats, dep_libs;
	size_t comdat_size = t->version >= 3 ? 12 : 8;
	static const struct {
		size_t off;
		const char *what;
	} strs[] = {
		{ HDR_PRODUCER, "producer" },
		{ HDR_TRIPLE, "target triple" },
		{ HDR_SOURCE, "source file name" },
		{ HDR_COFF_OPTS, "COFF linker options" },
	};
	size_t i;

	t->modules = range_at(st, HDR_MODULES);
	t->symbols = range_at(st, HDR_SYMBOLS);
	t->uncommons = range_at(st, HDR_UNCOMMONS);
	comdats = range_at(st, HDR_COMDATS);
	dep_libs = range_at(st, HDR_DEP_LIBS);
	if (check_range(st, &t->modules, MODULE_SIZE, "module", err) ||
	    check_range(st, &comdats, comdat_size, "comdat", err) ||
	    check_range(st, &t->symbols, SYMBOL_SIZE, "symbol", err) ||
	    check_range(st, &t->uncommons, t->uncommon_size, "uncommon",
			err) ||
	    check_range(st, &dep_libs, STR_SIZE, "dependent library", err))
		return -1;
	for (i = 0; i < ARRAY_SIZE(strs); i++)
		if (check_str(t, st->data + strs[i].off, strs[i].what, err))
			return -1;
	return 0;
}

/*
 * Checks module @m's symbols, their names and their Uncommon records.
 * LLVM gives each module the symbols after the previous one's: ranges
 * that overlap would let a small table list a symbol many times.
 */
static int check_module(const struct irsymtab *t, uint32_t m,
			uint32_t *prev_end, struct symtab_err *err)
{
	const unsigned char *mod = module_at(t, m);
	uint32_t begin = le32(mod), end = le32(mod + 4), unc = le32(mod + 8);
	uint32_t i;

	if (begin > end || end > t->symbols.nr || unc > t->uncommons.nr) {
		symtab_errf(err,
			    "module %u range out of bounds (symbols %u to %u of %u, uncommon %u of %u)",
			    m, begin, end, t->symbols.nr, unc, t->uncommons.nr);
		return -1;
	}
	if (begin < *prev_end) {
		symtab_errf(err,
			    "module %u range out of bounds (symbols %u to %u overlap the previous module's, up to %u)",
			    m, begin, end, *prev_end);
		return -1;
	}
	*prev_end = end;
	for (i = begin; i < end; i++) {
		const unsigned char *sym = symbol_at(t, i);

		if (check_str(t, sym + SYM_NAME, "symbol name", err))
			return -1;
		if (!(le32(sym + SYM_FLAGS) & IRSYM_HAS_UNCOMMON))
			continue;
		if (unc >= t->uncommons.nr) {
			symtab_errf(err,
				    "uncommon range out of bounds (symbol %u wants uncommon %u of %u)",
				    i, unc, t->uncommons.nr);
			return -1;
		}
		if (check_str(t, section_name_at(t, unc), "section name", err))
			return -1;
		unc++;
	}
	return 0;
}

int irsymtab_open(struct irsymtab *t, const struct blob *symtab,
		  const struct blob *strtab, struct symtab_err *err)
{
	uint32_t m, prev_end = 0;

	memset(t, 0, sizeof(*t));
	t->symtab = *symtab;
	t->strtab = *strtab;
	if (symtab->size < IRSYMTAB_HEADER_SIZE) {
		symtab_errf(err,
			    "symbol table of %zu bytes is shorter than its header",
			    symtab->size);
		return -1;
	}
	t->version = le32(symtab->data + HDR_VERSION);
	if (t->version < IRSYMTAB_MIN_VERSION ||
	    t->version > IRSYMTAB_MAX_VERSION) {
		symtab_errf(err, "irsymtab version %u unknown", t->version);
		return -1;
	}
	t->uncommon_size = t->version >= 4 ? 28 : 24;
	if (check_header(t, err))
		return -1;
	for (m = 0; m < t->modules.nr; m++)
		if (check_module(t, m, &prev_end, err))
			return -1;
	return 0;
}

int irsymtab_walk(const struct irsymtab *t,
		  int (*fn)(const struct irsym *sym, void *arg), void *arg)
{
	uint32_t m, i, unc;
	int ret;

	for (m = 0; m < t->modules.nr; m++) {
		const unsigned char *mod = module_at(t, m);

		unc = le32(mod + 8);
		for (i = le32(mod); i < le32(mod + 4); i++) {
			const unsigned char *p = symbol_at(t, i);
			struct irsym s = { .module = m };

			s.flags = le32(p + SYM_FLAGS);
			/* Symbols of module-level asm have no IR name. */
			s.from_asm = !le32(p + SYM_IRNAME_SIZE);
			get_str(t, p + SYM_NAME, &s.name, &s.name_len);
			if (s.flags & IRSYM_HAS_UNCOMMON)
				get_str(t, section_name_at(t, unc++),
					&s.section, &s.section_len);
			ret = fn(&s, arg);
			if (ret)
				return ret;
		}
	}
	return 0;
}

/*
 * llvm-nm tests weak before common, and both before the global bit: a
 * weak or common symbol is W or C even when local.
 */
char irsym_nm_type(uint32_t flags)
{
	char c;

	if (flags & IRSYM_WEAK)
		return 'W';
	if (flags & IRSYM_COMMON)
		return 'C';
	c = flags & IRSYM_EXECUTABLE ? 't' : 'd';
	if (flags & IRSYM_GLOBAL)
		c += 'A' - 'a';
	return c;
}
