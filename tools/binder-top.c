// SPDX-License-Identifier: GPL-2.0
/*
 * binder-top - a refreshing view of what each binder process is doing.
 *
 *   binder-top [-D DIR] [-d DEVICE] [-i SECONDS] [-n ITERATIONS] [--once] [-b]
 *
 * Samples binder_ipc's "activity" file (DIR/activity, default
 * /sys/kernel/debug/binder_ipc; format "binder_ipc activity v1" in
 * README.md) every interval and shows, per open binder fd: sync calls,
 * one-way calls and bytes sent per second over the last interval, the
 * totals of calls and failed transactions, receive-buffer space in use,
 * and its threads (busy serving a call / idle waiting for work / all).
 *
 * On a terminal each refresh redraws the screen; when stdout is not a
 * terminal, or with -b, each refresh is plain text (no escape codes)
 * after a blank line.  --once (-n 1) prints one refresh and exits.
 *
 * Exit status: 0 success, 1 the file cannot be read or is not understood,
 * 2 usage error.
 */

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_DIR	"/sys/kernel/debug/binder_ipc"
#define LINE_MAX_LEN	1024

/* One line of the activity file. */
struct act {
	long id, pid;
	long long calls, oneway, replies, bytes, failed;
	long long used, size;
	long threads, busy, idle;
	char context[256];
};

struct sample {
	struct act *a;
	int n;
	double when;		/* CLOCK_MONOTONIC seconds */
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s [-D DIR] [-d DEVICE] [-i SECONDS] [-n ITERATIONS] [--once] [-b]\n"
		"Show, per open binder fd, calls/s, one-way/s, bytes/s, total calls and failed\n"
		"transactions, receive-buffer space in use and threads busy/idle, refreshed\n"
		"every interval, from binder_ipc's debugfs \"activity\" file.\n"
		"  -D DIR        the debugfs directory (default %s)\n"
		"  -d DEVICE     only this device (its name, or a path: its last part)\n"
		"  -i SECONDS    refresh interval (default 1; fractions allowed)\n"
		"  -n N          stop after N refreshes (default: until interrupted)\n"
		"  --once        one refresh (-n 1)\n"
		"  -b            batch mode: plain text, no screen control (also when not a tty)\n"
		"Exit status: 0 success, 1 unreadable or not understood, 2 usage error.\n",
		prog, DEFAULT_DIR);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool parse_act(const char *line, struct act *a)
{
	int end = 0;

	memset(a, 0, sizeof(*a));
	if (sscanf(line,
		   "proc %ld pid %ld calls %lld oneway %lld replies %lld bytes %lld failed %lld"
		   " buffer_used %lld buffer_size %lld threads %ld busy %ld idle %ld context %n",
		   &a->id, &a->pid, &a->calls, &a->oneway, &a->replies, &a->bytes, &a->failed,
		   &a->used, &a->size, &a->threads, &a->busy, &a->idle, &end) != 12 || !end)
		return false;
	snprintf(a->context, sizeof(a->context), "%s", line + end);
	a->context[strcspn(a->context, "\n")] = 0;
	return true;
}

/* Read DIR/activity into @s; -1 (reported) on failure. */
static int take_sample(const char *dir, struct sample *s)
{
	char path[4096], line[LINE_MAX_LEN];
	int size = 0, ret = 0;
	FILE *f;

	s->n = 0;
	snprintf(path, sizeof(path), "%s/activity", dir);
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "binder-top: %s: %s%s\n", path, strerror(errno),
			errno == ENOENT ? " (is binder_ipc loaded and debugfs mounted?)" : "");
		return -1;
	}
	s->when = now_s();
	if (!fgets(line, sizeof(line), f) || strcmp(line, "binder_ipc activity v1\n")) {
		fprintf(stderr, "binder-top: %s: not a \"binder_ipc activity v1\" file\n", path);
		ret = -1;
	}
	while (!ret && fgets(line, sizeof(line), f)) {
		if (s->n == size) {
			struct act *more;

			size = size ? 2 * size : 32;
			more = realloc(s->a, size * sizeof(*more));
			if (!more) {
				fprintf(stderr, "binder-top: out of memory\n");
				ret = -1;
				break;
			}
			s->a = more;
		}
		if (!parse_act(line, &s->a[s->n])) {
			fprintf(stderr, "binder-top: %s: not understood: %s", path, line);
			ret = -1;
			break;
		}
		s->n++;
	}
	fclose(f);
	return ret;
}

static const struct act *find_act(const struct sample *s, long id)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (s->a[i].id == id)
			return &s->a[i];
	return NULL;
}

static void comm_of(long pid, char *buf, size_t size)
{
	char path[64];
	FILE *f;

	snprintf(buf, size, "?");
	snprintf(path, sizeof(path), "/proc/%ld/comm", pid);
	f = fopen(path, "r");
	if (!f)
		return;
	if (fgets(buf, (int)size, f))
		buf[strcspn(buf, "\n")] = 0;
	fclose(f);
}

