// SPDX-License-Identifier: GPL-2.0-only
/*
 * The image readers (symtab/elf_image.c, initcall/image.c) on images that
 * ld.lld linked from real objects of other architectures: aarch64, whose
 * entries are 32-bit offsets to their __initstub__ stubs (PREL32), and
 * riscv64, whose entries are 64-bit pointers to the functions.  The
 * Makefile builds them from tests/unit/arch/ into $ICO_BUILD/tests/unit/
 * arch/<arch>/: good.elf, and nosym.elf, data.elf and short.elf with one
 * odd entry each.  Then the good images with the table cut off by the end
 * of the file, and cut at many lengths.
 */
#include <elf.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <initcall/image.h>
#include <symtab/elf_image.h>
#include <util/file.h>
#include <util/strbuf.h>
#include <util/warn.h>
#include <util/xalloc.h>
#include "unit.h"

/* Refusals print errors: kept here, out of the TAP stream. */
static struct strbuf errors = STRBUF_INIT;

struct arch {
	const char *name;	/* folder under tests/unit/arch/ */
	unsigned int machine;
	enum entry_shape shape;
	unsigned int width;	/* bytes per entry */
};

static const struct arch arches[] = {
	{ "aarch64", EM_AARCH64, SHAPE_PREL32, 4 },
	{ "riscv64", EM_RISCV, SHAPE_ABS64, 8 },
};

/* tests/unit/arch/initcalls.c, in run order. */
static const struct {
	const char *level;
	size_t position;
	const char *function;
} want[] = {
	{ "con", 1, "tty_console" },
	{ "early", 1, "smp_prepare" },
	{ "1", 1, "core_setup" },
	{ "1s", 1, "core_settle" },
	{ "rootfs", 1, "populate_rootfs" },
	{ "6", 1, "serial_probe" },
	{ "6", 2, "block_probe" },
	{ "7", 1, "late_check" },
};

#define NR_WANT	ARRAY_SIZE(want)

static void image_path(char *buf, size_t size, const struct arch *a,
		       const char *kind)
{
	const char *build = getenv("ICO_BUILD");

	snprintf(buf, size, "%s/tests/unit/arch/%s/%s.elf",
		 build ? build : "build", a->name, kind);
}

/* The entry at @entry decoded here, apart from the reader. */
static bool raw_target(const struct image *img, const struct arch *a,
		       unsigned long long entry, unsigned long long *target)
{
	unsigned char b[8];
	unsigned long long v = 0;
	unsigned int i;

	if (image_read(img, entry, b, a->width))
		return false;
	for (i = a->width; i-- > 0;)
		v = v << 8 | b[i];
	if (a->shape == SHAPE_PREL32)
		v = entry + (unsigned long long)(int64_t)(int32_t)v;
	*target = v;
	return true;
}

/* "kmod_initcalls__<n>_<line>_<function>", counter @n. */
static bool id_is(const char *id, size_t n, const char *function)
{
	char prefix[64];
	size_t len = strlen(id), flen = strlen(function);

	snprintf(prefix, sizeof(prefix), "kmod_initcalls__%zu_", n);
	return !strncmp(id, prefix, strlen(prefix)) && len > flen + 1 &&
	       id[len - flen - 1] == '_' && !strcmp(id + len - flen, function);
}

static bool only_functions_at(const struct image *img,
			      unsigned long long addr)
{
	struct image_sym *const *syms;
	size_t i, n = image_syms_at(img, addr, &syms);

	for (i = 0; i < n; i++)
		if (syms[i]->kind != IMAGE_SYM_FUNC)
			return false;
	return n > 0;
}

/* The stub (PREL32) or the function (pointers) entry @i points at. */
static bool target_named(const struct arch *a, const struct image_initcall *c)
{
	char name[160];

	if (a->shape == SHAPE_PREL32)
		snprintf(name, sizeof(name), "__initstub__%s%s", c->id,
			 c->level);
	else
		snprintf(name, sizeof(name), "%s", c->function);
	return c->target_sym && !strcmp(c->target_sym->name, name) &&
	       c->target_sym->kind == IMAGE_SYM_FUNC &&
	       c->target_sym->value == c->target;
}

static void check_entry(const struct image *img, const struct arch *a,
			const struct image_initcall *c, size_t i)
{
	unsigned long long raw;
	const struct image_sym *in;
	const struct image_section *sec;

	CHECK(!strcmp(c->level, want[i].level) &&
	      c->position == want[i].position);
	CHECK(c->id && id_is(c->id, i, want[i].function));
	CHECK(c->module && !strcmp(c->module, "kmod_initcalls"));
	CHECK(!strcmp(c->function, want[i].function));
	CHECK(c->id_sym && c->id_sym->value == c->entry);
	CHECK(raw_target(img, a, c->entry, &raw) && raw == c->target);
	CHECK(target_named(a, c));
	CHECK(only_functions_at(img, c->target));
	sec = image_section_at(img, c->target);
	CHECK(sec && sec->exec);
	sec = image_section_at(img, c->entry);
	CHECK(sec && !strcmp(sec->name, ".init.data"));
	/* Inside the function, it still names the function. */
	in = image_sym_covering(img, c->target + 2);
	CHECK(in && c->target_sym && in == c->target_sym &&
	      c->target_sym->size > 2);
}

