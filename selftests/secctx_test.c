// SPDX-License-Identifier: GPL-2.0
/*
 * FLAT_BINDER_FLAG_TXN_SECURITY_CTX: calls into a node created with it
 * carry the sender's security context, delivered as
 * BR_TRANSACTION_SEC_CTX with `secctx` pointing at a NUL-terminated string
 * at the end of the received buffer.
 *
 * Whether the kernel can produce a context depends on its security
 * modules (Debian's stock kernel: AppArmor yes; our debug kernel has none,
 * and then the call fails).  So this test runs the same scenario on both
 * drivers in one VM and requires the same outcome, plus the layout rules
 * when a context is delivered.
 */

#define _GNU_SOURCE
#include <sys/wait.h>

#include "kselftest_harness.h"

#include "binder_world.h"

/* What the manager saw of one call into its TXN_SECURITY_CTX node. */
struct secctx_outcome {
	int server_cmd;		/* BR_TRANSACTION_SEC_CTX, or <0 if nothing came */
	int client_cmd;		/* the caller's final return */
	char ctx[256];		/* the context string, if delivered */
	int ctx_inside;		/* secctx lies after the data, within the buffer */
};

/* The caller: one sync call to handle 0; exits with its final BR code's nr. */
static int secctx_client(struct peer *self, void *arg)
{
	const char *dev = arg;
	struct endpoint ep;
	uint32_t payload = 0x5ec;
	int ret;

	PEER_CHECK(!ep_open(&ep, dev, BINDER_VM_SIZE, 0), 1);
	ret = ep_call(&ep, 0, 1, 0, &payload, sizeof(payload), NULL, 0, NULL, BT_TMO);
	ep_close(&ep);
	PEER_CHECK(!peer_send(self, (uint64_t)(int64_t)ret), 2);
	return 0;
}

static void run_secctx(struct __test_metadata *_metadata, const char *dev,
		       struct secctx_outcome *o)
{
	struct flat_binder_object ext = fbo_binder(BINDER_TYPE_BINDER, 0, 0,
						   FLAT_BINDER_FLAG_TXN_SECURITY_CTX);
	struct endpoint mgr;
	struct peer client = { .pid = -1, .rx = -1, .tx = -1 };
	struct ret in;
	uint64_t v = 0;

	memset(o, 0, sizeof(*o));
	ASSERT_EQ(0, ep_open(&mgr, dev, BINDER_VM_SIZE, 0));
	ASSERT_EQ(0, ep_become_manager_retry(&mgr, &ext));
	ASSERT_EQ(0, ep_enter_looper(&mgr));
	ASSERT_EQ(0, peer_start(&client, secctx_client, (void *)dev));

	o->server_cmd = ep_read_until(&mgr, BR_TRANSACTION_SEC_CTX, NULL, &in, 1000);
	if (o->server_cmd == BR_TRANSACTION_SEC_CTX) {
		const struct binder_transaction_data *tr = &in.tr_secctx.transaction_data;
		uint64_t end = tr->data.ptr.buffer + BINDER_VM_SIZE;

		o->ctx_inside = in.tr_secctx.secctx >= tr->data.ptr.buffer + tr->data_size &&
				in.tr_secctx.secctx < end;
		if (o->ctx_inside)
			strncpy(o->ctx, (const char *)(uintptr_t)in.tr_secctx.secctx,
				sizeof(o->ctx) - 1);
		EXPECT_EQ(0, ep_reply(&mgr, tr, 0, NULL, 0, NULL, 0));
	}
	EXPECT_EQ(0, peer_recv(&client, &v, 5000));
	o->client_cmd = (int)(int64_t)v;
	EXPECT_EQ(0, peer_join(&client, 5000));
	ep_close(&mgr);
}

/* Same outcome on both drivers; a delivered context is a string in the buffer. */
TEST(security_context_like_upstream)
{
	struct secctx_outcome ours, ref;

	run_secctx(_metadata, OUR_DEVICE, &ours);
	run_secctx(_metadata, REF_DEVICE, &ref);

	EXPECT_EQ(ref.server_cmd, ours.server_cmd);
	EXPECT_EQ(ref.client_cmd, ours.client_cmd);
	EXPECT_EQ(ref.ctx_inside, ours.ctx_inside);
	EXPECT_STREQ(ref.ctx, ours.ctx);
	if (ours.server_cmd == BR_TRANSACTION_SEC_CTX) {
		EXPECT_EQ(BR_REPLY, ours.client_cmd);
		EXPECT_TRUE(ours.ctx_inside);
		EXPECT_NE(0, strlen(ours.ctx));
	} else {
		/* No security module able to name the sender: the call fails. */
		EXPECT_EQ(BR_FAILED_REPLY, ours.client_cmd);
	}
	TH_LOG("context \"%s\", caller got %#x", ours.ctx, ours.client_cmd);
}

TEST_HARNESS_MAIN
