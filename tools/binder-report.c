// SPDX-License-Identifier: GPL-2.0
/*
 * binder-report: print binder transaction reports as they come.
 *
 *   binder-report [-f FAMILY] [-n COUNT] [-t SECONDS]
 *
 * Listens to the "report" group of the binder generic-netlink family
 * (binder_ipc's netlink_family= parameter names it; default "binder") and
 * prints one line per report: every failed transaction, one-way calls
 * that tripped spam detection, one-way calls waiting for a frozen target.
 *
 *   BR_DEAD_REPLY context=binder from=412:415 to=388 flags=0x10 code=0x1 size=8
 *   BR_FAILED_REPLY context=binder from=388:390 to=412:415 reply flags=0x0 code=0x0 size=4
 *
 * Needs CAP_NET_ADMIN.  Exit status: 0 (after COUNT reports, the timeout,
 * or SIGINT/SIGTERM), 1 if the family is missing or cannot be joined, 2 on
 * a usage error.
 */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "binderipc.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static const char *br_name(uint32_t cmd)
{
	switch (cmd) {
	case BR_DEAD_REPLY: return "BR_DEAD_REPLY";
	case BR_FAILED_REPLY: return "BR_FAILED_REPLY";
	case BR_FROZEN_REPLY: return "BR_FROZEN_REPLY";
	case BR_ONEWAY_SPAM_SUSPECT: return "BR_ONEWAY_SPAM_SUSPECT";
	case BR_TRANSACTION_PENDING_FROZEN: return "BR_TRANSACTION_PENDING_FROZEN";
	case BR_TRANSACTION_COMPLETE: return "BR_TRANSACTION_COMPLETE";
	default: return NULL;
	}
}

static void print_report(const struct bipc_report *r)
{
	const char *name = br_name(r->error);

	if (name)
		printf("%s", name);
	else
		printf("BR_%#x", r->error);
	printf(" context=%s from=%u:%u", r->context, r->from_pid, r->from_tid);
	if (r->has_to_pid) {
		printf(" to=%u", r->to_pid);
		if (r->has_to_tid)
			printf(":%u", r->to_tid);
	}
	printf("%s flags=%#x code=%#x size=%u\n", r->is_reply ? " reply" : "", r->flags,
	       r->code, r->data_size);
	fflush(stdout);
}

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s [-f FAMILY] [-n COUNT] [-t SECONDS]\n"
		"Print binder transaction reports (failed transactions) as they come.\n"
		"  -f FAMILY   generic-netlink family (default binder; binder_ipc's\n"
		"              netlink_family= parameter)\n"
		"  -n COUNT    exit after COUNT reports\n"
		"  -t SECONDS  exit after SECONDS\n"
		"Needs CAP_NET_ADMIN.  Exit status: 0, 1 cannot listen, 2 usage error.\n",
		prog);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

int main(int argc, char **argv)
{
	long long count = -1, seconds = -1;
	const char *family = NULL;
	struct bipc_report r;
	long deadline = 0;
	int fd, opt, ret;

	if (argc > 1 && !strcmp(argv[1], "--help")) {
		usage(stdout, argv[0]);
		return 0;
	}
	while ((opt = getopt(argc, argv, "f:n:t:h")) != -1) {
		switch (opt) {
		case 'f':
			family = optarg;
			break;
		case 'n':
			if (bipc_parse_number(optarg, 1, 1000000000, &count)) {
				fprintf(stderr, "binder-report: bad count '%s'\n", optarg);
				return 2;
			}
			break;
		case 't':
			if (bipc_parse_number(optarg, 1, 86400 * 365, &seconds)) {
				fprintf(stderr, "binder-report: bad seconds '%s'\n", optarg);
				return 2;
			}
			break;
		case 'h':
			usage(stdout, argv[0]);
			return 0;
		default:
			usage(stderr, argv[0]);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "binder-report: unexpected argument '%s'\n", argv[optind]);
		usage(stderr, argv[0]);
		return 2;
	}
	ret = bipc_report_open(family, &fd);
	if (ret) {
		fprintf(stderr, "binder-report: family %s: %s\n", family ? family : "binder",
			ret == -ENOENT ? "not registered (is binder_ipc loaded?)" : strerror(-ret));
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (seconds > 0)
		deadline = now_ms() + seconds * 1000;
	while (!stop && count != 0) {
		int wait = 200;

		if (deadline && now_ms() >= deadline)
			break;
		ret = bipc_report_next(fd, &r, wait);
		if (ret == -ETIMEDOUT || ret == -EINTR)
			continue;
		if (ret) {
			fprintf(stderr, "binder-report: %s\n", strerror(-ret));
			continue;
		}
		print_report(&r);
		if (count > 0)
			count--;
	}
	close(fd);
	return 0;
}
