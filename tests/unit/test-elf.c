// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ELF reader on a relocatable object built in memory: nm letters,
 * skipped symbols, section names, and corrupt variants.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include <symtab/elf.h>
#include <util/strbuf.h>
#include "elf-build.h"
#include "unit.h"

enum {
	S_TEXT = 1, S_INIT, S_DATA, S_BSS, S_SYMTAB, S_STRTAB, S_SHSTRTAB, S_NR
};

static const char shstrtab[] =
	"\0.text\0.initcall6.init..m__1_2_f\0.data\0.bss\0.symtab\0.strtab\0.shstrtab";
static const char strtab[] =
	"\0a.c\0lf\0__initcall__m__1_2_f6\0ld\0lb\0gf\0wf\0wo\0u\0ab\0cm";

#define SHSTR(s)	elf_str_off(shstrtab, sizeof(shstrtab), s)
#define STR(s)		elf_str_off(strtab, sizeof(strtab), s)

static Elf64_Sym sym(const char *name, int bind, int type, int shndx)
{
	Elf64_Sym s = { 0 };

	s.st_name = name ? STR(name) : 0;
	s.st_info = ELF64_ST_INFO(bind, type);
	s.st_shndx = shndx;
	return s;
}

static void add_section(Elf64_Shdr *sh, const char *name, int type,
			int flags, size_t off, size_t size)
{
	sh->sh_name = SHSTR(name);
	sh->sh_type = type;
	sh->sh_flags = flags;
	sh->sh_offset = off;
	sh->sh_size = size;
	sh->sh_addralign = 1;
}

