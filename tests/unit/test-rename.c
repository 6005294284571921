// SPDX-License-Identifier: GPL-2.0-only
/*
 * rename on relocatable objects built in memory: which entries lack ids,
 * the names they get, the rewritten object read back, a second run that
 * finds nothing, counters across objects of one module, and corrupt input.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include <initcall/rename.h>
#include <symtab/elf.h>
#include <symtab/elf_edit.h>
#include <util/strbuf.h>
#include <util/warn.h>
#include "elf-build.h"
#include "unit.h"

enum {
	S_TEXT = 1, S_INIT6, S_RELA6, S_INIT7, S_RELA7, S_CON, S_RELACON,
	S_SYMTAB, S_STRTAB, S_SHSTRTAB, S_NR
};

static const char shstrtab[] =
	"\0.text\0.initcall6.init\0.rela.initcall6.init\0"
	".initcall7.init..m__5_3_x\0.rela.initcall7.init..m__5_3_x\0"
	".con_initcall.init\0.rela.con_initcall.init\0"
	".symtab\0.strtab\0.shstrtab";
static const char strtab[] =
	"\0lf\0__initcall_lf6\0__initcall__m__5_3_x7\0x\0cf\0__initcall_cf\0"
	"gb";

enum {
	Y_NULL, Y_TEXT, Y_LF, Y_OLD6, Y_ID7, Y_X, Y_CF, Y_OLDCON, Y_GB, Y_NR
};
#define FIRST_GLOBAL Y_GB

static Elf64_Sym sym(const char *name, int bind, int type, int shndx,
		     unsigned long value)
{
	Elf64_Sym s = { 0 };

	s.st_name = name ? elf_str_off(strtab, sizeof(strtab), name) : 0;
	s.st_info = ELF64_ST_INFO(bind, type);
	s.st_shndx = shndx;
	s.st_value = value;
	return s;
}

static Elf64_Rela rela(unsigned long off, unsigned int symi, long addend)
{
	Elf64_Rela r;

	r.r_offset = off;
	r.r_info = ELF64_R_INFO(symi, R_X86_64_PC32);
	r.r_addend = addend;
	return r;
}

struct layout {
	struct strbuf *sb;
	Elf64_Shdr sh[S_NR];
};

static void put(struct layout *l, int idx, const char *name, int type,
		int flags, const void *data, size_t size)
{
	Elf64_Shdr *sh = &l->sh[idx];

	while (l->sb->len % 8)
		strbuf_addch(l->sb, 0);
	sh->sh_name = elf_str_off(shstrtab, sizeof(shstrtab), name);
	sh->sh_type = type;
	sh->sh_flags = flags;
	sh->sh_offset = l->sb->len;
	sh->sh_size = size;
	sh->sh_addralign = type == SHT_RELA || type == SHT_SYMTAB ? 8 : 1;
	strbuf_add(l->sb, data, size);
}

static void put_rela(struct layout *l, int idx, const char *name,
		     int target, const Elf64_Rela *r, size_t n)
{
	put(l, idx, name, SHT_RELA, SHF_INFO_LINK, r, n * sizeof(*r));
	l->sh[idx].sh_link = S_SYMTAB;
	l->sh[idx].sh_info = target;
	l->sh[idx].sh_entsize = sizeof(*r);
}

/*
 * .text: lf at 0, x at 4, cf at 8, gb at 12.  .initcall6.init: two
 * place-relative entries (.text+0 through the section symbol, and gb),
 * the first under the old-style local __initcall_lf6.  One entry with an
 * id (counter 5) in its own section, and a console entry.
 */
