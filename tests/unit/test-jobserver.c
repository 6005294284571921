// SPDX-License-Identifier: GPL-2.0-only
/*
 * The make jobserver client: parsing MAKEFLAGS, taking only free tokens
 * without blocking, and giving every token back on release, on exit and
 * when killed by a signal.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <util/file.h>
#include <util/jobserver.h>
#include <util/parallel.h>
#include <util/xalloc.h>
#include "unit.h"

/* Bytes waiting in a pipe, without taking them. */
static int pipe_count(int fd)
{
	int n = -1;

	if (ioctl(fd, FIONREAD, &n) < 0)
		return -1;
	return n;
}

static void put_tokens(int fd, const char *t)
{
	if (write(fd, t, strlen(t)) != (ssize_t)strlen(t))
		perror("write tokens");
}

/* Reads every byte now in the (non-blocking) pipe, sorted. */
static void drain_sorted(int fd, char *buf, size_t size)
{
	int n = pipe_count(fd);
	ssize_t r = 0;
	int i, j;

	if (n > 0 && (size_t)n < size)
		r = read(fd, buf, n);
	buf[r > 0 ? r : 0] = '\0';
	for (i = 0; buf[i]; i++)
		for (j = i + 1; buf[j]; j++)
			if (buf[j] < buf[i]) {
				char c = buf[i];

				buf[i] = buf[j];
				buf[j] = c;
			}
}

static void set_pipe_makeflags(const char *opt, int rfd, int wfd)
{
	char flags[128];

	snprintf(flags, sizeof(flags), " -j9 %s=%d,%d", opt, rfd, wfd);
	setenv("MAKEFLAGS", flags, 1);
}

static bool parses_to_pipe(const char *flags, int rfd, int wfd)
{
	struct jobserver_auth a;
	bool ok = jobserver_parse(flags, &a);

	ok = ok && a.kind == JOBSERVER_PIPE && a.rfd == rfd && a.wfd == wfd;
	free(a.fifo);
	return ok;
}

static bool parses_to_fifo(const char *flags, const char *path)
{
	struct jobserver_auth a;
	bool ok = jobserver_parse(flags, &a);

	ok = ok && a.kind == JOBSERVER_FIFO && a.fifo && !strcmp(a.fifo, path);
	free(a.fifo);
	return ok;
}

static bool parses_to_none(const char *flags)
{
	struct jobserver_auth a;
	bool found = jobserver_parse(flags, &a);

	free(a.fifo);
	return !found && a.kind == JOBSERVER_NONE;
}

static void test_parse(void)
{
	CHECK(parses_to_none(NULL));
	CHECK(parses_to_none(""));
	CHECK(parses_to_none("rR -j4"));
	CHECK(parses_to_pipe(" -j3 --jobserver-auth=3,4", 3, 4));
	CHECK(parses_to_pipe("rR -j --jobserver-fds=5,6", 5, 6));
	CHECK(parses_to_fifo("-j8 --jobserver-auth=fifo:/tmp/GMfifo12",
			     "/tmp/GMfifo12"));
	CHECK(parses_to_fifo("--jobserver-auth=fifo:/tmp/a\\ b", "/tmp/a b"));
	/* make appends; the last one is the one in force */
	CHECK(parses_to_fifo("--jobserver-auth=3,4 --jobserver-auth=fifo:/x",
			     "/x"));
	CHECK(parses_to_pipe("--jobserver-auth=fifo:/x --jobserver-auth=7,8",
			     7, 8));
	/* after a lone "--" come variable assignments, not options */
	CHECK(parses_to_none("-j2 -- V=--jobserver-auth=3,4"));
	CHECK(parses_to_none("--jobserver-auth=-2,-2"));
	CHECK(parses_to_none("--jobserver-auth=3"));
	CHECK(parses_to_none("--jobserver-auth=3,x"));
	CHECK(parses_to_none("--jobserver-auth=fifo:"));
	CHECK(parses_to_none("--jobserver-auth=GMSem1234"));
	CHECK(parses_to_none("--jobserver-authx=3,4"));
	CHECK(parses_to_pipe("--jobserver-auth=bad --jobserver-auth=3,4",
			     3, 4));
}

