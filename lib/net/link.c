/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Devices over rtnetlink: veth pairs made with their peer in the container,
 * host devices moved in and out, and the settings of one end (MAC, MTU,
 * master, addresses, up). Each message names the step, the device and the
 * value. */
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <netlink/route/link/veth.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "net/nl.h"
#include "util/util.h"

static int find(struct lct_nl *nl, int ifindex, const char *name, struct rtnl_link **ret,
		struct libct_error *err)
{
	int r = rtnl_link_get_kernel(nl->sk, ifindex, name, ret);

	if (r < 0 && name)
		return lct_nl_fail(nl, r, err, "net: find device '%s'", name);
	if (r < 0)
		return lct_nl_fail(nl, r, err, "net: find device #%d", ifindex);
	return 0;
}

int lct_net_ifindex(struct lct_nl *nl, const char *name, int *ret, struct libct_error *err)
{
	_cleanup_link_ struct rtnl_link *dev = NULL;
	int r = find(nl, 0, name, &dev, err);

	if (r < 0)
		return r;
	*ret = rtnl_link_get_ifindex(dev);
	return 0;
}

static struct rtnl_link *new_change(const char *name, struct libct_error *err)
{
	struct rtnl_link *chg = rtnl_link_alloc();

	if (!chg)
		lct_err(err, -ENOMEM, "net: change '%s'", name);
	return chg;
}

/* Send the changes chg of dev; what names the step for the message. */
static int commit(struct lct_nl *nl, struct rtnl_link *dev, struct rtnl_link *chg, const char *what,
		  struct libct_error *err)
{
	int r = rtnl_link_change(nl->sk, dev, chg, 0);

	if (r < 0)
		return lct_nl_fail(nl, r, err, "net: %s", what);
	return 0;
}

static int set_up(struct lct_nl *nl, struct rtnl_link *dev, struct libct_error *err)
{
	_cleanup_link_ struct rtnl_link *chg = new_change(rtnl_link_get_name(dev), err);
	char what[64];

	if (!chg)
		return -ENOMEM;
	rtnl_link_set_flags(chg, IFF_UP);
	snprintf(what, sizeof(what), "set '%s' up", rtnl_link_get_name(dev));
	return commit(nl, dev, chg, what, err);
}

int lct_net_lo_up_here(struct libct_error *err)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	_cleanup_close_ int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return lct_err(err, -errno, "net: socket for lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		return lct_err(err, -errno, "net: flags of lo");
	if (ifr.ifr_flags & IFF_UP)
		return 0;
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		return lct_err(err, -errno, "net: bring lo up");
	return 0;
}

int lct_net_lo_up(struct lct_nl *nl, struct libct_error *err)
{
	_cleanup_link_ struct rtnl_link *lo = NULL;
	int r = find(nl, 0, "lo", &lo, err);

	return r < 0 ? r : set_up(nl, lo, err);
}

/* ------------------------------------------------------------- veths */

int lct_net_veth_create(struct lct_nl *host, struct lct_net_link *l, int nsfd,
			struct libct_error *err)
{
	_cleanup_link_ struct rtnl_link *veth = rtnl_link_veth_alloc(), *peer = NULL;
	int r;

	if (!veth)
		return lct_err(err, -ENOMEM, "net: veth '%s'", l->host.name);
	peer = rtnl_link_veth_get_peer(veth);
	rtnl_link_set_name(veth, l->host.name);
	rtnl_link_set_name(peer, l->ct.name);
	/* the container's end is born in the container: its name never has to
	 * be free on the host, and it is never seen there */
	rtnl_link_set_ns_fd(peer, nsfd);
	r = rtnl_link_add(host->sk, veth, NLM_F_CREATE | NLM_F_EXCL);
	if (r < 0)
		return lct_nl_fail(host, r, err, "net: create veth '%s' with peer '%s'",
				   l->host.name, l->ct.name);
	l->made = true;
	return lct_net_ifindex(host, l->host.name, &l->host_ifindex, err);
}

