// SPDX-License-Identifier: GPL-2.0
/*
 * binderfs-add: create binder devices in a binderfs mount.
 *
 *   binderfs-add [-d DIR] NAME...        (default DIR: /dev/binderfs)
 *
 * Each NAME becomes DIR/NAME through DIR/binder-control (BINDER_CTL_ADD),
 * as Waydroid and Android's init create theirs; one line per device,
 * "DIR/NAME MAJOR:MINOR", is printed.  A name that exists already is an
 * error, as the driver says (EEXIST); every name is tried even so.
 *
 * Exit status: 0 if every device was created, 1 if one could not be (or
 * binder-control could not be opened), 2 on a usage error.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/android/binderfs.h>

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s [-d DIR] NAME...\n"
		"Create binder devices DIR/NAME through DIR/binder-control, DIR being a\n"
		"binderfs mount (default /dev/binderfs); print \"DIR/NAME MAJOR:MINOR\" for each.\n"
		"Exit status: 0 all created, 1 a device could not be created, 2 usage error.\n",
		prog);
}

static int add_device(int ctl, const char *dir, const char *name)
{
	struct binderfs_device dev;

	/* Refused here rather than cut: the driver would keep 255 bytes of it. */
	if (strlen(name) > BINDERFS_MAX_NAME) {
		fprintf(stderr, "binderfs-add: %s: name longer than %d bytes\n", name,
			BINDERFS_MAX_NAME);
		return 1;
	}
	memset(&dev, 0, sizeof(dev));
	strcpy(dev.name, name);
	if (ioctl(ctl, BINDER_CTL_ADD, &dev) < 0) {
		fprintf(stderr, "binderfs-add: %s/%s: %s\n", dir, name, strerror(errno));
		return 1;
	}
	printf("%s/%s %u:%u\n", dir, name, dev.major, dev.minor);
	return 0;
}

int main(int argc, char **argv)
{
	const char *dir = "/dev/binderfs";
	char path[4096];
	int opt, ctl, i, ret = 0;

	if (argc > 1 && !strcmp(argv[1], "--help")) {
		usage(stdout, argv[0]);
		return 0;
	}
	opterr = 0;
	while ((opt = getopt(argc, argv, ":d:h")) != -1) {
		switch (opt) {
		case 'd':
			dir = optarg;
			break;
		case 'h':
			usage(stdout, argv[0]);
			return 0;
		case ':':
			fprintf(stderr, "binderfs-add: option -%c needs a DIR\n", optopt);
			usage(stderr, argv[0]);
			return 2;
		default:
			fprintf(stderr, "binderfs-add: unknown option -%c\n", optopt);
			usage(stderr, argv[0]);
			return 2;
		}
	}
	if (optind == argc) {
		fprintf(stderr, "binderfs-add: no NAME\n");
		usage(stderr, argv[0]);
		return 2;
	}
	if (snprintf(path, sizeof(path), "%s/binder-control", dir) >= (int)sizeof(path)) {
		fprintf(stderr, "binderfs-add: %s: path too long\n", dir);
		return 2;
	}
	ctl = open(path, O_RDONLY | O_CLOEXEC);
	if (ctl < 0) {
		fprintf(stderr, "binderfs-add: %s: %s\n", path, strerror(errno));
		return 1;
	}
	for (i = optind; i < argc; i++)
		ret |= add_device(ctl, dir, argv[i]);
	close(ctl);
	return ret;
}
