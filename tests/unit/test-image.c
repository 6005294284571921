// SPDX-License-Identifier: GPL-2.0-only
/*
 * Linked images written with libelf in every class and byte order: the
 * symtab/elf_image.c lookups, the initcall tables read from them with either
 * entry shape, bad tables, boot log lines, matching a log to an image and
 * check's KTAP report.
 */
#include <elf.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <initcall/bootlog.h>
#include <initcall/check.h>
#include <initcall/diff.h>
#include <initcall/image.h>
#include <initcall/order.h>
#include <symtab/elf_image.h>
#include <util/strbuf.h>
#include <util/warn.h>
#include <util/xalloc.h>
#include "unit.h"

enum { SEC_TEXT = 1, SEC_DATA, SEC_STRAY };

/* Refusals print errors: kept here, out of the TAP stream. */
static struct strbuf errors = STRBUF_INIT;

struct tsym {
	const char *name;
	unsigned long long value;
	int type;		/* STT_* */
	int sec;		/* SEC_*, or SHN_ABS */
};

struct timg {
	int cls;		/* ELFCLASS32 or ELFCLASS64 */
	int data;		/* ELFDATA2LSB or ELFDATA2MSB */
	unsigned int machine;
	int type;		/* ET_EXEC unless set */
	unsigned long long text, init;	/* section addresses */
	unsigned char table[256];
	size_t len;
	struct tsym syms[64];
	size_t nr;
	bool nobits;		/* the table's section holds no bytes */
	bool no_symtab;
	bool stray;		/* a leftover .initcall6.init..<id> section */
};

static void put(struct timg *t, const char *name, unsigned long long value,
		int type, int sec)
{
	struct tsym *s = &t->syms[t->nr++];

	s->name = name;
	s->value = value;
	s->type = type;
	s->sec = sec;
}

/* Appends @v as @width bytes in the image's byte order. */
static void put_uint(struct timg *t, unsigned long long v, unsigned int width)
{
	unsigned int i;

	for (i = 0; i < width; i++) {
		unsigned int shift = t->data == ELFDATA2MSB ?
				     (width - 1 - i) * 8 : i * 8;

		t->table[t->len + i] = v >> shift;
	}
	t->len += width;
}

static unsigned long long here(const struct timg *t)
{
	return t->init + t->len;
}

/* One entry pointing at @target; returns the entry's address. */
static unsigned long long add_entry(struct timg *t, enum entry_shape shape,
				    unsigned long long target)
{
	unsigned long long at = here(t);

	if (shape == SHAPE_PREL32)
		put_uint(t, (target - at) & 0xffffffffull, 4);
	else
		put_uint(t, target, shape == SHAPE_ABS64 ? 8 : 4);
	return at;
}

static size_t add_string(struct strbuf *sb, const char *s)
{
	size_t off = sb->len;

	strbuf_add(sb, s, strlen(s) + 1);
	return off;
}

static Elf_Scn *new_section(Elf *e, struct strbuf *shstr, const char *name,
			    unsigned int type, unsigned long flags,
			    unsigned long long addr, void *buf, size_t size)
{
	Elf_Scn *scn = elf_newscn(e);
	Elf_Data *d = elf_newdata(scn);
	GElf_Shdr sh;

	d->d_buf = buf;
	d->d_size = size;
	d->d_type = ELF_T_BYTE;
	d->d_align = 1;
	gelf_getshdr(scn, &sh);
	sh.sh_name = add_string(shstr, name);
	sh.sh_type = type;
	sh.sh_flags = flags;
	sh.sh_addr = addr;
	sh.sh_addralign = 1;
	gelf_update_shdr(scn, &sh);
	return scn;
}

static void add_symtab(Elf *e, const struct timg *t, struct strbuf *shstr,
		       struct strbuf *str, void **bufs)
{
	size_t n = t->nr + 1, i;
	size_t strndx = SEC_STRAY + (t->stray ? 1 : 0) + 1;
	Elf_Scn *scn;
	Elf_Data *d;
	GElf_Shdr sh;

