/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The order a container's network is set up in, by the runtime between
 * clone and the container's own setup, and undone in, after a failed create
 * or on delete. Two sockets: one in the runtime's namespace (the host side),
 * one made inside the container's (every container-side step). */
#include <fcntl.h>

#include "net/nl.h"
#include "util/util.h"

bool lct_net_has_links(const struct lct_config *cfg)
{
	for (size_t i = 0; i < cfg->n_net_links; i++)
		if (cfg->net_links[i]->made)
			return true;
	return false;
}

static int move_in_all(struct lct_config *cfg, struct lct_nl *host, struct lct_nl *inner, int nsfd,
		       struct libct_error *err)
{
	for (size_t i = 0; i < cfg->n_net_links; i++) {
		struct lct_net_link *l = cfg->net_links[i];
		int r;

		if (l->kind != LCT_NET_HOST_DEV)
			continue;
		r = lct_net_host_dev_move_in(host, inner, l, nsfd, err);
		if (r < 0)
			return r;
	}
	return 0;
}

static int create_all(struct lct_config *cfg, struct lct_nl *host, int nsfd,
		      struct libct_error *err)
{
	for (size_t i = 0; i < cfg->n_net_links; i++) {
		struct lct_net_link *l = cfg->net_links[i];
		int r;

		if (l->kind != LCT_NET_VETH)
			continue;
		r = lct_net_veth_create(host, l, nsfd, err);
		if (r < 0)
			return r;
	}
	return 0;
}

static int configure_all(struct lct_config *cfg, struct lct_nl *host, struct lct_nl *inner,
			 struct libct_error *err)
{
	for (size_t i = 0; i < cfg->n_net_links; i++) {
		struct lct_net_link *l = cfg->net_links[i];
		int r = 0;

		if (l->kind == LCT_NET_VETH)
			r = lct_net_dev_configure(host, &l->host, l->host_ifindex, err);
		if (r == 0)
			r = lct_net_dev_configure(inner, &l->ct, l->ct_ifindex, err);
		if (r < 0)
			return r;
	}
	return 0;
}

int lct_net_setup(struct libct_container *ct, int nsfd, struct libct_error *err)
{
	struct lct_config *cfg = &ct->cfg;
	_cleanup_(lct_nl_close) struct lct_nl host = { 0 }, inner = { 0 };
	int r;

	r = lct_nl_open(&inner, nsfd, err);
	if (r < 0)
		return r;
	/* lo first: a new network namespace has it down, and 127.0.0.1 (and
	 * ::1) only work once it is up */
	r = lct_net_lo_up(&inner, err);
	if (r < 0 || (!cfg->n_net_links && !cfg->n_net_routes))
		return r;
	r = lct_nl_open(&host, -EBADF, err);
	if (r < 0)
		return r;
	/* host devices before veths: in a namespace with only lo a moved device
	 * keeps its index, by which it is then found even after a "%d" rename */
	if ((r = move_in_all(cfg, &host, &inner, nsfd, err)) < 0 ||
	    (r = create_all(cfg, &host, nsfd, err)) < 0 ||
	    (r = configure_all(cfg, &host, &inner, err)) < 0)
		return r;
	/* routes last: their devices must be up, their gateways reachable */
	for (size_t i = 0; i < cfg->n_net_routes; i++) {
		r = lct_net_route_add(&inner, cfg->net_routes[i], err);
		if (r < 0)
			return r;
	}
	return 0;
}

/* Keep the first failure in err, and go on. */
static void keep_first(int r, const struct libct_error *e, int *first, struct libct_error *err)
{
	if (r >= 0 || *first < 0)
		return;
	*first = r;
	if (err)
		*err = *e;
}

static bool moves_back(const struct lct_net_link *l, bool failed_create)
{
	return l->made && l->kind == LCT_NET_HOST_DEV && (l->move_back || failed_create);
}

int lct_net_teardown(struct libct_container *ct, int nsfd, bool failed_create,
		     struct libct_error *err)
{
	struct lct_config *cfg = &ct->cfg;
	_cleanup_(lct_nl_close) struct lct_nl host = { 0 }, inner = { 0 };
	_cleanup_close_ int self = -EBADF;
	struct libct_error e = { 0 };
	bool back = false;
	int first = 0, r;

	if (!lct_net_has_links(cfg))
		return 0;
	for (size_t i = 0; i < cfg->n_net_links; i++)
		back |= moves_back(cfg->net_links[i], failed_create);
	r = lct_nl_open(&host, -EBADF, err);
	if (r < 0)
		return r;
	/* with the container's namespace gone, a physical device is back in the
	 * initial namespace and a virtual one is no more: nothing to do */
	if (back && nsfd >= 0) {
		self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
		if (self < 0)
			keep_first(lct_err(&e, -errno, "net: open '/proc/thread-self/ns/net'"), &e,
				   &first, err);
		else
			keep_first(lct_nl_open(&inner, nsfd, &e), &e, &first, err);
	}
	for (size_t i = 0; i < cfg->n_net_links; i++) {
		struct lct_net_link *l = cfg->net_links[i];

		if (!l->made)
			continue;
		if (l->kind == LCT_NET_VETH)
			r = lct_net_veth_delete(&host, l, &e);
		else if (moves_back(l, failed_create) && inner.sk)
			r = lct_net_host_dev_move_out(&inner, &host, l, self, &e);
		else
			r = 0;
		keep_first(r, &e, &first, err);
		l->made = false;
	}
	return first;
}
