// SPDX-License-Identifier: GPL-2.0
/*
 * The command-line tools and the example, run as a user would run them
 * (the binaries in /tools), on our driver and on the reference driver:
 * service (list, check, ping, call with every argument type), echo-service
 * (and its clean exit on SIGTERM), binder-stats, binder-version, the
 * README's example client (examples/echo-client.c), --help and the
 * documented exit codes; and the command lines written for Android's
 * programs (AOSP's "servicemanager DEVICE", Android's "service" with its
 * argument types and "-?") that the tools accept as drop-ins.
 *
 * The fixture "tools" starts servicemanager and echo-service on the device
 * under test, and waits until "echo" is registered.  The fixture "smcli"
 * starts nothing: each test starts servicemanager with the command line
 * under test.
 */
#define _GNU_SOURCE
#include "kselftest_harness.h"

#include "binder_test.h"
#include "spawn.h"

#define OUT_SIZE	16384
#define RUN_TMO		10000

FIXTURE(tools) {
	struct daemon sm;
	struct daemon echo;
	char out[OUT_SIZE];
};

BINDER_VARIANTS(tools);

/* Run a tool of /tools with up to 8 arguments; its exit status, output in self->out. */
#define RUN(...)								\
	run_capture((char *[]){ __VA_ARGS__, NULL }, self->out, OUT_SIZE, RUN_TMO)

#define SERVICE(...)	RUN(TOOLS_DIR "/service", "-d", (char *)variant->dev, __VA_ARGS__)

/* Whether the last output holds @s; logs the output if not. */
#define EXPECT_OUT(s)								\
	EXPECT_NE(NULL, strstr(self->out, s)) TH_LOG("no \"%s\" in:\n%s", s, self->out)

/* Wait until `service check NAME` gives @want. */
static bool wait_check(FIXTURE_DATA(tools) *self, const char *dev, const char *name, int want)
{
	long end = now_ms() + 5000;

	while (now_ms() < end) {
		if (run_capture((char *[]){ TOOLS_DIR "/service", "-d", (char *)dev, "check",
					    (char *)name, NULL },
				self->out, OUT_SIZE, RUN_TMO) == want)
			return true;
		usleep(50 * 1000);
	}
	return false;
}

FIXTURE_SETUP(tools)
{
	char *echo_argv[] = { TOOLS_DIR "/echo-service", "-d", (char *)variant->dev, NULL };
	char log[96];

	snprintf(log, sizeof(log), "/tmp/tools_test.sm.%d.log", getpid());
	ASSERT_EQ(0, start_servicemanager(&self->sm, variant->dev, log, NULL));
	snprintf(log, sizeof(log), "/tmp/tools_test.echo.%d.log", getpid());
	ASSERT_EQ(0, daemon_start(&self->echo, echo_argv, log));
	ASSERT_TRUE(log_has(&self->echo, "registered as 'echo'", 8000));
}

FIXTURE_TEARDOWN(tools)
{
	if (self->echo.pid > 0)
		EXPECT_EQ(0, daemon_stop(&self->echo, SIGTERM, 3000));
	if (self->sm.pid > 0)
		EXPECT_EQ(0, daemon_stop(&self->sm, SIGTERM, 3000));
	if (!_metadata->passed) {
		daemon_dump_log(&self->sm);
		daemon_dump_log(&self->echo);
	}
	unlink(self->sm.log);
	unlink(self->echo.log);
}

TEST_F(tools, service_list)
{
	EXPECT_EQ(0, SERVICE("list"));
	EXPECT_OUT("Found 1 services:\n0\techo: [binder_ipc.IEcho]\n");
}

TEST_F(tools, service_check)
{
	EXPECT_EQ(0, SERVICE("check", "echo"));
	EXPECT_OUT("Service echo: found\n");
	EXPECT_EQ(1, SERVICE("check", "missing"));
	EXPECT_OUT("Service missing: not found\n");
}

