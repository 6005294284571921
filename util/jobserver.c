// SPDX-License-Identifier: GPL-2.0-only
/*
 * GNU make jobserver client: take free job tokens without waiting for
 * them, and give every one back on exit, on error and on fatal signals.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <util/file.h>
#include <util/jobserver.h>
#include <util/parallel.h>
#include <util/xalloc.h>

/* The state is global: a process has one make above it. */
static char tokens[JOBS_MAX];		/* the bytes read, given back as is */
/* Lock-free atomics: the signal handler reads and writes them too. */
static unsigned int held;		/* how many of them */
static int releasing;
static int token_rfd = -1;		/* non-blocking, ours */
static int token_wfd = -1;
static bool handlers_installed;

static const int fatal_signals[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGABRT,
};
static struct sigaction old_actions[ARRAY_SIZE(fatal_signals)];

static bool parse_fd_pair(const char *s, int *rfd, int *wfd)
{
	char *end;
	long r, w;

	errno = 0;
	r = strtol(s, &end, 10);
	if (errno || end == s || *end != ',')
		return false;
	s = end + 1;
	w = strtol(s, &end, 10);
	if (errno || end == s || *end)
		return false;
	/* make writes -2,-2 when it could not pass the pipe on */
	if (r < 0 || w < 0 || r > 65535 || w > 65535)
		return false;
	*rfd = (int)r;
	*wfd = (int)w;
	return true;
}

/* Reads one jobserver option value into @auth; false if it is not ours. */
static bool parse_auth_value(const char *val, struct jobserver_auth *auth)
{
	if (!strncmp(val, "fifo:", 5)) {
		if (!val[5])
			return false;
		auth->kind = JOBSERVER_FIFO;
		auth->fifo = xstrdup(val + 5);
		return true;
	}
	if (parse_fd_pair(val, &auth->rfd, &auth->wfd)) {
		auth->kind = JOBSERVER_PIPE;
		return true;
	}
	return false;
}

/*
 * Copies the next blank-separated word of @s into @word (make escapes
 * blanks inside a word with a backslash); returns the rest or NULL.
 */
static const char *next_word(const char *s, char *word, size_t size)
{
	size_t n = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return NULL;
	while (*s && *s != ' ' && *s != '\t') {
		if (*s == '\\' && s[1])
			s++;
		if (n + 1 < size)
			word[n++] = *s;
		s++;
	}
	word[n] = '\0';
	return s;
}

bool jobserver_parse(const char *makeflags, struct jobserver_auth *auth)
{
	static const char *const opts[] = {
		"--jobserver-auth=", "--jobserver-fds=",
	};
	struct jobserver_auth found = { JOBSERVER_NONE, -1, -1, NULL };
	char word[4096];
	const char *s = makeflags;
	size_t i;

	while (s && (s = next_word(s, word, sizeof(word)))) {
		/* variable assignments follow a lone "--" */
		if (!strcmp(word, "--"))
			break;
		for (i = 0; i < ARRAY_SIZE(opts); i++) {
			size_t len = strlen(opts[i]);
			struct jobserver_auth a = { JOBSERVER_NONE, -1, -1, NULL };

			if (strncmp(word, opts[i], len))
				continue;
			/* the last announcement wins, as in make */
			if (parse_auth_value(word + len, &a)) {
				free(found.fifo);
				found = a;
			}
		}
	}
	*auth = found;
	return found.kind != JOBSERVER_NONE;
}

static bool fd_is_pipe(int fd, int want_mode, struct stat *st)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fstat(fd, st) || !S_ISFIFO(st->st_mode))
		return false;
	fl &= O_ACCMODE;
	return fl == O_RDWR || fl == want_mode;
}

/*
 * make closes its pipe to recipes not marked '+' (make 4.2 and later),
 * and the fd numbers may then name other files: use them only when they
 * are the two ends of one pipe.
 */
static bool fds_are_jobserver(int rfd, int wfd)
{
	struct stat r, w;

	return fd_is_pipe(rfd, O_RDONLY, &r) && fd_is_pipe(wfd, O_WRONLY, &w) &&
	       r.st_dev == w.st_dev && r.st_ino == w.st_ino;
}

/*
 * A reader of our own that never blocks, without changing the flags of
 * the open file that make and its other children share.
 */
static int open_pipe_reader(int rfd)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/fd/%d", rfd);
	return open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
}

/* Sets token_rfd and token_wfd; false when the jobserver is not usable. */
static bool jobserver_open(const struct jobserver_auth *auth)
{
	if (auth->kind == JOBSERVER_FIFO) {
		/* O_RDWR: the open never waits for a writer */
		token_rfd = open(auth->fifo, O_RDWR | O_NONBLOCK | O_CLOEXEC);
		token_wfd = token_rfd;
		return token_rfd >= 0;
	}
	if (!fds_are_jobserver(auth->rfd, auth->wfd))
		return false;
	token_rfd = open_pipe_reader(auth->rfd);
	token_wfd = auth->wfd;
	return token_rfd >= 0;
}

static void jobserver_close(void)
{
	if (token_rfd >= 0)
		close(token_rfd);
	token_rfd = -1;
	token_wfd = -1;
}

