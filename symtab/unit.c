// SPDX-License-Identifier: GPL-2.0-only
/*
 * From command-line inputs to translation units in link order.  Archives
 * are opened up here, once, by the main thread; the units are then scanned
 * independently (and in parallel) by unit_scan().
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <symtab/archive.h>
#include <symtab/bitcode.h>
#include <symtab/elf.h>
#include <symtab/nm.h>
#include <symtab/unit.h>
#include <util/idset.h>
#include <util/strbuf.h>
#include <util/xalloc.h>

/* Deeper than anything a build makes. */
#define MAX_NESTING	8

/*
 * Every unit costs a slot and, later, a scan.  Thin archives can list
 * other archives, and one listed k times at each of d levels would make
 * k^d units of a few kilobytes of input; so an archive inside archives is
 * opened up once per command-line input (a second listing is an error),
 * which keeps the units within the member headers read, and a run takes
 * at most UNITS_MAX units in all (a kernel has some thousands).
 */
#define UNITS_MAX	1000000

/* Enough of a file to tell its format, and of bitcode to find its module. */
#define READ_HEAD	512
/* Bitcode is read on demand, at least this many bytes at a time. */
#define READ_WINDOW	1024
/* ELF objects this large are mapped, not read, when scanned. */
#define MAP_MIN		(4u << 20)

struct expand {
	struct unit_list *list;
	unsigned int input;
	const char *archive;		/* the archive being opened up */
	struct stat open[MAX_NESTING];	/* archives being expanded */
	unsigned int depth;
	struct id_set nested;		/* archives opened up inside others */
};

static int add_path(struct expand *x, const char *path);

/* Appends @u, or says that the budget is spent and returns -1. */
static int append_unit(struct unit_list *list, const struct unit *u)
{
	if (list->nr == UNITS_MAX) {
		loc_err(&u->loc, "more than %u objects in the inputs: refused (a fan-out of thin archives?)",
			UNITS_MAX);
		return -1;
	}
	list->units = xgrow(list->units, &list->alloc, list->nr + 1,
			    sizeof(*list->units));
	list->units[list->nr++] = *u;
	return 0;
}

static void keep_mapping(struct unit_list *list, struct mapped_file *m)
{
	list->maps = xgrow(list->maps, &list->maps_alloc, list->nr_maps + 1,
			   sizeof(*list->maps));
	list->maps[list->nr_maps++] = *m;
}

/* The first bytes of a file, enough to tell an archive from an object. */
static int read_magic(const char *path, unsigned char magic[8], size_t *len)
{
	struct stat st;
	ssize_t n;
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return -errno;
	ret = fstat(fd, &st) < 0 ? -errno : regular_file_check(&st);
	if (ret) {
		close(fd);
		return ret;
	}
	n = pread(fd, magic, 8, 0);
	close(fd);
	if (n < 0)
		return -errno;
	*len = n;
	return 0;
}

static bool is_archive(const struct blob *b)
{
	enum file_kind kind = file_kind_of(b);

	return kind == FILE_AR || kind == FILE_THIN_AR;
}

/* Thin members are named relative to the archive's own directory. */
static char *member_path(const char *archive, const char *name)
{
	const char *slash = strrchr(archive, '/');
	struct strbuf sb = STRBUF_INIT;

	if (name[0] == '/' || !slash)
		return xstrdup(name);
	strbuf_add(&sb, archive, slash - archive + 1);
	strbuf_addstr(&sb, name);
	return sb.buf;
}

/*
 * Kbuild's thin archives hold objects; a nested archive is named *.a.  So
 * only members not named *.o are opened here to see whether they are
 * archives: opening every member twice costs a third of a scan.  A *.o
 * that is an archive is reported when it is scanned.
 */
static bool may_be_archive(const char *name)
{
	size_t len = strlen(name);

	return len < 2 || strcmp(name + len - 2, ".o");
}