TEST_F(tools, service_ping)
{
	EXPECT_EQ(0, SERVICE("ping", "echo"));
	EXPECT_OUT("Service echo: alive\n");
	EXPECT_EQ(1, SERVICE("ping", "missing"));
}

/* The reply parcel of an echo, word by word. */
TEST_F(tools, service_call_echo)
{
	EXPECT_EQ(0, SERVICE("call", "echo", "1", "i32", "7", "s16", "hi", "i64", "-2",
			     "str", "ab"));
	EXPECT_OUT("Result: Parcel(\n"
		   "  0x00000000: 00000007 00000002 00690068 00000000 '........h.i.....'\n"
		   "  0x00000010: fffffffe ffffffff 00006261          '........ab..')\n");
}

/* An fd goes to the service, which reads it; and comes back in an echo. */
TEST_F(tools, service_call_fd)
{
	EXPECT_EQ(0, SERVICE("call", "echo", "2", "fd", "/proc/version"));
	EXPECT_OUT("Result: Parcel(");
	EXPECT_TRUE(log_has(&self->echo, "from the fd: \"Linux version", 2000));
	EXPECT_EQ(0, SERVICE("call", "echo", "1", "fd", "/proc/version"));
	EXPECT_OUT("  object at 0x0000: fd ");
}

/* A callback object: the service calls it while the tool waits. */
TEST_F(tools, service_call_callback)
{
	EXPECT_EQ(0, SERVICE("call", "echo", "3", "cb", "s16", "ping me"));
	EXPECT_OUT("Callback: code 1 from pid ");
	EXPECT_OUT("Result: Parcel(\n  0x00000000: 00000000 ");
	EXPECT_TRUE(log_has(&self->echo, "the callback answered 0", 2000));
	/* A null binder where the callback should be: the service refuses. */
	EXPECT_EQ(1, SERVICE("call", "echo", "3", "null", "s16", "x"));
	EXPECT_OUT("Result: status -74");
}

TEST_F(tools, service_call_errors)
{
	EXPECT_EQ(1, SERVICE("call", "echo", "99"));	/* unknown code */
	EXPECT_OUT("Result: status -74");
	EXPECT_EQ(1, SERVICE("call", "missing", "1"));
	EXPECT_OUT("Service missing: not found");
	EXPECT_EQ(2, SERVICE("call", "echo", "one"));
	EXPECT_EQ(2, SERVICE("call", "echo", "1", "i32", "zz"));
	EXPECT_EQ(2, SERVICE("call", "echo", "1", "i32", "4294967296"));
	EXPECT_EQ(2, SERVICE("call", "echo", "1", "s16"));
	EXPECT_EQ(2, SERVICE("call", "echo", "1", "fd", "/nonexistent"));
	EXPECT_EQ(2, SERVICE("call", "echo", "1", "float", "1"));
}

TEST_F(tools, service_usage)
{
	EXPECT_EQ(2, RUN(TOOLS_DIR "/service"));
	EXPECT_OUT("usage:");
	EXPECT_EQ(2, SERVICE("bogus"));
	EXPECT_OUT("service: unknown command 'bogus'");
	EXPECT_EQ(2, SERVICE("check"));
	EXPECT_OUT("service: check: missing arguments");
	EXPECT_EQ(3, RUN(TOOLS_DIR "/service", "-d", "/nonexistent", "list"));
	EXPECT_OUT("/nonexistent: No such file or directory");
	/* The command line is checked before the device is opened. */
	EXPECT_EQ(2, RUN(TOOLS_DIR "/service", "-d", "/nonexistent", "bogus"));
}

/*
 * Android's "service [-h|-?]": both print the usage and succeed; other
 * options are usage errors, with the option named.
 */