/* Only async-signal-safe calls from here to release_on_signal(). */
static void write_tokens(const char *buf, size_t n)
{
	struct pollfd pfd = { .fd = token_wfd, .events = POLLOUT };

	while (n) {
		ssize_t w = write(token_wfd, buf, n);

		if (w > 0) {
			buf += w;
			n -= (size_t)w;
		} else if (w < 0 && errno == EAGAIN) {
			poll(&pfd, 1, 100);
		} else if (w < 0 && errno == EINTR) {
			continue;
		} else {
			return;	/* make is gone: nobody to give them to */
		}
	}
}

/*
 * Whoever swaps @held to zero writes the tokens; a second caller (a signal
 * on another thread) waits for that write to end before the process dies.
 * The caller has the fatal signals blocked on its own thread.
 */
static void release_tokens(void)
{
	int saved_errno = errno;
	struct timespec ms = { 0, 1000000 };
	unsigned int n;

	__atomic_add_fetch(&releasing, 1, __ATOMIC_SEQ_CST);
	n = __atomic_exchange_n(&held, 0, __ATOMIC_SEQ_CST);
	if (n > 0)
		write_tokens(tokens, n);
	__atomic_sub_fetch(&releasing, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&releasing, __ATOMIC_SEQ_CST))
		nanosleep(&ms, NULL);
	errno = saved_errno;
}

static void block_fatal_signals(sigset_t *old)
{
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < ARRAY_SIZE(fatal_signals); i++)
		sigaddset(&set, fatal_signals[i]);
	pthread_sigmask(SIG_BLOCK, &set, old);
}

void jobs_release(void)
{
	sigset_t old;

	block_fatal_signals(&old);
	release_tokens();
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

unsigned int jobs_tokens_held(void)
{
	return __atomic_load_n(&held, __ATOMIC_SEQ_CST);
}

static void release_on_signal(int sig, siginfo_t *info, void *ctx)
{
	size_t i;

	release_tokens();
	for (i = 0; i < ARRAY_SIZE(fatal_signals); i++) {
		struct sigaction *old = &old_actions[i];

		if (fatal_signals[i] != sig)
			continue;
		/* pass it on to the handler that was there before ours */
		if (old->sa_flags & SA_SIGINFO) {
			old->sa_sigaction(sig, info, ctx);
			return;
		}
		if (old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN) {
			old->sa_handler(sig);
			return;
		}
	}
	/* die of the signal as soon as this handler returns */
	signal(sig, SIG_DFL);
	raise(sig);
}

/* The exit path; also a hook of the signal handler of util/file.c. */
static void release_at_exit(void)
{
	jobs_release();
}

static void install_release_handlers(void)
{
	struct sigaction sa;
	size_t i;

	if (handlers_installed)
		return;
	handlers_installed = true;
	atexit(release_at_exit);
	at_signal(release_at_exit);

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = release_on_signal;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(fatal_signals); i++)
		sigaddset(&sa.sa_mask, fatal_signals[i]);
	for (i = 0; i < ARRAY_SIZE(fatal_signals); i++) {
		struct sigaction *old = &old_actions[i];

		if (sigaction(fatal_signals[i], NULL, old))
			continue;
		/* a signal ignored by whoever started us stays ignored */
		if (!(old->sa_flags & SA_SIGINFO) &&
		    old->sa_handler == SIG_IGN)
			continue;
		sigaction(fatal_signals[i], &sa, NULL);
	}
}

/* Reads up to @want free tokens without waiting; returns how many. */
static unsigned int take_free_tokens(unsigned int want)
{
	unsigned int n;
	sigset_t old;

	/* a token read must be counted before a signal can strike */
	block_fatal_signals(&old);
	while ((n = __atomic_load_n(&held, __ATOMIC_SEQ_CST)) < want) {
		ssize_t r = read(token_rfd, tokens + n, want - n);

		if (r > 0)
			__atomic_add_fetch(&held, r, __ATOMIC_SEQ_CST);
		else if (r < 0 && errno == EINTR)
			continue;
		else
			break;	/* EAGAIN: none free now; 0: make is gone */
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return n;
}

static unsigned int clamp_jobs(unsigned int n)
{
	if (n < 1)
		return 1;
	return n > JOBS_MAX ? JOBS_MAX : n;
}

unsigned int jobserver_acquire(unsigned int most)
{
	struct jobserver_auth auth;
	bool usable;

	most = clamp_jobs(most);
	if (!jobserver_parse(getenv("MAKEFLAGS"), &auth))
		return most;

	jobs_release();
	jobserver_close();
	usable = jobserver_open(&auth);
	free(auth.fifo);
	/* announced but closed to us: as if make were not there */
	if (!usable) {
		jobserver_close();
		return most;
	}
	if (most == 1)
		return 1;
	install_release_handlers();
	return 1 + take_free_tokens(most - 1);
}

unsigned int jobs_acquire(unsigned int wanted)
{
	if (wanted)
		return clamp_jobs(wanted);
	return jobserver_acquire(online_cpus());
}