static unsigned long long sym_value(const struct image *img,
				    const char *name)
{
	const struct image_sym *s = image_sym_by_name(img, name);

	return s ? s->value : ~0ull;
}

/* Entries follow one another from __initcall_start, con last. */
static bool packed(const struct image *img, const struct arch *a,
		   const struct image_initcalls *ic)
{
	unsigned long long at = sym_value(img, "__initcall_start");
	size_t i;

	for (i = 1; i < ic->nr; i++, at += a->width)
		if (ic->calls[i].entry != at)
			return false;
	return ic->calls[0].entry == sym_value(img, "__con_initcall_start") &&
	       sym_value(img, "__initcall_end") == at &&
	       sym_value(img, "__initcall6_start") == ic->calls[5].entry &&
	       sym_value(img, "__initcall7_start") == ic->calls[7].entry;
}

static void test_good(const struct arch *a)
{
	struct image_initcalls ic;
	struct image img;
	char path[4096];
	size_t i;

	printf("# %s: every entry of a real image\n", a->name);
	image_path(path, sizeof(path), a, "good");
	if (!CHECK(image_open(&img, path) == 0)) {
		printf("# %s", strbuf_str(&errors));
		return;
	}
	CHECK(img.machine == a->machine && img.bits == 64 && !img.big_endian);
	CHECK(image_initcalls_read(&img, &ic) == 0);
	CHECK(ic.shape == a->shape);
	CHECK(ic.nr == NR_WANT);
	if (ic.nr == NR_WANT) {
		for (i = 0; i < NR_WANT; i++)
			check_entry(&img, a, &ic.calls[i], i);
		CHECK(packed(&img, a, &ic));
	}
	image_initcalls_free(&ic);
	image_close(&img);
}

/* An entry into code that no function symbol covers. */
static void test_nosym(const struct arch *a)
{
	const struct image_section *sec;
	const struct image_sym *sk;
	struct image_initcalls ic;
	const struct image_initcall *c;
	struct image img;
	char path[4096], addr[32];
	unsigned long long raw;

	printf("# %s: an entry pointing outside any function\n", a->name);
	image_path(path, sizeof(path), a, "nosym");
	if (!CHECK(image_open(&img, path) == 0))
		return;
	CHECK(image_initcalls_read(&img, &ic) == 0);
	CHECK(ic.shape == a->shape && ic.nr == NR_WANT + 1);
	if (ic.nr == NR_WANT + 1) {
		c = &ic.calls[NR_WANT];
		CHECK(!strcmp(c->level, "7") && c->position == 2);
		CHECK(!c->id && !c->module && !c->id_sym);
		CHECK(raw_target(&img, a, c->entry, &raw) && raw == c->target);
		sec = image_section_at(&img, c->target);
		CHECK(sec && sec->exec);
		sk = image_sym_by_name(&img, "start_kernel");
		CHECK(sk && c->target >= sk->value + sk->size);
		CHECK(!c->target_sym);
		snprintf(addr, sizeof(addr), "0x%llx", c->target);
		CHECK(!strcmp(c->function, addr));
		CHECK(!strcmp(ic.calls[NR_WANT - 1].function, "late_check"));
	}
	image_initcalls_free(&ic);
	image_close(&img);
}

/* Opens @kind of @a and expects image_initcalls_read to refuse it. */
static bool refused(const struct arch *a, const char *kind,
		    struct image *img)
{
	struct image_initcalls ic;
	char path[4096];
	int ret;

	image_path(path, sizeof(path), a, kind);
	strbuf_reset(&errors);
	if (image_open(img, path))
		return false;
	ret = image_initcalls_read(img, &ic);
	image_initcalls_free(&ic);
	return ret == -1;
}

static bool error_has(const char *what)
{
	bool found = strstr(strbuf_str(&errors), what);

	if (!found)
		printf("# wanted \"%s\" in: %s", what, strbuf_str(&errors));
	return found;
}

/* An entry pointing at a data object: neither reading is one of code. */
static void test_data(const struct arch *a)
{
	unsigned long long entry, data;
	struct image img;
	char msg[256];

	printf("# %s: an entry pointing at data\n", a->name);
	if (!CHECK(refused(a, "data", &img)))
		return;
	entry = sym_value(&img, "__initcall__kmod_data__0_1_not_code6");
	data = sym_value(&img, "not_code");
	snprintf(msg, sizeof(msg),
		 "as %s, the level 6 entry at 0x%llx points at 0x%llx, outside code",
		 a->shape == SHAPE_PREL32 ? "32-bit offsets" :
		 "64-bit pointers", entry, data);
	CHECK(entry != ~0ull && data != ~0ull && error_has(msg));
	CHECK(error_has("initcall entries are neither offsets nor pointers to code"));
	image_close(&img);
}

/*
 * Level 7 ends half an entry late.  On riscv64 the console entry's
 * 8-byte alignment then opens a gap before it, inside the console range,
 * which is checked first.
 */