	scn = new_section(e, shstr, ".symtab", SHT_SYMTAB, 0, 0, NULL, 0);
	d = elf_getdata(scn, NULL);
	bufs[0] = xcalloc(n, sizeof(Elf64_Sym));
	d->d_buf = bufs[0];
	d->d_type = ELF_T_SYM;
	d->d_size = n * gelf_fsize(e, ELF_T_SYM, 1, EV_CURRENT);
	add_string(str, "");
	for (i = 0; i < t->nr; i++) {
		GElf_Sym s = { 0 };

		s.st_name = add_string(str, t->syms[i].name);
		s.st_value = t->syms[i].value;
		s.st_info = GELF_ST_INFO(STB_LOCAL, t->syms[i].type);
		s.st_shndx = t->syms[i].sec;
		gelf_update_sym(d, i + 1, &s);
	}
	gelf_getshdr(scn, &sh);
	sh.sh_link = strndx;
	sh.sh_info = n;
	sh.sh_entsize = gelf_fsize(e, ELF_T_SYM, 1, EV_CURRENT);
	gelf_update_shdr(scn, &sh);
}

#define IMAGE_PATH	"/tmp/ico-test-image.XXXXXX"

/* Writes @t to a new file named after @path, an IMAGE_PATH copy. */
static void write_image(const struct timg *t, char *path)
{
	struct strbuf shstr = STRBUF_INIT, str = STRBUF_INIT;
	static unsigned char text[0x100];
	void *bufs[1] = { NULL };
	Elf_Scn *strscn, *shscn;
	GElf_Ehdr eh;
	int fd;
	Elf *e;

	fd = mkstemp(path);
	elf_version(EV_CURRENT);
	e = elf_begin(fd, ELF_C_WRITE, NULL);
	gelf_newehdr(e, t->cls);
	gelf_getehdr(e, &eh);
	eh.e_ident[EI_DATA] = t->data;
	eh.e_type = t->type ? t->type : ET_EXEC;
	eh.e_machine = t->machine;
	eh.e_version = EV_CURRENT;
	add_string(&shstr, "");
	new_section(e, &shstr, ".text", SHT_PROGBITS,
		    SHF_ALLOC | SHF_EXECINSTR, t->text, text, sizeof(text));
	new_section(e, &shstr, ".init.data",
		    t->nobits ? SHT_NOBITS : SHT_PROGBITS,
		    SHF_ALLOC | SHF_WRITE, t->init, (void *)t->table,
		    t->len ? t->len : 1);
	if (t->stray)
		new_section(e, &shstr, ".initcall6.init..kmod_x__1_2_lost",
			    SHT_PROGBITS, SHF_ALLOC, t->init + 0x800,
			    (void *)t->table, 4);
	if (!t->no_symtab)
		add_symtab(e, t, &shstr, &str, bufs);
	strscn = new_section(e, &shstr, ".strtab", SHT_STRTAB, 0, 0,
			     str.buf, str.len);
	shscn = new_section(e, &shstr, ".shstrtab", SHT_STRTAB, 0, 0, NULL,
			    0);
	add_string(&shstr, "");
	elf_getdata(shscn, NULL)->d_buf = shstr.buf;
	elf_getdata(shscn, NULL)->d_size = shstr.len;
	(void)strscn;
	eh.e_shstrndx = elf_ndxscn(shscn);
	gelf_update_ehdr(e, &eh);
	if (elf_update(e, ELF_C_WRITE) < 0)
		printf("# elf_update: %s\n", elf_errmsg(-1));
	elf_end(e);
	close(fd);
	free(bufs[0]);
	strbuf_release(&shstr);
	strbuf_release(&str);
}

/* Level starts, in layout order; early's is __initcall_start. */
static const char *const starts[] = {
	"__initcall_start", "__initcall0_start", "__initcall1_start",
	"__initcall2_start", "__initcall3_start", "__initcall4_start",
	"__initcall5_start", "__initcallrootfs_start", "__initcall6_start",
	"__initcall7_start", "__initcall_end",
};

/*
 * The standard table: early: A; 1: B, C (C's id says 1s); 6: D (no id
 * symbol: under PREL32 its stub names it); con: E.  Functions at
 * text + 0x10 * k.
 */
