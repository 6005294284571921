// SPDX-License-Identifier: GPL-2.0-only
/*
 * The LLVM bitstream cursor.  See include/symtab/bitstream.h for the
 * format in a few words.  Two rules hold everywhere below: no read goes
 * past the end of the current block (the end of the data at the top
 * level), and no allocation is sized by a count before that count has
 * been checked against the bits left to hold it.
 */
#include <endian.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <symtab/bitstream.h>
#include <util/xalloc.h>

/* Abbreviation ids of the top level; blocks choose their own width. */
#define BS_TOP_WIDTH		2
/* Nested blocks in real files go four deep; refuse silly nesting. */
#define BS_MAX_DEPTH		256
/* Widths of the fields the format fixes. */
#define BS_BLOCK_ID_WIDTH	8
#define BS_CODE_WIDTH_WIDTH	4
#define BS_ABBREV_OPS_WIDTH	5
#define BS_LITERAL_WIDTH	8
#define BS_ENCODING_WIDTH	3
#define BS_WIDTH_WIDTH		5
#define BS_RECORD_WIDTH		6
#define BS_ARRAY_LEN_WIDTH	6
#define BS_BLOB_LEN_WIDTH	6
/* BLOCKINFO record that selects the block the next abbrevs are for. */
#define BS_SETBID		1

void bs_init(struct bs_cursor *c, const unsigned char *data, size_t size,
	     uint64_t start_bit, size_t file_off, struct symtab_err *err)
{
	memset(c, 0, sizeof(*c));
	c->data = data;
	c->size = size;
	c->file_off = file_off;
	c->bit = start_bit;
	c->err = err;
	c->scopes = xgrow(NULL, &c->scopes_alloc, 1, sizeof(*c->scopes));
	memset(&c->scopes[0], 0, sizeof(c->scopes[0]));
	c->scopes[0].block_id = UINT32_MAX;
	c->scopes[0].width = BS_TOP_WIDTH;
	c->scopes[0].end = (uint64_t)size * 8;
	c->scopes[0].info_bid = -1;
	c->win_hi = size;
}

void bs_set_source(struct bs_cursor *c, const struct bs_source *src)
{
	c->src = src;
	c->win_lo = 0;
	c->win_hi = 0;
}

int bs_fill(struct bs_cursor *c, size_t off, size_t len)
{
	ssize_t got;

	if (off >= c->win_lo && off <= c->win_hi && len <= c->win_hi - off)
		return 0;
	if (!c->src || off > c->size || len > c->size - off) {
		symtab_errf(c->err, "corrupt: %zu bytes at byte %" PRIu64
			    " lie past the end of the data", len,
			    bs_byte(c, (uint64_t)off * 8));
		return -1;
	}
	got = c->src->fill(c->src->arg, off, len, c->err);
	if (got < 0)
		return -1;
	c->win_lo = off;
	c->win_hi = off + ((size_t)got < len ? len : (size_t)got);
	return 0;
}

static void abbrev_list_release(struct bs_abbrev_list *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		free(l->v[i].ops);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void bs_release(struct bs_cursor *c)
{
	size_t i;

	for (i = 0; i <= c->depth && c->scopes; i++)
		abbrev_list_release(&c->scopes[i].own);
	free(c->scopes);
	for (i = 0; i < c->nr_info; i++)
		abbrev_list_release(&c->info[i].abbrevs);
	free(c->info);
	memset(c, 0, sizeof(*c));
}

void bs_record_release(struct bs_record *r)
{
	free(r->bytes);
	r->bytes = NULL;
	r->nr_bytes = 0;
	r->bytes_alloc = 0;
}

static struct bs_scope *cur(struct bs_cursor *c)
{
	return &c->scopes[c->depth];
}

/* Bits left before the end of the current block. */
static uint64_t bits_left(const struct bs_cursor *c)
{
	uint64_t end = bs_scope(c)->end;

	return c->bit < end ? end - c->bit : 0;
}

/*
 * Reports that @what, which began at bit @at, does not fit: truncation
 * when the limit is the end of the data, corruption when it is the end
 * of a block whose length word was in bounds.
 */
static int past_end(struct bs_cursor *c, const char *what, uint64_t at)
{
	const struct bs_scope *s = bs_scope(c);

	if (s->end == (uint64_t)c->size * 8)
		symtab_errf(c->err,
			    "truncated: %s at byte %" PRIu64
			    " runs past the end of the data (%zu bytes)",
			    what, bs_byte(c, at), c->file_off + c->size);
	else
		symtab_errf(c->err,
			    "corrupt: %s at byte %" PRIu64
			    " runs past the end of block %" PRIu32
			    " (byte %" PRIu64 ")",
			    what, bs_byte(c, at), s->block_id,
			    bs_byte(c, s->end));
	return -1;
}

/* Eight bytes at @p as a little-endian number. */
static uint64_t load_le64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return le64toh(v);
}