static void build_object(struct strbuf *sb, Elf64_Sym **symp)
{
	Elf64_Sym syms[] = {
		sym(NULL, STB_LOCAL, STT_NOTYPE, 0),
		sym("a.c", STB_LOCAL, STT_FILE, SHN_ABS),
		sym(NULL, STB_LOCAL, STT_SECTION, S_TEXT),
		sym("lf", STB_LOCAL, STT_FUNC, S_TEXT),
		sym("__initcall__m__1_2_f6", STB_LOCAL, STT_NOTYPE, S_INIT),
		sym("ld", STB_LOCAL, STT_OBJECT, S_DATA),
		sym("lb", STB_LOCAL, STT_OBJECT, S_BSS),
		sym("gf", STB_GLOBAL, STT_FUNC, S_TEXT),
		sym("wf", STB_WEAK, STT_FUNC, S_TEXT),
		sym("wo", STB_WEAK, STT_OBJECT, S_DATA),
		sym("u", STB_GLOBAL, STT_NOTYPE, SHN_UNDEF),
		sym("ab", STB_GLOBAL, STT_NOTYPE, SHN_ABS),
		sym("cm", STB_GLOBAL, STT_OBJECT, SHN_COMMON),
	};
	Elf64_Ehdr eh = { 0 };
	Elf64_Shdr sh[S_NR] = { { 0 } };
	size_t off;

	elf64_rel_header(&eh, S_NR, S_SHSTRTAB);

	off = sizeof(eh);
	add_section(&sh[S_TEXT], ".text", SHT_PROGBITS,
		    SHF_ALLOC | SHF_EXECINSTR, off, 16);
	off += 16;
	add_section(&sh[S_INIT], ".initcall6.init..m__1_2_f", SHT_PROGBITS,
		    SHF_ALLOC, off, 8);
	off += 8;
	add_section(&sh[S_DATA], ".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE,
		    off, 8);
	off += 8;
	add_section(&sh[S_BSS], ".bss", SHT_NOBITS, SHF_ALLOC | SHF_WRITE,
		    off, 8);
	add_section(&sh[S_SYMTAB], ".symtab", SHT_SYMTAB, 0, off,
		    sizeof(syms));
	sh[S_SYMTAB].sh_link = S_STRTAB;
	sh[S_SYMTAB].sh_info = 7;
	sh[S_SYMTAB].sh_entsize = sizeof(Elf64_Sym);
	sh[S_SYMTAB].sh_addralign = 8;
	off += sizeof(syms);
	add_section(&sh[S_STRTAB], ".strtab", SHT_STRTAB, 0, off,
		    sizeof(strtab));
	off += sizeof(strtab);
	add_section(&sh[S_SHSTRTAB], ".shstrtab", SHT_STRTAB, 0, off,
		    sizeof(shstrtab));
	off += sizeof(shstrtab);
	off = (off + 7) & ~7ul;
	eh.e_shoff = off;

	strbuf_add(sb, &eh, sizeof(eh));
	strbuf_add(sb, "\xc3\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
	strbuf_add(sb, "\0\0\0\0\0\0\0\0", 8);
	strbuf_add(sb, "\0\0\0\0\0\0\0\0", 8);
	strbuf_add(sb, syms, sizeof(syms));
	strbuf_add(sb, strtab, sizeof(strtab));
	strbuf_add(sb, shstrtab, sizeof(shstrtab));
	while (sb->len < off)
		strbuf_addch(sb, '\0');
	strbuf_add(sb, sh, sizeof(sh));
	*symp = (Elf64_Sym *)(sb->buf + sizeof(eh) + 32);
}

static int list_symbol(const struct sym *s, void *arg)
{
	strbuf_addf(arg, "%c %.*s [%.*s]\n", s->type, (int)s->name_len,
		    s->name, (int)s->section_len,
		    s->section ? s->section : "");
	return 0;
}

static int list_section(const struct sym_section *sec, void *arg)
{
	strbuf_addf(arg, "section %.*s %llu\n", (int)sec->name_len, sec->name,
		    sec->size);
	return 0;
}

static int scan(struct strbuf *obj, size_t size, struct strbuf *out,
		struct symtab_err *err)
{
	struct sym_visitor v = {
		.symbol = list_symbol,
		.section = list_section,
		.arg = out,
	};
	struct blob b = { (const unsigned char *)obj->buf, size };
	char *copy = malloc(size ? size : 1);
	int ret;

	/* A copy of exactly @size bytes, so that ASan sees any overrun. */
	memcpy(copy, obj->buf, size);
	b.data = (const unsigned char *)copy;
	strbuf_reset(out);
	err->msg[0] = '\0';
	ret = elf_scan(&b, &v, err);
	free(copy);
	return ret;
}

static void test_letters(void)
{
	struct strbuf obj = STRBUF_INIT, out = STRBUF_INIT;
	struct symtab_err err;
	Elf64_Sym *syms;

	build_object(&obj, &syms);
	CHECK(scan(&obj, obj.len, &out, &err) == 0);
	CHECK_STR(strbuf_str(&out),
		  "section .text 16\n"
		  "section .initcall6.init..m__1_2_f 8\n"
		  "section .data 8\n"
		  "section .bss 8\n"
		  "section .symtab 312\n"
		  "section .strtab 53\n"
		  "section .shstrtab 70\n"
		  "t lf [.text]\n"
		  "r __initcall__m__1_2_f6 [.initcall6.init..m__1_2_f]\n"
		  "d ld [.data]\n"
		  "b lb [.bss]\n"
		  "T gf [.text]\n"
		  "W wf [.text]\n"
		  "V wo [.data]\n"
		  "A ab []\n"
		  "C cm []\n");
	strbuf_release(&obj);
	strbuf_release(&out);
}

static void test_truncations(void)
{
	struct strbuf obj = STRBUF_INIT, out = STRBUF_INIT;
	struct symtab_err err;
	Elf64_Sym *syms;
	size_t cut;
	int all_fail = 1;

	build_object(&obj, &syms);
	for (cut = 0; cut < obj.len; cut++)
		if (scan(&obj, cut, &out, &err) != -1 || !err.msg[0])
			all_fail = 0;
	CHECK(all_fail);
	strbuf_release(&obj);
	strbuf_release(&out);
}

static void test_corrupt(void)
{
	struct strbuf obj = STRBUF_INIT, out = STRBUF_INIT;
	struct symtab_err err;
	Elf64_Ehdr *eh;
	Elf64_Sym *syms;

	build_object(&obj, &syms);
	syms[3].st_name = 100000;
	CHECK(scan(&obj, obj.len, &out, &err) == -1);
	CHECK(strstr(err.msg, "symbol 3: name outside") != NULL);
	strbuf_release(&obj);

	build_object(&obj, &syms);
	eh = (Elf64_Ehdr *)obj.buf;
	eh->e_shoff = 1u << 30;
	CHECK(scan(&obj, obj.len, &out, &err) == -1);
	strbuf_release(&obj);

	build_object(&obj, &syms);
	eh = (Elf64_Ehdr *)obj.buf;
	eh->e_shstrndx = 40;
	CHECK(scan(&obj, obj.len, &out, &err) == -1);
	strbuf_release(&obj);
	strbuf_release(&out);
}

int main(void)
{
	elf_init();
	test_letters();
	test_truncations();
	test_corrupt();
	return unit_done();
}