static int add_thin_member(struct expand *x, char *name)
{
	struct loc loc = { x->archive, name };
	unsigned char magic[8];
	struct blob b = { magic, 0 };
	char *path = member_path(x->archive, name);
	struct unit u = { 0 };
	int ret;

	if (may_be_archive(name)) {
		ret = read_magic(path, magic, &b.size);
		if (ret) {
			if (ret == -ENOENT)
				loc_err(&loc, "missing thin archive member %s: %s",
					path, file_error(ret));
			else
				loc_err(&loc, "thin archive member %s %s",
					path, file_error(ret));
			goto out;
		}
		if (is_archive(&b)) {
			ret = add_path(x, path);
			goto out;
		}
	}
	u.loc.file = xstrdup(x->archive);
	u.loc.member = name;
	u.path = path;
	u.input = x->input;
	u.depth = x->depth;
	if (append_unit(x->list, &u) == 0)
		return 0;
	free((char *)u.loc.file);
	ret = -1;
out:
	free(path);
	free(name);
	return ret ? -1 : 0;
}

static int add_member(const struct ar_member *m, void *arg)
{
	struct expand *x = arg;
	char *name = xstrndup(m->name, m->name_len);
	struct unit u = { 0 };

	if (m->thin)
		return add_thin_member(x, name);
	if (is_archive(&m->data)) {
		struct loc loc = { x->archive, name };

		loc_err(&loc, "archives nested inside regular archives are not supported");
		free(name);
		return -1;
	}
	u.loc.file = xstrdup(x->archive);
	u.loc.member = name;
	u.blob = m->data;
	u.input = x->input;
	u.depth = x->depth;
	if (append_unit(x->list, &u) == 0)
		return 0;
	free((char *)u.loc.file);
	free(name);
	return -1;
}

static bool already_open(const struct expand *x, const struct mapped_file *m)
{
	unsigned int i;

	for (i = 0; i < x->depth; i++)
		if (x->open[i].st_dev == m->dev && x->open[i].st_ino == m->ino)
			return true;
	return false;
}

static int add_archive(struct expand *x, const char *path,
		       struct mapped_file *m)
{
	struct blob b = { m->addr, m->size };
	const char *outer = x->archive;
	struct loc loc = { path, NULL };
	struct symtab_err err = { "" };
	int ret;

	if (already_open(x, m)) {
		loc_err(&loc, "archive includes itself (a loop of thin archives)");
		return -1;
	}
	if (x->depth == MAX_NESTING) {
		loc_err(&loc, "archives nested more than %d deep", MAX_NESTING);
		return -1;
	}
	if (x->depth && !id_set_add(&x->nested, m->dev, m->ino)) {
		loc_err(&loc, "archive listed a second time (in %s): an archive inside archives is opened up once",
			x->archive);
		return -1;
	}
	x->open[x->depth].st_dev = m->dev;
	x->open[x->depth].st_ino = m->ino;
	x->depth++;
	x->archive = path;
	ret = ar_walk_members(&b, add_member, x, &err);
	if (ret < 0 && err.msg[0])
		loc_err(&loc, "%s", err.msg);
	x->archive = outer;
	x->depth--;
	return ret < 0 ? -1 : ret;
}

static int add_path(struct expand *x, const char *path)
{
	struct loc loc = { path, NULL };
	struct unit u = { 0 };
	struct mapped_file m;
	struct blob b;
	int ret;

	ret = map_file(path, &m);
	if (ret) {
		loc_err(&loc, "cannot open: %s", file_error(ret));
		return -1;
	}
	b.data = m.addr;
	b.size = m.size;
	if (is_archive(&b)) {
		ret = add_archive(x, path, &m);
		/* Regular members point into the mapping: keep it. */
		if (file_kind_of(&b) == FILE_AR)
			keep_mapping(x->list, &m);
		else
			unmap_file(&m);
		return ret;
	}
	unmap_file(&m);
	u.loc.file = xstrdup(path);
	u.path = xstrdup(path);
	u.input = x->input;
	if (append_unit(x->list, &u) == 0)
		return 0;
	free((char *)u.loc.file);
	free(u.path);
	return -1;
}

int units_add_input(struct unit_list *list, const char *objtree,
		    const char *path, unsigned int input)
{
	struct expand x = { .list = list, .input = input };
	struct strbuf full = STRBUF_INIT;
	int ret;

	if (input >= list->nr_inputs) {
		list->inputs = xrealloc(list->inputs, (input + 1) *
					sizeof(*list->inputs));
		while (list->nr_inputs <= input)
			list->inputs[list->nr_inputs++] = NULL;
	}
	free(list->inputs[input]);
	list->inputs[input] = xstrdup(path);

	/* As the kernel's script does: "$objtree/$file". */
	if (objtree)
		strbuf_addf(&full, "%s/%s", objtree, path);
	else
		strbuf_addstr(&full, path);
	ret = add_path(&x, full.buf);
	strbuf_release(&full);
	id_set_free(&x.nested);
	return ret;
}