/* Reads @width bits that are known to be there. */
static uint64_t take_bits(struct bs_cursor *c, unsigned int width)
{
	size_t at = c->bit >> 3;
	uint64_t val = 0;
	unsigned int got = 0;

	/* Most fields are short and lie well inside the window. */
	if (width <= 56 && at + 8 <= c->win_hi) {
		val = load_le64(c->data + at) >> (c->bit & 7);
		c->bit += width;
		c->bits_read += width;
		return val & ((1ull << width) - 1);
	}
	while (got < width) {
		unsigned int off = c->bit & 7;
		unsigned int n = 8 - off;
		uint64_t byte = c->data[c->bit >> 3];

		if (n > width - got)
			n = width - got;
		val |= ((byte >> off) & ((1u << n) - 1)) << got;
		got += n;
		c->bit += n;
	}
	c->bits_read += width;
	return val;
}

/* Are the next @width bits inside the block and the filled window? */
static bool in_window(const struct bs_cursor *c, unsigned int width)
{
	return c->bit + width <= bs_scope(c)->end && c->bit / 8 >= c->win_lo &&
	       (c->bit + width + 7) / 8 <= c->win_hi;
}

static int read_bits(struct bs_cursor *c, unsigned int width, uint64_t *val,
		     const char *what)
{
	size_t lo = c->bit / 8, hi = (c->bit + width + 7) / 8;

	if (width > bits_left(c))
		return past_end(c, what, c->bit);
	if ((lo < c->win_lo || hi > c->win_hi) && bs_fill(c, lo, hi - lo))
		return -1;
	*val = take_bits(c, width);
	return 0;
}

int bs_read_fixed(struct bs_cursor *c, unsigned int width, uint64_t *val)
{
	if (width > 64) {
		symtab_errf(c->err, "corrupt: fixed field of %u bits at byte %"
			    PRIu64, width, bs_byte(c, c->bit));
		return -1;
	}
	return read_bits(c, width, val, "fixed field");
}

int bs_read_vbr(struct bs_cursor *c, unsigned int width, uint64_t *val)
{
	uint64_t start = c->bit, more, chunk, data, v = 0;
	unsigned int shift = 0;

	if (width < 2 || width > 32) {
		symtab_errf(c->err, "corrupt: VBR field of %u-bit chunks at byte %"
			    PRIu64, width, bs_byte(c, start));
		return -1;
	}
	more = 1ull << (width - 1);
	for (;;) {
		if (in_window(c, width))
			chunk = take_bits(c, width);
		else if (read_bits(c, width, &chunk, "VBR field"))
			return -1;
		data = chunk & (more - 1);
		if (shift >= 64 || (shift && data >> (64 - shift))) {
			symtab_errf(c->err,
				    "corrupt: VBR field at byte %" PRIu64
				    " holds more than 64 bits",
				    bs_byte(c, start));
			return -1;
		}
		v |= data << shift;
		if (!(chunk & more))
			break;
		shift += width - 1;
	}
	*val = v;
	return 0;
}

/* A VBR field that must fit 32 bits (ids, counts, widths). */
static int read_vbr32(struct bs_cursor *c, unsigned int width, uint32_t *val,
		      const char *what)
{
	uint64_t start = c->bit, v;

	if (bs_read_vbr(c, width, &v))
		return -1;
	if (v > UINT32_MAX) {
		symtab_errf(c->err, "corrupt: %s at byte %" PRIu64
			    " is %" PRIu64 ", more than 32 bits",
			    what, bs_byte(c, start), v);
		return -1;
	}
	*val = (uint32_t)v;
	return 0;
}

