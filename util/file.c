// SPDX-License-Identifier: GPL-2.0-only
/*
 * Inputs are mapped, not read: most of an object is never looked at.
 * Outputs are written to a temporary file and renamed, so that a failure or
 * a signal never leaves a half-written linker script behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <util/file.h>
#include <util/warn.h>
#include <util/xalloc.h>

int regular_file_check(const struct stat *st)
{
	if (S_ISREG(st->st_mode))
		return 0;
	if (S_ISDIR(st->st_mode))
		return -EISDIR;
	if (S_ISFIFO(st->st_mode))
		return FILE_ERR_FIFO;
	if (S_ISSOCK(st->st_mode))
		return FILE_ERR_SOCKET;
	return FILE_ERR_DEVICE;
}

const char *file_error(int err)
{
	switch (err) {
	case -EISDIR:
		return "is a folder, not a regular file";
	case FILE_ERR_FIFO:
		return "is a FIFO, not a regular file";
	case FILE_ERR_DEVICE:
		return "is a device, not a regular file";
	case FILE_ERR_SOCKET:
		return "is a socket, not a regular file";
	default:
		return strerror(-err);
	}
}

int map_file(const char *path, struct mapped_file *m)
{
	struct stat st;
	void *addr;
	int fd;

	memset(m, 0, sizeof(*m));
	/* O_NONBLOCK: a FIFO or a device named by an archive must not hang us. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		int ret = -errno;

		close(fd);
		return ret;
	}
	if (regular_file_check(&st)) {
		close(fd);
		return regular_file_check(&st);
	}
	m->dev = st.st_dev;
	m->ino = st.st_ino;
	if (st.st_size == 0) {
		close(fd);
		return 0;
	}
	/* Private and writable: copy-on-write keeps libelf from touching it. */
	addr = mmap(NULL, st.st_size, PROT_READ | PROT_WRITE, MAP_PRIVATE,
		    fd, 0);
	close(fd);
	if (addr == MAP_FAILED)
		return -errno;
	m->addr = addr;
	m->size = st.st_size;
	return 0;
}

int map_file_or_err(const char *path, struct mapped_file *m)
{
	const struct loc loc = { path, NULL };
	int err = map_file(path, m);

	if (!err)
		return 0;
	loc_err(&loc, "cannot read: %s", file_error(err));
	return -1;
}

void unmap_file(struct mapped_file *m)
{
	if (m->addr)
		munmap(m->addr, m->size);
	m->addr = NULL;
	m->size = 0;
}

/* The temporary output file, for the signal handler. */
static char tmp_path[4096];
static atomic_int tmp_live;	/* lock-free, so safe in a handler */
static void (*signal_hooks[4])(void);
static unsigned int nr_signal_hooks;

void at_signal(void (*hook)(void))
{
	if (nr_signal_hooks < ARRAY_SIZE(signal_hooks))
		signal_hooks[nr_signal_hooks++] = hook;
}

static void cleanup_on_signal(int sig)
{
	unsigned int i;

	if (tmp_live)
		unlink(tmp_path);
	for (i = 0; i < nr_signal_hooks; i++)
		signal_hooks[i]();
	signal(sig, SIG_DFL);
	raise(sig);
}

void install_cleanup_handlers(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = cleanup_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* umask() can only be read by setting it; nothing else runs meanwhile. */
static mode_t current_umask(void)
{
	mode_t mask = umask(022);

	umask(mask);
	return mask;
}

static bool same_content(const char *path, const void *data, size_t len)
{
	struct mapped_file m;
	bool same;

	if (map_file(path, &m) < 0)
		return false;
	same = m.size == len && (!len || !memcmp(m.addr, data, len));
	unmap_file(&m);
	return same;
}

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= n;
	}
	return 0;
}

static int make_temp(const char *path)
{
	sigset_t all, old;
	int fd;

	if (snprintf(tmp_path, sizeof(tmp_path), "%s.tmpXXXXXX", path) >=
	    (int)sizeof(tmp_path))
		return -ENAMETOOLONG;
	/* The handler must never see a half-made name. */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	fd = mkstemp(tmp_path);
	tmp_live = fd >= 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
	return fd < 0 ? -errno : fd;
}

static void drop_temp(void)
{
	sigset_t all, old;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	if (tmp_live)
		unlink(tmp_path);
	tmp_live = 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static int write_in_place(const char *path, const void *data, size_t len)
{
	int fd, ret;

	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		pr_err("%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	ret = write_all(fd, data, len);
	if (close(fd) < 0 && !ret)
		ret = -errno;
	if (ret) {
		pr_err("%s: cannot write: %s", path, strerror(-ret));
		return -1;
	}
	return 0;
}

int write_file_atomic(const char *path, const void *data, size_t len)
{
	struct stat st;
	int fd, ret;

	/* Never rename over a device or a FIFO: write into it instead. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return write_in_place(path, data, len);
	if (same_content(path, data, len))
		return 0;
	fd = make_temp(path);
	if (fd < 0) {
		pr_err("%s: cannot create a temporary file: %s", path,
		       strerror(-fd));
		return -1;
	}
	/* Keep the permissions of the file being replaced. */
	if (stat(path, &st) == 0)
		fchmod(fd, st.st_mode & 07777);
	else
		fchmod(fd, 0666 & ~current_umask());
	ret = write_all(fd, data, len);
	if (!ret && fsync(fd) < 0 && errno != EINVAL)
		ret = -errno;
	if (close(fd) < 0 && !ret)
		ret = -errno;
	/* For tests: stop with the temporary file complete, to be signalled. */
	if (!ret && getenv("ICO_TEST_STOP_BEFORE_RENAME"))
		raise(SIGSTOP);
	if (!ret && rename(tmp_path, path) < 0)
		ret = -errno;
	if (ret) {
		drop_temp();
		pr_err("%s: cannot write: %s", path, strerror(-ret));
		return -1;
	}
	tmp_live = 0;
	return 0;
}

int write_stdout(const void *data, size_t len)
{
	int ret = write_all(STDOUT_FILENO, data, len);

	if (ret) {
		pr_err("cannot write to standard output: %s", strerror(-ret));
		return -1;
	}
	return 0;
}