static void build_object(struct strbuf *sb)
{
	static const unsigned char text[16], init[8], one[4];
	const Elf64_Sym syms[Y_NR] = {
		sym(NULL, STB_LOCAL, STT_NOTYPE, 0, 0),
		sym(NULL, STB_LOCAL, STT_SECTION, S_TEXT, 0),
		sym("lf", STB_LOCAL, STT_FUNC, S_TEXT, 0),
		sym("__initcall_lf6", STB_LOCAL, STT_NOTYPE, S_INIT6, 0),
		sym("__initcall__m__5_3_x7", STB_LOCAL, STT_NOTYPE, S_INIT7, 0),
		sym("x", STB_LOCAL, STT_FUNC, S_TEXT, 4),
		sym("cf", STB_LOCAL, STT_FUNC, S_TEXT, 8),
		sym("__initcall_cf", STB_LOCAL, STT_OBJECT, S_CON, 0),
		sym("gb", STB_GLOBAL, STT_FUNC, S_TEXT, 12),
	};
	const Elf64_Rela r6[] = { rela(0, Y_TEXT, 0), rela(4, Y_GB, 0) };
	const Elf64_Rela r7[] = { rela(0, Y_X, 0) };
	const Elf64_Rela rc[] = { rela(0, Y_TEXT, 8) };
	struct layout l = { sb, { { 0 } } };
	Elf64_Ehdr eh = { 0 };

	strbuf_add(sb, &eh, sizeof(eh));
	put(&l, S_TEXT, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR,
	    text, sizeof(text));
	put(&l, S_INIT6, ".initcall6.init", SHT_PROGBITS, SHF_ALLOC, init,
	    sizeof(init));
	put_rela(&l, S_RELA6, ".rela.initcall6.init", S_INIT6, r6, 2);
	put(&l, S_INIT7, ".initcall7.init..m__5_3_x", SHT_PROGBITS, SHF_ALLOC,
	    one, sizeof(one));
	put_rela(&l, S_RELA7, ".rela.initcall7.init..m__5_3_x", S_INIT7, r7,
		 1);
	put(&l, S_CON, ".con_initcall.init", SHT_PROGBITS, SHF_ALLOC, one,
	    sizeof(one));
	put_rela(&l, S_RELACON, ".rela.con_initcall.init", S_CON, rc, 1);
	put(&l, S_SYMTAB, ".symtab", SHT_SYMTAB, 0, syms, sizeof(syms));
	l.sh[S_SYMTAB].sh_link = S_STRTAB;
	l.sh[S_SYMTAB].sh_info = FIRST_GLOBAL;
	l.sh[S_SYMTAB].sh_entsize = sizeof(Elf64_Sym);
	put(&l, S_STRTAB, ".strtab", SHT_STRTAB, 0, strtab, sizeof(strtab));
	put(&l, S_SHSTRTAB, ".shstrtab", SHT_STRTAB, 0, shstrtab,
	    sizeof(shstrtab));
	while (sb->len % 8)
		strbuf_addch(sb, 0);

	elf64_rel_header(&eh, S_NR, S_SHSTRTAB);
	eh.e_shoff = sb->len;
	strbuf_add(sb, l.sh, sizeof(l.sh));
	memcpy(sb->buf, &eh, sizeof(eh));
}

static struct elf_edit *open_blob(const struct strbuf *sb, char *why,
				  size_t size)
{
	struct symtab_err err = { "" };
	struct blob b = { (const unsigned char *)sb->buf, sb->len };
	struct elf_edit *ed = elf_edit_open(&b, &err);

	if (why)
		snprintf(why, size, "%s", err.msg);
	return ed;
}

static size_t find_section(const struct elf_edit *ed, const char *name)
{
	size_t i;

	for (i = 1; i < elf_edit_nr_sections(ed); i++)
		if (!strcmp(elf_edit_section(ed, i)->name, name))
			return i;
	return 0;
}

static size_t find_symbol(const struct elf_edit *ed, const char *name)
{
	size_t i;

	for (i = 1; i < elf_edit_nr_symbols(ed); i++)
		if (!strcmp(elf_edit_symbol(ed, i)->name, name))
			return i;
	return 0;
}

/* The name of the symbol relocation 0 of section @sec refers to. */
static const char *reloc0_target(const struct elf_edit *ed, size_t sec)
{
	const struct ee_reloc *r;
	size_t n;

	r = elf_edit_relocs(ed, sec, &n);
	if (!r || n != 1)
		return "?";
	return elf_edit_symbol(ed, r->sym)->name;
}