static void test_pipe(void)
{
	char back[64];
	int p[2];

	if (pipe(p)) {
		CHECK(!"pipe");
		return;
	}
	put_tokens(p[1], "abcde");
	set_pipe_makeflags("--jobserver-auth", p[0], p[1]);
	CHECK(jobserver_acquire(4) == 4);
	CHECK(jobs_tokens_held() == 3);
	CHECK(pipe_count(p[0]) == 2);
	jobs_release();
	CHECK(jobs_tokens_held() == 0);
	CHECK(pipe_count(p[0]) == 5);
	jobs_release();
	CHECK(pipe_count(p[0]) == 5);

	/* more wanted than there are: take what is free, do not wait */
	alarm(10);
	CHECK(jobserver_acquire(64) == 6);
	CHECK(pipe_count(p[0]) == 0);
	CHECK(jobserver_acquire(64) == 6);	/* gives back, takes again */
	jobs_release();
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	drain_sorted(p[0], back, sizeof(back));
	CHECK_STR(back, "abcde");		/* the same bytes */
	CHECK(jobserver_acquire(8) == 1);	/* none free: implicit slot */
	CHECK(jobserver_acquire(1) == 1);
	alarm(0);
	jobs_release();

	/* the older option name of make 4.1 */
	put_tokens(p[1], "++");
	set_pipe_makeflags("--jobserver-fds", p[0], p[1]);
	CHECK(jobserver_acquire(2) == 2);
	CHECK(pipe_count(p[0]) == 1);
	jobs_release();
	CHECK(pipe_count(p[0]) == 2);

	/* an explicit -j leaves the jobserver alone */
	CHECK(jobs_acquire(5) == 5);
	CHECK(jobs_tokens_held() == 0);
	CHECK(pipe_count(p[0]) == 2);
	CHECK(jobs_acquire(100000) == JOBS_MAX);
	close(p[0]);
	close(p[1]);
}

static void test_unusable(void)
{
	int fd = open("/dev/null", O_RDWR), p[2], q[2];

	/* announced, but make closed the pipe to us: like no jobserver */
	set_pipe_makeflags("--jobserver-auth", 900, 901);
	CHECK(jobserver_acquire(3) == 3);
	CHECK(jobs_tokens_held() == 0);
	/* fds that are open but not a pipe are not make's */
	set_pipe_makeflags("--jobserver-auth", fd, fd);
	CHECK(jobserver_acquire(3) == 3);
	close(fd);
	/* two pipes that are not one: the numbers were reused */
	if (!pipe(p) && !pipe(q)) {
		put_tokens(p[1], "++");
		set_pipe_makeflags("--jobserver-auth", p[0], q[1]);
		CHECK(jobserver_acquire(3) == 3);
		CHECK(pipe_count(p[0]) == 2);
		close(p[0]);
		close(p[1]);
		close(q[0]);
		close(q[1]);
	}
	setenv("MAKEFLAGS", "--jobserver-auth=fifo:/nonexistent/fifo", 1);
	CHECK(jobserver_acquire(2) == 2);
	unsetenv("MAKEFLAGS");
	CHECK(jobs_acquire(0) == online_cpus() ||
	      (online_cpus() > JOBS_MAX && jobs_acquire(0) == JOBS_MAX));
	CHECK(jobserver_acquire(0) == 1);
}