int lct_net_veth_delete(struct lct_nl *host, const struct lct_net_link *l, struct libct_error *err)
{
	_cleanup_link_ struct rtnl_link *dev = NULL;
	const char *type;
	int r = rtnl_link_get_kernel(host->sk, 0, l->host.name, &dev);

	/* gone with the container's namespace */
	if (r < 0 && lct_nl_errno(host, r) == ENODEV) {
		lct_nl_reset(host);
		return 0;
	}
	if (r < 0)
		return lct_nl_fail(host, r, err, "net: find veth '%s'", l->host.name);
	/* the name may be another device's by now */
	type = rtnl_link_get_type(dev);
	if (!type || strcmp(type, "veth") ||
	    (l->host_ifindex && rtnl_link_get_ifindex(dev) != l->host_ifindex))
		return 0;
	r = rtnl_link_delete(host->sk, dev);
	if (r < 0 && lct_nl_errno(host, r) == ENODEV) {
		lct_nl_reset(host);
		return 0;
	}
	if (r < 0)
		return lct_nl_fail(host, r, err, "net: delete veth '%s'", l->host.name);
	return 0;
}

/* ------------------------------------------------------- host devices */

static bool carried(struct rtnl_addr *a, int ifindex)
{
	/* what runtime-spec asks to keep (config-linux.md, "Network Devices"):
	 * permanent addresses of global scope; link-local ones are remade by
	 * the kernel, temporary ones belong to whoever made them */
	return rtnl_addr_get_ifindex(a) == ifindex && rtnl_addr_get_scope(a) == RT_SCOPE_UNIVERSE &&
	       (rtnl_addr_get_flags(a) & IFA_F_PERMANENT);
}

static int readd(struct lct_nl *to, struct rtnl_addr *a, int ifindex, const char *dev,
		 struct libct_error *err)
{
	_cleanup_rtaddr_ struct rtnl_addr *n = rtnl_addr_alloc();
	struct nl_addr *local = rtnl_addr_get_local(a), *peer = rtnl_addr_get_peer(a);
	struct nl_addr *brd = rtnl_addr_get_broadcast(a);
	char text[INET6_ADDRSTRLEN + 8];
	int r;

	if (!n)
		return lct_err(err, -ENOMEM, "net: addresses of '%s'", dev);
	rtnl_addr_set_ifindex(n, ifindex);
	rtnl_addr_set_local(n, local);
	if (peer)
		rtnl_addr_set_peer(n, peer);
	if (brd)
		rtnl_addr_set_broadcast(n, brd);
	rtnl_addr_set_prefixlen(n, rtnl_addr_get_prefixlen(a));
	rtnl_addr_set_flags(n, rtnl_addr_get_flags(a) & (IFA_F_NODAD | IFA_F_NOPREFIXROUTE));
	r = rtnl_addr_add(to->sk, n, 0);
	if (r < 0)
		return lct_nl_fail(to, r, err, "net: add address '%s' to '%s'",
				   nl_addr2str(local, text, sizeof(text)), dev);
	return 0;
}

/* Move the device ifindex of from's namespace to to's (whose fd is to_nsfd)
 * as name, with the addresses the move would drop; *ret_ifindex: its index
 * there. A "%d" name is found by the index it had, which it keeps when the
 * namespace it enters has no device of that index (one with only lo). */