static void standard(struct timg *t, int cls, int data, unsigned int machine,
		     enum entry_shape shape, unsigned long long text,
		     unsigned long long init)
{
	unsigned long long fn[5], at;
	size_t i;

	memset(t, 0, sizeof(*t));
	t->cls = cls;
	t->data = data;
	t->machine = machine;
	t->text = text;
	t->init = init;
	for (i = 0; i < 5; i++)
		fn[i] = text + 0x10 * (i + 1);
	put(t, "fnA", fn[0], STT_FUNC, SEC_TEXT);
	put(t, "fnB", fn[1], STT_FUNC, SEC_TEXT);
	put(t, "fnC", fn[2], STT_FUNC, SEC_TEXT);
	put(t, shape == SHAPE_PREL32 ? "__initstub__kmod_d__2_30_fnD6" :
	    "fnD", fn[3], STT_FUNC, SEC_TEXT);
	put(t, "fnE", fn[4], STT_FUNC, SEC_TEXT);

	put(t, starts[0], here(t), STT_NOTYPE, SEC_DATA);
	at = add_entry(t, shape, fn[0]);
	put(t, "__initcall__kmod_a__0_10_fnAearly", at, STT_OBJECT, SEC_DATA);
	for (i = 1; i <= 2; i++)
		put(t, starts[i], here(t), STT_NOTYPE, SEC_DATA);
	at = add_entry(t, shape, fn[1]);
	put(t, "__initcall__kmod_b__0_20_fnB1", at, STT_OBJECT, SEC_DATA);
	at = add_entry(t, shape, fn[2]);
	put(t, "__initcall__kmod_b__1_21_fnC1s", at, STT_OBJECT, SEC_DATA);
	for (i = 3; i <= 8; i++)
		put(t, starts[i], here(t), STT_NOTYPE, SEC_DATA);
	add_entry(t, shape, fn[3]);
	for (i = 9; i <= 10; i++)
		put(t, starts[i], here(t), STT_NOTYPE, SEC_DATA);
	put(t, "__con_initcall_start", here(t), STT_NOTYPE, SEC_DATA);
	at = add_entry(t, shape, fn[4]);
	put(t, "__initcall__kmod_e__0_5_fnEcon", at, STT_OBJECT, SEC_DATA);
	put(t, "__con_initcall_end", here(t), STT_NOTYPE, SEC_DATA);
}

/* The image read back from a file of @t, open while its entries are used. */
static struct image read_img;

/* Reads @t back; -1 when image_open or image_initcalls_read refuse. */
static int read_back(const struct timg *t, struct image_initcalls *ic)
{
	char path[] = IMAGE_PATH;
	int ret = -1;

	write_image(t, path);
	memset(ic, 0, sizeof(*ic));
	if (!image_open(&read_img, path))
		ret = image_initcalls_read(&read_img, ic);
	unlink(path);
	return ret;
}

static void read_done(struct image_initcalls *ic)
{
	image_initcalls_free(ic);
	image_close(&read_img);
}

static bool call_is(const struct image_initcall *c, const char *level,
		    size_t pos, const char *id, const char *function)
{
	return !strcmp(c->level, level) && c->position == pos &&
	       (id ? c->id && !strcmp(c->id, id) : !c->id) &&
	       !strcmp(c->function, function);
}

static void test_shape(int cls, int data, unsigned int machine,
		       enum entry_shape shape, unsigned long long text,
		       unsigned long long init)
{
	struct image_initcalls ic;
	struct timg t;
	int ret;

	printf("# class %d, data %d, machine %u, %s\n", cls, data, machine,
	       entry_shape_name(shape));
	standard(&t, cls, data, machine, shape, text, init);
	ret = read_back(&t, &ic);
	CHECK(ret == 0);
	CHECK(ic.shape == shape);
	CHECK(ic.nr == 5);
	if (ret || ic.nr != 5) {
		read_done(&ic);
		return;
	}
	CHECK(call_is(&ic.calls[0], "con", 1, "kmod_e__0_5_fnE", "fnE"));
	CHECK(call_is(&ic.calls[1], "early", 1, "kmod_a__0_10_fnA", "fnA"));
	CHECK(call_is(&ic.calls[2], "1", 1, "kmod_b__0_20_fnB", "fnB"));
	CHECK(call_is(&ic.calls[3], "1s", 1, "kmod_b__1_21_fnC", "fnC"));
	if (shape == SHAPE_PREL32)
		CHECK(call_is(&ic.calls[4], "6", 1, "kmod_d__2_30_fnD",
			      "fnD"));
	else
		CHECK(call_is(&ic.calls[4], "6", 1, NULL, "fnD"));
	CHECK(ic.calls[1].target == text + 0x10);
	CHECK(ic.calls[1].entry == init);
	CHECK(ic.calls[0].target == text + 0x50);
	CHECK(ic.calls[2].target_sym &&
	      !strcmp(ic.calls[2].target_sym->name, "fnB"));
	CHECK(ic.calls[3].module && !strcmp(ic.calls[3].module, "kmod_b"));
	read_done(&ic);
}

