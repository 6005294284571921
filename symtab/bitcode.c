// SPDX-License-Identifier: GPL-2.0-only
/*
 * Defined symbols of an LLVM bitcode file, from the irsymtab that clang
 * writes after the module(s).  The modules themselves are never parsed:
 * the top level is walked block by block, jumping over IDENTIFICATION and
 * MODULE blocks by their length words, so that only the block headers and
 * the SYMTAB and STRTAB blocks (at the end of the file) are read.
 *
 * The letters are llvm-nm's, from the table's flags alone; they match
 * llvm-nm 14 on every symbol of clang's objects (tests/t-bitcode-nm.sh):
 * functions T/t, variables D/d whatever their section (bss, rodata and
 * TLS included), weak W, common C, module asm labels T/t even for data.
 * One thing the table cannot say: for Darwin targets llvm-nm prints S/s
 * for constants, which the irsymtab does not mark; they come out D/d.
 *
 * LLVM rebuilds the table from the IR when its producer string is not
 * LLVM's own version.  We cannot, so we take any table of a version we
 * know (2 to 4) whose ranges and strings all check out, and ask the
 * caller to fall back to nm otherwise.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <symtab/bitcode.h>
#include <symtab/bitstream.h>
#include <symtab/irsymtab.h>
#include <util/xalloc.h>

#define BC_MAGIC		0xdec04342u	/* 'B' 'C' 0xC0DE, as a LE word */
#define BC_WRAPPER_MAGIC	0x0b17c0deu
#define BC_WRAPPER_SIZE		20
/* The record holding the blob in both SYMTAB and STRTAB blocks. */
#define BC_BLOB_RECORD		1
/* LLVM stops looking for blocks when this few bytes remain, or fewer. */
#define BC_TAIL_SLACK		8

/* MODULE_BLOCK records: module asm comes before the global values. */
#define MODULE_CODE_ASM		4
#define MODULE_CODE_GLOBALVAR	7
#define MODULE_CODE_FUNCTION	8
#define MODULE_CODE_ALIAS_OLD	9
#define MODULE_CODE_VSTOFFSET	13
#define MODULE_CODE_ALIAS	14
#define MODULE_CODE_IFUNC	15

/* Modules whose header records are read for section names. */
#define BC_MAX_MODULES		16

/* What the top-level walk found. */
struct bc_tables {
	struct blob symtab;
	struct blob strtab;
	bool have_symtab;
	bool have_strtab;
	unsigned int nr_modules;
	uint64_t module_bit[BC_MAX_MODULES];	/* where each one starts */
	/* Copies of blobs written as plain records (not blob operands). */
	unsigned char *owned[2];
};

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/*
 * Finds the bitstream in @b: the whole blob, or the part a Darwin wrapper
 * header points to.  Checks the magic.
 */
static int find_stream(const struct blob *b, size_t *off, size_t *size,
		       struct symtab_err *err)
{
	uint64_t w_off, w_size;

	*off = 0;
	*size = b->size;
	if (b->size >= 4 && le32(b->data) == BC_WRAPPER_MAGIC) {
		if (b->size < BC_WRAPPER_SIZE) {
			symtab_errf(err,
				    "truncated: bitcode wrapper header of %zu bytes",
				    b->size);
			return -1;
		}
		w_off = le32(b->data + 8);
		w_size = le32(b->data + 12);
		if (w_off + w_size > b->size) {
			symtab_errf(err,
				    "truncated: bitcode wrapper claims %" PRIu64 " bytes at %" PRIu64 ", file has %zu",
				    w_size, w_off, b->size);
			return -1;
		}
		*off = (size_t)w_off;
		*size = (size_t)w_size;
	}
	if (*size < 4 || le32(b->data + *off) != BC_MAGIC) {
		symtab_errf(err, "not LLVM bitcode: bad magic at byte %zu",
			    *off);
		return -1;
	}
	return 0;
}

/*
 * Reads a SYMTAB or STRTAB block: the last record of code 1 holds the
 * blob, as a blob operand (what LLVM writes) or one byte per operand.
 * @slot indexes the owned copy, if one is needed.
 */
