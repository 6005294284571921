// SPDX-License-Identifier: GPL-2.0-only
/*
 * The bitstream cursor on hand-made streams: fixed and VBR fields,
 * alignment, blocks, abbreviations (own and from BLOCKINFO), every operand
 * encoding, and the errors for everything that does not fit.
 */
#include <inttypes.h>
#include <stdio.h>
#include <symtab/bitstream.h>

#include "unit.h"
#include "bitcode-build.h"

static struct symtab_err err;

static void start(struct bs_cursor *c, const struct bw *w)
{
	err.msg[0] = '\0';
	bs_init(c, w->buf, bw_size(w), 0, 0, &err);
}

static bool msg_has(const char *s)
{
	return strstr(err.msg, s) != NULL;
}

/* A little generator so that the field tests cover many shapes. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void test_fixed_and_vbr(void)
{
	enum { N = 400 };
	unsigned int width[N], kind[N];
	uint64_t val[N], got;
	struct bs_cursor c;
	struct bw w;
	int i, bad = 0;

	bw_init(&w);
	for (i = 0; i < N; i++) {
		kind[i] = rng() % 2;
		if (kind[i]) {
			width[i] = 2 + rng() % 31;
			val[i] = rng() >> (rng() % 64);
			bw_vbr(&w, val[i], width[i]);
		} else {
			width[i] = rng() % 65;
			val[i] = width[i] ? rng() >> (64 - width[i]) : 0;
			bw_bits(&w, val[i], width[i]);
		}
	}
	start(&c, &w);
	for (i = 0; i < N; i++) {
		int r = kind[i] ? bs_read_vbr(&c, width[i], &got) :
				  bs_read_fixed(&c, width[i], &got);
		if (r || got != val[i])
			bad++;
	}
	CHECK(bad == 0);
	CHECK(c.bit == w.bit);
	CHECK(c.bits_read == w.bit);
	bs_release(&c);
	bw_free(&w);
}

static void test_vbr_limits(void)
{
	struct bs_cursor c;
	struct bw w;
	uint64_t v;
	int i;

	/* UINT64_MAX in 6-bit chunks: 13 chunks, the last holding 4 bits. */
	bw_init(&w);
	bw_vbr(&w, UINT64_MAX, 6);
	bw_u32(&w, 0);
	start(&c, &w);
	CHECK(bs_read_vbr(&c, 6, &v) == 0 && v == UINT64_MAX);
	bs_release(&c);
	bw_free(&w);

	/* 2^64 does not fit: the 13th chunk carries a fifth bit. */
	bw_init(&w);
	for (i = 0; i < 12; i++)
		bw_bits(&w, 0x3f, 6);
	bw_bits(&w, 0x10, 6);
	bw_u32(&w, 0);
	start(&c, &w);
	CHECK(bs_read_vbr(&c, 6, &v) == -1);
	CHECK_STR(err.msg, "corrupt: VBR field at byte 0 holds more than 64 bits");
	bs_release(&c);
	bw_free(&w);

	/* A 14th chunk, even of zeros, is one too many. */
	bw_init(&w);
	for (i = 0; i < 13; i++)
		bw_bits(&w, 0x20, 6);
	bw_bits(&w, 0, 6);
	bw_u32(&w, 0);
	start(&c, &w);
	CHECK(bs_read_vbr(&c, 6, &v) == -1 && msg_has("more than 64 bits"));
	bs_release(&c);
	bw_free(&w);

	/* Zeros that keep asking for more: too many chunks. */
	bw_init(&w);
	for (i = 0; i < 40; i++)
		bw_bits(&w, 0x20, 6);
	start(&c, &w);
	CHECK(bs_read_vbr(&c, 6, &v) == -1 && msg_has("more than 64 bits"));
	bs_release(&c);
	bw_free(&w);

	/* Chunk widths outside 2..32, fixed widths over 64. */
	bw_init(&w);
	bw_u32(&w, 0);
	bw_u32(&w, 0);
	start(&c, &w);
	CHECK(bs_read_vbr(&c, 1, &v) == -1 && msg_has("1-bit chunks"));
	CHECK(bs_read_vbr(&c, 33, &v) == -1);
	CHECK(bs_read_fixed(&c, 65, &v) == -1 && msg_has("65 bits"));
	CHECK(c.bit == 0);
	bs_release(&c);
	bw_free(&w);
}