static void test_helpers(void)
{
	static const uint64_t two[] = { 4, 0 }, gap[] = { 0, 8 };
	static const uint64_t pair[] = { 0, 0, 4, 4 }, one[] = { 0 };
	char *m;

	m = rename_modname_from_path("drivers/net/foo-bar,baz.o");
	CHECK_STR(m, "foo_bar_baz");
	free(m);
	m = rename_modname_from_path("lib/x.y.o");
	CHECK_STR(m, "x_y");
	free(m);
	m = rename_modname_from_path("plain");
	CHECK_STR(m, "plain");
	free(m);
	CHECK(rename_modname_valid("kmod_abc_1"));
	CHECK(!rename_modname_valid(""));
	CHECK(!rename_modname_valid("a-b"));

	CHECK(entry_width(two, 2, 8) == 4);
	CHECK(entry_width(two, 2, 16) == 8 ? 0 : 1);
	CHECK(entry_width(gap, 2, 16) == 8);
	CHECK(entry_width(gap, 2, 12) == 0);
	CHECK(entry_width(pair, 4, 8) == 4);
	CHECK(entry_width(one, 1, 8) == 8);
	CHECK(entry_width(one, 1, 5) == 0);
	CHECK(entry_width(one, 0, 0) == 0);

	m = strdup("foo.cold$1");
	identifier_fix(m);
	CHECK_STR(m, "foo_cold_1");
	free(m);
}

static void test_scan(struct rename_object *obj, struct elf_edit *ed)
{
	struct loc loc = { "obj.o", NULL };

	CHECK(rename_scan(obj, ed, &loc, "obj") == 0);
	CHECK(obj->nr == 3);
	CHECK(obj->has_counter && obj->max_counter == 5);
	CHECK(rename_assign(obj, 1) == 0);
	if (obj->nr != 3)
		return;
	CHECK_STR(obj->entries[0].id, "obj__6_0_lf");
	CHECK_STR(obj->entries[0].old_symbol, "__initcall_lf6");
	CHECK_STR(obj->entries[1].id, "obj__7_0_gb");
	CHECK(obj->entries[1].symbol == 0);
	CHECK_STR(obj->entries[2].id, "obj__8_0_cf");
	CHECK_STR(obj->entries[2].level, "con");
}

static void test_result(const struct strbuf *out)
{
	struct elf_edit *ed = open_blob(out, NULL, 0);
	struct rename_object again = { 0 };
	struct loc loc = { "obj.o", NULL };
	size_t a, b, c, s;

	CHECK(ed != NULL);
	if (!ed)
		return;
	a = find_section(ed, ".initcall6.init..obj__6_0_lf");
	b = find_section(ed, ".initcall6.init..obj__7_0_gb");
	c = find_section(ed, ".con_initcall.init..obj__8_0_cf");
	CHECK(a == S_INIT6 && b >= S_NR && c == S_CON);
	CHECK(find_section(ed, ".rela.initcall6.init..obj__6_0_lf") == S_RELA6);
	CHECK(find_section(ed, ".rela.initcall6.init..obj__7_0_gb") != 0);
	CHECK(find_section(ed, ".initcall7.init..m__5_3_x") == S_INIT7);
	CHECK(!find_section(ed, ".initcall6.init"));
	CHECK(a && elf_edit_section(ed, a)->size == 4);
	CHECK(b && elf_edit_section(ed, b)->size == 4);
	CHECK(a && !strcmp(reloc0_target(ed, a), ".text") == 0);
	CHECK(b && !strcmp(reloc0_target(ed, b), "gb"));
	CHECK(c && !strcmp(reloc0_target(ed, c), ""));

	s = find_symbol(ed, "__initcall__obj__6_0_lf6");
	CHECK(s == Y_OLD6 && elf_edit_symbol(ed, s)->section == a);
	s = find_symbol(ed, "__initcall__obj__7_0_gb6");
	CHECK(s && s < find_symbol(ed, "gb") &&
	      elf_edit_symbol(ed, s)->local &&
	      elf_edit_symbol(ed, s)->section == b);
	CHECK(find_symbol(ed, "__initcall__obj__8_0_cfcon") == Y_OLDCON);
	CHECK(find_symbol(ed, "__initcall__m__5_3_x7") == Y_ID7);

	CHECK(rename_scan(&again, ed, &loc, "obj") == 0 && again.nr == 0);
	CHECK(again.max_counter == 8);
	rename_object_free(&again);
	elf_edit_free(ed);
}

