// SPDX-License-Identifier: GPL-2.0-only
/*
 * bitcode_scan() on whole files: hand-made ones in every layout and with
 * every reason to fall back, and a real clang 14 object
 * (tests/fixtures/bitcode/small.bc, from initcalls.c beside it) cut at
 * every byte and with every bit flipped.
 */
#include <stdio.h>
#include <symtab/bitcode.h>
#include <symtab/irsymtab.h>
#include <util/xalloc.h>

#include "unit.h"
#include "bitcode-build.h"

#define SMALL_BC	"tests/fixtures/bitcode/small.bc"

static struct symtab_err err;
static char out[8192];

static int collect(const struct sym *s, void *arg)
{
	size_t n = strlen(out);

	snprintf(out + n, sizeof(out) - n, "%c %.*s %.*s|", s->type,
		 (int)s->name_len, s->name,
		 s->section ? (int)s->section_len : 1,
		 s->section ? s->section : "-");
	return 0;
}

static const struct sym_visitor collector = { .symbol = collect };

/* Scans a private copy of exactly @size bytes, so that ASan sees overreads. */
static int scan_bytes(const unsigned char *data, size_t size)
{
	unsigned char *copy = malloc(size ? size : 1);
	struct blob b = { copy, size };
	int ret;

	if (size)
		memcpy(copy, data, size);
	out[0] = '\0';
	err.msg[0] = '\0';
	ret = bitcode_scan(&b, &collector, &err);
	free(copy);
	return ret;
}

static int scan_bw(const struct bw *w)
{
	return scan_bytes(w->buf, bw_size(w));
}

static bool msg_is(const char *want)
{
	if (!strcmp(err.msg, want))
		return true;
	printf("# wanted \"%s\"\n#    got \"%s\"\n", want, err.msg);
	return false;
}

static void join(char *buf, size_t size, const char *const *v, size_t n)
{
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < n; i++)
		snprintf(buf + strlen(buf), size - strlen(buf), "%s", v[i]);
}

/* The table most tests use: every flag that changes what is listed. */
static void sample(struct irb *b, uint32_t version, unsigned int modules)
{
	unsigned int m;

	irb_init(b, version);
	irb_module(b);
	irb_sym(b, "main", IRSYM_GLOBAL | IRSYM_EXECUTABLE, NULL);
	irb_sym(b, "helper", IRSYM_EXECUTABLE, NULL);
	irb_sym(b, "__initcall__kmod_a__1_2_f6",
		IRSYM_HAS_UNCOMMON | IRSYM_USED, ".initcall6.init..kmod_a__1_2_f");
	irb_sym(b, "llvm.used", IRSYM_FORMAT_SPECIFIC | IRSYM_GLOBAL, NULL);
	irb_sym(b, "printk", IRSYM_UNDEFINED | IRSYM_GLOBAL, NULL);
	irb_sym(b, "weak_undef", IRSYM_UNDEFINED | IRSYM_WEAK, NULL);
	irb_sym(b, "shared", IRSYM_HAS_UNCOMMON | IRSYM_COMMON |
		IRSYM_GLOBAL, NULL);
	irb_sym(b, "maybe", IRSYM_WEAK | IRSYM_GLOBAL, NULL);
	irb_sym(b, "data", IRSYM_GLOBAL, NULL);
	for (m = 1; m < modules; m++) {
		irb_module(b);
		irb_sym(b, m == 1 ? "second" : "third",
			IRSYM_HAS_UNCOMMON | IRSYM_GLOBAL | IRSYM_EXECUTABLE,
			m == 1 ? ".text.second" : ".text.third");
		irb_sym(b, "", IRSYM_EXECUTABLE, NULL);
	}
	irb_build(b);
}

#define SAMPLE_SYMS							\
	"T main -|t helper -|"						\
	"d __initcall__kmod_a__1_2_f6 .initcall6.init..kmod_a__1_2_f|"	\
	"C shared -|W maybe -|D data -|"