TEST_F(tools, service_help_options)
{
	EXPECT_EQ(0, RUN(TOOLS_DIR "/service", "-?"));
	EXPECT_OUT("usage: ");
	EXPECT_EQ(NULL, strstr(self->out, "invalid option"));
	EXPECT_EQ(0, RUN(TOOLS_DIR "/service", "-h"));
	EXPECT_OUT("usage: ");
	EXPECT_EQ(2, RUN(TOOLS_DIR "/service", "-x", "list"));
	EXPECT_OUT("service: unknown option -x\n");
	EXPECT_EQ(2, RUN(TOOLS_DIR "/service", "-d"));
	EXPECT_OUT("service: option -d needs a value\n");
}

/*
 * Words left over after a command: Android's tool ignores them, ours
 * refuses them (README), before talking to the driver.
 */
TEST_F(tools, service_extra_words)
{
	EXPECT_EQ(2, SERVICE("check", "echo", "missing"));
	EXPECT_OUT("service: check: unexpected arguments (usage: check NAME)");
	EXPECT_EQ(NULL, strstr(self->out, "Service echo"));
	EXPECT_EQ(2, SERVICE("list", "all"));
	EXPECT_OUT("service: list: unexpected arguments");
	EXPECT_EQ(2, SERVICE("ping", "echo", "echo"));
	EXPECT_EQ(2, SERVICE("call", "echo"));
	EXPECT_OUT("service: call: missing arguments");
}

/*
 * Integers as Android's tool reads them (atoi(): "010" is ten, in the code
 * too), our 0x hex, and u32/u64 up to their maximum.
 */
TEST_F(tools, service_call_integers)
{
	EXPECT_EQ(0, SERVICE("call", "echo", "01", "i32", "010", "i64", "-010", "i32", "0x10",
			     "u32", "4294967295", "u64", "18446744073709551615"));
	EXPECT_OUT("Result: Parcel(\n"
		   "  0x00000000: 0000000a fffffff6 ffffffff 00000010 ");
	EXPECT_OUT("  0x00000010: ffffffff ffffffff ffffffff ");
	EXPECT_EQ(0, SERVICE("call", "echo", "1", "u64", "0x100000000", "u32", "0"));
	EXPECT_OUT("  0x00000000: 00000000 00000001 00000000 ");
	/* Out of range or not a whole number: refused, nothing is sent. */
	EXPECT_EQ(2, SERVICE("call", "echo", "1", "u32", "-1"));
	EXPECT_EQ(2, SERVICE("call", "echo", "1", "u32", "4294967296"));
	EXPECT_EQ(2, SERVICE("call", "echo", "1", "u64", "-1"));
	EXPECT_EQ(2, SERVICE("call", "echo", "1", "u64", "18446744073709551616"));
	EXPECT_EQ(2, SERVICE("call", "echo", "1", "i32", "08x"));
	EXPECT_EQ(2, SERVICE("call", "echo", "1", "i64", ""));
	EXPECT_EQ(2, SERVICE("call", "echo", "1x"));
	EXPECT_EQ(2, SERVICE("call", "echo", "1", "u32"));
	EXPECT_OUT("'u32' needs a value");
}

/* f and d: IEEE single and double, as Parcel::writeFloat()/writeDouble(). */
TEST_F(tools, service_call_floats)
{
	EXPECT_EQ(0, SERVICE("call", "echo", "1", "f", "1.5", "d", "-2.25", "f", "-0"));
	EXPECT_OUT("Result: Parcel(\n"
		   "  0x00000000: 3fc00000 00000000 c0020000 80000000 ");
	EXPECT_EQ(2, SERVICE("call", "echo", "1", "f", "1e39"));	/* beyond float */
	EXPECT_EQ(2, SERVICE("call", "echo", "1", "d", "1e309"));
	EXPECT_EQ(2, SERVICE("call", "echo", "1", "f", "1.5x"));
	EXPECT_EQ(2, SERVICE("call", "echo", "1", "d", ""));
	EXPECT_EQ(2, SERVICE("call", "echo", "1", "d"));
}

/*
 * nfd N: a descriptor the command inherited, the way a script passes one
 * (here a shell's "5</proc/version"); the service reads it.  A number that
 * is not such a descriptor is refused.
 */