void units_free(struct unit_list *list)
{
	size_t i;

	for (i = 0; i < list->nr; i++) {
		free((char *)list->units[i].loc.file);
		free((char *)list->units[i].loc.member);
		free(list->units[i].path);
	}
	for (i = 0; i < list->nr_maps; i++)
		unmap_file(&list->maps[i]);
	for (i = 0; i < list->nr_inputs; i++)
		free(list->inputs[i]);
	free(list->inputs);
	free(list->units);
	free(list->maps);
	memset(list, 0, sizeof(*list));
}

static int scan_bitcode(const struct unit *u, const struct blob *b,
			const struct bs_source *src,
			const struct sym_visitor *v, struct symtab_err *err)
{
	const char *nm = getenv("NM");
	int ret;

	ret = bitcode_scan_from(b, src, v, err);
	if (ret != BITCODE_FALLBACK)
		return ret;
	loc_warn(&u->loc, "%s; reading its symbols with %s instead", err->msg,
		 nm && *nm ? nm : "llvm-nm");
	err->msg[0] = '\0';
	return nm_scan(u->path, b, v, err);
}

static int scan_blob(const struct unit *u, const struct blob *b,
		     const struct bs_source *src, const struct sym_visitor *v,
		     struct symtab_err *err)
{
	enum file_kind kind = file_kind_of(b);

	switch (kind) {
	case FILE_ELF_REL:
	case FILE_ELF_EXEC:
	case FILE_ELF_OTHER:
		return elf_scan(b, v, err);
	case FILE_BITCODE:
		return scan_bitcode(u, b, src, v, err);
	default:
		symtab_errf(err, "not an object file: %s",
			    file_kind_name(kind));
		return -1;
	}
}