static void test_short(const struct arch *a)
{
	struct image img;
	char msg[256];
	const char *level = a->shape == SHAPE_PREL32 ? "7" : "con";
	unsigned long long start;

	printf("# %s: a level cut short\n", a->name);
	if (!CHECK(refused(a, "short", &img)))
		return;
	start = sym_value(&img, a->shape == SHAPE_PREL32 ?
			  "__initcall7_start" : "__con_initcall_start");
	snprintf(msg, sizeof(msg),
		 "as %s, level %s (at 0x%llx) is not a whole number of entries",
		 a->shape == SHAPE_PREL32 ? "32-bit offsets" :
		 "64-bit pointers", level, start);
	CHECK(error_has(msg));
	image_close(&img);
}

/* Copies @from to a new temporary file; its path goes into @to. */
static bool copy_file(const char *from, char *to)
{
	struct mapped_file m;
	int fd;
	bool ok;

	if (map_file(from, &m))
		return false;
	fd = mkstemp(to);
	ok = fd >= 0 && write(fd, m.addr, m.size) == (ssize_t)m.size;
	if (fd >= 0)
		close(fd);
	unmap_file(&m);
	return ok;
}

/*
 * Moves section @name's bytes so that all but 8 of them lie past the
 * end of the file, as a file cut inside the table leaves them.
 */
static bool cut_section(const char *path, const char *name)
{
	size_t shstrndx, off;
	Elf_Scn *scn = NULL;
	GElf_Ehdr eh;
	GElf_Shdr sh;
	struct stat st;
	bool done = false;
	uint64_t v;
	int fd;
	Elf *e;

	fd = open(path, O_RDWR);
	if (fd < 0 || fstat(fd, &st))
		return false;
	elf_version(EV_CURRENT);
	e = elf_begin(fd, ELF_C_READ, NULL);
	if (!e || !gelf_getehdr(e, &eh) || elf_getshdrstrndx(e, &shstrndx))
		goto out;
	while (!done && (scn = elf_nextscn(e, scn))) {
		const char *n;

		if (!gelf_getshdr(scn, &sh))
			break;
		n = elf_strptr(e, shstrndx, sh.sh_name);
		if (!n || strcmp(n, name) || sh.sh_size <= 8)
			continue;
		/* Elf64_Shdr, little-endian: sh_offset at byte 24. */
		off = eh.e_shoff + elf_ndxscn(scn) * eh.e_shentsize + 24;
		v = st.st_size - 8;
		done = pwrite(fd, &v, 8, off) == 8;
	}
out:
	if (e)
		elf_end(e);
	close(fd);
	return done;
}

static void test_cut_table(const struct arch *a)
{
	char path[4096], tmp[] = "/tmp/ico-test-arch.XXXXXX";
	struct image_initcalls ic;
	struct image img;
	int ret = 0;

	printf("# %s: the table cut off by the end of the file\n", a->name);
	image_path(path, sizeof(path), a, "good");
	if (!CHECK(copy_file(path, tmp) && cut_section(tmp, ".init.data"))) {
		unlink(tmp);
		return;
	}
	strbuf_reset(&errors);
	CHECK(image_open(&img, tmp) == 0);
	if (img.elf) {
		ret = image_initcalls_read(&img, &ic);
		image_initcalls_free(&ic);
		image_close(&img);
	}
	CHECK(ret == -1);
	CHECK(error_has("is not in the file's sections"));
	unlink(tmp);
}

/* Every prefix of the file is refused: none crashes or reads a table. */
static void test_prefixes(const struct arch *a)
{
	char path[4096], tmp[] = "/tmp/ico-test-arch.XXXXXX";
	size_t cut, step, tried = 0, refusals = 0;
	struct mapped_file m;
	int fd;

	printf("# %s: the image cut at many lengths\n", a->name);
	image_path(path, sizeof(path), a, "good");
	if (!CHECK(map_file(path, &m) == 0))
		return;
	fd = mkstemp(tmp);
	step = m.size / 300 + 1;
	for (cut = 0; fd >= 0 && cut < m.size; cut += step) {
		struct image_initcalls ic;
		struct image img;

		if (ftruncate(fd, 0) || pwrite(fd, m.addr, cut, 0) !=
		    (ssize_t)cut)
			break;
		tried++;
		if (image_open(&img, tmp)) {
			refusals++;
			continue;
		}
		if (image_initcalls_read(&img, &ic))
			refusals++;
		image_initcalls_free(&ic);
		image_close(&img);
	}
	CHECK(tried >= 250 && refusals == tried);
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	unmap_file(&m);
}

int main(void)
{
	size_t i;

	diag_capture(&errors);
	for (i = 0; i < ARRAY_SIZE(arches); i++) {
		test_good(&arches[i]);
		test_nosym(&arches[i]);
		test_data(&arches[i]);
		test_short(&arches[i]);
		test_cut_table(&arches[i]);
		test_prefixes(&arches[i]);
	}
	diag_capture(NULL);
	strbuf_release(&errors);
	return unit_done();
}