static void test_bounds(void)
{
	static const unsigned char three[3] = { 0xff, 0xff, 0xff };
	struct bs_cursor c;
	uint64_t v;

	bs_init(&c, three, sizeof(three), 0, 100, &err);
	CHECK(bs_read_fixed(&c, 24, &v) == 0 && v == 0xffffff);
	CHECK(bs_read_fixed(&c, 1, &v) == -1);
	CHECK_STR(err.msg,
		  "truncated: fixed field at byte 103 runs past the end of the data (103 bytes)");
	bs_release(&c);

	/* A VBR whose continuation runs off the end. */
	bs_init(&c, three, sizeof(three), 0, 0, &err);
	CHECK(bs_read_vbr(&c, 8, &v) == -1 && msg_has("truncated: VBR"));
	bs_release(&c);

	/* Alignment past the end of 3 bytes. */
	bs_init(&c, three, sizeof(three), 3, 0, &err);
	CHECK(bs_align32(&c) == -1 && msg_has("truncated: padding"));
	bs_release(&c);

	/* Nothing at all. */
	bs_init(&c, NULL, 0, 0, 0, &err);
	CHECK(bs_read_fixed(&c, 0, &v) == 0 && v == 0);
	CHECK(bs_read_fixed(&c, 1, &v) == -1);
	bs_release(&c);
}

static void test_align(void)
{
	struct bs_cursor c;
	struct bw w;
	uint64_t v;

	bw_init(&w);
	bw_bits(&w, 5, 3);
	bw_align(&w);
	bw_u32(&w, 0xdeadbeef);
	start(&c, &w);
	CHECK(bs_read_fixed(&c, 3, &v) == 0 && v == 5);
	CHECK(bs_align32(&c) == 0 && c.bit == 32);
	CHECK(bs_align32(&c) == 0 && c.bit == 32);
	CHECK(bs_read_fixed(&c, 32, &v) == 0 && v == 0xdeadbeef);
	CHECK(bs_align32(&c) == 0 && c.bit == 64);
	bs_release(&c);
	bw_free(&w);
}

/* Reads the next entry and checks its kind and id. */
static bool next_is(struct bs_cursor *c, enum bs_entry_kind kind,
		    uint32_t id, struct bs_entry *e)
{
	if (bs_advance(c, e))
		return false;
	return e->kind == kind && e->id == id;
}

static void test_blocks(void)
{
	uint64_t ops[3] = { 10, 20, 30 };
	struct bs_record r = { 0 };
	struct bs_cursor c;
	struct bs_entry e;
	struct bw w;
	uint64_t read_before;

	bw_init(&w);
	bw_enter(&w, 8, 3);
	bw_unabbrev(&w, 4, ops, 3);
	bw_enter(&w, 9, 5);
	bw_unabbrev(&w, 1, ops, 1);
	bw_end(&w);
	bw_unabbrev(&w, 6, ops, 0);
	bw_end(&w);
	bw_enter(&w, 20, 2);
	bw_unabbrev(&w, 2, ops, 2);
	bw_end(&w);

	start(&c, &w);
	CHECK(next_is(&c, BS_ENTRY_SUBBLOCK, 8, &e));
	CHECK(bs_enter_block(&c, &e) == 0 && c.depth == 1);
	CHECK(bs_scope(&c)->width == 3 && bs_scope(&c)->block_id == 8);
	CHECK(next_is(&c, BS_ENTRY_RECORD, BS_UNABBREV_RECORD, &e));
	CHECK(bs_read_record(&c, &e, &r) == 0 && r.code == 4 &&
	      r.nr_ops == 3 && r.ops[0] == 10 && r.ops[2] == 30 && !r.blob);
	CHECK(next_is(&c, BS_ENTRY_SUBBLOCK, 9, &e));
	read_before = c.bits_read;
	CHECK(bs_skip_block(&c, &e) == 0);
	/* Skipping reads the header only: width, padding aside, length. */
	CHECK(c.bits_read - read_before == 4 + 32);
	CHECK(next_is(&c, BS_ENTRY_RECORD, BS_UNABBREV_RECORD, &e));
	CHECK(bs_read_record(&c, &e, &r) == 0 && r.code == 6 &&
	      r.nr_ops == 0);
	CHECK(next_is(&c, BS_ENTRY_END_BLOCK, 0, &e) && c.depth == 0);
	CHECK(c.bit % 32 == 0);
	CHECK(next_is(&c, BS_ENTRY_SUBBLOCK, 20, &e));
	CHECK(bs_skip_block(&c, &e) == 0 && c.bit == w.bit);
	/* Nothing left to read. */
	CHECK(bs_advance(&c, &e) == -1);
	bs_release(&c);
	bw_free(&w);

	/* END_BLOCK at the top level is corrupt. */
	bw_init(&w);
	bw_bits(&w, 0, 32);
	bw_abbrev_id(&w, 0);
	bw_u32(&w, 0);
	bs_init(&c, w.buf, bw_size(&w), 32, 16, &err);
	CHECK(bs_advance(&c, &e) == -1);
	CHECK_STR(err.msg, "corrupt: END_BLOCK at byte 20 outside any block");
	bs_release(&c);
	bw_free(&w);
}

