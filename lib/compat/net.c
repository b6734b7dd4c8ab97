/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Networking of the original interface, over the modern net calls: a ct_net
 * is a device end, a route and its next hops wrap the modern ones. */
#include "compat/compat.h"
#include "util/util.h"

struct ct_net {
	struct ct_handler *h;
	struct libct_net_dev *dev;
	struct ct_net *peer; /* a veth's other end, made on demand */
	struct ct_net *next; /* in the container's list */
};

struct ct_net_route_nh {
	struct ct_handler *h;
	struct libct_net_nexthop *nh;
	struct ct_net_route_nh *next;
};

struct ct_net_route {
	struct ct_handler *h;
	struct libct_net_route *r;
	struct ct_net_route_nh *nhs;
	struct ct_net_route *next;
};

static struct ct_net *wrap(struct ct_handler *h, struct libct_net_dev *dev)
{
	struct ct_net *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->h = h;
	n->dev = dev;
	n->next = h->nets;
	h->nets = n;
	return n;
}

void lct_compat_net_free(struct ct_handler *h)
{
	while (h->nets) {
		struct ct_net *n = h->nets;

		h->nets = n->next;
		free(n);
	}
	while (h->routes) {
		struct ct_net_route *r = h->routes;

		h->routes = r->next;
		while (r->nhs) {
			struct ct_net_route_nh *nh = r->nhs;

			r->nhs = nh->next;
			free(nh);
		}
		free(r);
	}
}

static int fail(struct ct_handler *h, int r, const struct libct_error *e)
{
	return r < 0 ? lct_compat_fail(h->s, e) : 0;
}

/* CT_NET_NONE asks for nothing: no handle, no error. */
LCT_EXPORT ct_net_t COMPAT(net_add)(ct_handler_t h, enum ct_net_type type, void *arg)
{
	struct libct_net_dev *dev = NULL;
	struct libct_error e;
	struct ct_net *n;
	int r;

	if (lct_compat_running(h))
		return lct_compat_fail_handle(h->s, -LCTERR_BADCTSTATE, "the container is running");
	switch (type) {
	case CT_NET_NONE:
		return NULL;
	case CT_NET_HOSTNIC:
		r = arg ? libct_container_add_host_dev(h->ct, arg, NULL, &dev, &e) :
			  lct_err_msg(&e, -LCTERR_INVARG, "no host device named");
		break;
	case CT_NET_VETH: {
		struct ct_net_veth_arg *va = arg;

		r = va ? libct_container_add_veth(h->ct, va->host_name, va->ct_name, &dev, &e) :
			 lct_err_msg(&e, -LCTERR_INVARG, "no veth names");
		break;
	}
	default:
		return lct_compat_fail_handle(h->s, -LCTERR_BADTYPE, "unknown network type");
	}
	if (r < 0)
		return lct_compat_err_handle(lct_compat_fail(h->s, &e));
	n = wrap(h, dev);
	return n ? n : lct_compat_err_handle(-ENOMEM);
}

LCT_EXPORT int COMPAT(net_del)(ct_handler_t h, enum ct_net_type type, void *arg)
{
	const char *host = NULL;
	struct libct_error e;

	if (type == CT_NET_NONE)
		return 0;
	if (type == CT_NET_HOSTNIC)
		host = arg;
	else if (type == CT_NET_VETH && arg)
		host = ((struct ct_net_veth_arg *)arg)->host_name;
	else
		return lct_compat_fail_code(h->s, -LCTERR_BADTYPE, "unknown network type");
	/* the handles of that device stay allocated until the container goes */
	return fail(h, libct_container_del_net_dev(h->ct, host, &e), &e);
}

LCT_EXPORT ct_net_t COMPAT(net_dev_get_peer)(ct_net_t n)
{
	struct libct_net_dev *peer;

	if (n->peer)
		return n->peer;
	peer = libct_net_dev_peer(n->dev);
	if (!peer)
		return lct_compat_fail_handle(n->h->s, -LCTERR_NOTFOUND, "the device has no peer");
	n->peer = wrap(n->h, peer);
	if (!n->peer)
		return lct_compat_err_handle(-ENOMEM);
	n->peer->peer = n;
	return n->peer;
}

LCT_EXPORT int COMPAT(net_dev_set_mac_addr)(ct_net_t n, char *addr)
{
	struct libct_error e;

	return fail(n->h, libct_net_dev_set_mac(n->dev, addr, &e), &e);
}

LCT_EXPORT int COMPAT(net_dev_set_master)(ct_net_t n, char *master)
{
	struct libct_error e;

	return fail(n->h, libct_net_dev_set_master(n->dev, master, &e), &e);
}

LCT_EXPORT int COMPAT(net_dev_add_ip_addr)(ct_net_t n, char *addr)
{
	struct libct_error e;

	return fail(n->h, libct_net_dev_add_addr(n->dev, addr, &e), &e);
}

LCT_EXPORT int COMPAT(net_dev_set_mtu)(ct_net_t n, int mtu)
{
	struct libct_error e;

	if (mtu <= 0)
		return lct_compat_fail_code(n->h->s, -LCTERR_INVARG, "the MTU must be positive");
	return fail(n->h, libct_net_dev_set_mtu(n->dev, (unsigned int)mtu, &e), &e);
}

LCT_EXPORT ct_net_route_t COMPAT(net_route_add)(ct_handler_t h)
{
	struct ct_net_route *r = calloc(1, sizeof(*r));
	struct libct_error e;

	if (!r)
		return lct_compat_err_handle(-ENOMEM);
	if (libct_container_add_route(h->ct, &r->r, &e) < 0) {
		free(r);
		return lct_compat_err_handle(lct_compat_fail(h->s, &e));
	}
	r->h = h;
	r->next = h->routes;
	h->routes = r;
	return r;
}

LCT_EXPORT int COMPAT(net_route_set_src)(ct_net_route_t r, char *addr)
{
	struct libct_error e;

	return fail(r->h, libct_net_route_set_src(r->r, addr, &e), &e);
}

LCT_EXPORT int COMPAT(net_route_set_dst)(ct_net_route_t r, char *addr)
{
	struct libct_error e;

	return fail(r->h, libct_net_route_set_dst(r->r, addr, &e), &e);
}

LCT_EXPORT int COMPAT(net_route_set_dev)(ct_net_route_t r, char *dev)
{
	struct libct_error e;

	return fail(r->h, libct_net_route_set_dev(r->r, dev, &e), &e);
}

LCT_EXPORT ct_net_route_nh_t COMPAT(net_route_add_nh)(ct_net_route_t r)
{
	struct ct_net_route_nh *nh = calloc(1, sizeof(*nh));
	struct libct_error e;

	if (!nh)
		return lct_compat_err_handle(-ENOMEM);
	if (libct_net_route_add_nexthop(r->r, &nh->nh, &e) < 0) {
		free(nh);
		return lct_compat_err_handle(lct_compat_fail(r->h->s, &e));
	}
	nh->h = r->h;
	nh->next = r->nhs;
	r->nhs = nh;
	return nh;
}

LCT_EXPORT int COMPAT(net_route_nh_set_gw)(ct_net_route_nh_t nh, char *addr)
{
	struct libct_error e;

	return fail(nh->h, libct_net_nexthop_set_gateway(nh->nh, addr, &e), &e);
}

LCT_EXPORT int COMPAT(net_route_nh_set_dev)(ct_net_route_nh_t nh, char *dev)
{
	struct libct_error e;

	return fail(nh->h, libct_net_nexthop_set_dev(nh->nh, dev, &e), &e);
}