static void test_layouts(void)
{
	static const unsigned int layouts[] = {
		0,
		BCF_UNABBREV_BLOBS,
		BCF_BLOCKINFO_ABBREVS,
		BCF_NO_IDENTIFICATION,
		BCF_WRAPPER,
		BCF_EXTRA_RECORDS,
		BCF_WRAPPER | BCF_UNABBREV_BLOBS | BCF_EXTRA_RECORDS,
		BCF_BLOCKINFO_ABBREVS | BCF_EXTRA_RECORDS,
	};
	struct irb b;
	struct bw w;
	uint32_t v;
	size_t i;

	for (v = 2; v <= 4; v++) {
		for (i = 0; i < ARRAY_SIZE(layouts); i++) {
			sample(&b, v, 1);
			bcf_write(&w, &b, 1, layouts[i]);
			if (!CHECK(scan_bw(&w) == 0) ||
			    !CHECK_STR(out, SAMPLE_SYMS))
				printf("# version %u layout %#x: %s\n", v,
				       layouts[i], err.msg);
			bw_free(&w);
		}
	}
}

static void test_multi_module(void)
{
	struct irb b;
	struct bw w;

	sample(&b, 3, 3);
	bcf_write(&w, &b, 3, 0);
	CHECK(scan_bw(&w) == 0);
	CHECK_STR(out, SAMPLE_SYMS
		  "T second .text.second|t  -|T third .text.third|t  -|");
	bw_free(&w);

	sample(&b, 4, 2);
	bcf_write(&w, &b, 2, BCF_WRAPPER | BCF_NO_IDENTIFICATION);
	CHECK(scan_bw(&w) == 0);
	CHECK_STR(out, SAMPLE_SYMS "T second .text.second|t  -|");
	bw_free(&w);
}

static void expect_fallback(const struct bw *w, const char *msg)
{
	CHECK(scan_bw(w) == BITCODE_FALLBACK);
	CHECK(msg_is(msg));
	CHECK_STR(out, "");
}

static void test_fallbacks(void)
{
	struct irb b;
	struct bw w;

	sample(&b, 3, 1);
	bcf_write(&w, &b, 1, BCF_NO_SYMTAB);
	expect_fallback(&w, "no symbol table");
	bw_free(&w);

	bcf_write(&w, &b, 1, BCF_NO_STRTAB);
	expect_fallback(&w, "no string table after the symbol table");
	bw_free(&w);

	bcf_write(&w, &b, 1, BCF_STRTAB_FIRST);
	expect_fallback(&w, "no string table after the symbol table");
	bw_free(&w);

	/* Two modules in the file, one in the table (concatenated files). */
	bcf_write(&w, &b, 2, 0);
	expect_fallback(&w, "symbol table lists 1 modules, file has 2");
	bw_free(&w);
	sample(&b, 3, 2);
	bcf_write(&w, &b, 1, 0);
	expect_fallback(&w, "symbol table lists 2 modules, file has 1");
	bw_free(&w);

	sample(&b, 3, 1);
	irb_put32(b.symtab, 7);
	bcf_write(&w, &b, 1, 0);
	expect_fallback(&w, "irsymtab version 7 unknown");
	bw_free(&w);

	sample(&b, 3, 1);
	b.symtab_len = 40;
	bcf_write(&w, &b, 1, 0);
	expect_fallback(&w,
			"symbol table of 40 bytes is shorter than its header");
	bw_free(&w);

	sample(&b, 3, 1);
	irb_put32(b.symtab + 32, 1000);
	bcf_write(&w, &b, 1, 0);
	CHECK(scan_bw(&w) == BITCODE_FALLBACK);
	CHECK(strstr(err.msg, "symbol range out of bounds") != NULL);
	bw_free(&w);

	/* A name past the end of the STRTAB blob ("data" ends it). */
	sample(&b, 3, 1);
	b.strtab_len -= 5;
	bcf_write(&w, &b, 1, 0);
	CHECK(scan_bw(&w) == BITCODE_FALLBACK);
	CHECK(strstr(err.msg, "symbol name string out of bounds") != NULL);
	bw_free(&w);
}

/* A SYMTAB whose record code 1 is not made of bytes: an empty blob. */
static void test_non_byte_blob(void)
{
	uint64_t ops[3] = { 300, 1, 2 };
	struct irb b;
	struct bw w;

	sample(&b, 3, 1);
	bw_init(&w);
	bw_bytes(&w, "BC\xc0\xde", 4);
	bcf_module(&w);
	bw_enter(&w, 25, 3);
	bw_unabbrev(&w, 1, ops, 3);
	bw_end(&w);
	bcf_blob_block(&w, 23, b.strtab, b.strtab_len, 0);
	expect_fallback(&w,
			"symbol table of 0 bytes is shorter than its header");
	bw_free(&w);
}

