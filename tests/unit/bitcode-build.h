/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hand-made bitcode for the unit tests: a bitstream writer (bw_*), an
 * irsymtab writer (irb_*) and a whole-file writer (bcf_*) that puts them
 * together the way clang lays a file out.
 */
#ifndef TESTS_BITCODE_BUILD_H
#define TESTS_BITCODE_BUILD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- bitstream writer ------------------------------------------------ */

#define BW_MAX_DEPTH	16

struct bw {
	unsigned char *buf;
	size_t alloc;
	uint64_t bit;			/* bits written */
	unsigned int width;		/* current abbreviation id width */
	int depth;
	unsigned int saved_width[BW_MAX_DEPTH];
	size_t len_word[BW_MAX_DEPTH];	/* byte offset of the length word */
};

static inline void bw_init(struct bw *w)
{
	memset(w, 0, sizeof(*w));
	w->width = 2;
}

static inline void bw_free(struct bw *w)
{
	free(w->buf);
	memset(w, 0, sizeof(*w));
}

static inline size_t bw_size(const struct bw *w)
{
	return (size_t)((w->bit + 7) / 8);
}

static inline void bw_reserve(struct bw *w, size_t bytes)
{
	if (bytes <= w->alloc)
		return;
	w->buf = realloc(w->buf, bytes * 2);
	if (!w->buf)
		abort();
	memset(w->buf + w->alloc, 0, bytes * 2 - w->alloc);
	w->alloc = bytes * 2;
}

static inline void bw_bits(struct bw *w, uint64_t v, unsigned int n)
{
	unsigned int i;

	bw_reserve(w, (size_t)((w->bit + n) / 8 + 1));
	for (i = 0; i < n; i++, w->bit++)
		if (v >> i & 1)
			w->buf[w->bit / 8] |= 1u << (w->bit % 8);
}

static inline void bw_vbr(struct bw *w, uint64_t v, unsigned int n)
{
	uint64_t more = 1ull << (n - 1);

	while (v >= more) {
		bw_bits(w, (v & (more - 1)) | more, n);
		v >>= n - 1;
	}
	bw_bits(w, v, n);
}

static inline void bw_align(struct bw *w)
{
	while (w->bit % 32)
		bw_bits(w, 0, 1);
}

static inline void bw_u32(struct bw *w, uint32_t v)
{
	bw_bits(w, v, 32);
}

static inline void bw_bytes(struct bw *w, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		bw_bits(w, b[i], 8);
}

static inline void bw_abbrev_id(struct bw *w, unsigned int id)
{
	bw_bits(w, id, w->width);
}

static inline void bw_enter(struct bw *w, unsigned int id,
			    unsigned int width)
{
	bw_abbrev_id(w, 1);
	bw_vbr(w, id, 8);
	bw_vbr(w, width, 4);
	bw_align(w);
	w->saved_width[w->depth] = w->width;
	w->len_word[w->depth] = (size_t)(w->bit / 8);
	w->depth++;
	bw_u32(w, 0);
	w->width = width;
}

static inline void bw_end(struct bw *w)
{
	size_t at, words;

	bw_abbrev_id(w, 0);
	bw_align(w);
	w->depth--;
	at = w->len_word[w->depth];
	words = (size_t)(w->bit / 8 - at - 4) / 4;
	w->buf[at] = words & 0xff;
	w->buf[at + 1] = words >> 8 & 0xff;
	w->buf[at + 2] = words >> 16 & 0xff;
	w->buf[at + 3] = words >> 24 & 0xff;
	w->width = w->saved_width[w->depth];
}

static inline void bw_unabbrev(struct bw *w, unsigned int code,
			       const uint64_t *ops, size_t n)
{
	size_t i;

	bw_abbrev_id(w, 3);
	bw_vbr(w, code, 6);
	bw_vbr(w, n, 6);
	for (i = 0; i < n; i++)
		bw_vbr(w, ops[i], 6);
}

/* DEFINE_ABBREV [literal @code, blob] as LLVM writes for SYMTAB/STRTAB. */
static inline void bw_define_blob_abbrev(struct bw *w, unsigned int code)
{
	bw_abbrev_id(w, 2);
	bw_vbr(w, 2, 5);
	bw_bits(w, 1, 1);
	bw_vbr(w, code, 8);
	bw_bits(w, 0, 1);
	bw_bits(w, 5, 3);
}

/* An abbreviated record whose abbreviation is [literal, blob]. */
static inline void bw_blob_record(struct bw *w, unsigned int abbrev,
				  const void *p, size_t n)
{
	bw_abbrev_id(w, abbrev);
	bw_vbr(w, n, 6);
	bw_align(w);
	bw_bytes(w, p, n);
	bw_align(w);
}