int bs_align32(struct bs_cursor *c)
{
	uint64_t next = (c->bit + 31) & ~(uint64_t)31;

	if (next > bs_scope(c)->end)
		return past_end(c, "padding", c->bit);
	c->bit = next;
	return 0;
}

/* The blockinfo entry for @block_id, or NULL. */
static struct bs_blockinfo *find_info(struct bs_cursor *c, uint32_t block_id)
{
	size_t i;

	for (i = 0; i < c->nr_info; i++)
		if (c->info[i].block_id == block_id)
			return &c->info[i];
	return NULL;
}

static struct bs_blockinfo *get_info(struct bs_cursor *c, uint32_t block_id)
{
	struct bs_blockinfo *bi = find_info(c, block_id);

	if (bi)
		return bi;
	c->info = xgrow(c->info, &c->info_alloc, c->nr_info + 1,
			sizeof(*c->info));
	bi = &c->info[c->nr_info++];
	memset(bi, 0, sizeof(*bi));
	bi->block_id = block_id;
	return bi;
}

/* Abbreviation @idx (id minus 4) of the current block, or NULL. */
static const struct bs_abbrev *find_abbrev(struct bs_cursor *c, uint64_t idx)
{
	const struct bs_scope *s = bs_scope(c);
	const struct bs_blockinfo *bi;

	if (idx < s->nr_info) {
		/* A later BLOCKINFO may have replaced what the block saw. */
		bi = find_info(c, s->block_id);
		return bi && idx < bi->abbrevs.nr ? &bi->abbrevs.v[idx] : NULL;
	}
	idx -= s->nr_info;
	return idx < s->own.nr ? &s->own.v[idx] : NULL;
}

/* Reads one operand description of a DEFINE_ABBREV. */
static int read_abbrev_op(struct bs_cursor *c, uint64_t start,
			  struct bs_op *op)
{
	uint64_t literal, enc, width;

	if (read_bits(c, 1, &literal, "abbreviation definition"))
		return -1;
	if (literal) {
		op->kind = BS_OP_LITERAL;
		return bs_read_vbr(c, BS_LITERAL_WIDTH, &op->value);
	}
	if (read_bits(c, BS_ENCODING_WIDTH, &enc, "abbreviation definition"))
		return -1;
	op->kind = enc;
	op->value = 0;
	switch (enc) {
	case BS_OP_FIXED:
	case BS_OP_VBR:
		if (bs_read_vbr(c, BS_WIDTH_WIDTH, &width))
			return -1;
		break;
	case BS_OP_ARRAY:
	case BS_OP_CHAR6:
	case BS_OP_BLOB:
		return 0;
	default:
		symtab_errf(c->err, "corrupt: abbreviation at byte %" PRIu64
			    " uses unknown encoding %" PRIu64,
			    bs_byte(c, start), enc);
		return -1;
	}
	/* Like LLVM, a field of no bits is the literal zero. */
	if (!width) {
		op->kind = BS_OP_LITERAL;
		return 0;
	}
	if ((enc == BS_OP_FIXED && width > 64) ||
	    (enc == BS_OP_VBR && (width < 2 || width > 32))) {
		symtab_errf(c->err, "corrupt: abbreviation at byte %" PRIu64
			    " has a %s field of %" PRIu64 " bits",
			    bs_byte(c, start),
			    enc == BS_OP_FIXED ? "fixed" : "VBR", width);
		return -1;
	}
	op->value = width;
	return 0;
}

/* The list a DEFINE_ABBREV in the current block adds to. */
static struct bs_abbrev_list *abbrev_target(struct bs_cursor *c,
					    uint64_t start)
{
	struct bs_scope *s = cur(c);

	if (c->depth == 0 || s->block_id != BS_BLOCKINFO_ID)
		return &s->own;
	if (s->info_bid < 0) {
		symtab_errf(c->err, "corrupt: abbreviation at byte %" PRIu64
			    " in BLOCKINFO before any SETBID",
			    bs_byte(c, start));
		return NULL;
	}
	return &get_info(c, (uint32_t)s->info_bid)->abbrevs;
}

