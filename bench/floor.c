// SPDX-License-Identifier: GPL-2.0-only
/*
 * floor: the least work a scanner of symbol tables can do, for
 * bench/run.sh.
 *
 *   floor INPUT...
 *   floor -l INPUT...    lists the inputs and the members of thin archives
 *
 * For every object, and every member of an archive (thin or not), in one
 * thread: open it, fstat it, pread its first 64 bytes and its last 8 KiB,
 * close it; members of a regular archive are read in place.  LLVM puts
 * the symbol and string tables of a bitcode file at its end, and an ELF
 * object's section headers sit at its end too, so this is what "read only
 * the symbol tables" costs at the limit.  Prints the number of objects and
 * bytes read, so that the loop cannot be optimised away.
 *
 * The archive walk is written here, apart from symtab/archive.c, so that
 * the floor does not inherit the costs of the scanner it is a floor for.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HEAD	64
#define TAIL	8192
#define AR_HDR	60

static unsigned long objects;
static unsigned long long bytes;
static int list_only;	/* -l: print the files to read instead */

static void read_range(int fd, off_t start, off_t size)
{
	static char buf[TAIL];
	off_t tail = size < TAIL ? size : TAIL;
	ssize_t r;

	r = pread(fd, buf, size < HEAD ? size : HEAD, start);
	if (r > 0)
		bytes += r;
	r = pread(fd, buf, tail, start + size - tail);
	if (r > 0)
		bytes += r;
	objects++;
}

static void read_object(const char *path)
{
	struct stat st;
	int fd;

	if (list_only) {
		puts(path);
		return;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		perror(path);
		exit(1);
	}
	read_range(fd, 0, st.st_size);
	close(fd);
}

static char *read_all(int fd, size_t size)
{
	char *buf = malloc(size + 1);
	size_t done = 0;

	if (!buf)
		exit(1);
	while (done < size) {
		ssize_t r = pread(fd, buf + done, size - done, done);

		if (r <= 0)
			exit(1);
		done += r;
	}
	buf[size] = '\0';
	return buf;
}

/* The member name at @hdr: "/N" into the long name table, or "name/". */
static size_t member_name(const char *hdr, const char *names,
			  size_t names_len, char *out, size_t size)
{
	size_t n = 0;
	const char *p;

	if (hdr[0] == '/' && hdr[1] >= '0' && hdr[1] <= '9') {
		size_t off = strtoul(hdr + 1, NULL, 10);

		if (!names || off >= names_len)
			return 0;
		for (p = names + off; p < names + names_len && *p != '\n' &&
		     !(*p == '/' && (p[1] == '\n' || p + 1 == names + names_len));
		     p++)
			if (n + 1 < size)
				out[n++] = *p;
	} else {
		for (p = hdr; p < hdr + 16 && *p != '/' && *p != ' '; p++)
			if (n + 1 < size)
				out[n++] = *p;
	}
	out[n] = '\0';
	return n;
}

static void read_archive(const char *path, int fd, size_t size, int thin)
{
	char *ar = read_all(fd, size), *names = NULL;
	char dir[4096], name[4096], full[8192];
	size_t pos = 8, names_len = 0, len;
	const char *slash = strrchr(path, '/');

	snprintf(dir, sizeof(dir), "%.*s",
		 slash ? (int)(slash - path + 1) : 0, path);
	while (pos + AR_HDR <= size) {
		char *hdr = ar + pos;
		size_t msize = strtoul(hdr + 48, NULL, 10);
		size_t data = pos + AR_HDR;
		int special = hdr[0] == '/' &&
			      (hdr[1] == ' ' || hdr[1] == '/' ||
			       !memcmp(hdr, "/SYM64/", 7));

		if (hdr[0] == '/' && hdr[1] == '/') {
			names = ar + data;
			names_len = msize;
		}
		if (!special) {
			len = member_name(hdr, names, names_len, name,
					  sizeof(name));
			if (thin && len) {
				snprintf(full, sizeof(full), "%s%s",
					 name[0] == '/' ? "" : dir, name);
				read_object(full);
			} else if (!thin && !list_only) {
				read_range(fd, data, msize);
			}
		}
		/* thin archives keep only the name table's data */
		if (!thin || special)
			data += msize;
		pos = data + (data & 1);
	}
	free(ar);
}

static void read_input(const char *path)
{
	char magic[8];
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st)) {
		perror(path);
		exit(1);
	}
	if (list_only)
		puts(path);
	if (pread(fd, magic, 8, 0) == 8 && !memcmp(magic, "!<thin>\n", 8))
		read_archive(path, fd, st.st_size, 1);
	else if (!memcmp(magic, "!<arch>\n", 8))
		read_archive(path, fd, st.st_size, 0);
	else if (!list_only)
		read_range(fd, 0, st.st_size);
	close(fd);
}

int main(int argc, char **argv)
{
	int i = 1;

	if (argc > 1 && !strcmp(argv[1], "-l")) {
		list_only = 1;
		i++;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: floor [-l] INPUT...\n");
		return 2;
	}
	for (; i < argc; i++)
		read_input(argv[i]);
	if (list_only)
		return 0;
	printf("%lu objects, %llu bytes\n", objects, bytes);
	return 0;
}