/* ---- irsymtab writer ------------------------------------------------- */

#define IRB_MAX		64

struct irb_sym {
	const char *name;
	uint32_t flags;
	const char *section;	/* with has_uncommon */
};

struct irb {
	uint32_t version;
	unsigned int nr_mods;
	uint32_t mod_begin[IRB_MAX], mod_end[IRB_MAX], mod_unc[IRB_MAX];
	unsigned int nr_syms;
	struct irb_sym syms[IRB_MAX];
	/* output */
	unsigned char symtab[8192];
	size_t symtab_len;
	char strtab[8192];
	size_t strtab_len;
	/* where things went, for tests that corrupt them */
	size_t mods_off, syms_off, uncs_off, unc_size;
};

static inline void irb_init(struct irb *b, uint32_t version)
{
	memset(b, 0, sizeof(*b));
	b->version = version;
}

/* Adds a symbol to the last module (opened with irb_module()). */
static inline void irb_sym(struct irb *b, const char *name, uint32_t flags,
			   const char *section)
{
	b->syms[b->nr_syms].name = name;
	b->syms[b->nr_syms].flags = flags;
	b->syms[b->nr_syms].section = section;
	b->nr_syms++;
	b->mod_end[b->nr_mods - 1] = b->nr_syms;
}

static inline void irb_module(struct irb *b)
{
	b->mod_begin[b->nr_mods] = b->nr_syms;
	b->mod_end[b->nr_mods] = b->nr_syms;
	b->nr_mods++;
}

static inline void irb_put32(unsigned char *p, uint32_t v)
{
	p[0] = v & 0xff;
	p[1] = v >> 8 & 0xff;
	p[2] = v >> 16 & 0xff;
	p[3] = v >> 24 & 0xff;
}

static inline uint32_t irb_get32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Writes a Str {offset, size} for @s, appending it to the strtab. */
static inline void irb_str(struct irb *b, unsigned char *at, const char *s)
{
	size_t n = strlen(s);

	irb_put32(at, (uint32_t)b->strtab_len);
	irb_put32(at + 4, (uint32_t)n);
	memcpy(b->strtab + b->strtab_len, s, n);
	b->strtab_len += n;
}

static inline void irb_range(unsigned char *at, size_t off, size_t nr)
{
	irb_put32(at, (uint32_t)off);
	irb_put32(at + 4, (uint32_t)nr);
}

/*
 * Lays out: header, modules, symbols, uncommons.  Uncommons are given
 * out in symbol order, so that each module's UncBegin is the count of
 * has_uncommon symbols before it.
 */
static inline void irb_build(struct irb *b)
{
	unsigned char *t = b->symtab;
	size_t off = 76, nr_unc = 0, i, u;
	unsigned int m;

	b->unc_size = b->version >= 4 ? 28 : 24;
	memset(t, 0, sizeof(b->symtab));
	b->strtab_len = 0;
	irb_put32(t, b->version);
	irb_str(b, t + 4, "14.0.6");
	for (i = 0; i < b->nr_syms; i++)
		if (b->syms[i].flags & (1u << 2))
			nr_unc++;
	b->mods_off = off;
	irb_range(t + 12, off, b->nr_mods);
	off += 12 * b->nr_mods;
	irb_range(t + 20, off, 0);		/* comdats */
	b->syms_off = off;
	irb_range(t + 28, off, b->nr_syms);
	off += 24 * b->nr_syms;
	b->uncs_off = off;
	irb_range(t + 36, off, nr_unc);
	irb_str(b, t + 44, "x86_64-pc-linux-gnu");
	irb_str(b, t + 52, "test.c");
	irb_str(b, t + 60, "");
	irb_range(t + 68, off + nr_unc * b->unc_size, 0);
	b->symtab_len = off + nr_unc * b->unc_size;
	for (m = 0, u = 0; m < b->nr_mods; m++) {
		unsigned char *mp = t + b->mods_off + 12 * m;

		irb_put32(mp, b->mod_begin[m]);
		irb_put32(mp + 4, b->mod_end[m]);
		for (i = 0, u = 0; i < b->mod_begin[m]; i++)
			if (b->syms[i].flags & (1u << 2))
				u++;
		irb_put32(mp + 8, (uint32_t)u);
	}
	for (i = 0, u = 0; i < b->nr_syms; i++) {
		unsigned char *sp = t + b->syms_off + 24 * i;
		unsigned char *up;

		irb_str(b, sp, b->syms[i].name);
		irb_str(b, sp + 8, b->syms[i].name);
		irb_put32(sp + 16, 0xffffffffu);
		irb_put32(sp + 20, b->syms[i].flags);
		if (!(b->syms[i].flags & (1u << 2)))
			continue;
		up = t + b->uncs_off + b->unc_size * u++;
		irb_put32(up, 16);		/* common size */
		irb_str(b, up + b->unc_size - 16, "");
		irb_str(b, up + b->unc_size - 8,
			b->syms[i].section ? b->syms[i].section : "");
	}
}

