/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running the project's programs from a selftest: daemons started in the
 * background with their output in a log file (servicemanager,
 * echo-service), and commands run to completion with their output
 * captured (service, binder-stats, echo-client).  The binaries are the
 * ones built for the VM, in /tools, and /tools32 for the -m32 builds
 * (TOOLS_DIR: those of the test's own width).
 *
 * Everything has a timeout; a daemon is killed if it does not stop.
 */
#ifndef SPAWN_H
#define SPAWN_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/*
 * The VM's tools of each width.  A test runs those of its own width, so a
 * 32-bit (-m32) build of a test has 32-bit user space throughout; mixed
 * pairs (compat_test) name both.
 */
#define TOOLS64_DIR	"/tools"
#define TOOLS32_DIR	"/tools32"
#if UINTPTR_MAX == UINT32_MAX
#define TOOLS_DIR	TOOLS32_DIR
#else
#define TOOLS_DIR	TOOLS64_DIR
#endif

struct daemon {
	pid_t pid;
	char log[96];
};

/* Milliseconds since an arbitrary start. */
static inline long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* In a child: stdout and stderr to @path (or a pipe end @fd >= 0), then exec. */
static inline void exec_with_output(char *const argv[], const char *path, int fd)
{
	if (path)
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
	if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
		_exit(126);
	execv(argv[0], argv);
	_exit(127);
}

/* Start @argv in the background, output to @log. */
static inline int daemon_start(struct daemon *d, char *const argv[], const char *log)
{
	memset(d, 0, sizeof(*d));
	snprintf(d->log, sizeof(d->log), "%s", log);
	d->pid = fork();
	if (d->pid < 0)
		return -errno;
	if (d->pid == 0)
		exec_with_output(argv, d->log, -1);
	return 0;
}

/*
 * Wait up to @timeout_ms for @pid to end; its exit status, 128 + signal,
 * or -ETIMEDOUT (then it was killed and reaped).
 */
static inline int wait_exit(pid_t pid, int timeout_ms)
{
	long end = now_ms() + timeout_ms;
	int status;
	pid_t r;

	for (;;) {
		r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		if (r < 0)
			return -errno;
		if (now_ms() > end) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return -ETIMEDOUT;
		}
		usleep(10 * 1000);
	}
}

/* Send @sig and reap; as wait_exit().  Safe on a daemon never started. */
static inline int daemon_stop(struct daemon *d, int sig, int timeout_ms)
{
	int ret;

	if (d->pid <= 0)
		return -ECHILD;
	kill(d->pid, sig);
	ret = wait_exit(d->pid, timeout_ms);
	d->pid = 0;
	return ret;
}

/* Whether the daemon's log holds @needle, waiting up to @timeout_ms. */
static inline bool log_has(const struct daemon *d, const char *needle, int timeout_ms)
{
	long end = now_ms() + timeout_ms;
	char buf[16384];
	size_t n;
	FILE *f;

	do {
		f = fopen(d->log, "r");
		if (f) {
			n = fread(buf, 1, sizeof(buf) - 1, f);
			fclose(f);
			buf[n] = 0;
			if (strstr(buf, needle))
				return true;
		}
		usleep(20 * 1000);
	} while (now_ms() < end);
	return false;
}

/*
 * Start the servicemanager of @dir (TOOLS_DIR, TOOLS32_DIR...) with the
 * command-line arguments @args (NULL-ended, at most 8), output to @log.
 * The driver may still be releasing the previous test's context manager
 * (the reference driver does it from a workqueue), and then servicemanager
 * exits saying so: it is started again, as init would.  0 once its log
 * says it is the context manager.
 */
static inline int start_servicemanager_in(struct daemon *d, const char *dir,
					  char *const args[], const char *log)
{
	char path[64];
	char *argv[10] = { path };
	long end = now_ms() + 15000;
	int i, status, ret;

	snprintf(path, sizeof(path), "%s/servicemanager", dir);
	for (i = 0; args && args[i] && i < 8; i++)
		argv[1 + i] = args[i];
	while (now_ms() < end) {
		ret = daemon_start(d, argv, log);
		if (ret)
			return ret;
		while (now_ms() < end) {
			if (log_has(d, "context manager of", 50))
				return 0;
			if (waitpid(d->pid, &status, WNOHANG) == d->pid) {
				d->pid = 0;	/* gave up: try again */
				break;
			}
		}
	}
	return -ETIMEDOUT;
}

/* start_servicemanager_in() of the test's own width. */
static inline int start_servicemanager_args(struct daemon *d, char *const args[],
					    const char *log)
{
	return start_servicemanager_in(d, TOOLS_DIR, args, log);
}

/* The same as "servicemanager -d @dev" with up to 4 @extra arguments (may be NULL). */
static inline int start_servicemanager(struct daemon *d, const char *dev, const char *log,
				       char *const extra[])
{
	char *args[7] = { "-d", (char *)dev };
	int i;

	for (i = 0; extra && extra[i] && i < 4; i++)
		args[2 + i] = extra[i];
	return start_servicemanager_args(d, args, log);
}

/* Copy the daemon's log to stderr (for a failed test's output). */
static inline void daemon_dump_log(const struct daemon *d)
{
	char buf[4096];
	size_t n;
	FILE *f = fopen(d->log, "r");

	if (!f)
		return;
	fprintf(stderr, "# --- %s:\n", d->log);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, stderr);
	fclose(f);
}

/*
 * Run @argv to completion (at most @timeout_ms), its stdout and stderr
 * in @out (NUL-terminated, truncated to @size).  Returns its exit status,
 * 128 + signal, or -errno / -ETIMEDOUT.
 */
static inline int run_capture(char *const argv[], char *out, size_t size, int timeout_ms)
{
	long end = now_ms() + timeout_ms;
	size_t len = 0;
	int pipefd[2];
	struct pollfd pfd;
	ssize_t n;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0)
		exec_with_output(argv, NULL, pipefd[1]);
	close(pipefd[1]);
	pfd.fd = pipefd[0];
	pfd.events = POLLIN;
	while (now_ms() < end && poll(&pfd, 1, 100) >= 0) {
		if (!pfd.revents)
			continue;
		n = read(pipefd[0], out + len, size - 1 - len);
		if (n <= 0)
			break;
		len += (size_t)n;
		if (len == size - 1)
			break;
	}
	out[len] = 0;
	close(pipefd[0]);
	return wait_exit(pid, (int)(end - now_ms() > 100 ? end - now_ms() : 100));
}

#endif /* SPAWN_H */