static int move(struct lct_nl *from, struct lct_nl *to, int ifindex, int to_nsfd, const char *name,
		const char *what, int *ret_ifindex, struct libct_error *err)
{
	_cleanup_link_ struct rtnl_link *dev = NULL, *chg = NULL, *moved = NULL;
	_cleanup_cache_ struct nl_cache *addrs = NULL;
	int r;

	if ((r = find(from, ifindex, NULL, &dev, err)) < 0)
		return r;
	r = rtnl_addr_alloc_cache(from->sk, &addrs);
	if (r < 0)
		return lct_nl_fail(from, r, err, "net: list the addresses of '%s'",
				   rtnl_link_get_name(dev));
	if (!(chg = new_change(name, err)))
		return -ENOMEM;
	rtnl_link_set_ns_fd(chg, to_nsfd);
	rtnl_link_set_name(chg, name);
	if ((r = commit(from, dev, chg, what, err)) < 0)
		return r;
	if (strchr(name, '%'))
		r = find(to, ifindex, NULL, &moved, err);
	else
		r = find(to, 0, name, &moved, err);
	if (r < 0)
		return r;
	*ret_ifindex = rtnl_link_get_ifindex(moved);
	for (struct nl_object *o = nl_cache_get_first(addrs); o; o = nl_cache_get_next(o)) {
		if (!carried((struct rtnl_addr *)o, ifindex))
			continue;
		r = readd(to, (struct rtnl_addr *)o, *ret_ifindex, rtnl_link_get_name(moved), err);
		if (r < 0)
			return r;
	}
	return 0;
}

int lct_net_host_dev_move_in(struct lct_nl *host, struct lct_nl *inner, struct lct_net_link *l,
			     int nsfd, struct libct_error *err)
{
	_cleanup_link_ struct rtnl_link *dev = NULL;
	char what[2 * IFNAMSIZ + 48];
	int r;

	/* runtime-spec: check that the move can be made, by name */
	if ((r = find(host, 0, l->host.name, &dev, err)) < 0)
		return r;
	l->was_up = rtnl_link_get_flags(dev) & IFF_UP;
	snprintf(what, sizeof(what), "move '%s' into the container as '%s'", l->host.name,
		 l->ct.name);
	r = move(host, inner, rtnl_link_get_ifindex(dev), nsfd, l->ct.name, what, &l->ct_ifindex,
		 err);
	/* moved, even if its addresses did not follow: teardown brings it back */
	if (l->ct_ifindex)
		l->made = true;
	return r;
}

int lct_net_host_dev_move_out(struct lct_nl *inner, struct lct_nl *host,
			      const struct lct_net_link *l, int host_nsfd, struct libct_error *err)
{
	_cleanup_link_ struct rtnl_link *dev = NULL;
	char what[2 * IFNAMSIZ + 48];
	int ifindex = 0, r;

	snprintf(what, sizeof(what), "move '%s' back to the host as '%s'", l->ct.name,
		 l->host.name);
	r = move(inner, host, l->ct_ifindex, host_nsfd, l->host.name, what, &ifindex, err);
	if (r < 0 || !l->was_up)
		return r;
	if ((r = find(host, ifindex, NULL, &dev, err)) < 0)
		return r;
	return set_up(host, dev, err);
}

/* ------------------------------------------------------ one end's settings */

static int set_mac(struct lct_nl *nl, struct rtnl_link *dev, const char *mac,
		   struct libct_error *err)
{
	_cleanup_link_ struct rtnl_link *chg = NULL;
	_cleanup_nladdr_ struct nl_addr *a = NULL;
	unsigned char m[6];
	char what[IFNAMSIZ + 48];

	if (!mac)
		return 0;
	if (lct_net_parse_mac(mac, m) < 0)
		return lct_err(err, -EINVAL, "net: set MAC '%s' of '%s'", mac,
			       rtnl_link_get_name(dev));
	chg = new_change(mac, err);
	a = nl_addr_build(AF_LLC, m, sizeof(m));
	if (!chg || !a)
		return lct_err(err, -ENOMEM, "net: set MAC of '%s'", rtnl_link_get_name(dev));
	rtnl_link_set_addr(chg, a);
	snprintf(what, sizeof(what), "set MAC '%s' of '%s'", mac, rtnl_link_get_name(dev));
	return commit(nl, dev, chg, what, err);
}

