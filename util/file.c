// SPDX-License-Identifier: GPL-2.0-only
/*
 * Inputs are mapped, not read: most of an object is never looked at.
 * Outputs are written to a temporary file and renamed, so that a failure or
 * a signal never leaves a half-written linker script behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <util/file.h>
#include <util/idset.h>
#include <util/strbuf.h>
#include <util/warn.h>
#include <util/xalloc.h>

/* Every file read as an input: no output may replace one. */
static struct id_set inputs = ID_SET_INIT;
static pthread_mutex_t inputs_lock = PTHREAD_MUTEX_INITIALIZER;

void input_note(const struct stat *st)
{
	pthread_mutex_lock(&inputs_lock);
	id_set_add(&inputs, st->st_dev, st->st_ino);
	pthread_mutex_unlock(&inputs_lock);
}

static bool is_input(const struct stat *st)
{
	bool ret;

	pthread_mutex_lock(&inputs_lock);
	ret = id_set_has(&inputs, st->st_dev, st->st_ino);
	pthread_mutex_unlock(&inputs_lock);
	return ret;
}

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

static int map_path(const char *path, struct mapped_file *m, bool input)
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
	if (input)
		input_note(&st);
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

int map_file(const char *path, struct mapped_file *m)
{
	return map_path(path, m, true);
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

/*
 * Outputs.  Each is written to "<target>.tmp-initcall-order" beside it
 * and renamed over it.  The writer holds an flock() on that file until
 * the rename, so a later run that finds one left by a killed run (the
 * lock died with it) takes it over, and one that finds a live writer's
 * stops.  A signal (SIGINT, SIGTERM, SIGHUP) removes the files in flight.
 */
#define TMP_SUFFIX	".tmp-initcall-order"

/* Temporary files in flight, for the signal handler. */
static char **live_tmp;
static size_t nr_live, alloc_live;
static void (*signal_hooks[4])(void);
static unsigned int nr_signal_hooks;

void at_signal(void (*hook)(void))
{
	if (nr_signal_hooks < ARRAY_SIZE(signal_hooks))
		signal_hooks[nr_signal_hooks++] = hook;
}

static void cleanup_on_signal(int sig)
{
	size_t i;

	for (i = 0; i < nr_live; i++)
		unlink(live_tmp[i]);
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

/* The handler must never see the list half-changed. */
static void block_signals(sigset_t *old)
{
	sigset_t all;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, old);
}

static void live_add(char *tmp)
{
	sigset_t old;

	block_signals(&old);
	live_tmp = xgrow(live_tmp, &alloc_live, nr_live + 1,
			 sizeof(*live_tmp));
	live_tmp[nr_live++] = tmp;
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* Forgets @tmp; with @remove, unlinks it first (both under one mask). */
static void live_drop(const char *tmp, bool remove)
{
	sigset_t old;
	size_t i;

	block_signals(&old);
	for (i = 0; i < nr_live; i++) {
		if (live_tmp[i] != tmp)
			continue;
		if (remove)
			unlink(tmp);
		live_tmp[i] = live_tmp[--nr_live];
		break;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
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

	if (map_path(path, &m, false) < 0)
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

/* One output on its way: see write_files_atomic(). */
struct staged {
	const struct out_file *f;
	char *target;		/* @f->path, symbolic links followed */
	char *tmp;		/* the temporary file, while it is ours */
	int fd;			/* open on @tmp, holding its lock */
	bool in_place;		/* a device or a FIFO: written at commit */
	bool unchanged;		/* already holds the bytes: left alone */
};

/* "<path>: error: <what>: <why>"; returns -1. */
static int out_err(const char *path, const char *what, const char *why)
{
	const struct loc loc = { path, NULL };

	loc_err(&loc, "%s: %s", what, why);
	return -1;
}

/*
 * The file that writing @path replaces: @path itself, or what a symbolic
 * link there leads to, so that the link stays a link.
 */
static int resolve_target(struct staged *s)
{
	const char *path = s->f->path;
	char *real;
	struct stat st;

	if (lstat(path, &st) < 0 || !S_ISLNK(st.st_mode)) {
		s->target = xstrdup(path);
		return 0;
	}
	real = realpath(path, NULL);
	if (!real)
		return out_err(path, "a symbolic link that leads nowhere, not replaced",
			       strerror(errno));
	s->target = real;
	return 0;
}

/*
 * Creates or reopens the temporary file beside the target and locks it: a
 * new one, or the leftover of a run that was killed (nobody holds its
 * lock).  Called with signals blocked, so that a file this call creates
 * is known to the signal handler before a signal can be handled.
 */
static int open_temp_blocked(struct staged *s)
{
	struct stat fst, lst;
	int fd, tries;

	for (tries = 0; tries < 8; tries++) {
		fd = open(s->tmp, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW |
			  O_NONBLOCK | O_NOCTTY, 0600);
		if (fd < 0)
			return -errno;
		if (fstat(fd, &fst) < 0 || regular_file_check(&fst)) {
			close(fd);
			return -EEXIST;
		}
		if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
			close(fd);
			return errno == EWOULDBLOCK ? -EBUSY : -errno;
		}
		/* Locked; but its writer may have renamed it away meanwhile. */
		if (lstat(s->tmp, &lst) == 0 && lst.st_dev == fst.st_dev &&
		    lst.st_ino == fst.st_ino) {
			if (ftruncate(fd, 0) < 0) {
				close(fd);
				return -errno;
			}
			live_add(s->tmp);
			s->fd = fd;
			return 0;
		}
		close(fd);
	}
	return -EBUSY;
}

static int open_temp(struct staged *s)
{
	struct strbuf name = STRBUF_INIT;
	sigset_t old;
	int ret;

	strbuf_addf(&name, "%s%s", s->target, TMP_SUFFIX);
	s->tmp = strbuf_detach(&name);
	block_signals(&old);
	ret = open_temp_blocked(s);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return ret;
}

static const char *temp_error(int err)
{
	switch (err) {
	case -EBUSY:
		return "another run is writing it (its temporary file is locked)";
	case -EEXIST:
	case -ELOOP:
		return "something that is not a regular file has the temporary file's name";
	default:
		return strerror(-err);
	}
}

static int fill_temp(struct staged *s, mode_t mode)
{
	int ret;

	fchmod(s->fd, mode);
	ret = write_all(s->fd, s->f->data, s->f->len);
	if (!ret && fsync(s->fd) < 0 && errno != EINVAL)
		ret = -errno;
	if (ret)
		return out_err(s->target, "cannot write", strerror(-ret));
	return 0;
}

/* Everything but the rename: checks, then the temporary file, written. */
static int stage(struct staged *s)
{
	struct stat st;
	bool exists;
	int ret;

	s->fd = -1;
	if (resolve_target(s))
		return -1;
	exists = stat(s->target, &st) == 0;
	if (exists && !(s->f->flags & WRITE_MAY_REPLACE_INPUT) &&
	    is_input(&st))
		return out_err(s->f->path, "not overwritten",
			       "it is an input of this run");
	/* Never rename over a device or a FIFO: write into it instead. */
	if (exists && !S_ISREG(st.st_mode)) {
		s->in_place = true;
		return 0;
	}
	if (same_content(s->target, s->f->data, s->f->len)) {
		s->unchanged = true;
		return 0;
	}
	ret = open_temp(s);
	if (ret)
		return out_err(s->target, "cannot create a temporary file",
			       temp_error(ret));
	/* Keep the permissions of the file being replaced. */
	return fill_temp(s, exists ? st.st_mode & 07777 :
			    0666 & ~current_umask());
}

static int write_in_place(const char *path, const void *data, size_t len)
{
	int fd, ret;

	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return out_err(path, "cannot open", strerror(errno));
	ret = write_all(fd, data, len);
	if (close(fd) < 0 && !ret)
		ret = -errno;
	if (ret)
		return out_err(path, "cannot write", strerror(-ret));
	return 0;
}

static int commit(struct staged *s)
{
	if (s->in_place)
		return write_in_place(s->target, s->f->data, s->f->len);
	if (s->unchanged)
		return 0;
	if (rename(s->tmp, s->target) < 0)
		return out_err(s->target, "cannot write", strerror(errno));
	live_drop(s->tmp, false);
	return 0;
}

static void unstage(struct staged *s)
{
	if (s->tmp)
		live_drop(s->tmp, true);
	if (s->fd >= 0)
		close(s->fd);
	free(s->tmp);
	free(s->target);
}

int write_files_atomic(const struct out_file *files, size_t nr)
{
	struct staged *s = xcalloc(nr ? nr : 1, sizeof(*s));
	size_t i, staged = 0;
	int ret = 0;

	for (i = 0; i < nr && !ret; i++, staged++) {
		s[i].f = &files[i];
		ret = stage(&s[i]);
	}
	/* For tests: stop with the temporary files complete, to be signalled. */
	if (!ret && nr_live && getenv("ICO_TEST_STOP_BEFORE_RENAME"))
		raise(SIGSTOP);
	for (i = 0; i < nr && !ret; i++)
		ret = commit(&s[i]);
	for (i = 0; i < staged; i++)
		unstage(&s[i]);
	free(s);
	return ret;
}

int write_file_atomic(const char *path, const void *data, size_t len)
{
	const struct out_file f = { path, data, len, 0 };

	return write_files_atomic(&f, 1);
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