static int define_abbrev(struct bs_cursor *c, uint64_t start)
{
	struct bs_abbrev_list *list;
	struct bs_abbrev a = { NULL, 0 };
	uint64_t nr;
	size_t i;

	if (bs_read_vbr(c, BS_ABBREV_OPS_WIDTH, &nr))
		return -1;
	/* Each operand takes at least 4 bits: check before allocating. */
	if (nr > bits_left(c) / 4)
		return past_end(c, "abbreviation definition", start);
	if (nr)
		a.ops = xmalloc(nr * sizeof(*a.ops));
	for (i = 0; i < nr; i++) {
		if (read_abbrev_op(c, start, &a.ops[i])) {
			free(a.ops);
			return -1;
		}
	}
	a.nr_ops = nr;
	list = abbrev_target(c, start);
	if (!list) {
		free(a.ops);
		return -1;
	}
	list->v = xgrow(list->v, &list->alloc, list->nr + 1, sizeof(*list->v));
	list->v[list->nr++] = a;
	return 0;
}

static int end_block(struct bs_cursor *c, uint64_t start)
{
	if (c->depth == 0) {
		symtab_errf(c->err, "corrupt: END_BLOCK at byte %" PRIu64
			    " outside any block", bs_byte(c, start));
		return -1;
	}
	if (bs_align32(c))
		return -1;
	abbrev_list_release(&cur(c)->own);
	c->depth--;
	return 0;
}

int bs_advance(struct bs_cursor *c, struct bs_entry *e)
{
	uint64_t id;

	for (;;) {
		e->bit = c->bit;
		if (read_bits(c, bs_scope(c)->width, &id, "abbreviation id"))
			return -1;
		switch (id) {
		case BS_END_BLOCK:
			e->kind = BS_ENTRY_END_BLOCK;
			e->id = 0;
			return end_block(c, e->bit);
		case BS_ENTER_SUBBLOCK:
			e->kind = BS_ENTRY_SUBBLOCK;
			return read_vbr32(c, BS_BLOCK_ID_WIDTH, &e->id,
					  "block id");
		case BS_DEFINE_ABBREV:
			if (define_abbrev(c, e->bit))
				return -1;
			continue;
		default:
			break;
		}
		if (id != BS_UNABBREV_RECORD &&
		    !find_abbrev(c, id - BS_FIRST_ABBREV)) {
			symtab_errf(c->err, "corrupt: abbreviation id %" PRIu64
				    " at byte %" PRIu64
				    " is not defined in block %" PRIu32,
				    id, bs_byte(c, e->bit),
				    bs_scope(c)->block_id);
			return -1;
		}
		e->kind = BS_ENTRY_RECORD;
		e->id = (uint32_t)id;
		return 0;
	}
}

/*
 * Reads a block's header after its id: abbreviation width, alignment and
 * length.  Sets *@content and *@words; checks the length fits its parent.
 */
static int block_header(struct bs_cursor *c, const struct bs_entry *e,
			uint32_t *width, uint64_t *content, uint64_t *words)
{
	const struct bs_scope *parent = bs_scope(c);
	uint64_t left;

	if (read_vbr32(c, BS_CODE_WIDTH_WIDTH, width, "abbreviation width"))
		return -1;
	if (*width < 1 || *width > 32) {
		symtab_errf(c->err, "corrupt: block %" PRIu32 " at byte %"
			    PRIu64 " has %" PRIu32 "-bit abbreviation ids",
			    e->id, bs_byte(c, e->bit), *width);
		return -1;
	}
	if (bs_align32(c) || read_bits(c, 32, words, "block length"))
		return -1;
	*content = c->bit;
	left = (parent->end - c->bit) / 32;
	if (*words <= left)
		return 0;
	if (parent->end == (uint64_t)c->size * 8)
		symtab_errf(c->err, "truncated: block %" PRIu32 " at byte %"
			    PRIu64 " claims %" PRIu64 " words, %" PRIu64
			    " left", e->id, bs_byte(c, e->bit), *words, left);
	else
		symtab_errf(c->err, "corrupt: block %" PRIu32 " at byte %"
			    PRIu64 " claims %" PRIu64 " words, %" PRIu64
			    " left in block %" PRIu32, e->id,
			    bs_byte(c, e->bit), *words, left,
			    parent->block_id);
	return -1;
}

int bs_skip_block(struct bs_cursor *c, const struct bs_entry *e)
{
	uint64_t content, words;
	uint32_t width;

	if (block_header(c, e, &width, &content, &words))
		return -1;
	c->bit = content + words * 32;
	return 0;
}

