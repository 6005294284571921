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
#include <sys/stat.h>
#include <unistd.h>

#include <symtab/archive.h>
#include <symtab/bitcode.h>
#include <symtab/elf.h>
#include <symtab/nm.h>
#include <symtab/unit.h>
#include <util/strbuf.h>
#include <util/xalloc.h>

/* Deeper than anything a build makes; stops loops among thin archives. */
#define MAX_NESTING	8

/* Enough of a bitcode file to find where its module ends. */
#define READ_HEAD	512

struct expand {
	struct unit_list *list;
	unsigned int input;
	const char *archive;		/* the archive being opened up */
	struct stat open[MAX_NESTING];	/* archives being expanded */
	unsigned int depth;
};

static int add_path(struct expand *x, const char *path);

static void append_unit(struct unit_list *list, const struct unit *u)
{
	list->units = xgrow(list->units, &list->alloc, list->nr + 1,
			    sizeof(*list->units));
	list->units[list->nr++] = *u;
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
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return -errno;
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
			loc_err(&loc, "missing thin archive member %s: %s",
				path, strerror(-ret));
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
	append_unit(x->list, &u);
	return 0;
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
	append_unit(x->list, &u);
	return 0;
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

	if (x->depth == MAX_NESTING || already_open(x, m)) {
		loc_err(&loc, "archive includes itself (a loop of thin archives?)");
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
		loc_err(&loc, "cannot open: %s", strerror(-ret));
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
	append_unit(x->list, &u);
	return 0;
}

int units_add_input(struct unit_list *list, const char *objtree,
		    const char *path, unsigned int input)
{
	struct expand x = { .list = list, .input = input };
	struct strbuf full = STRBUF_INIT;
	int ret;

	/* As the kernel's script does: "$objtree/$file". */
	if (objtree)
		strbuf_addf(&full, "%s/%s", objtree, path);
	else
		strbuf_addstr(&full, path);
	ret = add_path(&x, full.buf);
	strbuf_release(&full);
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
	free(list->units);
	free(list->maps);
	memset(list, 0, sizeof(*list));
}

static int scan_bitcode(const struct unit *u, const struct blob *b,
			const struct sym_visitor *v, struct symtab_err *err)
{
	const char *nm = getenv("NM");
	int ret;

	ret = bitcode_scan(b, v, err);
	if (ret != BITCODE_FALLBACK)
		return ret;
	loc_warn(&u->loc, "%s; reading its symbols with %s instead", err->msg,
		 nm && *nm ? nm : "llvm-nm");
	err->msg[0] = '\0';
	return nm_scan(u->path, b, v, err);
}

static int scan_blob(const struct unit *u, const struct blob *b,
		     const struct sym_visitor *v, struct symtab_err *err)
{
	enum file_kind kind = file_kind_of(b);

	switch (kind) {
	case FILE_ELF_REL:
	case FILE_ELF_EXEC:
	case FILE_ELF_OTHER:
		return elf_scan(b, v, err);
	case FILE_BITCODE:
		return scan_bitcode(u, b, v, err);
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

/*
 * Reads a unit's file into a buffer of its size.  Bare bitcode leaves the
 * body of its module unread: bitcode_scan() jumps over it, and it is most
 * of the file.  Reading beats mapping here: thousands of small files cost
 * more in mmap, page faults and munmap than in the few bytes copied.
 */
static int read_unit(const struct unit *u, struct blob *b,
		     unsigned char **buf)
{
	size_t size, head, skip_end = 0, start;
	struct blob first;
	struct stat st;
	int fd, ret;

	fd = open(u->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		ret = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
		close(fd);
		return ret;
	}
	size = st.st_size;
	*buf = xmalloc(size ? size : 1);
	head = size < READ_HEAD ? size : READ_HEAD;
	ret = read_at(fd, *buf, head, 0);
	first.data = *buf;
	first.size = head;
	if (!ret && size > head &&
	    bitcode_module_span(&first, &start, &skip_end) &&
	    skip_end <= size && skip_end > head)
		head = skip_end;
	if (!ret)
		ret = read_at(fd, *buf + head, size - head, head);
	close(fd);
	b->data = *buf;
	b->size = size;
	return ret;
}

static const char *read_error(int err)
{
	if (err == -EIO)
		return "the file shrank while being read";
	return strerror(-err);
}

int unit_scan(const struct unit *u, const struct sym_visitor *v)
{
	struct symtab_err err = { "" };
	unsigned char *buf = NULL;
	struct blob b = u->blob;
	int ret;

	if (u->path) {
		ret = read_unit(u, &b, &buf);
		if (ret) {
			if (u->loc.member && ret == -ENOENT)
				loc_err(&u->loc, "missing thin archive member %s",
					u->path);
			else
				loc_err(&u->loc, "cannot read %s: %s", u->path,
					read_error(ret));
			free(buf);
			return -1;
		}
	}
	ret = scan_blob(u, &b, v, &err);
	if (ret < 0 && err.msg[0])
		loc_err(&u->loc, "%s", err.msg);
	free(buf);
	return ret;
}