static void test_shapes(void)
{
	test_shape(ELFCLASS64, ELFDATA2LSB, EM_X86_64, SHAPE_PREL32,
		   0xffffffff81000000ull, 0xffffffff82000000ull);
	test_shape(ELFCLASS64, ELFDATA2LSB, EM_RISCV, SHAPE_ABS64,
		   0xffffffff80000000ull, 0xffffffff80200000ull);
	test_shape(ELFCLASS64, ELFDATA2MSB, EM_S390, SHAPE_ABS64,
		   0x100000, 0x200000);
	test_shape(ELFCLASS64, ELFDATA2MSB, EM_AARCH64, SHAPE_PREL32,
		   0xffff800010000000ull, 0xffff800010800000ull);
	/* Targets below the entries: offsets wrap around 2^32. */
	test_shape(ELFCLASS32, ELFDATA2LSB, EM_386, SHAPE_PREL32,
		   0xc1000000, 0xc2000000);
	test_shape(ELFCLASS32, ELFDATA2LSB, EM_386, SHAPE_ABS32,
		   0xc1000000, 0xc2000000);
	test_shape(ELFCLASS32, ELFDATA2MSB, EM_PPC, SHAPE_ABS32,
		   0xc0000000, 0xc0400000);
	test_shape(ELFCLASS32, ELFDATA2MSB, EM_PPC, SHAPE_PREL32,
		   0xc0400000, 0xc0000000);
}

/* Turns symbol @name of @t into @newname, or drops it if NULL. */
static void rename_sym(struct timg *t, const char *name, const char *newname)
{
	size_t i;

	for (i = 0; i < t->nr; i++) {
		if (strcmp(t->syms[i].name, name))
			continue;
		if (newname) {
			t->syms[i].name = newname;
		} else {
			memmove(&t->syms[i], &t->syms[i + 1],
				(t->nr - i - 1) * sizeof(t->syms[0]));
			t->nr--;
		}
		return;
	}
	abort();
}

static struct tsym *find_sym(struct timg *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->nr; i++)
		if (!strcmp(t->syms[i].name, name))
			return &t->syms[i];
	abort();
}

static int read_variant(struct timg *t)
{
	struct image_initcalls ic;
	int ret = read_back(t, &ic);

	read_done(&ic);
	return ret;
}

static void test_bad_tables(void)
{
	struct timg t;
	unsigned long long v;

	printf("# bad tables are refused\n");
	standard(&t, ELFCLASS64, ELFDATA2LSB, EM_X86_64, SHAPE_PREL32,
		 0x1000, 0x4000);
	rename_sym(&t, "__initcall_end", NULL);
	CHECK(read_variant(&t) == -1);

	standard(&t, ELFCLASS64, ELFDATA2LSB, EM_X86_64, SHAPE_PREL32,
		 0x1000, 0x4000);
	rename_sym(&t, "__initcall_start", NULL);
	CHECK(read_variant(&t) == -1);

	/* Level 3 starting before level 2. */
	standard(&t, ELFCLASS64, ELFDATA2LSB, EM_X86_64, SHAPE_PREL32,
		 0x1000, 0x4000);
	v = find_sym(&t, "__initcall2_start")->value;
	find_sym(&t, "__initcall3_start")->value = v - 4;
	CHECK(read_variant(&t) == -1);

	/* Only one of the console bounds. */
	standard(&t, ELFCLASS64, ELFDATA2LSB, EM_X86_64, SHAPE_PREL32,
		 0x1000, 0x4000);
	rename_sym(&t, "__con_initcall_end", NULL);
	CHECK(read_variant(&t) == -1);

	/* An entry pointing into data under both readings. */
	standard(&t, ELFCLASS64, ELFDATA2LSB, EM_X86_64, SHAPE_ABS64,
		 0x1000, 0x4000);
	memset(t.table + 8, 0x40, 8);
	CHECK(read_variant(&t) == -1);
	CHECK(strstr(strbuf_str(&errors), "as 64-bit pointers, the level 1 entry at 0x4008 points at 0x4040404040404040, outside code"));

	/* A level range that is not a whole number of entries. */
	standard(&t, ELFCLASS64, ELFDATA2LSB, EM_RISCV, SHAPE_ABS64,
		 0x1000, 0x4000);
	find_sym(&t, "__initcall0_start")->value += 2;
	CHECK(read_variant(&t) == -1);

	/* The table in a section without bytes. */
	standard(&t, ELFCLASS64, ELFDATA2LSB, EM_X86_64, SHAPE_PREL32,
		 0x1000, 0x4000);
	t.nobits = true;
	CHECK(read_variant(&t) == -1);

	/* Stripped, and a relocatable object. */
	standard(&t, ELFCLASS64, ELFDATA2LSB, EM_X86_64, SHAPE_PREL32,
		 0x1000, 0x4000);
	t.no_symtab = true;
	CHECK(read_variant(&t) == -1);
	standard(&t, ELFCLASS64, ELFDATA2LSB, EM_X86_64, SHAPE_PREL32,
		 0x1000, 0x4000);
	t.type = ET_REL;
	CHECK(read_variant(&t) == -1);

	/* A stray section is only a warning. */
	standard(&t, ELFCLASS64, ELFDATA2LSB, EM_X86_64, SHAPE_PREL32,
		 0x1000, 0x4000);
	t.stray = true;
	CHECK(read_variant(&t) == 0);
}

