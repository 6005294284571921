// SPDX-License-Identifier: GPL-2.0-only
/*
 * clone: makes many distinct objects out of a few compiled templates, for
 * the benchmark corpus.
 *
 *   clone TAG MANIFEST
 *
 * MANIFEST has one line per object to write, "TEMPLATE DEST NUMBER", with
 * the lines of one template together.  Each template was compiled with
 * TAG (six characters) inside its module name; every copy gets NUMBER,
 * as six digits, in place of every occurrence of TAG, so that each copy
 * has its own initcall ids, as if it had been compiled on its own.
 *
 * TAG occurs in two encodings.  As plain bytes: the string tables of ELF
 * objects and the STRTAB blob of LLVM bitcode (symbol names, the
 * irsymtab).  And inside the bitcode's MODULE_CODE_ASM record, which LLVM
 * writes unabbreviated: each character is a VBR6 operand of 12 bits for
 * values 32 to 1023, so digits take exactly the room of letters and the
 * module inline asm (the initcall labels and their sections) can be
 * patched in place.  gen-corpus.sh checks copies with llvm-nm, which
 * parses the module asm itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TAG_LEN		6
#define VBR6_BITS	12	/* one character of 32..1023 as VBR6 */
#define TAG_BITS	(TAG_LEN * VBR6_BITS)

struct template {
	char path[4096];
	unsigned char *data;
	size_t size;
	size_t *byte_at;	/* offsets of TAG as bytes */
	size_t nr_bytes;
	size_t *bit_at;		/* bit offsets of TAG as VBR6 operands */
	size_t nr_bits;
};

static void die(const char *what, const char *path)
{
	fprintf(stderr, "clone: %s: %s: %s\n", path, what, strerror(errno));
	exit(1);
}

static void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size);
	if (!p) {
		fprintf(stderr, "clone: out of memory\n");
		exit(1);
	}
	return p;
}

static unsigned char *read_all(const char *path, size_t *size)
{
	struct stat st;
	unsigned char *buf;
	size_t done = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st))
		die("cannot open", path);
	buf = xrealloc(NULL, st.st_size + 1);
	while (done < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + done, st.st_size - done);

		if (r <= 0)
			die("cannot read", path);
		done += r;
	}
	close(fd);
	*size = done;
	return buf;
}

static unsigned int get_bit(const unsigned char *p, size_t bit)
{
	return (p[bit >> 3] >> (bit & 7)) & 1;
}

static void put_bit(unsigned char *p, size_t bit, unsigned int v)
{
	if (v)
		p[bit >> 3] |= 1u << (bit & 7);
	else
		p[bit >> 3] &= ~(1u << (bit & 7));
}

/* The 12 bits of character @c as a VBR6 operand, in stream order. */
static uint32_t vbr6_char(unsigned char c)
{
	uint32_t lo = (c & 31) | 32, hi = c >> 5;

	return lo | hi << 6;
}

static bool vbr6_match(const unsigned char *p, size_t bit, const char *s)
{
	size_t i, b;

	for (i = 0; i < TAG_LEN; i++) {
		uint32_t want = vbr6_char((unsigned char)s[i]);

		for (b = 0; b < VBR6_BITS; b++)
			if (get_bit(p, bit + i * VBR6_BITS + b) !=
			    ((want >> b) & 1))
				return false;
	}
	return true;
}

static void vbr6_write(unsigned char *p, size_t bit, const char *s)
{
	size_t i, b;

	for (i = 0; i < TAG_LEN; i++) {
		uint32_t v = vbr6_char((unsigned char)s[i]);

		for (b = 0; b < VBR6_BITS; b++)
			put_bit(p, bit + i * VBR6_BITS + b, (v >> b) & 1);
	}
}

static void find_tag(struct template *t, const char *tag)
{
	size_t i, nbits = t->size * 8;

	for (i = 0; i + TAG_LEN <= t->size; i++) {
		if (memcmp(t->data + i, tag, TAG_LEN))
			continue;
		t->byte_at = xrealloc(t->byte_at,
				      (t->nr_bytes + 1) * sizeof(size_t));
		t->byte_at[t->nr_bytes++] = i;
	}
	for (i = 0; i + TAG_BITS <= nbits; i++) {
		if (!vbr6_match(t->data, i, tag))
			continue;
		t->bit_at = xrealloc(t->bit_at,
				     (t->nr_bits + 1) * sizeof(size_t));
		t->bit_at[t->nr_bits++] = i;
	}
	if (!t->nr_bytes) {
		fprintf(stderr, "clone: %s: no '%s' in it\n", t->path, tag);
		exit(1);
	}
}

static void load_template(struct template *t, const char *path,
			  const char *tag)
{
	free(t->data);
	free(t->byte_at);
	free(t->bit_at);
	memset(t, 0, sizeof(*t));
	snprintf(t->path, sizeof(t->path), "%s", path);
	t->data = read_all(path, &t->size);
	find_tag(t, tag);
}

static void write_copy(const struct template *t, unsigned char *buf,
		       const char *dest, unsigned long number)
{
	char digits[TAG_LEN + 1];
	size_t i, done = 0;
	int fd;

	snprintf(digits, sizeof(digits), "%0*lu", TAG_LEN, number);
	memcpy(buf, t->data, t->size);
	for (i = 0; i < t->nr_bytes; i++)
		memcpy(buf + t->byte_at[i], digits, TAG_LEN);
	for (i = 0; i < t->nr_bits; i++)
		vbr6_write(buf, t->bit_at[i], digits);

	fd = open(dest, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		die("cannot create", dest);
	while (done < t->size) {
		ssize_t w = write(fd, buf + done, t->size - done);

		if (w <= 0)
			die("cannot write", dest);
		done += w;
	}
	if (close(fd))
		die("cannot write", dest);
}

int main(int argc, char **argv)
{
	struct template t = { .data = NULL };
	char line[3 * 4096], tpath[4096], dest[4096];
	unsigned char *buf = NULL;
	unsigned long number, copies = 0;
	FILE *manifest;

	if (argc != 3 || strlen(argv[1]) != TAG_LEN) {
		fprintf(stderr, "usage: clone TAG(6 chars) MANIFEST\n");
		return 2;
	}
	manifest = fopen(argv[2], "r");
	if (!manifest)
		die("cannot open", argv[2]);
	while (fgets(line, sizeof(line), manifest)) {
		if (sscanf(line, "%4095s %4095s %lu", tpath, dest, &number) != 3
		    || number > 999999) {
			fprintf(stderr, "clone: bad manifest line: %s", line);
			return 1;
		}
		if (strcmp(tpath, t.path)) {
			load_template(&t, tpath, argv[1]);
			buf = xrealloc(buf, t.size + 1);
		}
		write_copy(&t, buf, dest, number);
		copies++;
	}
	fclose(manifest);
	fprintf(stderr, "clone: %lu objects written\n", copies);
	return 0;
}