static int read_blob_block(struct bs_cursor *c, const struct bs_entry *sub,
			   struct bc_tables *t, int slot, struct blob *out)
{
	struct bs_record r = { .want_bytes = true };
	struct bs_entry e;
	int ret = -1;

	out->data = NULL;
	out->size = 0;
	if (bs_enter_block(c, sub))
		return -1;
	for (;;) {
		if (bs_advance(c, &e))
			break;
		if (e.kind == BS_ENTRY_END_BLOCK) {
			ret = 0;
			break;
		}
		if (e.kind == BS_ENTRY_SUBBLOCK) {
			if (bs_skip_block(c, &e))
				break;
			continue;
		}
		if (bs_read_record(c, &e, &r))
			break;
		if (r.code != BC_BLOB_RECORD)
			continue;
		free(t->owned[slot]);
		t->owned[slot] = NULL;
		if (r.blob) {
			out->data = r.blob;
			out->size = r.blob_len;
		} else if (r.bytes_ok && r.nr_bytes) {
			/* Like LLVM, a record of non-bytes is an empty blob. */
			t->owned[slot] = xmalloc(r.nr_bytes);
			memcpy(t->owned[slot], r.bytes, r.nr_bytes);
			out->data = t->owned[slot];
			out->size = r.nr_bytes;
		} else {
			out->data = NULL;
			out->size = 0;
		}
	}
	bs_record_release(&r);
	return ret;
}

/* An IDENTIFICATION block must be followed by a MODULE block. */
static int skip_identification(struct bs_cursor *c, struct bs_entry *e)
{
	uint64_t at = e->bit;

	if (bs_skip_block(c, e) || bs_advance(c, e))
		return -1;
	if (e->kind == BS_ENTRY_SUBBLOCK && e->id == BS_MODULE_ID)
		return 0;
	symtab_errf(c->err, "corrupt: identification block at byte %" PRIu64
		    " is not followed by a module", bs_byte(c, at));
	return -1;
}

/*
 * Jumps over a module, noting where it starts.  What follows the last
 * module is the small tail holding the tables: one fill reads it all.
 */
static int skip_module(struct bs_cursor *c, struct bs_entry *e,
		       struct bc_tables *t)
{
	if (t->nr_modules < BC_MAX_MODULES)
		t->module_bit[t->nr_modules] = e->bit;
	t->nr_modules++;
	if (bs_skip_block(c, e))
		return -1;
	if (c->src && c->bit / 8 < c->size)
		return bs_fill(c, c->bit / 8, c->size - c->bit / 8);
	return 0;
}

static int top_level_block(struct bs_cursor *c, struct bs_entry *e,
			   struct bc_tables *t)
{
	struct blob blob;

	switch (e->id) {
	case BS_IDENTIFICATION_ID:
		/* e becomes the module that must follow */
		if (skip_identification(c, e))
			return -1;
		return skip_module(c, e, t);
	case BS_MODULE_ID:
		return skip_module(c, e, t);
	case BS_BLOCKINFO_ID:
		return bs_enter_block(c, e) || bs_read_blockinfo(c) ? -1 : 0;
	case BS_SYMTAB_ID:
		/* Later tables come from concatenated files: LLVM too
		 * keeps the first, and the module count will not match.
		 */
		if (t->have_symtab)
			break;
		if (read_blob_block(c, e, t, 0, &t->symtab))
			return -1;
		t->have_symtab = true;
		return 0;
	case BS_STRTAB_ID:
		if (!t->have_symtab || t->have_strtab)
			break;
		if (read_blob_block(c, e, t, 1, &blob))
			return -1;
		t->strtab = blob;
		t->have_strtab = true;
		return 0;
	default:
		break;
	}
	return bs_skip_block(c, e);
}

static int walk_top_level(struct bs_cursor *c, struct bc_tables *t)
{
	struct bs_record r = { 0 };
	struct bs_entry e;

	/* LLVM ignores trailing bytes too few to hold another block. */
	while (c->bit / 8 + BC_TAIL_SLACK < c->size) {
		if (bs_advance(c, &e))
			return -1;
		if (e.kind == BS_ENTRY_SUBBLOCK) {
			if (top_level_block(c, &e, t))
				return -1;
		} else if (bs_read_record(c, &e, &r)) {
			return -1;
		}
	}
	return 0;
}