/* A sync entry before a plain one of its range runs among the plain. */
static void test_sync_misplaced(void)
{
	struct image_initcalls ic;
	struct timg t;

	printf("# a sync entry placed before the plain ones\n");
	standard(&t, ELFCLASS64, ELFDATA2LSB, EM_X86_64, SHAPE_PREL32,
		 0x1000, 0x4000);
	rename_sym(&t, "__initcall__kmod_b__0_20_fnB1",
		   "__initcall__kmod_b__0_20_fnB1s");
	rename_sym(&t, "__initcall__kmod_b__1_21_fnC1s",
		   "__initcall__kmod_b__1_21_fnC1");
	CHECK(read_back(&t, &ic) == 0 && ic.nr == 5);
	if (ic.nr == 5) {
		CHECK(call_is(&ic.calls[2], "1", 1, "kmod_b__0_20_fnB",
			      "fnB"));
		CHECK(call_is(&ic.calls[3], "1", 2, "kmod_b__1_21_fnC",
			      "fnC"));
	}
	read_done(&ic);
}

/*
 * Mapping symbols and assembler labels name no target: an entry whose
 * function has no symbol of its own shows its address, not "$x.7".
 */
static void test_marker_symbols(void)
{
	struct image_initcalls ic;
	struct timg t;
	unsigned long long fn;

	printf("# mapping symbols and .L labels are no names\n");
	standard(&t, ELFCLASS64, ELFDATA2LSB, EM_RISCV, SHAPE_ABS64,
		 0x1000, 0x4000);
	fn = find_sym(&t, "fnE")->value;
	rename_sym(&t, "fnE", NULL);
	put(&t, "$x.7", fn, STT_NOTYPE, SEC_TEXT);
	put(&t, ".Ltmp3", fn, STT_NOTYPE, SEC_TEXT);
	put(&t, "$xrv64i2p1_m2p0", fn, STT_NOTYPE, SEC_TEXT);
	put(&t, "$d", t.init, STT_NOTYPE, SEC_DATA);
	put(&t, "$dollar_object", fn, STT_OBJECT, SEC_TEXT);
	CHECK(read_back(&t, &ic) == 0 && ic.nr == 5);
	if (ic.nr == 5) {
		CHECK(ic.calls[0].target == fn);
		CHECK(ic.calls[0].target_sym &&
		      !strcmp(ic.calls[0].target_sym->name, "$dollar_object"));
		CHECK(!strcmp(ic.calls[1].function, "fnA"));
	}
	CHECK(!image_sym_by_name(&read_img, "$x.7"));
	CHECK(!image_sym_by_name(&read_img, ".Ltmp3"));
	CHECK(!image_sym_by_name(&read_img, "$xrv64i2p1_m2p0"));
	CHECK(!image_sym_by_name(&read_img, "$d"));
	read_done(&ic);

	/* Without the typed symbol: the address alone. */
	rename_sym(&t, "$dollar_object", NULL);
	CHECK(read_back(&t, &ic) == 0 && ic.nr == 5);
	if (ic.nr == 5) {
		CHECK(!ic.calls[0].target_sym);
		struct strbuf target = STRBUF_INIT;

		image_initcall_target(&ic.calls[0], &target);
		CHECK(!strcmp(strbuf_str(&target), "0x1050"));
		strbuf_release(&target);
	}
	read_done(&ic);

	/* "$x..." with more after it is a mapping symbol on RISC-V only. */
	standard(&t, ELFCLASS64, ELFDATA2LSB, EM_X86_64, SHAPE_PREL32,
		 0x1000, 0x4000);
	put(&t, "$xyz", 0x1080, STT_NOTYPE, SEC_TEXT);
	CHECK(read_back(&t, &ic) == 0);
	CHECK(image_sym_by_name(&read_img, "$xyz"));
	read_done(&ic);
}

