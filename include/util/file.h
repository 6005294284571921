/* SPDX-License-Identifier: GPL-2.0-only */
/* Reading inputs by mmap and writing outputs atomically. */
#ifndef UTIL_FILE_H
#define UTIL_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct mapped_file {
	void *addr;
	size_t size;
	dev_t dev;
	ino_t ino;
};

/*
 * What map_file() and the other readers return for a name that is not a
 * regular file, beyond -errno (-EISDIR for a folder); file_error() puts
 * both in words.
 */
#define FILE_ERR_FIFO		(-10001)
#define FILE_ERR_DEVICE		(-10002)
#define FILE_ERR_SOCKET		(-10003)

struct stat;

/* 0 for a regular file, else -EISDIR or a FILE_ERR_* code. */
int regular_file_check(const struct stat *st);
/* -errno or FILE_ERR_*, in words ("is a FIFO, not a regular file"). */
const char *file_error(int err);

/*
 * Maps @path read-only (private, so that libraries may not write through).
 * On failure returns -errno; an empty file maps to addr NULL, size 0.
 */
int map_file(const char *path, struct mapped_file *m);
/* map_file(), printing "<path>: error: cannot read: ..." and returning -1. */
int map_file_or_err(const char *path, struct mapped_file *m);
void unmap_file(struct mapped_file *m);

/*
 * Replaces @path with @len bytes of @data: written to a temporary file in
 * the same directory, then renamed over it.  When @path already holds the
 * same bytes it is left alone, mtime included.  A signal during the write
 * removes the temporary file.  Prints an error and returns -1 on failure;
 * the old file is then intact.
 */
int write_file_atomic(const char *path, const void *data, size_t len);

/* Writes all of @data to stdout; -1 with a message on failure. */
int write_stdout(const void *data, size_t len);

/*
 * Installs SIGINT/SIGTERM/SIGHUP handlers that remove the temporary output
 * file, run the registered hooks, then die of the signal as usual.
 */
void install_cleanup_handlers(void);

/* Adds a hook (async-signal-safe code only) run on those signals. */
void at_signal(void (*hook)(void));

#endif /* UTIL_FILE_H */