void bs_leave_block(struct bs_cursor *c)
{
	if (!c->depth)
		return;
	c->bit = cur(c)->end;
	abbrev_list_release(&cur(c)->own);
	c->depth--;
}

int bs_enter_block(struct bs_cursor *c, const struct bs_entry *e)
{
	const struct bs_blockinfo *bi;
	struct bs_scope *s;
	uint64_t content, words;
	uint32_t width;

	if (block_header(c, e, &width, &content, &words))
		return -1;
	if (c->depth + 1 >= BS_MAX_DEPTH) {
		symtab_errf(c->err, "corrupt: block %" PRIu32 " at byte %"
			    PRIu64 " is nested %d deep", e->id,
			    bs_byte(c, e->bit), BS_MAX_DEPTH);
		return -1;
	}
	c->scopes = xgrow(c->scopes, &c->scopes_alloc, c->depth + 2,
			  sizeof(*c->scopes));
	s = &c->scopes[++c->depth];
	memset(s, 0, sizeof(*s));
	s->block_id = e->id;
	s->width = width;
	s->start = e->bit;
	s->end = content + words * 32;
	s->info_bid = -1;
	bi = find_info(c, e->id);
	s->nr_info = bi ? bi->abbrevs.nr : 0;
	return 0;
}

static const char char6_alphabet[] =
	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._";

/* Appends one operand to @r: kept if early, as a byte if wanted. */
static void add_op(struct bs_record *r, uint64_t v)
{
	if (r->nr_ops < BS_RECORD_KEEP)
		r->ops[r->nr_ops] = v;
	r->nr_ops++;
	if (!r->want_bytes)
		return;
	if (v > 0xff) {
		r->bytes_ok = false;
		return;
	}
	r->bytes = xgrow(r->bytes, &r->bytes_alloc, r->nr_bytes + 1, 1);
	r->bytes[r->nr_bytes++] = (unsigned char)v;
}

/* Reads one scalar operand (Fixed, VBR or Char6). */
static int read_scalar(struct bs_cursor *c, const struct bs_op *op,
		       uint64_t *v)
{
	switch (op->kind) {
	case BS_OP_FIXED:
		return read_bits(c, (unsigned int)op->value, v, "record");
	case BS_OP_VBR:
		return bs_read_vbr(c, (unsigned int)op->value, v);
	case BS_OP_CHAR6:
		if (read_bits(c, 6, v, "record"))
			return -1;
		*v = (unsigned char)char6_alphabet[*v];
		return 0;
	default:
		*v = op->value;
		return 0;
	}
}

static int read_array(struct bs_cursor *c, const struct bs_entry *e,
		      const struct bs_abbrev *a, size_t i,
		      struct bs_record *r)
{
	const struct bs_op *elt = &a->ops[i + 1];
	uint64_t n, k, v;

	if (i + 2 != a->nr_ops || elt->kind == BS_OP_LITERAL ||
	    elt->kind == BS_OP_ARRAY || elt->kind == BS_OP_BLOB) {
		symtab_errf(c->err, "corrupt: record at byte %" PRIu64
			    " uses a malformed array abbreviation",
			    bs_byte(c, e->bit));
		return -1;
	}
	if (bs_read_vbr(c, BS_ARRAY_LEN_WIDTH, &n))
		return -1;
	/* Every element takes at least one bit. */
	if (n > bits_left(c))
		return past_end(c, "array", e->bit);
	for (k = 0; k < n; k++) {
		if (read_scalar(c, elt, &v))
			return -1;
		add_op(r, v);
	}
	return 0;
}

static int read_blob(struct bs_cursor *c, const struct bs_entry *e,
		     struct bs_record *r)
{
	uint64_t len;

	if (bs_read_vbr(c, BS_BLOB_LEN_WIDTH, &len) || bs_align32(c))
		return -1;
	if (len > bits_left(c) / 8)
		return past_end(c, "blob", e->bit);
	if (bs_fill(c, c->bit / 8, len))
		return -1;
	r->blob = c->data + c->bit / 8;
	r->blob_len = len;
	c->bit += len * 8;
	return bs_align32(c);
}

static int read_unabbrev(struct bs_cursor *c, const struct bs_entry *e,
			 struct bs_record *r)
{
	uint64_t n, k, v;