static void test_keepers(void)
{
	static const int ranks[] = { 2, 9, 4, 4, 3, 8, 8, 1 };
	static const size_t want[] = { 0, 2, 2, 3, 5, 5, 6, 6 };
	size_t *keep = level_keepers(ranks, 8), i;
	bool same = true;

	printf("# level keepers\n");
	for (i = 0; i < 8; i++)
		same = same && keep[i] == want[i];
	CHECK(same);
	free(keep);
	keep = level_keepers(ranks, 0);
	CHECK(keep != NULL);
	free(keep);
}

static void test_empty_table(void)
{
	struct image_initcalls ic;
	struct timg t;
	size_t i;

	printf("# an empty table\n");
	memset(&t, 0, sizeof(t));
	t.cls = ELFCLASS64;
	t.data = ELFDATA2LSB;
	t.machine = EM_X86_64;
	t.text = 0x1000;
	t.init = 0x4000;
	for (i = 0; i < ARRAY_SIZE(starts); i++)
		put(&t, starts[i], t.init, STT_NOTYPE, SEC_DATA);
	CHECK(read_back(&t, &ic) == 0);
	CHECK(ic.nr == 0 && ic.shape == SHAPE_EMPTY);
	read_done(&ic);
}

/* A truncated file: every prefix is refused or read, never crashes. */
static void test_truncated(void)
{
	char path[] = IMAGE_PATH;
	struct mapped_file m;
	struct timg t;
	size_t cut, refused = 0, tried = 0;
	char tmp[] = "/tmp/ico-test-cut.XXXXXX";
	int fd;

	printf("# truncated images\n");
	standard(&t, ELFCLASS64, ELFDATA2LSB, EM_X86_64, SHAPE_PREL32,
		 0x1000, 0x4000);
	write_image(&t, path);
	CHECK(map_file(path, &m) == 0);
	fd = mkstemp(tmp);
	for (cut = 0; cut < m.size; cut += 7) {
		struct image_initcalls ic;
		struct image img;

		if (ftruncate(fd, 0) || pwrite(fd, m.addr, cut, 0) !=
		    (ssize_t)cut)
			break;
		tried++;
		if (image_open(&img, tmp)) {
			refused++;
			continue;
		}
		if (image_initcalls_read(&img, &ic))
			refused++;
		else
			image_initcalls_free(&ic);
		image_close(&img);
	}
	CHECK(tried > 10 && refused == tried);
	close(fd);
	unlink(tmp);
	unmap_file(&m);
	unlink(path);
}

static void test_lookups(void)
{
	struct image_sym *const *at;
	const struct image_sym *s;
	struct image img;
	struct timg t;
	unsigned char b[8];
	char path[] = IMAGE_PATH;

	printf("# symbol and address lookups\n");
	standard(&t, ELFCLASS64, ELFDATA2MSB, EM_S390, SHAPE_ABS64,
		 0x1000, 0x4000);
	write_image(&t, path);
	CHECK(image_open(&img, path) == 0);
	CHECK(img.bits == 64 && img.big_endian && img.machine == EM_S390);
	s = image_sym_by_name(&img, "fnC");
	CHECK(s && s->value == 0x1030 && s->kind == IMAGE_SYM_FUNC &&
	      s->section && s->section->exec);
	CHECK(!image_sym_by_name(&img, "fnZ"));
	/* __initcall_start and the early entry's id share an address. */
	CHECK(image_syms_at(&img, 0x4000, &at) == 2);
	CHECK(image_syms_at(&img, 0x4001, &at) == 0);
	CHECK(image_section_at(&img, 0x1010) &&
	      !strcmp(image_section_at(&img, 0x1010)->name, ".text"));
	CHECK(!image_section_at(&img, 0x9000));
	CHECK(image_read(&img, 0x4000, b, 8) == 0 &&
	      image_uint(&img, b, 8) == 0x1010);
	CHECK(image_read(&img, 0x4000 + t.len - 4, b, 8) == -1);
	CHECK(image_read(&img, 0x10ff, b, 2) == -1);
	image_close(&img);
	CHECK(image_file_is_linked(path));
	unlink(path);
	CHECK(!image_file_is_linked("/nonexistent/vmlinux"));
}