static int set_mtu(struct lct_nl *nl, struct rtnl_link *dev, unsigned int mtu,
		   struct libct_error *err)
{
	_cleanup_link_ struct rtnl_link *chg = NULL;
	char what[IFNAMSIZ + 48];

	if (!mtu)
		return 0;
	if (!(chg = new_change(rtnl_link_get_name(dev), err)))
		return -ENOMEM;
	rtnl_link_set_mtu(chg, mtu);
	snprintf(what, sizeof(what), "set MTU %u of '%s'", mtu, rtnl_link_get_name(dev));
	return commit(nl, dev, chg, what, err);
}

static int set_master(struct lct_nl *nl, struct rtnl_link *dev, const char *master,
		      struct libct_error *err)
{
	_cleanup_link_ struct rtnl_link *chg = NULL, *br = NULL;
	char what[2 * IFNAMSIZ + 48];
	int r;

	if (!master)
		return 0;
	r = rtnl_link_get_kernel(nl->sk, 0, master, &br);
	if (r < 0)
		return lct_nl_fail(nl, r, err, "net: find master '%s' of '%s'", master,
				   rtnl_link_get_name(dev));
	if (!(chg = new_change(rtnl_link_get_name(dev), err)))
		return -ENOMEM;
	rtnl_link_set_master(chg, rtnl_link_get_ifindex(br));
	snprintf(what, sizeof(what), "set master '%s' of '%s'", master, rtnl_link_get_name(dev));
	return commit(nl, dev, chg, what, err);
}

static int add_addr(struct lct_nl *nl, struct rtnl_link *dev, const char *cidr,
		    struct libct_error *err)
{
	_cleanup_rtaddr_ struct rtnl_addr *a = NULL;
	_cleanup_nladdr_ struct nl_addr *local = NULL;
	struct lct_net_addr p;
	int r;

	if (lct_net_parse_addr(cidr, &p) < 0 || p.prefix < 0)
		return lct_err(err, -EINVAL, "net: add address '%s' to '%s'", cidr,
			       rtnl_link_get_name(dev));
	a = rtnl_addr_alloc();
	local = lct_nl_addr(&p);
	if (!a || !local)
		return lct_err(err, -ENOMEM, "net: add address '%s'", cidr);
	rtnl_addr_set_ifindex(a, rtnl_link_get_ifindex(dev));
	rtnl_addr_set_local(a, local);
	rtnl_addr_set_prefixlen(a, p.prefix);
	/* the runtime gives these addresses out and knows them unique; with
	 * duplicate address detection an IPv6 one would stay "tentative" (no
	 * bind, no source of a route) for a second or more after start */
	if (p.family == AF_INET6)
		rtnl_addr_set_flags(a, IFA_F_NODAD);
	r = rtnl_addr_add(nl->sk, a, 0);
	if (r < 0)
		return lct_nl_fail(nl, r, err, "net: add address '%s' to '%s'", cidr,
				   rtnl_link_get_name(dev));
	return 0;
}

int lct_net_dev_configure(struct lct_nl *nl, const struct libct_net_dev *d, int ifindex,
			  struct libct_error *err)
{
	_cleanup_link_ struct rtnl_link *dev = NULL;
	int r;

	r = find(nl, ifindex, ifindex ? NULL : d->name, &dev, err);
	if (r < 0)
		return r;
	/* the MAC and MTU while it is down, as some drivers want; master
	 * before up, so that no frame is switched outside the bridge */
	if ((r = set_mac(nl, dev, d->mac, err)) < 0 || (r = set_mtu(nl, dev, d->mtu, err)) < 0 ||
	    (r = set_master(nl, dev, d->master, err)) < 0)
		return r;
	for (size_t i = 0; d->addrs && d->addrs[i]; i++)
		if ((r = add_addr(nl, dev, d->addrs[i], err)) < 0)
			return r;
	return set_up(nl, dev, err);
}
