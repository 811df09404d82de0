// SPDX-License-Identifier: GPL-2.0
/*
 * binder-version: open a binder device and print its protocol version.
 *
 *   binder-version [-d DEVICE] [DEVICE...]     (default /dev/binder)
 *
 * Devices are named as arguments, or with -d as every other tool takes
 * its device (so "binder-version -d /dev/binder" does what it says, rather
 * than trying to open "-d"); they are queried in command-line order.
 *
 * Exit status: 0 if every device answered with our protocol version, 1 if
 * a device could not be opened or queried, or on a usage error, 2 on a
 * version mismatch.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/android/binder.h>

static int show_version(const char *dev)
{
	struct binder_version v;
	int fd = open(dev, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "binder-version: %s: %s\n", dev, strerror(errno));
		return 1;
	}
	if (ioctl(fd, BINDER_VERSION, &v) < 0) {
		fprintf(stderr, "binder-version: %s: BINDER_VERSION: %s\n", dev, strerror(errno));
		close(fd);
		return 1;
	}
	close(fd);
	printf("%s: binder protocol version %d\n", dev, v.protocol_version);
	return v.protocol_version == BINDER_CURRENT_PROTOCOL_VERSION ? 0 : 2;
}

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s [-d DEVICE] [DEVICE...]\n"
		"Print the binder protocol version of each DEVICE (default /dev/binder).\n"
		"Exit status: 0 all match, 1 cannot open or query, or usage error, 2 mismatch.\n",
		prog);
}

int main(int argc, char **argv)
{
	const char **devs;
	int opt, i, n = 0, ret = 0, rc;

	if (argc > 1 && !strcmp(argv[1], "--help")) {
		usage(stdout, argv[0]);
		return 0;
	}
	devs = calloc((size_t)argc + 1, sizeof(*devs));	/* every argument, or the default */
	if (!devs)
		return 1;
	/*
	 * '-' first: arguments come back in place (as option 1), so devices
	 * named either way are queried in the order given; ':' and opterr 0:
	 * our own messages.  Nothing is opened before the whole line is read.
	 */
	opterr = 0;
	while ((opt = getopt(argc, argv, "-:d:h")) != -1) {
		switch (opt) {
		case 1:
		case 'd':
			devs[n++] = optarg;
			break;
		case 'h':
			usage(stdout, argv[0]);
			return 0;
		case ':':
			fprintf(stderr, "binder-version: option -%c needs a DEVICE\n", optopt);
			usage(stderr, argv[0]);
			return 1;
		default:
			fprintf(stderr, "binder-version: unknown option -%c\n", optopt);
			usage(stderr, argv[0]);
			return 1;
		}
	}
	if (!n)
		devs[n++] = "/dev/binder";
	for (i = 0; i < n; i++) {
		rc = show_version(devs[i]);
		if (rc > ret)
			ret = rc;
	}
	free(devs);
	return ret;
}