struct emit_ctx {
	const struct sym_visitor *v;
};

/* The section a global is in, for a visitor that wants sections. */
static int emit_section(const struct irsym *s, const struct sym_visitor *v)
{
	struct sym_section sec = {
		.name = s->section,
		.name_len = s->section_len,
	};

	return v->section ? v->section(&sec, v->arg) : 0;
}

static int emit_symbol(const struct irsym *s, void *arg)
{
	const struct emit_ctx *ctx = arg;
	const struct sym_visitor *v = ctx->v;
	bool defined = !(s->flags & IRSYM_UNDEFINED);
	struct sym sym;
	int ret;

	if (s->flags & IRSYM_FORMAT_SPECIFIC)
		return 0;
	if (s->from_asm && v->asm_symbol) {
		ret = v->asm_symbol(s->name, s->name_len, defined, v->arg);
		if (ret)
			return ret;
	}
	if (!defined)
		return 0;
	sym.name = s->name;
	sym.name_len = s->name_len;
	/* An Uncommon record without a section (commons) says "" */
	sym.section = s->section_len ? s->section : NULL;
	sym.section_len = s->section_len;
	sym.section_index = 0;
	sym.value = 0;
	sym.type = irsym_nm_type(s->flags);
	if (sym.section) {
		ret = emit_section(s, v);
		if (ret)
			return ret;
	}
	return v->symbol(&sym, v->arg);
}

/* Checks what the walk found; BITCODE_FALLBACK when it cannot be used. */
static int open_tables(const struct bc_tables *t, struct irsymtab *irs,
		       struct symtab_err *err)
{
	if (!t->have_symtab) {
		symtab_errf(err, "no symbol table");
		return BITCODE_FALLBACK;
	}
	if (!t->have_strtab) {
		symtab_errf(err, "no string table after the symbol table");
		return BITCODE_FALLBACK;
	}
	if (irsymtab_open(irs, &t->symtab, &t->strtab, err))
		return BITCODE_FALLBACK;
	if (irsymtab_nr_modules(irs) != t->nr_modules) {
		symtab_errf(err, "symbol table lists %u modules, file has %u",
			    irsymtab_nr_modules(irs), t->nr_modules);
		return BITCODE_FALLBACK;
	}
	return 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool is_ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '$';
}

/* The name after .section or .pushsection: quoted, or up to , or space. */
static int report_section_name(const char *p, const char *end,
			       const struct sym_visitor *v)
{
	struct sym_section sec = { 0 };
	const char *q;

	while (p < end && is_space(*p))
		p++;
	if (p < end && *p == '"') {
		q = memchr(p + 1, '"', end - p - 1);
		if (!q)
			return 0;
		sec.name = p + 1;
		sec.name_len = q - p - 1;
	} else {
		for (q = p; q < end && *q != ',' && !is_space(*q); q++)
			;
		sec.name = p;
		sec.name_len = q - p;
	}
	return sec.name_len ? v->section(&sec, v->arg) : 0;
}

static bool starts_word(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);

	return (size_t)(end - p) > n && !memcmp(p, word, n) &&
	       is_space(p[n]);
}

/*
 * One statement of module asm: labels ("name:") first, then maybe a
 * directive that switches sections.
 */
static int asm_statement(const char *p, const char *end,
			 const struct sym_visitor *v)
{
	const char *q;

	for (;;) {
		while (p < end && is_space(*p))
			p++;
		for (q = p; q < end && is_ident(*q); q++)
			;
		if (q == p || q == end || *q != ':')
			break;
		p = q + 1;
	}
	if (starts_word(p, end, ".section"))
		return report_section_name(p + 8, end, v);
	if (starts_word(p, end, ".pushsection"))
		return report_section_name(p + 12, end, v);
	return 0;
}