/* Writes a block header with a length word of @words. */
static void raw_block(struct bw *w, unsigned int id, unsigned int width,
		      uint32_t words)
{
	bw_abbrev_id(w, 1);
	bw_vbr(w, id, 8);
	bw_vbr(w, width, 4);
	bw_align(w);
	bw_u32(w, words);
	w->width = width;
}

static void test_block_lengths(void)
{
	struct bs_record r = { 0 };
	struct bs_cursor c;
	struct bs_entry e;
	struct bw w;

	/* At byte 4, claiming 5000 words with 3 words after the header. */
	bw_init(&w);
	bw_bytes(&w, "BC\xc0\xde", 4);
	raw_block(&w, 8, 3, 5000);
	bw_u32(&w, 0);
	bw_u32(&w, 0);
	bw_u32(&w, 0);
	bs_init(&c, w.buf, bw_size(&w), 32, 0, &err);
	CHECK(next_is(&c, BS_ENTRY_SUBBLOCK, 8, &e));
	CHECK(bs_skip_block(&c, &e) == -1);
	CHECK_STR(err.msg,
		  "truncated: block 8 at byte 4 claims 5000 words, 3 left");
	bs_release(&c);
	bs_init(&c, w.buf, bw_size(&w), 32, 0, &err);
	CHECK(next_is(&c, BS_ENTRY_SUBBLOCK, 8, &e));
	CHECK(bs_enter_block(&c, &e) == -1 && msg_has("claims 5000 words"));
	bs_release(&c);
	bw_free(&w);

	/* A block that fits the data but not its parent. */
	bw_init(&w);
	raw_block(&w, 8, 3, 2);
	raw_block(&w, 9, 3, 3);
	bw_u32(&w, 0);
	bw_u32(&w, 0);
	bw_u32(&w, 0);
	start(&c, &w);
	CHECK(next_is(&c, BS_ENTRY_SUBBLOCK, 8, &e));
	CHECK(bs_enter_block(&c, &e) == 0);
	CHECK(next_is(&c, BS_ENTRY_SUBBLOCK, 9, &e));
	CHECK(bs_skip_block(&c, &e) == -1);
	CHECK_STR(err.msg,
		  "corrupt: block 9 at byte 8 claims 3 words, 0 left in block 8");
	bs_release(&c);
	bw_free(&w);

	/* Abbreviation ids of no bits. */
	bw_init(&w);
	raw_block(&w, 8, 0, 0);
	start(&c, &w);
	CHECK(next_is(&c, BS_ENTRY_SUBBLOCK, 8, &e));
	CHECK(bs_enter_block(&c, &e) == -1 &&
	      msg_has("0-bit abbreviation ids"));
	bs_release(&c);
	bw_free(&w);

	/* A record running past the end of its block, not of the data. */
	bw_init(&w);
	raw_block(&w, 8, 3, 1);
	bw_abbrev_id(&w, 3);
	bw_vbr(&w, 1, 6);
	bw_vbr(&w, 30, 6);
	bw_align(&w);
	bw_u32(&w, 0);
	bw_u32(&w, 0);
	start(&c, &w);
	CHECK(next_is(&c, BS_ENTRY_SUBBLOCK, 8, &e));
	CHECK(bs_enter_block(&c, &e) == 0);
	CHECK(next_is(&c, BS_ENTRY_RECORD, 3, &e));
	CHECK(bs_read_record(&c, &e, &r) == -1);
	CHECK_STR(err.msg,
		  "corrupt: record at byte 8 runs past the end of block 8 (byte 12)");
	bs_release(&c);
	bw_free(&w);
}