	if (read_vbr32(c, BS_RECORD_WIDTH, &r->code, "record code") ||
	    bs_read_vbr(c, BS_RECORD_WIDTH, &n))
		return -1;
	if (n > bits_left(c) / BS_RECORD_WIDTH)
		return past_end(c, "record", e->bit);
	for (k = 0; k < n; k++) {
		if (bs_read_vbr(c, BS_RECORD_WIDTH, &v))
			return -1;
		add_op(r, v);
	}
	return 0;
}

static int read_code(struct bs_cursor *c, const struct bs_entry *e,
		     const struct bs_abbrev *a, struct bs_record *r)
{
	uint64_t code;

	if (!a->nr_ops || a->ops[0].kind == BS_OP_ARRAY ||
	    a->ops[0].kind == BS_OP_BLOB) {
		symtab_errf(c->err, "corrupt: record at byte %" PRIu64
			    " uses an abbreviation without a code field",
			    bs_byte(c, e->bit));
		return -1;
	}
	if (read_scalar(c, &a->ops[0], &code))
		return -1;
	if (code > UINT32_MAX) {
		symtab_errf(c->err, "corrupt: record at byte %" PRIu64
			    " has code %" PRIu64, bs_byte(c, e->bit), code);
		return -1;
	}
	r->code = (uint32_t)code;
	return 0;
}

static int read_abbreviated(struct bs_cursor *c, const struct bs_entry *e,
			    struct bs_record *r)
{
	const struct bs_abbrev *a = find_abbrev(c, e->id - BS_FIRST_ABBREV);
	uint64_t v;
	size_t i;

	if (!a) {
		symtab_errf(c->err, "corrupt: abbreviation id %" PRIu32
			    " at byte %" PRIu64 " is not defined", e->id,
			    bs_byte(c, e->bit));
		return -1;
	}
	if (read_code(c, e, a, r))
		return -1;
	for (i = 1; i < a->nr_ops; i++) {
		const struct bs_op *op = &a->ops[i];

		if (op->kind == BS_OP_ARRAY)
			return read_array(c, e, a, i, r);
		if (op->kind == BS_OP_BLOB) {
			if (read_blob(c, e, r))
				return -1;
			continue;
		}
		if (read_scalar(c, op, &v))
			return -1;
		add_op(r, v);
	}
	return 0;
}

int bs_read_record(struct bs_cursor *c, const struct bs_entry *e,
		   struct bs_record *r)
{
	r->code = 0;
	r->nr_ops = 0;
	r->blob = NULL;
	r->blob_len = 0;
	r->nr_bytes = 0;
	r->bytes_ok = true;
	if (e->id == BS_UNABBREV_RECORD)
		return read_unabbrev(c, e, r);
	return read_abbreviated(c, e, r);
}

/* SETBID in a BLOCKINFO block: later abbrevs are for that block id. */
static int set_bid(struct bs_cursor *c, const struct bs_entry *e,
		   const struct bs_record *r)
{
	if (!r->nr_ops || r->ops[0] > UINT32_MAX) {
		symtab_errf(c->err, "corrupt: SETBID record at byte %" PRIu64
			    " names no block id", bs_byte(c, e->bit));
		return -1;
	}
	cur(c)->info_bid = (int64_t)r->ops[0];
	return 0;
}

/* A BLOCKINFO block replaces what an earlier one said, as in LLVM. */
static void forget_blockinfo(struct bs_cursor *c)
{
	size_t i;

	for (i = 0; i < c->nr_info; i++)
		abbrev_list_release(&c->info[i].abbrevs);
	c->nr_info = 0;
}

int bs_read_blockinfo(struct bs_cursor *c)
{
	struct bs_record r = { 0 };
	struct bs_entry e;
	size_t depth = c->depth;

	forget_blockinfo(c);

	for (;;) {
		if (bs_advance(c, &e))
			return -1;
		switch (e.kind) {
		case BS_ENTRY_END_BLOCK:
			if (c->depth < depth)
				return 0;
			break;
		case BS_ENTRY_SUBBLOCK:
			if (bs_skip_block(c, &e))
				return -1;
			break;
		case BS_ENTRY_RECORD:
			if (bs_read_record(c, &e, &r))
				return -1;
			if (r.code == BS_SETBID && set_bid(c, &e, &r))
				return -1;
			break;
		}
	}
}