/* The sections that module-level asm switches to, each reported. */
static int report_asm_sections(const char *text, size_t len,
			       const struct sym_visitor *v)
{
	const char *p = text, *end = text + len, *stop;
	int ret;

	for (; p < end; p = stop + 1) {
		for (stop = p; stop < end && *stop != '\n' && *stop != ';';
		     stop++)
			;
		ret = asm_statement(p, stop, v);
		if (ret)
			return ret;
	}
	return 0;
}


/* The records that follow the header records of a module. */
static bool is_global_value(uint32_t code)
{
	switch (code) {
	case MODULE_CODE_GLOBALVAR:
	case MODULE_CODE_FUNCTION:
	case MODULE_CODE_ALIAS_OLD:
	case MODULE_CODE_VSTOFFSET:
	case MODULE_CODE_ALIAS:
	case MODULE_CODE_IFUNC:
		return true;
	default:
		return false;
	}
}

/*
 * The records at the head of a module, before its first global value,
 * for its module-level asm.  The blocks among them (types, attributes)
 * are jumped over, and the walk stops at the first global, so the
 * module's body is never read.
 */
static int walk_module_header(struct bs_cursor *c, uint64_t bit,
			      const struct sym_visitor *v)
{
	struct bs_record r = { .want_bytes = true };
	struct bs_entry e;
	int ret = -1;

	c->bit = bit;
	if (bs_advance(c, &e) || bs_enter_block(c, &e))
		goto out;
	for (;;) {
		if (bs_advance(c, &e))
			goto out;
		if (e.kind == BS_ENTRY_END_BLOCK) {
			ret = 0;
			goto out;
		}
		if (e.kind == BS_ENTRY_SUBBLOCK) {
			if (e.id == BS_BLOCKINFO_ID ?
			    bs_enter_block(c, &e) || bs_read_blockinfo(c) :
			    bs_skip_block(c, &e))
				goto out;
			continue;
		}
		if (bs_read_record(c, &e, &r))
			goto out;
		if (is_global_value(r.code))
			break;
		if (r.code == MODULE_CODE_ASM && r.bytes_ok) {
			ret = report_asm_sections((const char *)r.bytes,
						  r.nr_bytes, v);
			if (ret)
				goto out;
			ret = -1;
		}
	}
	bs_leave_block(c);
	ret = 0;
out:
	bs_record_release(&r);
	return ret;
}

/* Sections named by each module's asm, sizes unknown. */
static int report_sections(struct bs_cursor *c, const struct bc_tables *t,
			   const struct sym_visitor *v)
{
	unsigned int m;
	int ret;

	if (t->nr_modules > BC_MAX_MODULES) {
		symtab_errf(c->err, "%u modules in one file; cannot read more than %d",
			    t->nr_modules, BC_MAX_MODULES);
		return -1;
	}
	for (m = 0; m < t->nr_modules; m++) {
		ret = walk_module_header(c, t->module_bit[m], v);
		if (ret)
			return ret;
	}
	return 0;
}

int bitcode_scan(const struct blob *b, const struct sym_visitor *v,
		 struct symtab_err *err)
{
	return bitcode_scan_from(b, NULL, v, err);
}

int bitcode_scan_from(const struct blob *b, const struct bs_source *src,
		      const struct sym_visitor *v, struct symtab_err *err)
{
	struct bc_tables t = { 0 };
	struct emit_ctx ctx = { v };
	struct bs_cursor c;
	struct irsymtab irs;
	size_t off, size;
	int ret;

	if (find_stream(b, &off, &size, err))
		return -1;
	bs_init(&c, b->data + off, size, 32, off, err);
	if (src)
		bs_set_source(&c, src);
	ret = walk_top_level(&c, &t);
	/* Nothing can list the symbols of no module, not even nm. */
	if (!ret && !t.nr_modules) {
		symtab_errf(err,
			    "corrupt: no module block in %zu bytes of bitcode",
			    size);
		ret = -1;
	}
	if (!ret)
		ret = open_tables(&t, &irs, err);
	if (!ret)
		ret = irsymtab_walk(&irs, emit_symbol, &ctx);
	if (!ret && v->section && v->wants_asm_sections &&
	    v->wants_asm_sections(v->arg))
		ret = report_sections(&c, &t, v);
	bs_release(&c);
	free(t.owned[0]);
	free(t.owned[1]);
	return ret;
}
