/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the libFuzzer targets share: a private scratch folder for readers
 * that want paths, messages kept off stderr, and a sink that touches
 * every byte a reader hands back so that AddressSanitizer sees any
 * pointer that strays outside the input.
 */
#ifndef FUZZ_FUZZ_H
#define FUZZ_FUZZ_H

#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <symtab/symtab.h>
#include <util/strbuf.h>
#include <util/warn.h>

#include "entry.h"

/* Not static: the compiler must keep every read folded into it. */
unsigned int fuzz_sink;

static inline void fuzz_touch(const void *p, size_t len)
{
	const unsigned char *b = p;
	unsigned int h = 0;
	size_t i;

	for (i = 0; i < len; i++)
		h = h * 31 + b[i];
	fuzz_sink += h;
}

/* Visitor callbacks for the symbol readers: every byte they report read. */
static inline int fuzz_on_symbol(const struct sym *s, void *arg)
{
	fuzz_touch(s->name, s->name_len);
	if (s->section)
		fuzz_touch(s->section, s->section_len);
	fuzz_touch(&s->type, 1);
	return 0;
}

static inline int fuzz_on_section(const struct sym_section *sec, void *arg)
{
	fuzz_touch(sec->name, sec->name_len);
	return 0;
}

/* Every relocation is asked for, so that all of the reader runs. */
static inline bool fuzz_wants_relocs(const char *name, size_t len, void *arg)
{
	fuzz_touch(name, len);
	return true;
}

static inline int fuzz_on_reloc(const struct sym_reloc *r, void *arg)
{
	fuzz_touch(r->section, r->section_len);
	if (r->target)
		fuzz_touch(r->target, r->target_len);
	fuzz_touch(&r->offset, sizeof(r->offset));
	return 0;
}

/* A folder of this process's own, made once and removed at exit. */
static char fuzz_dir[256];

/* Only flat files that the targets wrote live there. */
static inline void fuzz_dir_remove(void)
{
	char path[600];
	struct dirent *de;
	DIR *d = opendir(fuzz_dir);

	while (d && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", fuzz_dir, de->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(fuzz_dir);
}

static inline const char *fuzz_scratch(void)
{
	const char *tmp = getenv("TMPDIR");

	if (fuzz_dir[0])
		return fuzz_dir;
	snprintf(fuzz_dir, sizeof(fuzz_dir), "%s/ico-fuzz.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(fuzz_dir)) {
		perror("fuzz: mkdtemp");
		abort();
	}
	atexit(fuzz_dir_remove);
	return fuzz_dir;
}

/* Writes @len bytes to @path, replacing it; aborts when it cannot. */
static inline void fuzz_write(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	const char *p = data;

	if (fd < 0) {
		perror(path);
		abort();
	}
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n <= 0) {
			perror(path);
			abort();
		}
		p += n;
		len -= (size_t)n;
	}
	close(fd);
}

/* Messages of one run go here, then are dropped (and so checked). */
static struct strbuf fuzz_msgs = STRBUF_INIT;

static inline void fuzz_quiet_begin(void)
{
	diag_capture(&fuzz_msgs);
}

static inline void fuzz_quiet_end(void)
{
	diag_capture(NULL);
	fuzz_touch(fuzz_msgs.buf, fuzz_msgs.len);
	strbuf_release(&fuzz_msgs);
}

#endif /* FUZZ_FUZZ_H */
