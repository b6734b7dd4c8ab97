/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The rtnetlink socket: opened in a given network namespace, and the
 * kernel's own errno and extended ack text kept for error messages (libnl
 * folds many errnos into one of its codes: ENETUNREACH is "Unspecific
 * failure" there). */
#include <fcntl.h>
#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/socket.h>
#include <sched.h>
#include <stdio.h>
#include <sys/socket.h>

#include "net/nl.h"
#include "util/util.h"

/* Every refusal of the kernel passes here before libnl turns it into an
 * NLE_* code: keep the errno, and the text of NLMSGERR_ATTR_MSG if any. */
static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct lct_nl *nl = arg;
	const struct nlmsghdr *h = (const struct nlmsghdr *)((const char *)e - NLMSG_HDRLEN);
	size_t off = sizeof(*e), len;
	const struct nlattr *msg;

	nl->kernel_errno = -e->error;
	nl->kernel_msg[0] = '\0';
	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS) || h->nlmsg_len < NLMSG_HDRLEN + sizeof(*e))
		return NL_STOP;
	/* the request is echoed after the header unless capped */
	if (!(h->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	off = NLMSG_ALIGN(off);
	if (h->nlmsg_len < NLMSG_HDRLEN + off)
		return NL_STOP;
	len = h->nlmsg_len - NLMSG_HDRLEN - off;
	msg = nla_find((const struct nlattr *)((const char *)e + off), (int)len, NLMSGERR_ATTR_MSG);
	if (msg && nla_len(msg) > 0)
		snprintf(nl->kernel_msg, sizeof(nl->kernel_msg), "%.*s", nla_len(msg),
			 (const char *)nla_data(msg));
	return NL_STOP;
}

static int connect_here(struct lct_nl *nl, struct libct_error *err)
{
	int one = 1, r;

	nl->sk = nl_socket_alloc();
	if (!nl->sk)
		return lct_err(err, -ENOMEM, "net: netlink socket");
	r = nl_connect(nl->sk, NETLINK_ROUTE);
	if (r < 0)
		return lct_err_msg(err, -EIO, "net: connect a netlink socket: %s", nl_geterror(r));
	nl_socket_modify_err_cb(nl->sk, NL_CB_CUSTOM, on_error, nl);
	/* the kernel's reason in words, and no copy of the request in the ack;
	 * kernels without them just say less */
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	return 0;
}

int lct_nl_open(struct lct_nl *nl, int nsfd, struct libct_error *err)
{
	_cleanup_close_ int self = -EBADF;
	int r;

	*nl = (struct lct_nl){ 0 };
	if (nsfd < 0)
		return connect_here(nl, err);
	/* only this thread moves, and only for the socket() call in nl_connect:
	 * a socket belongs to the namespace it was made in for good */
	self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0)
		return lct_err(err, -errno, "net: open '/proc/thread-self/ns/net'");
	if (setns(nsfd, CLONE_NEWNET) < 0)
		return lct_err(err, -errno, "net: enter the container's network namespace");
	r = connect_here(nl, err);
	if (setns(self, CLONE_NEWNET) < 0) {
		/* nothing else may run in the wrong namespace */
		r = lct_err(err, -errno, "net: return to the runtime's network namespace");
		lct_nl_close(nl);
	}
	return r;
}

void lct_nl_close(struct lct_nl *nl)
{
	if (nl->sk)
		nl_socket_free(nl->sk);
	nl->sk = NULL;
}

void lct_nl_reset(struct lct_nl *nl)
{
	nl->kernel_errno = 0;
	nl->kernel_msg[0] = '\0';
}

/* libnl's own failures (no kernel errno): the nearest errno. */
static int nle_to_errno(int nlerr)
{
	static const int table[][2] = {
		{ NLE_NOMEM, ENOMEM },	       { NLE_INVAL, EINVAL },
		{ NLE_RANGE, ERANGE },	       { NLE_MSGSIZE, EMSGSIZE },
		{ NLE_OPNOTSUPP, EOPNOTSUPP }, { NLE_AF_NOSUPPORT, EAFNOSUPPORT },
		{ NLE_NODEV, ENODEV },	       { NLE_OBJ_NOTFOUND, ENOENT },
		{ NLE_EXIST, EEXIST },	       { NLE_PERM, EPERM },
		{ NLE_BUSY, EBUSY },	       { NLE_AGAIN, EAGAIN },
		{ NLE_NOACCESS, EACCES },      { NLE_NOADDR, EADDRNOTAVAIL },
	};

	nlerr = nlerr < 0 ? -nlerr : nlerr;
	for (size_t i = 0; i < ARRAY_SIZE(table); i++)
		if (table[i][0] == nlerr)
			return table[i][1];
	return 0;
}

int lct_nl_errno(const struct lct_nl *nl, int nlerr)
{
	return nl->kernel_errno ? nl->kernel_errno : nle_to_errno(nlerr);
}

int lct_nl_fail(struct lct_nl *nl, int nlerr, struct libct_error *err, const char *fmt, ...)
{
	char what[LIBCT_ERROR_MSG_MAX];
	int code = lct_nl_errno(nl, nlerr), r;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (!code)
		r = lct_err_msg(err, -EIO, "%s: %s", what, nl_geterror(nlerr));
	else if (nl->kernel_errno && nl->kernel_msg[0])
		r = lct_err_msg(err, -code, "%s: %s (%s)", what, strerror(code), nl->kernel_msg);
	else
		r = lct_err(err, -code, "%s", what);
	lct_nl_reset(nl);
	return r;
}

struct nl_addr *lct_nl_addr(const struct lct_net_addr *a)
{
	struct nl_addr *n = nl_addr_build(a->family, a->bytes, a->family == AF_INET ? 4 : 16);

	if (n && a->prefix >= 0)
		nl_addr_set_prefixlen(n, a->prefix);
	return n;
}
