// SPDX-License-Identifier: GPL-2.0-only
/*
 * measure: runs a command several times and prints its wall time, CPU
 * time and peak RSS, for bench/run.sh.
 *
 *   measure [-r REPS] [-t SECONDS] [-w WARMUPS] [-C DIR] [-o FILE] -- CMD...
 *
 * At least REPS runs (default 5), more while they add up to less than
 * SECONDS (default 0; at most 201 runs), so that fast commands get
 * enough runs for a steady median on a busy machine.
 *
 * Each run goes through a helper process that forks the command, waits
 * for it and then reads getrusage(RUSAGE_CHILDREN): its ru_maxrss is the
 * largest peak RSS of the command and of every descendant it waited for
 * (perl's llvm-nm, for instance), which /usr/bin/time -f %M on the command
 * alone would miss.  The command's stdout goes to FILE (default
 * /dev/null), its stderr to /dev/null; it runs in DIR.
 *
 * Prints one line: "median_s min_s max_s peak_rss_kib cpu_median_s runs", or
 * exits 1 naming the status when a run fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct run {
	int status;
	double wall;
	double cpu;
	long maxrss_kib;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double tv_sec(struct timeval tv)
{
	return tv.tv_sec + tv.tv_usec / 1e6;
}

static void exec_command(const char *dir, const char *out, char **argv)
{
	int fd;

	if (dir && chdir(dir)) {
		perror(dir);
		_exit(126);
	}
	fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0) {
		perror(out);
		_exit(126);
	}
	fd = open("/dev/null", O_WRONLY);
	if (fd >= 0)
		dup2(fd, STDERR_FILENO);
	execvp(argv[0], argv);
	_exit(127);
}

/* In the helper process: one run of the command, reported on @fd. */
static void helper(int fd, const char *dir, const char *out, char **argv)
{
	struct rusage ru;
	struct run r;
	double t0;
	pid_t pid;

	t0 = now();
	pid = fork();
	if (pid < 0)
		_exit(125);
	if (pid == 0)
		exec_command(dir, out, argv);
	while (waitpid(pid, &r.status, 0) < 0 && errno == EINTR)
		;
	r.wall = now() - t0;
	getrusage(RUSAGE_CHILDREN, &ru);
	r.cpu = tv_sec(ru.ru_utime) + tv_sec(ru.ru_stime);
	r.maxrss_kib = ru.ru_maxrss;
	if (write(fd, &r, sizeof(r)) != sizeof(r))
		_exit(125);
	_exit(0);
}

static int run_once(struct run *r, const char *dir, const char *out,
		    char **argv)
{
	int p[2], status;
	pid_t pid;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(p[0]);
		helper(p[1], dir, out, argv);
	}
	close(p[1]);
	if (read(p[0], r, sizeof(*r)) != sizeof(*r))
		r->status = -1;
	close(p[0]);
	waitpid(pid, &status, 0);
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
	const char *dir = NULL, *out = "/dev/null";
	int reps = 5, warmups = 1, c, i, max_reps;
	double *wall, *cpu, min_total = 0, total = 0;
	long rss = 0;
	struct run r;

	while ((c = getopt(argc, argv, "+r:t:w:C:o:")) != -1) {
		switch (c) {
		case 'r':
			reps = atoi(optarg);
			break;
		case 't':
			min_total = atof(optarg);
			break;
		case 'w':
			warmups = atoi(optarg);
			break;
		case 'C':
			dir = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		default:
			return 2;
		}
	}
	if (optind >= argc || reps < 1 || warmups < 0) {
		fprintf(stderr, "usage: measure [-r REPS] [-t SECONDS] [-w WARMUPS] [-C DIR] [-o FILE] -- CMD...\n");
		return 2;
	}
	max_reps = min_total > 0 && reps < 201 ? 201 : reps;
	wall = calloc(max_reps, sizeof(*wall));
	cpu = calloc(max_reps, sizeof(*cpu));
	if (!wall || !cpu)
		return 1;
	for (i = -warmups; i < max_reps; i++) {
		if (i >= reps && total >= min_total)
			break;
		if (run_once(&r, dir, out, argv + optind) || r.status) {
			fprintf(stderr, "measure: %s: status 0x%x\n",
				argv[optind], r.status);
			return 1;
		}
		if (i < 0)
			continue;
		wall[i] = r.wall;
		total += r.wall;
		cpu[i] = r.cpu;
		if (r.maxrss_kib > rss)
			rss = r.maxrss_kib;
	}
	reps = i;
	qsort(wall, reps, sizeof(*wall), cmp_double);
	printf("%.6f %.6f %.6f %ld %.6f %d\n", median(wall, reps), wall[0],
	       wall[reps - 1], rss, median(cpu, reps), reps);
	return 0;
}
