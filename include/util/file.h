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
 * Remembers that the file @st describes is an input of this run: no
 * output may replace it.  map_file() does it for what it maps; safe from
 * any thread.
 */
void input_note(const struct stat *st);

enum write_flags {
	WRITE_MAY_REPLACE_INPUT = 1,	/* rename in place, --update-golden */
};

struct out_file {
	const char *path;
	const void *data;
	size_t len;
	unsigned int flags;		/* enum write_flags */
};

/*
 * Replaces each file with its bytes, all or nothing: every new file is
 * written to a temporary file beside its target before the first is
 * renamed over its target, so a failure before the renames (a folder not
 * writable, a full disk, an input named as an output) leaves every target
 * as it was.  A symbolic link is followed (its target is replaced), a
 * device or FIFO is written into, a file that already holds the bytes is
 * left alone, mtime included, and a file read as an input is refused
 * unless WRITE_MAY_REPLACE_INPUT.  A temporary file is named
 * "<target>.tmp-initcall-order" and locked while it is written: a signal
 * removes it, and one left by a killed run is taken over by the next.
 * Prints an error naming the file and returns -1 on failure.
 */
int write_files_atomic(const struct out_file *files, size_t nr);
/* write_files_atomic() of one file, never an input. */
int write_file_atomic(const char *path, const void *data, size_t len);

/* Writes all of @data to stdout; -1 with a message on failure. */
int write_stdout(const void *data, size_t len);

/*
 * Installs SIGINT/SIGTERM/SIGHUP handlers that remove the temporary output
 * files, run the registered hooks, then die of the signal as usual.
 */
void install_cleanup_handlers(void);

/* Adds a hook (async-signal-safe code only) run on those signals. */
void at_signal(void (*hook)(void));

#endif /* UTIL_FILE_H */