static void test_fifo(void)
{
	char dir[] = "/tmp/ico-js.XXXXXX", path[64], flags[128];
	int fd;

	if (!mkdtemp(dir)) {
		CHECK(!"mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/fifo", dir);
	if (mkfifo(path, 0600)) {
		CHECK(!"mkfifo");
		rmdir(dir);
		return;
	}
	/* make 4.4 keeps its fifo open; so do we, and put three tokens */
	fd = open(path, O_RDWR | O_NONBLOCK);
	put_tokens(fd, "+++");
	snprintf(flags, sizeof(flags), "-j4 --jobserver-auth=fifo:%s", path);
	setenv("MAKEFLAGS", flags, 1);
	alarm(10);
	CHECK(jobserver_acquire(3) == 3);
	CHECK(pipe_count(fd) == 1);
	jobs_release();
	CHECK(pipe_count(fd) == 3);
	CHECK(jobserver_acquire(10) == 4);
	CHECK(pipe_count(fd) == 0);
	jobs_release();
	CHECK(pipe_count(fd) == 3);
	alarm(0);
	close(fd);
	unlink(path);
	rmdir(dir);
	unsetenv("MAKEFLAGS");
}

enum child_end {
	END_EXIT,		/* exit(3) without releasing */
	END_SIGTERM,		/* killed while holding tokens */
	END_SIGINT_CLEANUP,	/* util/file.c handlers set before acquiring */
	END_SIGHUP_LATE,	/* util/file.c handlers set after acquiring */
	END_SIGPIPE,		/* a signal util/file.c does not handle */
	END_SIGQUIT_IGNORED,	/* ignored by the parent: stays ignored */
};

/*
 * The child: a fresh process (exec'ed), so that no handler is set yet.
 * It reports its job count on @ready_fd, then waits for its standard
 * input to close (or for a signal) before it ends.
 */
static int child_main(enum child_end how, int ready_fd)
{
	unsigned char n;

	if (how == END_SIGINT_CLEANUP)
		install_cleanup_handlers();
	n = (unsigned char)jobserver_acquire(4);
	if (how == END_SIGHUP_LATE)
		install_cleanup_handlers();
	if (write(ready_fd, &n, 1) != 1)
		return 9;
	if (how == END_SIGQUIT_IGNORED)
		raise(SIGQUIT);
	while (read(STDIN_FILENO, &n, 1) > 0)
		;
	if (how == END_EXIT)
		exit(3);
	/* the atexit handler gives them back */
	return how == END_SIGQUIT_IGNORED ? 4 : 8;
}

static const int kill_with[] = {
	[END_SIGTERM] = SIGTERM,
	[END_SIGINT_CLEANUP] = SIGINT,
	[END_SIGHUP_LATE] = SIGHUP,
	[END_SIGPIPE] = SIGPIPE,
};

static bool ended_as(int status, int want_status)
{
	if (want_status < 0)
		return WIFSIGNALED(status) && WTERMSIG(status) == -want_status;
	return WIFEXITED(status) && WEXITSTATUS(status) == want_status;
}

/*
 * A child takes tokens (it wants 4 jobs: 3 tokens out of 5), tells us,
 * then ends as @how says; the pipe must hold all five tokens again.
 */
static bool child_gives_back(enum child_end how, int want_status)
{
	int p[2], ready[2], go[2], status = 0, held = -1;
	unsigned char jobs = 0;
	char how_s[16], fd_s[16];
	bool ok;
	pid_t pid;

	if (pipe(p) || pipe(ready) || pipe(go))
		return false;
	put_tokens(p[1], "+++++");
	set_pipe_makeflags("--jobserver-auth", p[0], p[1]);
	snprintf(how_s, sizeof(how_s), "%d", how);
	snprintf(fd_s, sizeof(fd_s), "%d", ready[1]);
	pid = fork();
	if (pid == 0) {
		if (how == END_SIGQUIT_IGNORED)
			signal(SIGQUIT, SIG_IGN);
		dup2(go[0], STDIN_FILENO);
		close(go[1]);
		execl("/proc/self/exe", "test-jobserver", "child", how_s,
		      fd_s, (char *)NULL);
		_exit(127);
	}
	close(ready[1]);
	close(go[0]);
	if (read(ready[0], &jobs, 1) == 1)
		held = 5 - pipe_count(p[0]);
	if (how < ARRAY_SIZE(kill_with) && kill_with[how])
		kill(pid, kill_with[how]);
	close(go[1]);
	waitpid(pid, &status, 0);
	ok = jobs == 4 && held == 3 && pipe_count(p[0]) == 5 &&
	     ended_as(status, want_status);
	close(p[0]);
	close(p[1]);
	close(ready[0]);
	return ok;
}

static void test_exit_paths(void)
{
	CHECK(child_gives_back(END_EXIT, 3));
	CHECK(child_gives_back(END_SIGTERM, -SIGTERM));
	CHECK(child_gives_back(END_SIGINT_CLEANUP, -SIGINT));
	CHECK(child_gives_back(END_SIGHUP_LATE, -SIGHUP));
	CHECK(child_gives_back(END_SIGPIPE, -SIGPIPE));
	CHECK(child_gives_back(END_SIGQUIT_IGNORED, 4));
	unsetenv("MAKEFLAGS");
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "child"))
		return child_main(atoi(argv[2]), atoi(argv[3]));
	test_parse();
	test_pipe();
	test_unusable();
	test_fifo();
	test_exit_paths();
	return unit_done();
}
