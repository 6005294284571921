// SPDX-License-Identifier: GPL-2.0-only
/*
 * jobserver-probe: looks at a make jobserver from the outside, with plain
 * system calls (not util/jobserver.c, which it helps to test).
 *
 *   jobserver-probe count            tokens now in the jobserver that
 *                                    MAKEFLAGS names (pipe fds or fifo)
 *   jobserver-probe wait-below N MS  waits up to MS milliseconds until
 *                                    fewer than N tokens are left; exit 1
 *                                    if that never happens
 *   jobserver-probe steal            takes one token and keeps it (to
 *                                    check that make notices lost tokens)
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

/* The read side of the last jobserver named in MAKEFLAGS, or -1. */
static int jobserver_fd(void)
{
	const char *flags = getenv("MAKEFLAGS"), *p, *last = NULL;
	static const char *const opts[] = {
		"--jobserver-auth=", "--jobserver-fds=",
	};
	char path[4096];
	int r, w, i;
	size_t n;

	/* the one that starts last is in force */
	for (i = 0; i < 2; i++)
		for (p = flags; p && (p = strstr(p, opts[i])); p++)
			if (!last || p > last)
				last = p;
	if (!last)
		return -1;
	last = strchr(last, '=') + 1;
	if (!strncmp(last, "fifo:", 5)) {
		n = strcspn(last + 5, " ");
		if (n >= sizeof(path))
			return -1;
		memcpy(path, last + 5, n);
		path[n] = '\0';
		return open(path, O_RDWR | O_NONBLOCK);
	}
	if (sscanf(last, "%d,%d", &r, &w) != 2)
		return -1;
	return r;
}

static int tokens(int fd)
{
	int n = -1;

	if (ioctl(fd, FIONREAD, &n) < 0)
		return -1;
	return n;
}

int main(int argc, char **argv)
{
	int fd = jobserver_fd();
	char c;

	if (fd < 0 || tokens(fd) < 0) {
		fprintf(stderr, "jobserver-probe: no jobserver in MAKEFLAGS\n");
		return 2;
	}
	if (argc == 2 && !strcmp(argv[1], "count")) {
		printf("%d\n", tokens(fd));
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "wait-below")) {
		struct timespec tick = { 0, 10 * 1000 * 1000 };
		int want = atoi(argv[2]), ms = atoi(argv[3]);

		for (; ms > 0; ms -= 10) {
			if (tokens(fd) < want)
				return 0;
			nanosleep(&tick, NULL);
		}
		return 1;
	}
	if (argc == 2 && !strcmp(argv[1], "steal"))
		return read(fd, &c, 1) == 1 ? 0 : 1;
	fprintf(stderr, "usage: jobserver-probe count | wait-below N MS | steal\n");
	return 2;
}
