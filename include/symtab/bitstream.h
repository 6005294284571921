/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A cursor over an LLVM bitstream: the container format of bitcode files.
 *
 * The stream is a sequence of little-endian 32-bit words read least
 * significant bit first.  It holds nested blocks of records; each block
 * sets the width of its abbreviation ids and may define abbreviations
 * (record shapes), either itself or for every block of an id through a
 * BLOCKINFO block.  The cursor keeps its block stack on the heap: the
 * input never controls recursion.  Every read is checked against the end
 * of the data and of the enclosing block; on failure the functions return
 * -1 with a message naming the byte in the error given to bs_init().
 */
#ifndef SYMTAB_BITSTREAM_H
#define SYMTAB_BITSTREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <symtab/symtab.h>

/* Abbreviation ids with a fixed meaning in every block. */
enum {
	BS_END_BLOCK		= 0,
	BS_ENTER_SUBBLOCK	= 1,
	BS_DEFINE_ABBREV	= 2,
	BS_UNABBREV_RECORD	= 3,
	BS_FIRST_ABBREV		= 4,
};

/* Block ids this reader knows about. */
enum {
	BS_BLOCKINFO_ID		= 0,
	BS_MODULE_ID		= 8,
	BS_IDENTIFICATION_ID	= 13,
	BS_STRTAB_ID		= 23,
	BS_SYMTAB_ID		= 25,
};

/* Operand encodings of an abbreviation (the numbers are the file's). */
enum bs_op_kind {
	BS_OP_LITERAL	= 0,
	BS_OP_FIXED	= 1,
	BS_OP_VBR	= 2,
	BS_OP_ARRAY	= 3,
	BS_OP_CHAR6	= 4,
	BS_OP_BLOB	= 5,
};

struct bs_op {
	enum bs_op_kind kind;
	uint64_t value;		/* literal value, or Fixed/VBR width */
};

struct bs_abbrev {
	struct bs_op *ops;
	size_t nr_ops;
};

struct bs_abbrev_list {
	struct bs_abbrev *v;
	size_t nr;
	size_t alloc;
};

/* Abbreviations a BLOCKINFO block defined for every block of one id. */
struct bs_blockinfo {
	uint32_t block_id;
	struct bs_abbrev_list abbrevs;
};

/* One open block; the outermost scope stands for the whole stream. */
struct bs_scope {
	uint32_t block_id;
	unsigned int width;	/* abbreviation id width in bits */
	uint64_t start;		/* bit where the block's header began */
	uint64_t end;		/* bit just past the block */
	size_t nr_info;		/* BLOCKINFO abbrevs seen at entry */
	struct bs_abbrev_list own;	/* DEFINE_ABBREVs inside the block */
	int64_t info_bid;	/* in a BLOCKINFO block: SETBID, or -1 */
};

/*
 * Bytes that are not all in memory yet: fill() makes at least [off, off +
 * len) of the stream readable at data + off and returns how many bytes
 * from @off it made readable (at least @len), or -1 with @err set.
 */
struct bs_source {
	ssize_t (*fill)(void *arg, size_t off, size_t len,
			struct symtab_err *err);
	void *arg;
};

struct bs_cursor {
	const unsigned char *data;
	size_t size;		/* bytes of stream */
	const struct bs_source *src;	/* NULL: all of data is there */
	size_t win_lo, win_hi;	/* bytes known readable */
	size_t file_off;	/* where the stream starts in its file */
	uint64_t bit;		/* read position */
	uint64_t bits_read;	/* bits consumed by reads, not jumps */
	struct bs_scope *scopes;	/* scopes[0] is the stream itself */
	size_t depth;		/* open blocks: scopes[depth] is current */
	size_t scopes_alloc;
	struct bs_blockinfo *info;
	size_t nr_info;
	size_t info_alloc;
	struct symtab_err *err;
};

