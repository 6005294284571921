/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A client of GNU make's jobserver, so that the scanning threads fit in the
 * job slots of the make that runs us.
 *
 * make announces its jobserver in MAKEFLAGS as
 *   --jobserver-auth=R,W        two inherited pipe fds (make 4.2, 4.3)
 *   --jobserver-auth=fifo:PATH  a named pipe (make 4.4 and later)
 *   --jobserver-fds=R,W         the older spelling (make 4.1 and before)
 * Each byte in the pipe is a token for one more job; the process that make
 * started holds one implicit slot without a token.  Tokens taken must be
 * written back, byte for byte, whatever way the process ends.
 */
#ifndef UTIL_JOBSERVER_H
#define UTIL_JOBSERVER_H

#include <stdbool.h>

/* Most jobs one process will ever ask for. */
#define JOBS_MAX	256

enum jobserver_kind {
	JOBSERVER_NONE,
	JOBSERVER_PIPE,		/* read fd, write fd */
	JOBSERVER_FIFO,		/* path of a named pipe */
};

struct jobserver_auth {
	enum jobserver_kind kind;
	int rfd;
	int wfd;
	char *fifo;		/* malloc'ed, for JOBSERVER_FIFO */
};

/*
 * Finds the last jobserver announcement in @makeflags (a MAKEFLAGS value,
 * may be NULL).  Returns true and fills @auth when there is one that
 * parses; the caller frees @auth->fifo.
 */
bool jobserver_parse(const char *makeflags, struct jobserver_auth *auth);

/*
 * Decides how many jobs to run and takes the tokens for them.
 * @wanted > 0 (an explicit -j N) is returned as is and the jobserver is
 * left alone, as make does for a sub-make given -j.  @wanted == 0:
 * jobserver_acquire(online CPUs).
 */
unsigned int jobs_acquire(unsigned int wanted);

/*
 * Under a usable jobserver: the implicit slot plus as many tokens as are
 * free right now, up to @most jobs in all; it never waits for a token.
 * Without one, or when make announced a pipe that it then closed to us
 * (a recipe not marked +), @most.  Always 1 to JOBS_MAX.
 *
 * Taking tokens installs, once, an atexit handler and handlers for the
 * fatal signals (chained to those already installed) that give them back.
 */
unsigned int jobserver_acquire(unsigned int most);

/*
 * Gives back every token taken; safe to call more than once, and from a
 * signal handler.
 */
void jobs_release(void);

/* Tokens held right now (for tests). */
unsigned int jobs_tokens_held(void);

#endif /* UTIL_JOBSERVER_H */