static bool parsed(const char *msg, const char *sym, unsigned long long addr,
		   const char *module)
{
	struct bootlog_call c;
	bool ok = bootlog_parse_call(msg, strlen(msg), &c);

	if (ok)
		ok = (sym ? c.symbol && !strcmp(c.symbol, sym) :
		      !c.symbol && c.addr == addr) &&
		     (module ? c.module && !strcmp(c.module, module) :
		      !c.module);
	free(c.symbol);
	free(c.module);
	return ok;
}

static bool refused(const char *msg)
{
	struct bootlog_call c;
	bool ok = bootlog_parse_call(msg, strlen(msg), &c);

	free(c.symbol);
	free(c.module);
	return !ok;
}

static void test_bootlog_lines(void)
{
	static const char log[] =
		"Linux version 6.12\r\n"
		"[    0.100000] calling  init_a+0x0/0x10 @ 1\r\n"
		"[    0.100001] initcall init_a+0x0/0x10 returned 0 after 0 usecs\r\n"
		"[    0.200000] pci 0000:00:00.0: calling  quirk_b+0x0/0x20 @ 1\r\n"
		"<6>[    0.300000][    T1] calling  0xffffffff816c1340 @ 1\n"
		"calling  init_c+0x0/0x8 [modc] @ 97\n"
		"[    0.400000] calling  broken\r\n"
		"  calling  not_at_start+0x0/0x8 @ 1\n"
		"calling  init_d @ 1";
	struct bootlog bl;

	printf("# boot log lines\n");
	CHECK(parsed("foo+0x0/0x10 @ 1", "foo", 0, NULL));
	CHECK(parsed("__initstub__kmod_x__1_2_f6+0x0/0x10 @ 1",
		     "__initstub__kmod_x__1_2_f6", 0, NULL));
	CHECK(parsed("0xffffffff816c1340 @ 1", NULL, 0xffffffff816c1340ull,
		     NULL));
	CHECK(parsed("foo+0x0/0x40 [bar] @ 123", "foo", 0, "bar"));
	CHECK(parsed("foo @ 1  ", "foo", 0, NULL));
	CHECK(parsed("foo.llvm.123+0x0/0x10 @ 1", "foo.llvm.123", 0, NULL));
	CHECK(refused("foo+0x0/0x10"));
	CHECK(refused("foo+0x0/0x10 @ "));
	CHECK(refused("foo+0x0/0x10 @ 1x"));
	CHECK(refused(" @ 1"));
	CHECK(refused("two words @ 1"));

	bootlog_parse(&bl, "log", log, sizeof(log) - 1);
	CHECK(bl.nr == 4);
	CHECK(bl.skipped == 1);
	if (bl.nr == 4) {
		CHECK(!strcmp(bl.calls[0].symbol, "init_a") &&
		      bl.calls[0].line == 2);
		CHECK(!bl.calls[1].symbol &&
		      bl.calls[1].addr == 0xffffffff816c1340ull);
		CHECK(bl.calls[2].module && !strcmp(bl.calls[2].module, "modc"));
		CHECK(!strcmp(bl.calls[3].symbol, "init_d") &&
		      bl.calls[3].line == 9);
	}
	bootlog_free(&bl);
}

/* The standard PREL32 image's log, in @order (indices into run order). */
static void log_of(struct strbuf *sb, const struct image_initcalls *ic,
		   const int *order, size_t n, bool raw)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct image_initcall *c = &ic->calls[order[i]];

		if (raw)
			strbuf_addf(sb, "calling  0x%llx @ 1\n", c->target);
		else
			strbuf_addf(sb, "calling  %s+0x0/0x10 @ 1\n",
				    c->target_sym->name);
	}
}