/* Reads exactly @len bytes at @off; a short read means the file shrank. */
static int read_at(int fd, unsigned char *buf, size_t len, off_t off)
{
	while (len) {
		ssize_t n = pread(fd, buf, len, off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO;
		buf += n;
		off += n;
		len -= n;
	}
	return 0;
}

static const char *read_error(int err)
{
	if (err == -EIO)
		return "the file shrank while being read";
	return file_error(err);
}

/*
 * A unit's file in a buffer of its size.  Bare bitcode is read only where
 * bitcode_scan_from() looks (block headers, the head of each module, the
 * tables at the end), READ_WINDOW bytes or more at a time: the bodies of
 * its modules are most of the file and are never read.  Reading beats
 * mapping here: thousands of small files cost more in mmap, page faults
 * and munmap than in the few bytes copied.
 */
/* Byte ranges of a unit's file already in its buffer. */
#define READ_RANGES	8

struct read_range {
	size_t lo, hi;
};

struct unit_file {
	int fd;			/* open while bytes remain to be read */
	unsigned char *buf;
	size_t size;
	void *map;		/* a large ELF object is mapped instead */
	struct read_range done[READ_RANGES];
	unsigned int nr_done;
	unsigned int next;	/* the slot to reuse when all are taken */
};

static void note_read(struct unit_file *f, size_t lo, size_t hi)
{
	unsigned int i;

	for (i = 0; i < f->nr_done; i++) {
		if (lo >= f->done[i].lo && lo <= f->done[i].hi) {
			if (hi > f->done[i].hi)
				f->done[i].hi = hi;
			return;
		}
	}
	if (f->nr_done < READ_RANGES) {
		i = f->nr_done++;
	} else {
		i = f->next;
		f->next = (f->next + 1) % READ_RANGES;
	}
	f->done[i] = (struct read_range){ lo, hi };
}

/*
 * The reader's windows: bytes read once are not read again, and a window
 * that continues the previous one reads four times as far ahead (a long
 * record, such as module asm, then costs few reads).
 */
static ssize_t fill_window(void *arg, size_t off, size_t len,
			   struct symtab_err *err)
{
	struct unit_file *f = arg;
	size_t want = READ_WINDOW;
	unsigned int i;
	int ret;

	if (off > f->size || len > f->size - off) {
		symtab_errf(err, "truncated: %zu bytes wanted at byte %zu of %zu",
			    len, off, f->size);
		return -1;
	}
	for (i = 0; i < f->nr_done; i++) {
		if (off < f->done[i].lo || off > f->done[i].hi)
			continue;
		if (off + len <= f->done[i].hi)
			return f->done[i].hi - off;
		want = 4 * (f->done[i].hi - f->done[i].lo);
	}
	if (want < len)
		want = len;
	if (want > f->size - off)
		want = f->size - off;
	ret = read_at(f->fd, f->buf + off, want, off);
	if (ret) {
		symtab_errf(err, "cannot read %zu bytes at byte %zu: %s", want,
			    off, read_error(ret));
		return -1;
	}
	note_read(f, off, off + want);
	return want;
}

static bool is_bare_bitcode(const unsigned char *p, size_t len)
{
	static const unsigned char magic[4] = { 'B', 'C', 0xc0, 0xde };

	return len >= 4 && !memcmp(p, magic, 4);
}

static bool is_object(const unsigned char *p, size_t len)
{
	const struct blob b = { p, len };

	switch (file_kind_of(&b)) {
	case FILE_ELF_REL:
	case FILE_ELF_EXEC:
	case FILE_ELF_OTHER:
	case FILE_BITCODE:
		return true;
	default:
		return false;
	}
}

/* A large ELF file: libelf reads only its tables from a mapping. */
static int map_unit(struct unit_file *f)
{
	void *addr = mmap(NULL, f->size, PROT_READ | PROT_WRITE, MAP_PRIVATE,
			  f->fd, 0);

	if (addr == MAP_FAILED)
		return -errno;
	free(f->buf);
	f->buf = NULL;
	f->map = addr;
	return 0;
}

/*
 * Opens the unit's file and reads its head first: a file that is no
 * object is reported from its head alone, never read whole (a huge sparse
 * file costs nothing).  Bare bitcode is then left open for fill_window(),
 * a large ELF object is mapped, anything else read whole.
 */
static int open_unit(const struct unit *u, struct unit_file *f)
{
	size_t head;
	struct stat st;
	int ret;

	f->buf = NULL;
	f->fd = open(u->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (f->fd < 0)
		return -errno;
	ret = fstat(f->fd, &st) < 0 ? -errno : regular_file_check(&st);
	if (ret)
		goto fail;
	input_note(&st);
	f->size = st.st_size;
	head = f->size < READ_HEAD ? f->size : READ_HEAD;
	f->buf = xmalloc(head ? head : 1);
	ret = read_at(f->fd, f->buf, head, 0);
	if (ret)
		goto fail;
	if (head == f->size || !is_object(f->buf, head)) {
		f->size = head;
		goto done;
	}
	if (f->size >= MAP_MIN && !is_bare_bitcode(f->buf, head)) {
		ret = map_unit(f);
		if (ret)
			goto fail;
		goto done;
	}
	f->buf = xrealloc(f->buf, f->size);
	if (is_bare_bitcode(f->buf, head)) {
		note_read(f, 0, head);
		return 0;
	}
	ret = read_at(f->fd, f->buf + head, f->size - head, head);
	if (ret)
		goto fail;
done:
	close(f->fd);
	f->fd = -1;
	return 0;
fail:
	close(f->fd);
	f->fd = -1;
	return ret;
}

static void close_unit(struct unit_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	free(f->buf);
	if (f->map)
		munmap(f->map, f->size);
}

int unit_scan(const struct unit *u, const struct sym_visitor *v)
{
	struct unit_file f = { .fd = -1, .nr_done = 0 };
	struct bs_source src = { fill_window, &f };
	struct symtab_err err = { "" };
	struct blob b = u->blob;
	int ret;

	if (u->path) {
		ret = open_unit(u, &f);
		if (ret) {
			if (u->loc.member && ret == -ENOENT)
				loc_err(&u->loc, "missing thin archive member %s",
					u->path);
			else
				loc_err(&u->loc, "cannot read %s: %s", u->path,
					read_error(ret));
			close_unit(&f);
			return -1;
		}
		b.data = f.map ? f.map : f.buf;
		b.size = f.size;
	}
	ret = scan_blob(u, &b, f.fd >= 0 ? &src : NULL, v, &err);
	if (ret < 0 && err.msg[0])
		loc_err(&u->loc, "%s", err.msg);
	close_unit(&f);
	return ret;
}