/* Only the first SYMTAB counts, and only a STRTAB after it. */
static void test_first_tables(void)
{
	struct irb b, other;
	struct bw w;

	sample(&b, 3, 1);
	irb_init(&other, 3);
	irb_module(&other);
	irb_sym(&other, "impostor", IRSYM_GLOBAL, NULL);
	irb_build(&other);

	bw_init(&w);
	bw_bytes(&w, "BC\xc0\xde", 4);
	bcf_module(&w);
	bcf_blob_block(&w, 23, "junk", 4, 0);
	bcf_blob_block(&w, 25, b.symtab, b.symtab_len, 0);
	bcf_blob_block(&w, 25, other.symtab, other.symtab_len, 0);
	bcf_blob_block(&w, 23, b.strtab, b.strtab_len, 0);
	bcf_blob_block(&w, 23, other.strtab, other.strtab_len, 0);
	CHECK(scan_bw(&w) == 0);
	CHECK_STR(out, SAMPLE_SYMS);
	bw_free(&w);
}

static void test_trailing_bytes(void)
{
	char want[100];
	struct irb b;
	struct bw w;
	size_t end;

	sample(&b, 3, 1);
	/* Eight bytes or fewer after the last block are ignored, like LLVM. */
	bcf_write(&w, &b, 1, 0);
	end = bw_size(&w);
	bw_u32(&w, 0);
	bw_u32(&w, 0);
	CHECK(scan_bw(&w) == 0 && !strcmp(out, SAMPLE_SYMS));
	/* More is read as an entry: END_BLOCK at the top level. */
	bw_u32(&w, 0);
	CHECK(scan_bw(&w) == -1);
	snprintf(want, sizeof(want),
		 "corrupt: END_BLOCK at byte %zu outside any block", end);
	CHECK(msg_is(want));
	bw_free(&w);
}

static int stop_at_third(const struct sym *s, void *arg)
{
	int *n = arg;

	return ++*n == 3 ? 77 : 0;
}

static void test_visitor_stop(void)
{
	struct irb b;
	struct bw w;
	int n = 0;
	struct sym_visitor v = { .symbol = stop_at_third, .arg = &n };
	struct blob bl;

	sample(&b, 3, 1);
	bcf_write(&w, &b, 1, 0);
	bl.data = w.buf;
	bl.size = bw_size(&w);
	CHECK(bitcode_scan(&bl, &v, &err) == 77 && n == 3);
	bw_free(&w);
}

static void test_bad_headers(void)
{
	unsigned char bytes[64];

	CHECK(scan_bytes((const unsigned char *)"BC\xc0\xdf\0\0\0\0", 8) ==
	      -1);
	CHECK(msg_is("not LLVM bitcode: bad magic at byte 0"));
	CHECK(scan_bytes((const unsigned char *)"BC", 2) == -1);
	CHECK(scan_bytes(NULL, 0) == -1);
	CHECK(scan_bytes((const unsigned char *)"BC\xc0\xde", 4) == -1);
	CHECK(msg_is("corrupt: no module block in 4 bytes of bitcode"));

	/* Wrapper headers: too short, pointing past the end, at junk. */
	memset(bytes, 0, sizeof(bytes));
	irb_put32(bytes, 0x0b17c0de);
	CHECK(scan_bytes(bytes, 12) == -1);
	CHECK(msg_is("truncated: bitcode wrapper header of 12 bytes"));
	irb_put32(bytes + 8, 20);
	irb_put32(bytes + 12, 48);
	CHECK(scan_bytes(bytes, 64) == -1);
	CHECK(msg_is("truncated: bitcode wrapper claims 48 bytes at 20, file has 64"));
	irb_put32(bytes + 8, 0xfffffff0);
	irb_put32(bytes + 12, 0x20);
	CHECK(scan_bytes(bytes, 64) == -1);
	irb_put32(bytes + 8, 20);
	irb_put32(bytes + 12, 44);
	CHECK(scan_bytes(bytes, 64) == -1);
	CHECK(msg_is("not LLVM bitcode: bad magic at byte 20"));
}

