// SPDX-License-Identifier: GPL-2.0
/*
 * Transaction reports (Linux 6.18's protocol): the binder generic-netlink
 * family multicasts one report per failed transaction, per one-way call
 * that tripped spam detection and per one-way call left waiting for a
 * frozen target, with upstream's attributes.  Checked here: the fields of
 * each kind, that a good call reports nothing, that listening needs
 * CAP_NET_ADMIN (ours; upstream lets anyone listen), requests to the
 * family are refused, and the binder-report tool prints what comes.
 *
 * The reference drivers of our kernels (6.1, 6.12) have no such family:
 * their variant is skipped.
 */

#define _GNU_SOURCE
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/android/binder_netlink.h>
#include <sys/socket.h>

#include "kselftest_harness.h"

#include "binder_world.h"
#include "binderipc.h"
#include "spawn.h"

FIXTURE(report) {
	struct world w;
	int nl;
	int unsupported;
};

BINDER_VARIANTS(report);

/* The 6.1 harness runs a test even when its setup skipped: skip again. */
#define SKIP_IF_UNSUPPORTED()							\
	do {									\
		if (self->unsupported)						\
			SKIP(return, "no transaction reports before 6.18");	\
	} while (0)

FIXTURE_SETUP(report)
{
	self->nl = -1;
	self->unsupported = !speaks_protocol_of(variant->ours, 6, 18);
	if (self->unsupported)
		SKIP(return, "the reference driver has transaction reports from 6.18 on");
	ASSERT_EQ(0, world_open(&self->w, variant->dev, WORLD_MAP));
	ASSERT_EQ(0, world_link_abw(&self->w));
	ASSERT_EQ(0, bipc_report_open(NULL, &self->nl));
}

FIXTURE_TEARDOWN(report)
{
	if (self->nl >= 0)
		close(self->nl);
	if (!self->unsupported)
		world_close(&self->w);
}

/* Drop reports of the setup's own traffic (none expected, but be sure). */
static void drain_reports(int nl)
{
	struct bipc_report r;

	while (!bipc_report_next(nl, &r, 100))
		;
}

/* The next report, which must come within BT_TMO. */
static int next_report(int nl, struct bipc_report *r)
{
	return bipc_report_next(nl, r, BT_TMO);
}

/* A call to a handle that does not exist: BR_FAILED_REPLY, no target. */
TEST_F(report, failed_call_to_bad_handle)
{
	uint32_t data[3] = { 1, 2, 3 };
	struct bipc_report r;
	struct outcome o;

	SKIP_IF_UNSUPPORTED();
	drain_reports(self->nl);
	try_call(&self->w, 0x7777, data, sizeof(data), NULL, 0, -1, &o);
	ASSERT_EQ(BR_FAILED_REPLY, o.br);
	ASSERT_EQ(0, next_report(self->nl, &r));
	EXPECT_EQ(BR_FAILED_REPLY, r.error);
	EXPECT_STREQ("binder", r.context);
	EXPECT_EQ(getpid(), r.from_pid);
	EXPECT_EQ(sys_gettid(), r.from_tid);
	EXPECT_FALSE(r.has_to_pid);
	EXPECT_FALSE(r.is_reply);
	EXPECT_EQ(TF_ACCEPT_FDS, r.flags);
	EXPECT_EQ(0x77, r.code);
	EXPECT_EQ(sizeof(data), r.data_size);
	EXPECT_EQ(-ETIMEDOUT, bipc_report_next(self->nl, &r, 200)) TH_LOG("a second report");
}

/* A good call reports nothing; a bad object in it does, with the target known. */
TEST_F(report, good_call_quiet_bad_object_reported)
{
	struct flat_binder_object bad = fbo_handle(BINDER_TYPE_HANDLE, 0x6666);
	binder_size_t off = 0;
	struct bipc_report r;
	struct outcome o;

	SKIP_IF_UNSUPPORTED();
	drain_reports(self->nl);
	EXPECT_EQ(0, good_call(&self->w));
	EXPECT_EQ(-ETIMEDOUT, bipc_report_next(self->nl, &r, 300)) TH_LOG("a good call reported");

	try_call(&self->w, self->w.h_a, &bad, sizeof(bad), &off, sizeof(off), -1, &o);
	EXPECT_FAILED(o, -EINVAL);
	ASSERT_EQ(0, next_report(self->nl, &r));
	EXPECT_EQ(BR_FAILED_REPLY, r.error);
	EXPECT_TRUE(r.has_to_pid);
	EXPECT_EQ(getpid(), r.to_pid);	/* srv is an fd of this process */
	EXPECT_EQ(sizeof(bad), r.data_size);
}

