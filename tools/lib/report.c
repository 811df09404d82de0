// SPDX-License-Identifier: GPL-2.0
/*
 * Transaction reports: listening to the binder generic-netlink family
 * (uapi/linux/android/binder_netlink.h) with a plain netlink socket.  The
 * family and its "report" group are looked up by name through the
 * generic-netlink controller, then the group is joined; each datagram is
 * one BINDER_CMD_REPORT event.
 */

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/android/binder_netlink.h>

#include "binderipc.h"

#define NL_BUF_SIZE	8192

/* The attributes that follow a netlink + genetlink header. */
static const struct nlattr *nl_attrs(const struct nlmsghdr *nh, size_t *len)
{
	size_t hdr = NLMSG_LENGTH(GENL_HDRLEN);

	if (nh->nlmsg_len < hdr) {
		*len = 0;
		return NULL;
	}
	*len = nh->nlmsg_len - hdr;
	return (const struct nlattr *)((const char *)nh + hdr);
}

/* Walk attributes: call @fn for each well-formed one; -EBADMSG for a broken one. */
static int nl_walk(const struct nlattr *a, size_t len,
		   int (*fn)(const struct nlattr *a, void *arg), void *arg)
{
	size_t step;
	int ret;

	while (len >= sizeof(*a)) {
		if (a->nla_len < sizeof(*a) || a->nla_len > len)
			return -EBADMSG;
		ret = fn(a, arg);
		if (ret)
			return ret;
		step = NLA_ALIGN((size_t)a->nla_len);
		if (step >= len)
			break;
		len -= step;
		a = (const struct nlattr *)((const char *)a + step);
	}
	return 0;
}

static const void *nla_payload(const struct nlattr *a)
{
	return (const char *)a + NLA_HDRLEN;
}

static size_t nla_payload_len(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

static int nla_u32(const struct nlattr *a, uint32_t *v)
{
	if (nla_payload_len(a) < sizeof(*v))
		return -EBADMSG;
	memcpy(v, nla_payload(a), sizeof(*v));
	return 0;
}

struct family_info {
	uint16_t id;
	uint32_t group;
	bool have_id, have_group;
};

static int group_attr(const struct nlattr *a, void *arg)
{
	uint32_t *id = arg;

	if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_MCAST_GRP_ID)
		return nla_u32(a, id);
	return 0;
}

struct group_name {
	const char *want;
	bool match;
};

static int group_name_attr(const struct nlattr *a, void *arg)
{
	struct group_name *g = arg;

	if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_MCAST_GRP_NAME)
		g->match = !strncmp(nla_payload(a), g->want, nla_payload_len(a));
	return 0;
}

/* One nested group of CTRL_ATTR_MCAST_GROUPS. */
static int groups_attr(const struct nlattr *a, void *arg)
{
	struct family_info *fi = arg;
	struct group_name g = { .want = BINDER_MCGRP_REPORT };
	uint32_t id = 0;

	if (nl_walk(nla_payload(a), nla_payload_len(a), group_name_attr, &g) ||
	    nl_walk(nla_payload(a), nla_payload_len(a), group_attr, &id))
		return -EBADMSG;
	if (g.match) {
		fi->group = id;
		fi->have_group = true;
	}
	return 0;
}

static int family_attr(const struct nlattr *a, void *arg)
{
	struct family_info *fi = arg;

	switch (a->nla_type & NLA_TYPE_MASK) {
	case CTRL_ATTR_FAMILY_ID:
		if (nla_payload_len(a) < sizeof(fi->id))
			return -EBADMSG;
		memcpy(&fi->id, nla_payload(a), sizeof(fi->id));
		fi->have_id = true;
		return 0;
	case CTRL_ATTR_MCAST_GROUPS:
		return nl_walk(nla_payload(a), nla_payload_len(a), groups_attr, fi);
	default:
		return 0;
	}
}

