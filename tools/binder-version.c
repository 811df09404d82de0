// SPDX-License-Identifier: GPL-2.0
/*
 * binder-version: open a binder device and print its protocol version, or
 * print the version of the loaded binder_ipc module.
 *
 *   binder-version [-d DEVICE] [DEVICE...]     (default /dev/binder)
 *   binder-version --module [-d DEVICE] [DEVICE...]
 *
 * Devices are named as arguments, or with -d as every other tool takes
 * its device (so "binder-version -d /dev/binder" does what it says, rather
 * than trying to open "-d"); they are queried in command-line order.
 *
 * --module (-m) reads the module's version from sysfs and compares it with
 * the version these tools were built from (the project's VERSION file):
 * the two come from one source, so a difference means the module and the
 * tools are from different releases.  With --module alone no device is
 * opened.
 *
 * Exit status: 0 if every device answered with our protocol version (and
 * the module's version is the tools' version), 1 if a device could not be
 * opened or queried, binder_ipc is not loaded, or on a usage error, 2 on a
 * protocol or module version mismatch.
 */

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/android/binder.h>

#ifndef BINDER_IPC_VERSION
#error "BINDER_IPC_VERSION (the VERSION file) must be defined by the build"
#endif

/* Where the kernel shows MODULE_VERSION() of a loaded module. */
#define MODULE_SYSFS		"/sys/module/binder_ipc"
#define MODULE_VERSION_FILE	MODULE_SYSFS "/version"

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

/*
 * show_module_version() - print the loaded binder_ipc's version
 *
 * A module built without MODULE_VERSION() has no version file: that is
 * another release than ours, so a mismatch, not "not loaded".
 *
 * Return: 0 if it is the tools' version, 1 if binder_ipc is not loaded or
 * its version cannot be read, 2 if it differs or is missing.
 */
static int show_module_version(void)
{
	char ver[128];
	size_t len;
	FILE *f;

	f = fopen(MODULE_VERSION_FILE, "r");
	if (!f) {
		if (errno == ENOENT && access(MODULE_SYSFS, F_OK) == 0) {
			printf("binder_ipc module version (none), tools version %s\n",
			       BINDER_IPC_VERSION);
			fprintf(stderr, "binder-version: the loaded binder_ipc has no version: "
				"it is not from release %s\n", BINDER_IPC_VERSION);
			return 2;
		}
		if (errno == ENOENT)
			fprintf(stderr, "binder-version: binder_ipc is not loaded (no %s)\n",
				MODULE_SYSFS);
		else
			fprintf(stderr, "binder-version: %s: %s\n", MODULE_VERSION_FILE,
				strerror(errno));
		return 1;
	}
	if (!fgets(ver, sizeof(ver), f)) {
		fprintf(stderr, "binder-version: %s: cannot read it\n", MODULE_VERSION_FILE);
		fclose(f);
		return 1;
	}
	fclose(f);
	len = strcspn(ver, "\n");
	ver[len] = 0;
	printf("binder_ipc module version %s, tools version %s\n", ver, BINDER_IPC_VERSION);
	if (strcmp(ver, BINDER_IPC_VERSION)) {
		fprintf(stderr, "binder-version: module version %s is not the tools' version %s\n",
			ver, BINDER_IPC_VERSION);
		return 2;
	}
	return 0;
}

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s [-m|--module] [-d DEVICE] [DEVICE...]\n"
		"Print the binder protocol version of each DEVICE (default /dev/binder).\n"
		"  -m, --module  print the loaded binder_ipc module's version and compare it\n"
		"                with these tools' version (%s); alone, open no device\n"
		"Exit status: 0 all match, 1 cannot open or query, not loaded, or usage error,\n"
		"2 mismatch.\n",
		prog, BINDER_IPC_VERSION);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "module", no_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	bool module = false;
	const char **devs;
	int opt, i, n = 0, ret = 0, rc;

	devs = calloc((size_t)argc + 1, sizeof(*devs));	/* every argument, or the default */
	if (!devs)
		return 1;
	/*
	 * '-' first: arguments come back in place (as option 1), so devices
	 * named either way are queried in the order given; ':' and opterr 0:
	 * our own messages.  Nothing is opened before the whole line is read.
	 */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "-:d:hm", longopts, NULL)) != -1) {
		switch (opt) {
		case 1:
		case 'd':
			devs[n++] = optarg;
			break;
		case 'h':
			usage(stdout, argv[0]);
			return 0;
		case 'm':
			module = true;
			break;
		case ':':
			fprintf(stderr, "binder-version: option -%c needs a DEVICE\n", optopt);
			usage(stderr, argv[0]);
			return 1;
		default:
			/* A long option is named whole (optopt is 0 or its short twin). */
			if (!strncmp(argv[optind - 1], "--", 2))
				fprintf(stderr, "binder-version: bad option %s\n", argv[optind - 1]);
			else
				fprintf(stderr, "binder-version: unknown option -%c\n", optopt);
			usage(stderr, argv[0]);
			return 1;
		}
	}
	if (module)
		ret = show_module_version();
	else if (!n)
		devs[n++] = "/dev/binder";
	for (i = 0; i < n; i++) {
		rc = show_version(devs[i]);
		if (rc > ret)
			ret = rc;
	}
	free(devs);
	return ret;
}