/* A reply that fails: reported from the replier, as a reply, to the caller. */
TEST_F(report, failed_reply_reported)
{
	struct flat_binder_object bad = fbo_handle(BINDER_TYPE_HANDLE, 0x6666);
	struct world *w = &self->w;
	struct bipc_report r;
	struct ret in, out;

	SKIP_IF_UNSUPPORTED();
	drain_reports(self->nl);
	ASSERT_EQ(0, ep_send(&w->cli, w->h_a, 5, 0, NULL, 0, NULL, 0));
	ASSERT_EQ(BR_TRANSACTION, srv_next(w, &in));
	ASSERT_EQ(0, ep_reply_obj(&w->srv, &in.tr, 0, &bad));
	EXPECT_EQ(BR_FAILED_REPLY, ep_read_until(&w->cli, 0, NULL, &out, BT_TMO));
	ASSERT_EQ(0, next_report(self->nl, &r));
	EXPECT_EQ(BR_FAILED_REPLY, r.error);
	EXPECT_TRUE(r.is_reply);
	EXPECT_EQ(getpid(), r.from_pid);
	EXPECT_TRUE(r.has_to_pid);
	EXPECT_TRUE(r.has_to_tid);
	EXPECT_EQ(getpid(), r.to_pid);
	EXPECT_EQ(sys_gettid(), r.to_tid);
}

/* A one-way call to a frozen process: BR_TRANSACTION_PENDING_FROZEN, target known. */
TEST_F(report, pending_frozen_reported)
{
	struct binder_freeze_info fi = { .pid = self->w.reg.p.pid, .enable = 1 };
	struct bipc_report r;
	uint32_t reg;

	SKIP_IF_UNSUPPORTED();
	ASSERT_EQ(0, reg_own(&self->w.cli, &reg));
	drain_reports(self->nl);
	ASSERT_EQ(0, xioctl(self->w.cli.fd, BINDER_FREEZE, &fi));
	EXPECT_EQ(0, ep_send(&self->w.cli, reg, 0x55, TF_ONE_WAY, NULL, 0, NULL, 0));
	EXPECT_EQ(BR_TRANSACTION_PENDING_FROZEN,
		  ep_read_until(&self->w.cli, BR_TRANSACTION_PENDING_FROZEN, NULL, NULL, BT_TMO));
	fi.enable = 0;
	ASSERT_EQ(0, xioctl(self->w.cli.fd, BINDER_FREEZE, &fi));
	ASSERT_EQ(0, next_report(self->nl, &r));
	EXPECT_EQ(BR_TRANSACTION_PENDING_FROZEN, r.error);
	EXPECT_TRUE(r.has_to_pid);
	EXPECT_EQ(self->w.reg.p.pid, r.to_pid);
	EXPECT_EQ(TF_ONE_WAY, r.flags);
	EXPECT_EQ(0x55, r.code);
	EXPECT_EQ(0, ep_refcmd(&self->w.cli, BC_RELEASE, reg));
}

/* Ours: joining the group needs CAP_NET_ADMIN (an unprivileged euid gets EPERM). */
TEST_F(report, listening_needs_net_admin)
{
	pid_t pid;
	int status;

	SKIP_IF_UNSUPPORTED();
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		int fd;

		if (setresuid(1000, 1000, 1000))
			_exit(10);
		_exit(bipc_report_open(NULL, &fd) == -EPERM ? 0 : 11);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
		TH_LOG("child status %#x", status);
}

/* The family has no operations: a request to it is refused (EOPNOTSUPP). */
TEST_F(report, requests_refused)
{
	struct {
		struct nlmsghdr nh;
		struct genlmsghdr gh;
	} req;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct { struct nlmsghdr nh; struct nlmsgerr err; } ans;
	uint16_t family_id;
	uint32_t group;
	int fd;

	SKIP_IF_UNSUPPORTED();
	ASSERT_EQ(0, bipc_report_family(NULL, &family_id, &group));
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	ASSERT_GE(fd, 0);
	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = sizeof(req);
	req.nh.nlmsg_type = family_id;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	req.gh.cmd = BINDER_CMD_REPORT;
	req.gh.version = 1;
	ASSERT_EQ(sizeof(req), sendto(fd, &req, sizeof(req), 0, (struct sockaddr *)&sa,
				      sizeof(sa)));
	ASSERT_GE(recv(fd, &ans, sizeof(ans), 0), (ssize_t)sizeof(ans.nh));
	EXPECT_EQ(NLMSG_ERROR, ans.nh.nlmsg_type);
	EXPECT_EQ(-EOPNOTSUPP, ans.err.error);
	close(fd);
}

/* binder-report prints a failure as it comes, and exits after -n reports. */
TEST_F(report, tool_prints_reports)
{
	char *argv[] = { TOOLS_DIR "/binder-report", "-n", "1", "-t", "20", NULL };
	char log[64], line[256], want[96];
	uint32_t data = 7;
	struct daemon d;
	struct outcome o;
	FILE *f;

	SKIP_IF_UNSUPPORTED();
	snprintf(log, sizeof(log), "/tmp/binder-report.%d.log", getpid());
	ASSERT_EQ(0, daemon_start(&d, argv, log));
	/* It has joined once a first report reaches it; retry until one does. */
	for (int i = 0; i < 50 && !log_has(&d, "BR_", 100); i++)
		try_call(&self->w, 0x7777, &data, sizeof(data), NULL, 0, -1, &o);
	EXPECT_EQ(0, wait_exit(d.pid, 5000));
	f = fopen(log, "r");
	ASSERT_NE(NULL, f);
	ASSERT_NE(NULL, fgets(line, sizeof(line), f));
	fclose(f);
	snprintf(want, sizeof(want), "BR_FAILED_REPLY context=binder from=%d:%d flags=0x10 "
		 "code=0x77 size=4\n", getpid(), sys_gettid());
	EXPECT_STREQ(want, line);
}

TEST_HARNESS_MAIN