static void test_deep_nesting(void)
{
	struct bs_cursor c;
	struct bs_entry e;
	struct bw w;
	size_t i, depth = 300, words;
	int r = 0;

	/* Each header is 2 words; every block ends where the data ends. */
	bw_init(&w);
	for (i = 0; i < depth; i++)
		raw_block(&w, 8, 2, (uint32_t)(2 * (depth - i - 1) + 1));
	bw_u32(&w, 0);
	words = bw_size(&w) / 4;
	CHECK(words == 2 * depth + 1);
	start(&c, &w);
	for (i = 0; i < depth && !r; i++) {
		r = bs_advance(&c, &e);
		if (!r)
			r = bs_enter_block(&c, &e);
	}
	CHECK(r == -1 && msg_has("nested 256 deep"));
	CHECK(c.depth == 255);
	bs_release(&c);
	bw_free(&w);
}

/*
 * DEFINE_ABBREV [literal 7, fixed 3, vbr 4, char6, array of fixed 8] and
 * [fixed 5 (the code), blob].
 */
static void define_test_abbrevs(struct bw *w)
{
	bw_abbrev_id(w, 2);
	bw_vbr(w, 6, 5);
	bw_bits(w, 1, 1);
	bw_vbr(w, 7, 8);
	bw_bits(w, 0, 1);
	bw_bits(w, 1, 3);
	bw_vbr(w, 3, 5);
	bw_bits(w, 0, 1);
	bw_bits(w, 2, 3);
	bw_vbr(w, 4, 5);
	bw_bits(w, 0, 1);
	bw_bits(w, 4, 3);
	bw_bits(w, 0, 1);
	bw_bits(w, 3, 3);
	bw_bits(w, 0, 1);
	bw_bits(w, 1, 3);
	bw_vbr(w, 8, 5);

	bw_abbrev_id(w, 2);
	bw_vbr(w, 2, 5);
	bw_bits(w, 0, 1);
	bw_bits(w, 1, 3);
	bw_vbr(w, 5, 5);
	bw_bits(w, 0, 1);
	bw_bits(w, 5, 3);
}

static void test_abbrevs(void)
{
	struct bs_record r = { .want_bytes = true };
	struct bs_cursor c;
	struct bs_entry e;
	struct bw w;

	bw_init(&w);
	bw_enter(&w, 8, 4);
	define_test_abbrevs(&w);
	/* abbrev 4: code 7, 5, 1000, 'Z', array "hi" */
	bw_abbrev_id(&w, 4);
	bw_bits(&w, 5, 3);
	bw_vbr(&w, 1000, 4);
	bw_bits(&w, 51, 6);
	bw_vbr(&w, 2, 6);
	bw_bits(&w, 'h', 8);
	bw_bits(&w, 'i', 8);
	/* abbrev 5: code 17, blob "hello" */
	bw_abbrev_id(&w, 5);
	bw_bits(&w, 17, 5);
	bw_vbr(&w, 5, 6);
	bw_align(&w);
	bw_bytes(&w, "hello", 5);
	bw_align(&w);
	bw_end(&w);
	/* A sibling block does not see the abbreviations. */
	bw_enter(&w, 8, 4);
	bw_abbrev_id(&w, 4);
	bw_end(&w);

	start(&c, &w);
	CHECK(next_is(&c, BS_ENTRY_SUBBLOCK, 8, &e));
	CHECK(bs_enter_block(&c, &e) == 0);
	CHECK(next_is(&c, BS_ENTRY_RECORD, 4, &e));
	CHECK(bs_read_record(&c, &e, &r) == 0);
	CHECK(r.code == 7 && r.nr_ops == 5);
	CHECK(r.ops[0] == 5 && r.ops[1] == 1000 && r.ops[2] == 'Z' &&
	      r.ops[3] == 'h' && r.ops[4] == 'i');
	/* 1000 is not a byte. */
	CHECK(!r.bytes_ok);
	CHECK(next_is(&c, BS_ENTRY_RECORD, 5, &e));
	CHECK(bs_read_record(&c, &e, &r) == 0);
	CHECK(r.code == 17 && r.nr_ops == 0 && r.blob_len == 5 &&
	      !memcmp(r.blob, "hello", 5) && r.bytes_ok && !r.nr_bytes);
	CHECK(next_is(&c, BS_ENTRY_END_BLOCK, 0, &e));
	CHECK(next_is(&c, BS_ENTRY_SUBBLOCK, 8, &e));
	CHECK(bs_enter_block(&c, &e) == 0);
	CHECK(bs_advance(&c, &e) == -1);
	CHECK(msg_has("abbreviation id 4 at byte") &&
	      msg_has("is not defined in block 8"));
	bs_record_release(&r);
	bs_release(&c);
	bw_free(&w);
}