enum bs_entry_kind {
	BS_ENTRY_END_BLOCK,	/* the block ended; the cursor left it */
	BS_ENTRY_SUBBLOCK,	/* call bs_enter_block() or bs_skip_block() */
	BS_ENTRY_RECORD,	/* call bs_read_record() */
};

struct bs_entry {
	enum bs_entry_kind kind;
	uint32_t id;		/* block id or abbreviation id */
	uint64_t bit;		/* where the entry's abbreviation id began */
};

/* Operands a record keeps; later ones are read and counted only. */
#define BS_RECORD_KEEP	8

struct bs_record {
	uint32_t code;
	size_t nr_ops;		/* operands after the code, kept or not */
	uint64_t ops[BS_RECORD_KEEP];
	const unsigned char *blob;	/* a Blob operand, inside the stream */
	size_t blob_len;
	/*
	 * Set want_bytes to also collect every non-blob operand as a byte
	 * in bytes[]; bytes_ok turns false when one does not fit.  The
	 * buffer is reused across records; free it with bs_record_release().
	 */
	bool want_bytes;
	bool bytes_ok;
	unsigned char *bytes;
	size_t nr_bytes;
	size_t bytes_alloc;
};

/*
 * Starts reading @size bytes at @data (just after the magic, or wherever
 * the caller wants; @start_bit is the first bit to read), reporting byte
 * positions as @file_off plus the offset inside @data.  Top-level
 * abbreviation ids are 2 bits wide.
 */
void bs_init(struct bs_cursor *c, const unsigned char *data, size_t size,
	     uint64_t start_bit, size_t file_off, struct symtab_err *err);
/* Reads through @src: only the bytes the cursor reaches are filled. */
void bs_set_source(struct bs_cursor *c, const struct bs_source *src);
/* Makes stream bytes [@off, @off + @len) readable now; -1 on error. */
int bs_fill(struct bs_cursor *c, size_t off, size_t len);
void bs_release(struct bs_cursor *c);
void bs_record_release(struct bs_record *r);

/* Reads @width (0 to 64) bits as an unsigned number. */
int bs_read_fixed(struct bs_cursor *c, unsigned int width, uint64_t *val);
/* Reads a VBR number of @width-bit chunks (2 to 32); more than 64 bits fails. */
int bs_read_vbr(struct bs_cursor *c, unsigned int width, uint64_t *val);
/* Moves to the next multiple of 32 bits; fails past the block end. */
int bs_align32(struct bs_cursor *c);

/* Byte offset in the file of bit @bit of the stream. */
static inline uint64_t bs_byte(const struct bs_cursor *c, uint64_t bit)
{
	return c->file_off + bit / 8;
}

/* The block the cursor is in; depth 0 is the top level. */
static inline const struct bs_scope *bs_scope(const struct bs_cursor *c)
{
	return &c->scopes[c->depth];
}

/*
 * Reads the next entry of the current block.  DEFINE_ABBREV is handled
 * here (in a BLOCKINFO block it defines for the block set by SETBID,
 * which the caller's bs_read_blockinfo() tracks).  END_BLOCK at the top
 * level is an error.
 */
int bs_advance(struct bs_cursor *c, struct bs_entry *e);

/* After a SUBBLOCK entry: opens the block (its records come next). */
int bs_enter_block(struct bs_cursor *c, const struct bs_entry *e);
/* After a SUBBLOCK entry: jumps over the block by its length word. */
int bs_skip_block(struct bs_cursor *c, const struct bs_entry *e);
/* Leaves the current block before its end, as if it had ended. */
void bs_leave_block(struct bs_cursor *c);

/* After a RECORD entry: reads the record with abbreviation @e->id. */
int bs_read_record(struct bs_cursor *c, const struct bs_entry *e,
		   struct bs_record *r);

/*
 * After bs_enter_block() on a BLOCKINFO block: reads it to its end,
 * storing the abbreviations it defines for later blocks.
 */
int bs_read_blockinfo(struct bs_cursor *c);

#endif /* SYMTAB_BITSTREAM_H */