/* Ask the controller about @family; fills @fi.  0, -ENOENT or -errno. */
static int resolve_family(int fd, const char *family, struct family_info *fi)
{
	struct {
		struct nlmsghdr nh;
		struct genlmsghdr gh;
		char attrs[NLA_HDRLEN + NLA_ALIGN(GENL_NAMSIZ)];
	} req;
	size_t name_len = strlen(family) + 1;
	struct nlattr *a = (struct nlattr *)req.attrs;
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nh;
	const struct nlattr *attrs;
	size_t len;
	ssize_t n;

	if (name_len > GENL_NAMSIZ)
		return -ENAMETOOLONG;
	memset(&req, 0, sizeof(req));
	a->nla_type = CTRL_ATTR_FAMILY_NAME;
	a->nla_len = NLA_HDRLEN + name_len;
	memcpy(req.attrs + NLA_HDRLEN, family, name_len);
	req.nh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN) + NLA_ALIGN(a->nla_len);
	req.nh.nlmsg_type = GENL_ID_CTRL;
	req.nh.nlmsg_flags = NLM_F_REQUEST;
	req.nh.nlmsg_seq = 1;
	req.gh.cmd = CTRL_CMD_GETFAMILY;
	req.gh.version = 2;
	if (send(fd, &req, req.nh.nlmsg_len, 0) < 0)
		return -errno;
	n = recv(fd, buf, sizeof(buf), 0);
	if (n < 0)
		return -errno;
	nh = (struct nlmsghdr *)buf;
	if (!NLMSG_OK(nh, (size_t)n))
		return -EBADMSG;
	if (nh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = NLMSG_DATA(nh);

		return e->error ? (e->error == -ENOENT ? -ENOENT : e->error) : -EBADMSG;
	}
	memset(fi, 0, sizeof(*fi));
	attrs = nl_attrs(nh, &len);
	if (nl_walk(attrs, len, family_attr, fi) || !fi->have_id)
		return -EBADMSG;
	return fi->have_group ? 0 : -ENOENT;
}

int bipc_report_family(const char *family, uint16_t *id, uint32_t *group)
{
	struct family_info fi;
	int fd, ret;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		return -errno;
	ret = resolve_family(fd, family ? family : BINDER_FAMILY_NAME, &fi);
	close(fd);
	if (!ret) {
		*id = fi.id;
		*group = fi.group;
	}
	return ret;
}

int bipc_report_open(const char *family, int *fd_out)
{
	struct family_info fi;
	int fd, ret;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		return -errno;
	ret = resolve_family(fd, family ? family : BINDER_FAMILY_NAME, &fi);
	if (!ret && setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &fi.group,
			       sizeof(fi.group)) < 0)
		ret = -errno;
	if (ret) {
		close(fd);
		return ret;
	}
	*fd_out = fd;
	return 0;
}

static int report_attr(const struct nlattr *a, void *arg)
{
	struct bipc_report *r = arg;
	size_t n;

	switch (a->nla_type & NLA_TYPE_MASK) {
	case BINDER_A_REPORT_ERROR:
		return nla_u32(a, &r->error);
	case BINDER_A_REPORT_CONTEXT:
		n = nla_payload_len(a);
		if (n >= sizeof(r->context))
			n = sizeof(r->context) - 1;
		memcpy(r->context, nla_payload(a), n);
		r->context[n] = 0;
		return 0;
	case BINDER_A_REPORT_FROM_PID:
		return nla_u32(a, &r->from_pid);
	case BINDER_A_REPORT_FROM_TID:
		return nla_u32(a, &r->from_tid);
	case BINDER_A_REPORT_TO_PID:
		r->has_to_pid = true;
		return nla_u32(a, &r->to_pid);
	case BINDER_A_REPORT_TO_TID:
		r->has_to_tid = true;
		return nla_u32(a, &r->to_tid);
	case BINDER_A_REPORT_IS_REPLY:
		r->is_reply = true;
		return 0;
	case BINDER_A_REPORT_FLAGS:
		return nla_u32(a, &r->flags);
	case BINDER_A_REPORT_CODE:
		return nla_u32(a, &r->code);
	case BINDER_A_REPORT_DATA_SIZE:
		return nla_u32(a, &r->data_size);
	default:
		return 0;	/* newer attributes: ignored */
	}
}

int bipc_report_next(int fd, struct bipc_report *r, int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char buf[NL_BUF_SIZE];
	const struct genlmsghdr *gh;
	const struct nlattr *attrs;
	struct nlmsghdr *nh;
	size_t len;
	ssize_t n;

	for (;;) {
		n = poll(&pfd, 1, timeout_ms);
		if (n < 0)
			return -errno;
		if (!n)
			return -ETIMEDOUT;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0)
			return -errno;
		nh = (struct nlmsghdr *)buf;
		if (!NLMSG_OK(nh, (size_t)n) || nh->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN))
			return -EBADMSG;
		gh = NLMSG_DATA(nh);
		if (gh->cmd != BINDER_CMD_REPORT)
			continue;	/* not an event we know */
		memset(r, 0, sizeof(*r));
		attrs = nl_attrs(nh, &len);
		return nl_walk(attrs, len, report_attr, r);
	}
}