TEST_F(tools, service_call_nfd)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd),
		 "exec 5</proc/version; exec " TOOLS_DIR "/service -d %s call echo 2 nfd 5",
		 variant->dev);
	EXPECT_EQ(0, RUN("/bin/sh", "-c", cmd));
	EXPECT_OUT("Result: Parcel(");
	EXPECT_TRUE(log_has(&self->echo, "from the fd: \"Linux version", 2000));
	EXPECT_EQ(2, SERVICE("call", "echo", "2", "nfd", "77"));
	EXPECT_OUT("service: nfd 77: not a file descriptor this command inherited");
	EXPECT_EQ(2, SERVICE("call", "echo", "2", "nfd", "-1"));
	EXPECT_EQ(2, SERVICE("call", "echo", "2", "nfd", "x"));
}

/*
 * afd PATH: a snapshot of the file in a sealed memfd (Android: ashmem),
 * read to the end, so a /proc file (size 0 to stat()) arrives whole.
 */
TEST_F(tools, service_call_afd)
{
	static const char text[] = "afd snapshot\n";
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/tools_test.afd.%d", getpid());
	f = fopen(path, "w");
	ASSERT_NE(NULL, f);
	ASSERT_EQ(1, fwrite(text, sizeof(text) - 1, 1, f));
	ASSERT_EQ(0, fclose(f));
	EXPECT_EQ(0, SERVICE("call", "echo", "2", "afd", path));
	EXPECT_OUT("Result: Parcel(\n  0x00000000: 0000000d ");	/* 13 bytes read */
	EXPECT_TRUE(log_has(&self->echo, "read 13 bytes from the fd: \"afd snapshot\"", 2000));
	unlink(path);
	EXPECT_EQ(0, SERVICE("call", "echo", "2", "afd", "/proc/version"));
	EXPECT_TRUE(log_has(&self->echo, "from the fd: \"Linux version", 2000));
	EXPECT_EQ(0, SERVICE("call", "echo", "1", "afd", "/proc/version"));
	EXPECT_OUT("  object at 0x0000: fd ");
	EXPECT_EQ(2, SERVICE("call", "echo", "2", "afd", "/nonexistent"));
	EXPECT_OUT("service: afd /nonexistent: No such file or directory");
}

/* "intent" (an android.content.Intent for Java services) is refused, said why. */
TEST_F(tools, service_call_intent)
{
	EXPECT_EQ(2, SERVICE("call", "echo", "1", "intent", "action=android.intent.action.VIEW"));
	EXPECT_OUT("service: 'intent' is not supported");
}

/* --help of every tool: exit 0, a usage line and the exit codes. */
TEST_F(tools, help)
{
	static const char *const tools[] = { "service", "servicemanager", "echo-service",
					     "binder-stats", "binder-version" };
	char path[64];
	size_t i;

	for (i = 0; i < sizeof(tools) / sizeof(tools[0]); i++) {
		snprintf(path, sizeof(path), TOOLS_DIR "/%s", tools[i]);
		EXPECT_EQ(0, RUN(path, "--help")) TH_LOG("%s", tools[i]);
		EXPECT_OUT("usage: ");
	}
}

/* The README's example, built with the tools: all three calls work. */
TEST_F(tools, example_echo_client)
{
	EXPECT_EQ(0, RUN(TOOLS_DIR "/echo-client", (char *)variant->dev));
	EXPECT_OUT("found \"echo\": handle ");
	EXPECT_OUT("echo: sent 42 and \"hello, binder\", got back 42 and \"hello, binder\"\n");
	EXPECT_OUT("the service read ");
	EXPECT_OUT("callback: called by pid ");
	EXPECT_OUT("callback: the service replied 7 (what the callback returned)\n");
}