static void test_corrupt(void)
{
	char want[100];
	struct irb b;
	struct bw w;
	size_t at;

	/* IDENTIFICATION followed by something other than a module. */
	sample(&b, 3, 1);
	bw_init(&w);
	bw_bytes(&w, "BC\xc0\xde", 4);
	bw_enter(&w, 13, 5);
	bw_end(&w);
	bcf_blob_block(&w, 25, b.symtab, b.symtab_len, 0);
	bcf_blob_block(&w, 23, b.strtab, b.strtab_len, 0);
	CHECK(scan_bw(&w) == -1);
	CHECK(msg_is("corrupt: identification block at byte 4 is not followed by a module"));
	bw_free(&w);

	/* An abbreviation id the SYMTAB block never defined. */
	bw_init(&w);
	bw_bytes(&w, "BC\xc0\xde", 4);
	bcf_module(&w);
	/* header, then DEFINE_ABBREV: 3 + 5 + 9 + 4 bits */
	at = bw_size(&w) + 8 + 21 / 8;
	bw_enter(&w, 25, 3);
	bw_define_blob_abbrev(&w, 1);
	bw_abbrev_id(&w, 5);
	bw_end(&w);
	bw_u32(&w, 0);
	bw_u32(&w, 0);
	bw_u32(&w, 0);
	CHECK(scan_bw(&w) == -1);
	snprintf(want, sizeof(want),
		 "corrupt: abbreviation id 5 at byte %zu is not defined in block 25",
		 at);
	CHECK(msg_is(want));
	bw_free(&w);
}

/* ---- the real file ---------------------------------------------------- */

/* llvm-nm's letters, symbol table order, sections from symdump. */
static const char *const small_syms[] = {
	"T __initstub__kmod_demo__11_40_foo_init6 .init.text|",
	"t foo_init .init.text|",
	"T __initstub__kmod_demo__12_48_early_initearly .init.text|",
	"t bar_init .init.text|",
	"d __initcall__kmod_demo__13_57_bar_init4 .initcall4.init..kmod_demo__13_57_bar_init|",
	"d __UNIQUE_ID___addressable_foo_init14 .discard.addressable|",
	"t  -|",
	"t __initcall__kmod_demo__12_48_early_initearly -|",
	"t __initcall__kmod_demo__11_40_foo_init6 -|",
};

static char small_want[1024];

static unsigned char *load(const char *path, size_t *size)
{
	unsigned char *data = NULL;
	FILE *f = fopen(path, "rb");
	long n;

	if (!f)
		return NULL;
	n = fseek(f, 0, SEEK_END) ? -1 : ftell(f);
	if (n > 0 && !fseek(f, 0, SEEK_SET)) {
		data = malloc((size_t)n);
		if (data && fread(data, 1, (size_t)n, f) != (size_t)n) {
			free(data);
			data = NULL;
		}
		*size = (size_t)n;
	}
	fclose(f);
	return data;
}

/* Top-level blocks of a file, found without the reader under test. */
struct top_block {
	size_t start, end;
	unsigned int id;
};

static size_t top_blocks(const unsigned char *d, size_t size,
			 struct top_block *tb, size_t max)
{
	size_t pos = 4, n = 0;

	/* Every top-level header is 2 words: 2-bit id 1, vbr8 id, width. */
	while (pos + 8 <= size && n < max) {
		tb[n].start = pos;
		tb[n].id = (irb_get32(d + pos) >> 2) & 0x7f;
		tb[n].end = pos + 8 + (size_t)irb_get32(d + pos + 4) * 4;
		pos = tb[n++].end;
	}
	return n;
}

/*
 * What cutting the file at @len must give.  A block whose header lies
 * in the first @len bytes (with more than 8 bytes left at its start, or
 * right after IDENTIFICATION, where a module must follow) and whose end
 * does not, is a truncation; otherwise the blocks seen decide.
 */