/* Bytes as "123", "4.5K", "6.7M". */
static void human(double v, char *buf, size_t size)
{
	if (v < 1024)
		snprintf(buf, size, "%.0f", v);
	else if (v < 1024 * 1024)
		snprintf(buf, size, "%.1fK", v / 1024);
	else
		snprintf(buf, size, "%.1fM", v / (1024 * 1024));
}

/* One refresh: the rates between @old and @cur. */
static void show(const struct sample *old, const struct sample *cur, const char *device,
		 bool screen)
{
	double dt = cur->when - old->when;
	char comm[17], bps[16], used[16], size[16], buf[40];
	int i, shown = 0;

	if (dt <= 0)
		dt = 1e-9;
	if (screen)
		fputs("\033[H\033[2J", stdout);
	else
		fputs("\n", stdout);
	printf("binder-top: %d binder fds, interval %.2fs\n", cur->n, dt);
	printf("%7s %-16s %-10s %8s %8s %9s %8s %6s %15s %5s %5s %5s\n", "PID", "COMMAND",
	       "DEVICE", "CALLS/s", "ONEWAY/s", "BYTES/s", "CALLS", "FAILED", "BUFFER USED",
	       "THR", "BUSY", "IDLE");
	for (i = 0; i < cur->n; i++) {
		const struct act *a = &cur->a[i];
		const struct act *o = find_act(old, a->id);
		struct act zero = { 0 };

		if (device && strcmp(a->context, device))
			continue;
		if (!o)
			o = &zero;	/* opened during the interval */
		comm_of(a->pid, comm, sizeof(comm));
		human((a->bytes - o->bytes) / dt, bps, sizeof(bps));
		human((double)a->used, used, sizeof(used));
		human((double)a->size, size, sizeof(size));
		snprintf(buf, sizeof(buf), "%s/%s", used, size);
		printf("%7ld %-16s %-10s %8.1f %8.1f %9s %8lld %6lld %15s %5ld %5ld %5ld\n",
		       a->pid, comm, a->context, (a->calls - o->calls) / dt,
		       (a->oneway - o->oneway) / dt, bps, a->calls, a->failed, buf,
		       a->threads, a->busy, a->idle);
		shown++;
	}
	if (!shown)
		printf("  (no binder fds%s%s)\n", device ? " on " : "", device ? device : "");
	fflush(stdout);
}

static int parse_interval(const char *s, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	return errno || end == s || *end || !(*v > 0) || *v > 3600 ? -1 : 0;
}

static void sleep_s(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - (time_t)s) * 1e9) };

	while (!stop && nanosleep(&ts, &ts) && errno == EINTR)
		;
}

int main(int argc, char **argv)
{
	const char *dir = DEFAULT_DIR, *device = NULL;
	struct sample old = { 0 }, cur = { 0 }, tmp;
	long iterations = -1, done = 0;
	bool batch = false;
	double interval = 1;
	int i, ret = 0;
	char *end;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout, argv[0]);
			return 0;
		}
		if (!strcmp(a, "--once")) {
			iterations = 1;
			continue;
		}
		if (!strcmp(a, "-b")) {
			batch = true;
			continue;
		}
		if (strcmp(a, "-D") && strcmp(a, "-d") && strcmp(a, "-i") && strcmp(a, "-n")) {
			fprintf(stderr, "binder-top: unknown argument '%s'\n", a);
			usage(stderr, argv[0]);
			return 2;
		}
		if (i + 1 == argc) {
			fprintf(stderr, "binder-top: %s needs a value\n", a);
			return 2;
		}
		if (!strcmp(a, "-D")) {
			dir = argv[++i];
		} else if (!strcmp(a, "-d")) {
			device = strrchr(argv[++i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];
		} else if (!strcmp(a, "-i")) {
			if (parse_interval(argv[++i], &interval)) {
				fprintf(stderr, "binder-top: -i: not a number of seconds in (0, 3600]: '%s'\n",
					argv[i]);
				return 2;
			}
		} else {
			iterations = strtol(argv[++i], &end, 10);
			if (*end || end == argv[i] || iterations < 1) {
				fprintf(stderr, "binder-top: -n: not a positive number: '%s'\n", argv[i]);
				return 2;
			}
		}
	}
	if (!isatty(STDOUT_FILENO))
		batch = true;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);

	if (take_sample(dir, &old))
		return 1;
	while (!stop && (iterations < 0 || done < iterations)) {
		sleep_s(interval);
		if (take_sample(dir, &cur)) {
			ret = 1;
			break;
		}
		show(&old, &cur, device, !batch);
		done++;
		tmp = old;
		old = cur;
		cur = tmp;
	}
	free(old.a);
	free(cur.a);
	return ret;
}