/* SIGTERM: echo-service exits 0; servicemanager sees it die. */
TEST_F(tools, echo_service_sigterm)
{
	EXPECT_EQ(0, daemon_stop(&self->echo, SIGTERM, 3000));
	EXPECT_TRUE(log_has(&self->echo, "echo-service: stopping", 100));
	EXPECT_TRUE(log_has(&self->sm, "service 'echo' died", 3000));
	EXPECT_TRUE(wait_check(self, variant->dev, "echo", 1));
	EXPECT_EQ(0, SERVICE("list"));
	EXPECT_OUT("Found 0 services:\n");
}

/* A killed service disappears the same way. */
TEST_F(tools, echo_service_killed)
{
	EXPECT_EQ(128 + SIGKILL, daemon_stop(&self->echo, SIGKILL, 3000));
	EXPECT_TRUE(log_has(&self->sm, "service 'echo' died", 3000));
	EXPECT_TRUE(wait_check(self, variant->dev, "echo", 1));
}

/* A second echo-service under the same name replaces the first. */
TEST_F(tools, echo_service_replaced)
{
	char *argv[] = { TOOLS_DIR "/echo-service", "-d", (char *)variant->dev, NULL };
	struct daemon second;
	char log[96];

	snprintf(log, sizeof(log), "/tmp/tools_test.echo2.%d.log", getpid());
	ASSERT_EQ(0, daemon_start(&second, argv, log));
	EXPECT_TRUE(log_has(&self->sm, "service 'echo' replaced", 5000));
	EXPECT_EQ(0, daemon_stop(&self->echo, SIGTERM, 3000));
	usleep(200 * 1000);
	EXPECT_EQ(0, SERVICE("ping", "echo"));	/* the second one */
	EXPECT_EQ(0, daemon_stop(&second, SIGTERM, 3000));
	unlink(log);
}

TEST_F(tools, echo_service_usage)
{
	EXPECT_EQ(2, RUN(TOOLS_DIR "/echo-service", "-t", "99"));
	EXPECT_EQ(2, RUN(TOOLS_DIR "/echo-service", "extra"));
	EXPECT_EQ(1, RUN(TOOLS_DIR "/echo-service", "-d", "/nonexistent"));
}

TEST_F(tools, servicemanager_usage)
{
	EXPECT_EQ(2, RUN(TOOLS_DIR "/servicemanager", "-m", "0"));
	EXPECT_EQ(2, RUN(TOOLS_DIR "/servicemanager", "-m", "12x"));
	EXPECT_EQ(1, RUN(TOOLS_DIR "/servicemanager", "-d", "/nonexistent"));
	EXPECT_OUT("/nonexistent: No such file or directory");
	/* A lone argument is the device, as AOSP's servicemanager reads it. */
	EXPECT_EQ(1, RUN(TOOLS_DIR "/servicemanager", "/nonexistent"));
	EXPECT_OUT("/nonexistent: No such file or directory");
}

/* binder-stats reads our debugfs by default, the kernel's with -d; both list the daemons. */
TEST_F(tools, binder_stats)
{
	if (variant->ours) {
		EXPECT_EQ(0, RUN(TOOLS_DIR "/binder-stats"));
	} else {
		EXPECT_EQ(0, RUN(TOOLS_DIR "/binder-stats", "-d", "/sys/kernel/debug/binder"));
	}
	EXPECT_OUT("Objects:\n");
	EXPECT_OUT("  node ");
	EXPECT_OUT("Processes (one line per open binder fd):\n");
	EXPECT_OUT(" servicemanager ");
	EXPECT_OUT(" echo-service ");
	EXPECT_EQ(1, RUN(TOOLS_DIR "/binder-stats", "-d", "/nonexistent"));
	EXPECT_OUT("/nonexistent/stats: No such file or directory");
	EXPECT_EQ(2, RUN(TOOLS_DIR "/binder-stats", "extra"));
	EXPECT_EQ(0, RUN(TOOLS_DIR "/binder-stats", "-h"));	/* as every tool */
	EXPECT_OUT("usage: ");
	EXPECT_EQ(2, RUN(TOOLS_DIR "/binder-stats", "-x"));
}