static void test_rename(void)
{
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;
	struct rename_object obj = { 0 };
	struct symtab_err err = { "" };
	struct elf_edit *ed;

	build_object(&in);
	ed = open_blob(&in, NULL, 0);
	CHECK(ed != NULL);
	if (!ed)
		return;
	test_scan(&obj, ed);
	CHECK(rename_apply(&obj) == 0);
	CHECK(elf_edit_changed(ed));
	CHECK(elf_edit_write(ed, &out, &err) == 0);
	test_result(&out);
	rename_object_free(&obj);
	elf_edit_free(ed);
	strbuf_release(&in);
	strbuf_release(&out);
}

/* Two objects of one module, renamed together, get distinct counters. */
static void test_same_module(void)
{
	struct strbuf in = STRBUF_INIT;
	struct rename_object objs[2];
	struct strbuf msgs = STRBUF_INIT;
	struct loc la = { "a/obj.o", NULL }, lb = { "b/obj.o", NULL };
	struct elf_edit *a, *b;

	build_object(&in);
	memset(objs, 0, sizeof(objs));
	a = open_blob(&in, NULL, 0);
	b = open_blob(&in, NULL, 0);
	CHECK(a && b);
	if (a && b) {
		CHECK(rename_scan(&objs[0], a, &la, "obj") == 0);
		CHECK(rename_scan(&objs[1], b, &lb, "obj") == 0);
		diag_capture(&msgs);
		CHECK(rename_assign(objs, 2) == 0);
		diag_capture(NULL);
		/* Both hold the same compiled-in id: reported, not fatal. */
		CHECK(strstr(strbuf_str(&msgs), "id m__5_3_x is also in a/obj.o"));
		CHECK_STR(objs[0].entries[2].id, "obj__8_0_cf");
		CHECK_STR(objs[1].entries[0].id, "obj__9_0_lf");
		CHECK_STR(objs[1].entries[2].id, "obj__11_0_cf");
	}
	rename_object_free(&objs[0]);
	rename_object_free(&objs[1]);
	elf_edit_free(a);
	elf_edit_free(b);
	strbuf_release(&in);
	strbuf_release(&msgs);
}

static Elf64_Shdr *shdr(struct strbuf *sb, int idx)
{
	Elf64_Ehdr eh;

	memcpy(&eh, sb->buf, sizeof(eh));
	return (Elf64_Shdr *)(sb->buf + eh.e_shoff) + idx;
}

static bool refused(struct strbuf *sb, const char *want)
{
	char why[256];
	struct elf_edit *ed = open_blob(sb, why, sizeof(why));

	elf_edit_free(ed);
	if (!ed && !strstr(why, want))
		printf("# got: %s\n", why);
	return !ed && strstr(why, want);
}

static void test_corrupt(void)
{
	struct strbuf sb = STRBUF_INIT;
	Elf64_Ehdr *eh;
	Elf64_Sym *syms;
	Elf64_Rela *r;

	build_object(&sb);
	sb.len = 100;
	CHECK(refused(&sb, "section header table"));

	strbuf_reset(&sb);
	build_object(&sb);
	eh = (Elf64_Ehdr *)sb.buf;
	eh->e_shoff = sb.len + 4096;
	CHECK(refused(&sb, "outside the file"));

	strbuf_reset(&sb);
	build_object(&sb);
	shdr(&sb, S_INIT6)->sh_offset = 1u << 30;
	CHECK(refused(&sb, "outside the file"));

	strbuf_reset(&sb);
	build_object(&sb);
	syms = (Elf64_Sym *)(sb.buf + shdr(&sb, S_SYMTAB)->sh_offset);
	syms[Y_LF].st_name = 60000;
	CHECK(refused(&sb, "name offset"));

	strbuf_reset(&sb);
	build_object(&sb);
	r = (Elf64_Rela *)(sb.buf + shdr(&sb, S_RELA6)->sh_offset);
	r[1].r_info = ELF64_R_INFO(999, R_X86_64_PC32);
	CHECK(refused(&sb, "out of range"));

	strbuf_reset(&sb);
	build_object(&sb);
	shdr(&sb, S_SYMTAB)->sh_link = S_TEXT;
	CHECK(refused(&sb, "not a string table"));

	strbuf_reset(&sb);
	build_object(&sb);
	eh = (Elf64_Ehdr *)sb.buf;
	eh->e_type = ET_EXEC;
	CHECK(refused(&sb, "not a relocatable"));
	strbuf_release(&sb);
}

int main(void)
{
	elf_init();
	test_helpers();
	test_rename();
	test_same_module();
	test_corrupt();
	return unit_done();
}