static int check_log(const struct image_initcalls *ic, const char *text,
		     struct strbuf *report)
{
	struct order expected = { 0 }, actual = { 0 };
	struct check_report r = { "vmlinux", "log", NULL, 0 };
	struct bootlog_match bm;
	struct order_diff d;
	struct bootlog bl;
	int ret;

	bootlog_parse(&bl, "log", text, strlen(text));
	order_from_image(&expected, ic);
	order_from_bootlog(&actual, &bl, "log", ic, &bm);
	order_diff(&expected, &actual, &d);
	strbuf_reset(report);
	ret = check_render(&d, &r, OUT_KTAP, report);
	order_diff_free(&d);
	order_free(&expected);
	order_free(&actual);
	bootlog_free(&bl);
	return ret;
}

static void test_match_log(void)
{
	static const int in_order[] = { 0, 1, 2, 3, 4 };
	static const int swapped[] = { 0, 1, 3, 2, 4 };
	struct strbuf log = STRBUF_INIT, report = STRBUF_INIT;
	struct image_initcalls ic;
	struct timg t;

	printf("# boot logs against an image\n");
	standard(&t, ELFCLASS64, ELFDATA2LSB, EM_X86_64, SHAPE_PREL32,
		 0xffffffff81000000ull, 0xffffffff82000000ull);
	rename_sym(&t, "fnB", "fnB.llvm.4242");
	if (read_back(&t, &ic) || ic.nr != 5) {
		CHECK(!"the standard image reads back");
		read_done(&ic);
		return;
	}
	log_of(&log, &ic, in_order, 5, false);
	CHECK(check_log(&ic, log.buf, &report) == 0);
	strbuf_reset(&log);
	log_of(&log, &ic, in_order, 5, true);
	CHECK(check_log(&ic, log.buf, &report) == 0);

	/* fnB and fnC: levels 1 and 1s, so not a move but two levels. */
	strbuf_reset(&log);
	log_of(&log, &ic, swapped, 5, false);
	CHECK(check_log(&ic, log.buf, &report) == 1);
	CHECK(strstr(report.buf, "not ok 3 level 1\n"));
	CHECK(strstr(report.buf, "not ok 4 level 1s\n"));

	strbuf_reset(&log);
	log_of(&log, &ic, in_order, 5, false);
	strbuf_addstr(&log, "calling  mystery+0x0/0x4 @ 1\n");
	CHECK(check_log(&ic, log.buf, &report) == 1);
	CHECK(strstr(report.buf, "# extra    mystery: at position 2"));
	CHECK(strstr(report.buf, "not ok 5 level 6\n"));
	strbuf_release(&log);
	strbuf_release(&report);
	read_done(&ic);
}

static void test_ktap_skip(void)
{
	static const struct check_skip skip = { "con", "no lines" };
	struct order a = { 0 };
	struct order_entry e = { 0 };
	struct check_report r = { "x", "y", &skip, 1 };
	struct strbuf sb = STRBUF_INIT;
	struct order_diff d;

	printf("# a skipped level in KTAP\n");
	e.level = "6";
	e.module = "m";
	e.function = "f";
	order_add(&a, &e);
	order_diff(&a, &a, &d);
	CHECK(check_render(&d, &r, OUT_KTAP, &sb) == 0);
	CHECK_STR(sb.buf,
		  "KTAP version 1\n"
		  "# initcall-order check: y against x\n"
		  "1..2\n"
		  "ok 1 level con # SKIP no lines\n"
		  "# level 6: 1 expected, 1 in y\n"
		  "ok 2 level 6\n"
		  "# y: initcall order matches x: 1 initcall in 1 level, 1 level skipped\n");
	order_diff_free(&d);
	order_free(&a);
	strbuf_release(&sb);
}

int main(void)
{
	diag_capture(&errors);
	test_shapes();
	test_bad_tables();
	test_sync_misplaced();
	test_marker_symbols();
	test_keepers();
	test_empty_table();
	test_truncated();
	test_lookups();
	test_bootlog_lines();
	test_match_log();
	test_ktap_skip();
	diag_capture(NULL);
	strbuf_release(&errors);
	return unit_done();
}