static int expected_cut(const struct top_block *tb, size_t n, size_t len,
			char *msg, size_t msg_size)
{
	bool symtab = false, strtab = false, module = false;
	size_t i;

	msg[0] = '\0';
	if (len < 4)
		return -1;
	for (i = 0; i < n; i++) {
		bool forced = i && tb[i - 1].id == 13;

		if (!forced && tb[i].start + 8 >= len)
			break;
		if (tb[i].start + 8 > len)
			return -1;
		if (tb[i].end > len) {
			snprintf(msg, msg_size,
				 "truncated: block %u at byte %zu claims %zu words, %zu left",
				 tb[i].id, tb[i].start,
				 (tb[i].end - tb[i].start) / 4 - 2,
				 (len - tb[i].start - 8) / 4);
			return -1;
		}
		if (tb[i].id == 8)
			module = true;
		if (tb[i].id == 25)
			symtab = true;
		if (tb[i].id == 23 && symtab)
			strtab = true;
	}
	if (!module) {
		snprintf(msg, msg_size,
			 "corrupt: no module block in %zu bytes of bitcode", len);
		return -1;
	}
	if (!symtab) {
		snprintf(msg, msg_size, "no symbol table");
		return BITCODE_FALLBACK;
	}
	if (!strtab) {
		snprintf(msg, msg_size,
			 "no string table after the symbol table");
		return BITCODE_FALLBACK;
	}
	return 0;
}

static void test_real_cuts(const unsigned char *d, size_t size)
{
	struct top_block tb[16];
	size_t n = top_blocks(d, size, tb, 16), len;
	unsigned int bad = 0, truncs = 0, falls = 0;
	char msg[256];
	int want, got;

	CHECK(n == 4 && tb[0].id == 13 && tb[1].id == 8 && tb[2].id == 25 &&
	      tb[3].id == 23 && tb[3].end == size);
	for (len = 0; len <= size; len++) {
		want = expected_cut(tb, n, len, msg, sizeof(msg));
		got = scan_bytes(d, len);
		truncs += got == -1;
		falls += got == BITCODE_FALLBACK;
		if (got == want && (!msg[0] || !strcmp(msg, err.msg)) &&
		    (got || !strcmp(out, small_want)))
			continue;
		if (bad++ < 5)
			printf("# cut at %zu: got %d \"%s\", want %d \"%s\"\n",
			       len, got, err.msg, want, msg);
	}
	CHECK(bad == 0);
	/* Only the few lengths at block boundaries fall back. */
	CHECK(truncs > size - 40 && falls > 0 && falls < 40);
	printf("# %zu cuts: %u corrupt, %u fall back\n", size + 1, truncs,
	       falls);
}

/*
 * Flip every bit.  Inside the module block's content nothing may
 * change: the reader never looks there.  Elsewhere any of the three
 * outcomes is fine, but never a crash or an overread (run under SAN=1).
 */
static void test_real_flips(const unsigned char *d, size_t size)
{
	struct top_block tb[16];
	size_t n = top_blocks(d, size, tb, 16), bit;
	unsigned int module_bad = 0, count[3] = { 0, 0, 0 }, other = 0;
	unsigned char *copy = malloc(size);
	int got;

	memcpy(copy, d, size);
	for (bit = 0; bit < size * 8; bit++) {
		size_t byte = bit / 8;
		bool in_module = n > 1 && byte >= tb[1].start + 8 &&
				 byte < tb[1].end;

		copy[byte] ^= 1u << (bit % 8);
		got = scan_bytes(copy, size);
		copy[byte] ^= 1u << (bit % 8);
		if (in_module && (got != 0 || strcmp(out, small_want)))
			module_bad++;
		if (got >= -1 && got <= 1)
			count[got + 1]++;
		else
			other++;
	}
	CHECK(module_bad == 0);
	CHECK(other == 0);
	/* Flips in the magic, headers and tables do get noticed. */
	CHECK(count[0] > 0 && count[2] > 0);
	printf("# %zu flips: %u corrupt, %u fine, %u fall back\n", size * 8,
	       count[0], count[1], count[2]);
	free(copy);
}

static void test_real_file(void)
{
	size_t size = 0;
	unsigned char *d = load(SMALL_BC, &size);

	join(small_want, sizeof(small_want), small_syms,
	     ARRAY_SIZE(small_syms));
	if (!CHECK(d != NULL)) {
		printf("# cannot read %s (run from the top of the tree)\n",
		       SMALL_BC);
		return;
	}
	CHECK(scan_bytes(d, size) == 0);
	CHECK_STR(out, small_want);
	test_real_cuts(d, size);
	test_real_flips(d, size);
	free(d);
}

int main(void)
{
	test_layouts();
	test_multi_module();
	test_fallbacks();
	test_non_byte_blob();
	test_first_tables();
	test_trailing_bytes();
	test_visitor_stop();
	test_bad_headers();
	test_corrupt();
	test_real_file();
	return unit_done();
}
