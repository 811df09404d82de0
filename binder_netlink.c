// SPDX-License-Identifier: GPL-2.0
/*
 * Transaction reports (Linux 6.18's protocol): a generic-netlink family
 * whose multicast group "report" carries one event per failed
 * transaction, per one-way call that tripped spam detection, and per
 * one-way call left pending on a frozen process.  The attributes are
 * upstream's (uapi/linux/android/binder_netlink.h).
 *
 * Two things are ours: the family name is the netlink_family= parameter
 * (default "binder"), so the module loads beside a kernel whose own
 * driver registers "binder"; and joining the group needs CAP_NET_ADMIN,
 * where upstream lets any process listen: a report names the processes
 * behind a failure, which is not everyone's business.
 */

#include <linux/moduleparam.h>
#include <net/genetlink.h>

#include "uapi/linux/android/binder_netlink.h"
#include "binder_internal.h"

static char *netlink_family = BINDER_FAMILY_NAME;
module_param(netlink_family, charp, 0444);
MODULE_PARM_DESC(netlink_family,
		 "name of the generic-netlink family of transaction reports (default binder)");

enum { BINDER_NLGRP_REPORT };

static const struct genl_multicast_group binder_nl_mcgrps[] = {
	[BINDER_NLGRP_REPORT] = { .name = BINDER_MCGRP_REPORT,
				  .flags = GENL_MCAST_CAP_NET_ADMIN },
};

static struct genl_family binder_nl_family = {
	.version = BINDER_FAMILY_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.mcgrps = binder_nl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(binder_nl_mcgrps),
};

static bool binder_netlink_registered;

/**
 * binder_netlink_init() - register the report family
 *
 * Return: 0, -EINVAL for a bad family name, or what genl_register_family()
 * says (-EEXIST when the name is taken).
 */
int binder_netlink_init(void)
{
	int ret;

	if (!*netlink_family ||
	    strscpy(binder_nl_family.name, netlink_family, GENL_NAMSIZ) < 0) {
		pr_err("netlink_family= must be 1 to %d characters\n", GENL_NAMSIZ - 1);
		return -EINVAL;
	}
	ret = genl_register_family(&binder_nl_family);
	if (ret) {
		pr_err("cannot register generic-netlink family %s: %d\n", netlink_family, ret);
		return ret;
	}
	binder_netlink_registered = true;
	return 0;
}

/** binder_netlink_exit() - unregister the report family */
void binder_netlink_exit(void)
{
	if (binder_netlink_registered)
		genl_unregister_family(&binder_nl_family);
	binder_netlink_registered = false;
}

/**
 * binder_netlink_report() - multicast one transaction report
 * @r: what to report
 *
 * Does nothing (and allocates nothing) while nobody listens.  Sleeps.
 */
void binder_netlink_report(const struct binder_txn_report *r)
{
	struct sk_buff *skb;
	void *hdr;

	if (!genl_has_listeners(&binder_nl_family, &init_net, BINDER_NLGRP_REPORT))
		return;
	skb = genlmsg_new(GENLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!skb)
		return;
	hdr = genlmsg_put(skb, 0, 0, &binder_nl_family, 0, BINDER_CMD_REPORT);
	if (!hdr)
		goto err_free;
	if (nla_put_u32(skb, BINDER_A_REPORT_ERROR, r->error) ||
	    nla_put_string(skb, BINDER_A_REPORT_CONTEXT, r->context) ||
	    nla_put_u32(skb, BINDER_A_REPORT_FROM_PID, r->from_pid) ||
	    nla_put_u32(skb, BINDER_A_REPORT_FROM_TID, r->from_tid) ||
	    (r->to_pid && nla_put_u32(skb, BINDER_A_REPORT_TO_PID, r->to_pid)) ||
	    (r->to_tid && nla_put_u32(skb, BINDER_A_REPORT_TO_TID, r->to_tid)) ||
	    (r->is_reply && nla_put_flag(skb, BINDER_A_REPORT_IS_REPLY)) ||
	    nla_put_u32(skb, BINDER_A_REPORT_FLAGS, r->flags) ||
	    nla_put_u32(skb, BINDER_A_REPORT_CODE, r->code) ||
	    nla_put_u32(skb, BINDER_A_REPORT_DATA_SIZE, r->data_size))
		goto err_cancel;
	genlmsg_end(skb, hdr);
	genlmsg_multicast(&binder_nl_family, skb, 0, BINDER_NLGRP_REPORT, GFP_KERNEL);
	return;

err_cancel:
	genlmsg_cancel(skb, hdr);
err_free:
	nlmsg_free(skb);
}