static void test_bytes_and_char6(void)
{
	struct bs_record r = { .want_bytes = true };
	static const char alphabet[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._";
	struct bs_cursor c;
	struct bs_entry e;
	struct bw w;
	uint64_t bytes[4] = { 'a', 0, 255, 'z' };
	unsigned int i;

	bw_init(&w);
	bw_enter(&w, 8, 3);
	/* [literal 2, array of char6] */
	bw_abbrev_id(&w, 2);
	bw_vbr(&w, 3, 5);
	bw_bits(&w, 1, 1);
	bw_vbr(&w, 2, 8);
	bw_bits(&w, 0, 1);
	bw_bits(&w, 3, 3);
	bw_bits(&w, 0, 1);
	bw_bits(&w, 4, 3);
	bw_abbrev_id(&w, 4);
	bw_vbr(&w, 64, 6);
	for (i = 0; i < 64; i++)
		bw_bits(&w, i, 6);
	bw_unabbrev(&w, 1, bytes, 4);
	bw_end(&w);

	start(&c, &w);
	CHECK(next_is(&c, BS_ENTRY_SUBBLOCK, 8, &e));
	CHECK(bs_enter_block(&c, &e) == 0);
	CHECK(next_is(&c, BS_ENTRY_RECORD, 4, &e));
	CHECK(bs_read_record(&c, &e, &r) == 0 && r.code == 2);
	CHECK(r.nr_ops == 64 && r.bytes_ok && r.nr_bytes == 64 &&
	      !memcmp(r.bytes, alphabet, 64));
	CHECK(next_is(&c, BS_ENTRY_RECORD, 3, &e));
	CHECK(bs_read_record(&c, &e, &r) == 0 && r.code == 1);
	CHECK(r.nr_bytes == 4 && r.bytes_ok &&
	      !memcmp(r.bytes, "a\0\xffz", 4));
	bs_record_release(&r);
	bs_release(&c);
	bw_free(&w);
}

/* BLOCKINFO abbrevs come first, then the block's own. */
static void test_blockinfo(void)
{
	struct bs_record r = { 0 };
	struct bs_cursor c;
	struct bs_entry e;
	struct bw w;
	uint64_t op = 30;

	bw_init(&w);
	bw_enter(&w, 0, 2);
	bw_unabbrev(&w, 1, &op, 1);		/* SETBID 30 */
	bw_abbrev_id(&w, 2);			/* [literal 40, fixed 4] */
	bw_vbr(&w, 2, 5);
	bw_bits(&w, 1, 1);
	bw_vbr(&w, 40, 8);
	bw_bits(&w, 0, 1);
	bw_bits(&w, 1, 3);
	bw_vbr(&w, 4, 5);
	bw_end(&w);
	bw_enter(&w, 30, 3);
	bw_abbrev_id(&w, 2);			/* own: [literal 41, fixed 0] */
	bw_vbr(&w, 2, 5);
	bw_bits(&w, 1, 1);
	bw_vbr(&w, 41, 8);
	bw_bits(&w, 0, 1);
	bw_bits(&w, 1, 3);
	bw_vbr(&w, 0, 5);
	bw_abbrev_id(&w, 4);
	bw_bits(&w, 9, 4);
	bw_abbrev_id(&w, 5);
	bw_end(&w);

	start(&c, &w);
	CHECK(next_is(&c, BS_ENTRY_SUBBLOCK, 0, &e));
	CHECK(bs_enter_block(&c, &e) == 0 && bs_read_blockinfo(&c) == 0);
	CHECK(c.depth == 0 && c.nr_info == 1 && c.info[0].block_id == 30);
	CHECK(next_is(&c, BS_ENTRY_SUBBLOCK, 30, &e));
	CHECK(bs_enter_block(&c, &e) == 0);
	CHECK(next_is(&c, BS_ENTRY_RECORD, 4, &e));
	CHECK(bs_read_record(&c, &e, &r) == 0 && r.code == 40 &&
	      r.nr_ops == 1 && r.ops[0] == 9);
	/* Fixed(0) is the literal 0, as in LLVM. */
	CHECK(next_is(&c, BS_ENTRY_RECORD, 5, &e));
	CHECK(bs_read_record(&c, &e, &r) == 0 && r.code == 41 &&
	      r.nr_ops == 1 && r.ops[0] == 0);
	CHECK(next_is(&c, BS_ENTRY_END_BLOCK, 0, &e));
	bs_release(&c);
	bw_free(&w);

	/* DEFINE_ABBREV before SETBID. */
	bw_init(&w);
	bw_enter(&w, 0, 2);
	bw_define_blob_abbrev(&w, 1);
	bw_end(&w);
	start(&c, &w);
	CHECK(next_is(&c, BS_ENTRY_SUBBLOCK, 0, &e));
	CHECK(bs_enter_block(&c, &e) == 0 && bs_read_blockinfo(&c) == -1);
	CHECK(msg_has("before any SETBID"));
	bs_release(&c);
	bw_free(&w);
}

/* Enters the block that starts @w and reads its first entry. */
static int enter_first(struct bs_cursor *c, const struct bw *w,
		       struct bs_entry *e)
{
	start(c, w);
	if (!next_is(c, BS_ENTRY_SUBBLOCK, 8, e) || bs_enter_block(c, e))
		return -1;
	return bs_advance(c, e);
}

/* Abbreviation definitions that cannot be read. */
static void test_bad_definitions(void)
{
	struct bs_cursor c;
	struct bs_entry e;
	struct bw w;

	/* Unknown encoding 6. */
	bw_init(&w);
	bw_enter(&w, 8, 3);
	bw_abbrev_id(&w, 2);
	bw_vbr(&w, 1, 5);
	bw_bits(&w, 0, 1);
	bw_bits(&w, 6, 3);
	bw_end(&w);
	CHECK(enter_first(&c, &w, &e) == -1 && msg_has("unknown encoding 6"));
	bs_release(&c);
	bw_free(&w);

	/* A billion operands in a few bytes: refused before allocating. */
	bw_init(&w);
	bw_enter(&w, 8, 3);
	bw_abbrev_id(&w, 2);
	bw_vbr(&w, 1000000000, 5);
	bw_end(&w);
	CHECK(enter_first(&c, &w, &e) == -1 &&
	      msg_has("abbreviation definition at byte 8 runs past"));
	bs_release(&c);
	bw_free(&w);

	/* A VBR field of 1-bit chunks. */
	bw_init(&w);
	bw_enter(&w, 8, 3);
	bw_abbrev_id(&w, 2);
	bw_vbr(&w, 1, 5);
	bw_bits(&w, 0, 1);
	bw_bits(&w, 2, 3);
	bw_vbr(&w, 1, 5);
	bw_end(&w);
	CHECK(enter_first(&c, &w, &e) == -1 &&
	      msg_has("VBR field of 1 bits"));
	bs_release(&c);
	bw_free(&w);
}

/* Abbreviations that cannot be used. */
static void test_bad_abbrevs(void)
{
	struct bs_record r = { 0 };
	struct bs_cursor c;
	struct bs_entry e;
	struct bw w;

	/* Abbreviations that are empty, or start with an array. */
	bw_init(&w);
	bw_enter(&w, 8, 3);
	bw_abbrev_id(&w, 2);
	bw_vbr(&w, 0, 5);
	bw_abbrev_id(&w, 2);
	bw_vbr(&w, 2, 5);
	bw_bits(&w, 0, 1);
	bw_bits(&w, 3, 3);
	bw_bits(&w, 0, 1);
	bw_bits(&w, 4, 3);
	bw_abbrev_id(&w, 4);
	bw_abbrev_id(&w, 5);
	bw_end(&w);
	CHECK(enter_first(&c, &w, &e) == 0 && e.id == 4);
	CHECK(bs_read_record(&c, &e, &r) == -1 &&
	      msg_has("without a code field"));
	bs_release(&c);
	/* Abbrev 4 has no operands: abbrev 5's record follows at once. */
	CHECK(enter_first(&c, &w, &e) == 0 && e.id == 4);
	CHECK(next_is(&c, BS_ENTRY_RECORD, 5, &e));
	CHECK(bs_read_record(&c, &e, &r) == -1 &&
	      msg_has("without a code field"));
	bs_release(&c);
	bw_free(&w);

	/* An array that is not second to last. */
	bw_init(&w);
	bw_enter(&w, 8, 3);
	bw_abbrev_id(&w, 2);		/* [literal 1, array, fixed 8, fixed 8] */
	bw_vbr(&w, 4, 5);
	bw_bits(&w, 1, 1);
	bw_vbr(&w, 1, 8);
	bw_bits(&w, 0, 1);
	bw_bits(&w, 3, 3);
	bw_bits(&w, 0, 1);
	bw_bits(&w, 1, 3);
	bw_vbr(&w, 8, 5);
	bw_bits(&w, 0, 1);
	bw_bits(&w, 1, 3);
	bw_vbr(&w, 8, 5);
	bw_abbrev_id(&w, 4);
	bw_vbr(&w, 0, 6);
	bw_end(&w);
	CHECK(enter_first(&c, &w, &e) == 0 && e.id == 4);
	CHECK(bs_read_record(&c, &e, &r) == -1 &&
	      msg_has("malformed array abbreviation"));
	bs_release(&c);
	bw_free(&w);

	/* An array claiming more elements than bits left. */
	bw_init(&w);
	bw_enter(&w, 8, 3);
	bw_abbrev_id(&w, 2);		/* [literal 1, array of fixed 1] */
	bw_vbr(&w, 3, 5);
	bw_bits(&w, 1, 1);
	bw_vbr(&w, 1, 8);
	bw_bits(&w, 0, 1);
	bw_bits(&w, 3, 3);
	bw_bits(&w, 0, 1);
	bw_bits(&w, 1, 3);
	bw_vbr(&w, 1, 5);
	bw_abbrev_id(&w, 4);
	bw_vbr(&w, 1u << 30, 6);
	bw_end(&w);
	bw_u32(&w, 0);
	CHECK(enter_first(&c, &w, &e) == 0 && e.id == 4);
	CHECK(bs_read_record(&c, &e, &r) == -1 &&
	      msg_has("corrupt: array at byte"));
	bs_release(&c);
	bw_free(&w);

	/* A blob longer than its block. */
	bw_init(&w);
	bw_enter(&w, 8, 3);
	bw_define_blob_abbrev(&w, 1);
	bw_abbrev_id(&w, 4);
	bw_vbr(&w, 4000, 6);
	bw_align(&w);
	bw_u32(&w, 0);
	bw_end(&w);
	bw_u32(&w, 0);
	CHECK(enter_first(&c, &w, &e) == 0 && e.id == 4);
	CHECK(bs_read_record(&c, &e, &r) == -1 &&
	      msg_has("corrupt: blob at byte"));
	bs_release(&c);
	bw_free(&w);

	/* An unabbreviated record claiming more operands than bits. */
	bw_init(&w);
	bw_enter(&w, 8, 3);
	bw_abbrev_id(&w, 3);
	bw_vbr(&w, 1, 6);
	bw_vbr(&w, 1000000, 6);
	bw_end(&w);
	bw_u32(&w, 0);
	CHECK(enter_first(&c, &w, &e) == 0 && e.id == 3);
	CHECK(bs_read_record(&c, &e, &r) == -1 &&
	      msg_has("corrupt: record at byte"));
	bs_release(&c);
	bw_free(&w);
}

int main(void)
{
	test_fixed_and_vbr();
	test_vbr_limits();
	test_bounds();
	test_align();
	test_blocks();
	test_block_lengths();
	test_deep_nesting();
	test_abbrevs();
	test_bytes_and_char6();
	test_blockinfo();
	test_bad_definitions();
	test_bad_abbrevs();
	return unit_done();
}
