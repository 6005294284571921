// SPDX-License-Identifier: GPL-2.0-only
/*
 * symdump: the defined symbols of LLVM bitcode files as the native reader
 * sees them, one "TYPE NAME" line each, to compare with llvm-nm.
 *
 *   symdump [--sections] FILE...   also print each symbol's section
 *   symdump --touched FILE         count the pages the reader touches
 *
 * Exit 0; 2 when a file cannot be read or is corrupt; 3 when the reader
 * falls back (no usable symbol table).
 *
 * --touched copies the file into pages that are all inaccessible; the
 * first access to each page faults, and the handler records the page and
 * opens it.  It prints "touched N of M pages: P..." with the page numbers.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <symtab/bitcode.h>
#include <util/file.h>

static bool print_sections;

static int print_sym(const struct sym *s, void *arg)
{
	printf("%c %.*s", s->type, (int)s->name_len, s->name);
	if (print_sections) {
		if (s->section)
			printf(" %.*s", (int)s->section_len, s->section);
		else
			printf(" -");
	}
	printf("\n");
	return 0;
}

static int ignore_sym(const struct sym *s, void *arg)
{
	return 0;
}

static int scan(const char *path, const struct blob *b,
		int (*fn)(const struct sym *, void *))
{
	struct sym_visitor v = { .symbol = fn };
	struct symtab_err err = { "" };
	int ret = bitcode_scan(b, &v, &err);

	if (ret == BITCODE_FALLBACK) {
		fprintf(stderr, "symdump: %s: fallback: %s\n", path, err.msg);
		return 3;
	}
	if (ret) {
		fprintf(stderr, "symdump: %s: %s\n", path, err.msg);
		return 2;
	}
	return 0;
}

static int dump(const char *path)
{
	struct mapped_file m;
	struct blob b;
	int ret = map_file(path, &m);

	if (ret) {
		fprintf(stderr, "symdump: %s: %s\n", path, strerror(-ret));
		return 2;
	}
	b.data = m.addr;
	b.size = m.size;
	ret = scan(path, &b, print_sym);
	unmap_file(&m);
	return ret;
}

/* Page bookkeeping for --touched. */
static unsigned char *area;
static size_t page_size, nr_pages;
static unsigned char *touched;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
	uintptr_t addr = (uintptr_t)si->si_addr, base = (uintptr_t)area;
	size_t page;

	if (addr < base || addr >= base + nr_pages * page_size) {
		signal(SIGSEGV, SIG_DFL);
		return;
	}
	page = (addr - base) / page_size;
	touched[page] = 1;
	mprotect(area + page * page_size, page_size, PROT_READ);
}

static int load_protected(const char *path, struct blob *b)
{
	struct mapped_file m;
	int ret = map_file(path, &m);

	if (ret) {
		fprintf(stderr, "symdump: %s: %s\n", path, strerror(-ret));
		return 2;
	}
	if (!m.size) {
		fprintf(stderr, "symdump: %s: empty file\n", path);
		return 2;
	}
	page_size = (size_t)sysconf(_SC_PAGESIZE);
	nr_pages = (m.size + page_size - 1) / page_size;
	area = mmap(NULL, nr_pages * page_size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	touched = calloc(nr_pages, 1);
	if (area == MAP_FAILED || !touched) {
		fprintf(stderr, "symdump: out of memory\n");
		return 2;
	}
	memcpy(area, m.addr, m.size);
	b->data = area;
	b->size = m.size;
	unmap_file(&m);
	mprotect(area, nr_pages * page_size, PROT_NONE);
	return 0;
}

static int count_touched(const char *path)
{
	struct sigaction sa;
	struct blob b;
	size_t i, n = 0;
	int ret;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	ret = load_protected(path, &b);
	if (ret)
		return ret;
	ret = scan(path, &b, ignore_sym);
	for (i = 0; i < nr_pages; i++)
		n += touched[i];
	printf("touched %zu of %zu pages:", n, nr_pages);
	for (i = 0; i < nr_pages; i++)
		if (touched[i])
			printf(" %zu", i);
	printf("\n");
	return ret;
}

int main(int argc, char **argv)
{
	int i = 1, ret;

	if (argc > 1 && !strcmp(argv[1], "--touched")) {
		if (argc != 3) {
			fprintf(stderr, "usage: symdump --touched FILE\n");
			return 2;
		}
		return count_touched(argv[2]);
	}
	if (argc > 1 && !strcmp(argv[1], "--sections")) {
		print_sections = true;
		i++;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: symdump [--sections] FILE...\n");
		return 2;
	}
	for (; i < argc; i++) {
		ret = dump(argv[i]);
		if (ret)
			return ret;
	}
	return 0;
}
