// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fallback for bitcode whose symbol table we cannot trust: run
 * "$NM --defined-only FILE" directly (never through a shell) and read
 * its output.
 *
 * FILE is a name from the command line or from a thin archive.  GNU nm
 * and llvm-nm both read an argument "-..." as options and "@FILE" as a
 * response file of more arguments (GNU nm even before "--"), so a
 * relative path is always handed over as "./PATH", as the kernel's script
 * does with "$objtree/PATH".
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <symtab/nm.h>
#include <util/strbuf.h>

extern char **environ;

struct nm_run {
	struct strbuf out;
	struct strbuf errors;
	int status;
};

static const char *nm_program(void)
{
	const char *nm = getenv("NM");

	return nm && *nm ? nm : "llvm-nm";
}

/* Drains both pipes together so that neither can fill up and block nm. */
static int drain(int out_fd, int err_fd, struct nm_run *run)
{
	struct pollfd pfd[2] = {
		{ .fd = out_fd, .events = POLLIN },
		{ .fd = err_fd, .events = POLLIN },
	};
	struct strbuf *dest[2] = { &run->out, &run->errors };
	char buf[65536];
	int open_fds = 2, i;

	while (open_fds) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		for (i = 0; i < 2; i++) {
			ssize_t n;

			if (pfd[i].fd < 0 || !pfd[i].revents)
				continue;
			n = read(pfd[i].fd, buf, sizeof(buf));
			if (n > 0) {
				strbuf_add(dest[i], buf, n);
				continue;
			}
			if (n < 0 && errno == EINTR)
				continue;
			pfd[i].fd = -1;
			open_fds--;
		}
	}
	return 0;
}

/* One line: the first of what nm said, and how it ended. */
static void nm_failed(const char *nm, const struct nm_run *run,
		      struct symtab_err *err)
{
	const char *said = run->errors.buf ? run->errors.buf : "";
	int len = strcspn(said, "\n");

	if (len > 160)
		len = 160;
	if (WIFSIGNALED(run->status))
		symtab_errf(err, "%s --defined-only died of signal %d: %.*s",
			    nm, WTERMSIG(run->status), len, said);
	else
		symtab_errf(err, "%s --defined-only failed (status %d): %.*s",
			    nm, WEXITSTATUS(run->status), len, said);
}

/* @path as an argument nm cannot take for an option or a response file. */
static char *path_argument(const char *path)
{
	struct strbuf sb = STRBUF_INIT;

	if (path[0] != '/')
		strbuf_addstr(&sb, "./");
	strbuf_addstr(&sb, path);
	return strbuf_detach(&sb);
}

static int spawn_nm(const char *path, struct nm_run *run,
		    struct symtab_err *err)
{
	char *argv[4], *file = path_argument(path);
	posix_spawn_file_actions_t fa;
	int out[2], errp[2], ret;
	pid_t pid;

	argv[0] = (char *)nm_program();
	argv[1] = "--defined-only";
	argv[2] = file;
	argv[3] = NULL;
	if (pipe2(out, O_CLOEXEC) < 0)
		goto fail;
	if (pipe2(errp, O_CLOEXEC) < 0) {
		close(out[0]);
		close(out[1]);
		goto fail;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, out[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, errp[1], STDERR_FILENO);
	ret = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(out[1]);
	close(errp[1]);
	if (!ret)
		ret = -drain(out[0], errp[0], run);
	close(out[0]);
	close(errp[0]);
	free(file);
	if (ret) {
		symtab_errf(err, "cannot run %s: %s", argv[0], strerror(ret));
		return -1;
	}
	while (waitpid(pid, &run->status, 0) < 0)
		if (errno != EINTR)
			break;
	if (!WIFEXITED(run->status) || WEXITSTATUS(run->status)) {
		nm_failed(argv[0], run, err);
		return -1;
	}
	return 0;
fail:
	symtab_errf(err, "cannot create a pipe: %s", strerror(errno));
	free(file);
	return -1;
}

/* "<address> <type> <name>"; member headers and blank lines are skipped. */
static int parse_line(const char *line, size_t len,
		      const struct sym_visitor *v)
{
	const char *sp = memchr(line, ' ', len);
	struct sym sym = { 0 };

	if (!sp || (size_t)(sp - line) + 3 > len || sp[2] != ' ')
		return 0;
	sym.type = sp[1];
	sym.name = sp + 3;
	sym.name_len = len - (sym.name - line);
	return v->symbol(&sym, v->arg);
}

static int parse_output(const struct strbuf *out,
			const struct sym_visitor *v)
{
	const char *p = out->buf, *end = out->buf + out->len;
	int ret;

	while (p && p < end) {
		const char *nl = memchr(p, '\n', end - p);
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		ret = parse_line(p, len, v);
		if (ret)
			return ret;
		p = nl ? nl + 1 : end;
	}
	return 0;
}

static int write_temp(const struct blob *b, char *path, size_t size,
		      struct symtab_err *err)
{
	const char *dir = getenv("TMPDIR");
	size_t done = 0;
	int fd;

	snprintf(path, size, "%s/initcall-order-nm.XXXXXX",
		 dir && *dir ? dir : "/tmp");
	fd = mkstemp(path);
	if (fd < 0) {
		symtab_errf(err, "cannot create a temporary file: %s",
			    strerror(errno));
		return -1;
	}
	while (done < b->size) {
		ssize_t n = write(fd, b->data + done, b->size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			symtab_errf(err, "cannot write a temporary file: %s",
				    strerror(errno));
			close(fd);
			unlink(path);
			return -1;
		}
		done += n;
	}
	close(fd);
	return 0;
}

int nm_scan(const char *path, const struct blob *b,
	    const struct sym_visitor *v, struct symtab_err *err)
{
	struct nm_run run = { STRBUF_INIT, STRBUF_INIT, 0 };
	char tmp[4096];
	int ret;

	if (!path) {
		if (write_temp(b, tmp, sizeof(tmp), err))
			return -1;
		path = tmp;
	}
	ret = spawn_nm(path, &run, err);
	if (path == tmp)
		unlink(tmp);
	if (!ret)
		ret = parse_output(&run.out, v);
	strbuf_release(&run.out);
	strbuf_release(&run.errors);
	return ret;
}