TEST_F(tools, binder_version)
{
	EXPECT_EQ(0, RUN(TOOLS_DIR "/binder-version", (char *)variant->dev));
	EXPECT_OUT(": binder protocol version 8\n");
	EXPECT_EQ(1, RUN(TOOLS_DIR "/binder-version", "/nonexistent"));
}

/*
 * -d DEVICE, as every other tool names its device, mixed with plain
 * arguments: each is queried, in order; a bad option is refused.
 */
TEST_F(tools, binder_version_option)
{
	char want[128];

	EXPECT_EQ(0, RUN(TOOLS_DIR "/binder-version", "-d", (char *)variant->dev));
	snprintf(want, sizeof(want), "%s: binder protocol version 8\n", variant->dev);
	EXPECT_OUT(want);
	EXPECT_EQ(NULL, strstr(self->out, "-d:"));
	EXPECT_EQ(0, RUN(TOOLS_DIR "/binder-version", (char *)variant->dev2, "-d",
			 (char *)variant->dev));
	snprintf(want, sizeof(want), "%s: binder protocol version 8\n%s: binder protocol version 8\n",
		 variant->dev2, variant->dev);
	EXPECT_OUT(want);
	EXPECT_EQ(1, RUN(TOOLS_DIR "/binder-version", "-x", (char *)variant->dev));
	EXPECT_OUT("binder-version: unknown option -x\n");
	EXPECT_EQ(NULL, strstr(self->out, "protocol version 8"));	/* nothing opened */
	EXPECT_EQ(1, RUN(TOOLS_DIR "/binder-version", "-d"));
	EXPECT_OUT("option -d needs a DEVICE");
	EXPECT_EQ(0, RUN(TOOLS_DIR "/binder-version", "-h"));
	EXPECT_OUT("usage: ");
}

/* ---- servicemanager's command line, as AOSP's is started ---- */

FIXTURE(smcli) {
	struct daemon sm;
	struct daemon echo;
	char link[64];
	char out[OUT_SIZE];
};

BINDER_VARIANTS(smcli);

FIXTURE_SETUP(smcli)
{
	self->link[0] = 0;
}

FIXTURE_TEARDOWN(smcli)
{
	if (self->echo.pid > 0)
		EXPECT_EQ(0, daemon_stop(&self->echo, SIGTERM, 3000));
	if (self->sm.pid > 0)
		EXPECT_EQ(0, daemon_stop(&self->sm, SIGTERM, 3000));
	if (!_metadata->passed) {
		daemon_dump_log(&self->sm);
		daemon_dump_log(&self->echo);
	}
	if (self->sm.log[0])
		unlink(self->sm.log);
	if (self->echo.log[0])
		unlink(self->echo.log);
	if (self->link[0])
		unlink(self->link);
}

/*
 * Start servicemanager as "servicemanager @args..." and check that it
 * serves @dev: its log names @dev, echo-service registers there, and with
 * the real tools a lookup (service check) and a call through the handle
 * it gives (service call, an echo) work: what a script does next.
 */
static void serve_and_call(struct __test_metadata *_metadata, FIXTURE_DATA(smcli) *self,
			   const char *dev, char *const args[])
{
	char *echo_argv[] = { TOOLS_DIR "/echo-service", "-d", (char *)dev, NULL };
	char log[96], want[96];

	snprintf(log, sizeof(log), "/tmp/tools_test.smcli.%d.log", getpid());
	ASSERT_EQ(0, start_servicemanager_args(&self->sm, args, log));
	snprintf(want, sizeof(want), "context manager of %s (", dev);
	ASSERT_TRUE(log_has(&self->sm, want, 100)) TH_LOG("no \"%s\"", want);
	snprintf(log, sizeof(log), "/tmp/tools_test.smcli-echo.%d.log", getpid());
	ASSERT_EQ(0, daemon_start(&self->echo, echo_argv, log));
	ASSERT_TRUE(log_has(&self->echo, "registered as 'echo'", 8000));
	EXPECT_EQ(0, RUN(TOOLS_DIR "/service", "-d", (char *)dev, "check", "echo"));
	EXPECT_OUT("Service echo: found\n");
	EXPECT_EQ(0, RUN(TOOLS_DIR "/service", "-d", (char *)dev, "call", "echo", "1", "i32",
			 "42", "s16", "via sm"));
	EXPECT_OUT("Result: Parcel(\n  0x00000000: 0000002a 00000006 00690076 00200061 ");
	EXPECT_TRUE(log_has(&self->sm, "service 'echo' added", 100));
}