/* ---- whole files ----------------------------------------------------- */

enum {
	BCF_UNABBREV_BLOBS	= 1 << 0,	/* blobs as byte operands */
	BCF_BLOCKINFO_ABBREVS	= 1 << 1,	/* blob abbrevs from BLOCKINFO */
	BCF_NO_SYMTAB		= 1 << 2,
	BCF_NO_STRTAB		= 1 << 3,
	BCF_STRTAB_FIRST	= 1 << 4,	/* STRTAB before SYMTAB */
	BCF_NO_IDENTIFICATION	= 1 << 5,
	BCF_WRAPPER		= 1 << 6,	/* Darwin wrapper header */
	BCF_EXTRA_RECORDS	= 1 << 7,	/* other records in the blocks */
};

static inline void bcf_blob_block(struct bw *w, unsigned int id,
				  const void *p, size_t n, unsigned int flags)
{
	const unsigned char *bytes = p;
	uint64_t *ops;
	size_t i;

	bw_enter(w, id, 3);
	if (flags & BCF_EXTRA_RECORDS) {
		uint64_t junk[2] = { 7, 300 };

		bw_unabbrev(w, 2, junk, 2);
		bw_enter(w, 99, 4);
		bw_unabbrev(w, 1, junk, 2);
		bw_end(w);
	}
	if (flags & BCF_UNABBREV_BLOBS) {
		ops = calloc(n + 1, sizeof(*ops));
		for (i = 0; i < n; i++)
			ops[i] = bytes[i];
		bw_unabbrev(w, 1, ops, n);
		free(ops);
	} else {
		if (!(flags & BCF_BLOCKINFO_ABBREVS))
			bw_define_blob_abbrev(w, 1);
		bw_blob_record(w, 4, p, n);
	}
	bw_end(w);
}

/* A module block with a little content, nested block included. */
static inline void bcf_module(struct bw *w)
{
	uint64_t ops[3] = { 1, 2, 3 };

	if (!(w->width == 2))
		abort();
	bw_enter(w, 8, 3);
	bw_unabbrev(w, 1, ops, 3);
	bw_enter(w, 17, 4);
	bw_unabbrev(w, 5, ops, 1);
	bw_end(w);
	bw_end(w);
}

static inline void bcf_blockinfo(struct bw *w)
{
	uint64_t bid;

	bw_enter(w, 0, 2);
	bid = 25;
	bw_unabbrev(w, 1, &bid, 1);		/* SETBID 25 */
	bw_define_blob_abbrev(w, 1);
	bid = 23;
	bw_unabbrev(w, 1, &bid, 1);		/* SETBID 23 */
	bw_define_blob_abbrev(w, 1);
	bw_end(w);
}

/*
 * A file of @nr_modules modules and the table in @b (built), laid out as
 * clang does.  The result is in w (bw_free() it).
 */
static inline void bcf_write(struct bw *w, const struct irb *b,
			     unsigned int nr_modules, unsigned int flags)
{
	uint64_t ops[2] = { 5, 0 };
	unsigned int m;

	bw_init(w);
	if (flags & BCF_WRAPPER) {
		bw_u32(w, 0x0b17c0de);
		bw_u32(w, 0);
		bw_u32(w, 20);
		bw_u32(w, 0);			/* size, patched below */
		bw_u32(w, 7);
	}
	bw_bytes(w, "BC\xc0\xde", 4);
	if (flags & BCF_BLOCKINFO_ABBREVS)
		bcf_blockinfo(w);
	for (m = 0; m < nr_modules; m++) {
		if (!(flags & BCF_NO_IDENTIFICATION)) {
			bw_enter(w, 13, 5);
			bw_unabbrev(w, 1, ops, 2);
			bw_end(w);
		}
		bcf_module(w);
	}
	if ((flags & BCF_STRTAB_FIRST) && !(flags & BCF_NO_STRTAB))
		bcf_blob_block(w, 23, b->strtab, b->strtab_len, flags);
	if (!(flags & BCF_NO_SYMTAB))
		bcf_blob_block(w, 25, b->symtab, b->symtab_len, flags);
	if (!(flags & (BCF_STRTAB_FIRST | BCF_NO_STRTAB)))
		bcf_blob_block(w, 23, b->strtab, b->strtab_len, flags);
	if (flags & BCF_WRAPPER)
		irb_put32(w->buf + 12, (uint32_t)(bw_size(w) - 20));
}

#endif /* TESTS_BITCODE_BUILD_H */
