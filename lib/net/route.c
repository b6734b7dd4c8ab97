/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Routes in the container's namespace over rtnetlink: destination (or
 * default), preferred source, device, and one or more next hops. */
#include <linux/rtnetlink.h>
#include <netlink/route/nexthop.h>
#include <stdio.h>

#include "net/nl.h"
#include "util/util.h"

/* "'10.1.0.0/16' via '10.0.0.1' dev 'eth0'": the route as the messages name it. */
static void describe(const struct libct_net_route *r, char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "'%s'", r->dst ? r->dst : "default");

	for (size_t i = 0; i < r->n_nexthops && n < len; i++) {
		const struct libct_net_nexthop *nh = r->nexthops[i];

		if (nh->gateway && n < len)
			n += (size_t)snprintf(buf + n, len - n, " via '%s'", nh->gateway);
		if (nh->dev && n < len)
			n += (size_t)snprintf(buf + n, len - n, " dev '%s'", nh->dev);
	}
	if (r->dev && n < len)
		snprintf(buf + n, len - n, " dev '%s'", r->dev);
}

/* The family of the route: from any address it has (they agree, see
 * lct_net_validate), IPv4 when it has none ("default dev eth0"). */
static int family_of(const struct libct_net_route *r)
{
	struct lct_net_addr a;

	if (r->dst && lct_net_parse_addr(r->dst, &a) == 0)
		return a.family;
	if (r->src && lct_net_parse_addr(r->src, &a) == 0)
		return a.family;
	for (size_t i = 0; i < r->n_nexthops; i++)
		if (r->nexthops[i]->gateway && lct_net_parse_addr(r->nexthops[i]->gateway, &a) == 0)
			return a.family;
	return AF_INET;
}

/* An nl_addr of text (an address of the route's family), or of the whole
 * family ("default") when text is NULL. */
static struct nl_addr *addr_of(const char *text, int family)
{
	struct lct_net_addr a = { .family = family, .prefix = 0 };

	if (text && lct_net_parse_addr(text, &a) < 0)
		return NULL;
	if (text && a.prefix < 0 && !strchr(text, '/'))
		a.prefix = family == AF_INET ? 32 : 128;
	return lct_nl_addr(&a);
}

static int add_nexthop(struct lct_nl *nl, struct rtnl_route *rt, const char *gateway,
		       const char *dev, int family, const char *desc, struct libct_error *err)
{
	struct rtnl_nexthop *nh = rtnl_route_nh_alloc();
	_cleanup_link_ struct rtnl_link *link = NULL;
	_cleanup_nladdr_ struct nl_addr *gw = NULL;
	int r;

	if (!nh)
		return lct_err(err, -ENOMEM, "net: route %s", desc);
	/* the route owns nh from here */
	rtnl_route_add_nexthop(rt, nh);
	if (dev) {
		r = rtnl_link_get_kernel(nl->sk, 0, dev, &link);
		if (r < 0)
			return lct_nl_fail(nl, r, err, "net: add route %s: find device '%s'", desc,
					   dev);
		rtnl_route_nh_set_ifindex(nh, rtnl_link_get_ifindex(link));
	}
	if (gateway) {
		gw = addr_of(gateway, family);
		if (!gw)
			return lct_err(err, -ENOMEM, "net: route %s", desc);
		rtnl_route_nh_set_gateway(nh, gw);
	}
	return 0;
}

int lct_net_route_add(struct lct_nl *nl, const struct libct_net_route *r, struct libct_error *err)
{
	struct rtnl_route *rt = rtnl_route_alloc();
	_cleanup_nladdr_ struct nl_addr *dst = NULL, *src = NULL;
	int family = family_of(r), rc = 0;
	char desc[512];

	describe(r, desc, sizeof(desc));
	dst = addr_of(r->dst, family);
	src = r->src ? addr_of(r->src, family) : NULL;
	if (!rt || !dst || (r->src && !src)) {
		rc = lct_err(err, -ENOMEM, "net: route %s", desc);
		goto out;
	}
	rtnl_route_set_family(rt, (uint8_t)family);
	rtnl_route_set_table(rt, RT_TABLE_MAIN);
	/* what "ip route add" marks its routes with: made by an administrator */
	rtnl_route_set_protocol(rt, RTPROT_BOOT);
	rtnl_route_set_dst(rt, dst);
	if (src)
		rtnl_route_set_pref_src(rt, src);
	/* a device alone is a next hop of its own; next hops without one take
	 * the route's */
	for (size_t i = 0; i < r->n_nexthops && rc == 0; i++)
		rc = add_nexthop(nl, rt, r->nexthops[i]->gateway,
				 r->nexthops[i]->dev ? r->nexthops[i]->dev : r->dev, family, desc,
				 err);
	if (rc == 0 && !r->n_nexthops)
		rc = add_nexthop(nl, rt, NULL, r->dev, family, desc, err);
	if (rc < 0)
		goto out;
	rc = rtnl_route_add(nl->sk, rt, NLM_F_EXCL);
	if (rc < 0)
		rc = lct_nl_fail(nl, rc, err, "net: add route %s", desc);
out:
	if (rt)
		rtnl_route_put(rt);
	return rc;
}