/* AOSP's way: "servicemanager /dev/binder", the device as the only argument. */
TEST_F(smcli, positional_device)
{
	serve_and_call(_metadata, self, variant->dev, (char *[]){ (char *)variant->dev, NULL });
}

/* Our -d DEVICE still works the same. */
TEST_F(smcli, option_device)
{
	serve_and_call(_metadata, self, variant->dev,
		       (char *[]){ "-d", (char *)variant->dev, NULL });
}

/*
 * The positional device among options, on a device that is not the
 * default: the options still count (-v logs lookups, -m the limit).
 */
TEST_F(smcli, positional_device_with_options)
{
	serve_and_call(_metadata, self, variant->dev2,
		       (char *[]){ "-v", (char *)variant->dev2, "-m", "3", NULL });
	EXPECT_TRUE(log_has(&self->sm, "(at most 3 services)", 100));
	EXPECT_TRUE(log_has(&self->sm, "looks up 'echo': found", 100));
}

/* Both ways, naming the same device: the same text. */
TEST_F(smcli, same_device_twice)
{
	serve_and_call(_metadata, self, variant->dev,
		       (char *[]){ "-d", (char *)variant->dev, (char *)variant->dev, NULL });
}

/* Both ways, naming the same device through a symlink: accepted too. */
TEST_F(smcli, same_device_symlink)
{
	snprintf(self->link, sizeof(self->link), "/tmp/tools_test.binder.%d", getpid());
	ASSERT_EQ(0, symlink(variant->dev, self->link));
	serve_and_call(_metadata, self, self->link,
		       (char *[]){ "-d", (char *)variant->dev, self->link, NULL });
}

/*
 * Two different devices (-d and the argument, -d twice, two arguments):
 * a usage error (exit 2) naming them, before any device is opened (a
 * missing one is not reported as such).
 */
TEST_F(smcli, conflicting_devices)
{
	char want[128];

	EXPECT_EQ(2, RUN(TOOLS_DIR "/servicemanager", "-d", (char *)variant->dev,
			 (char *)variant->dev2));
	snprintf(want, sizeof(want), "servicemanager: conflicting devices '%s' and '%s'",
		 variant->dev, variant->dev2);
	EXPECT_OUT(want);
	EXPECT_OUT("usage: ");
	EXPECT_EQ(NULL, strstr(self->out, "servicemanager: context manager of"));
	EXPECT_EQ(2, RUN(TOOLS_DIR "/servicemanager", "-d", (char *)variant->dev, "-d",
			 (char *)variant->dev2));
	EXPECT_OUT(want);
	EXPECT_EQ(2, RUN(TOOLS_DIR "/servicemanager", (char *)variant->dev,
			 (char *)variant->dev2));
	snprintf(want, sizeof(want), "servicemanager: unexpected argument '%s' (one DEVICE",
		 variant->dev2);
	EXPECT_OUT(want);
	EXPECT_EQ(2, RUN(TOOLS_DIR "/servicemanager", "-d", "/nonexistent", (char *)variant->dev));
	EXPECT_OUT("conflicting devices '/nonexistent'");
	EXPECT_EQ(NULL, strstr(self->out, "No such file"));
}

TEST_HARNESS_MAIN
