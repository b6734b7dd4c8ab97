/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lib/net's own: the rtnetlink socket (nl.c), devices (link.c) and routes
 * (route.c) over libnl-route-3, with cleanup helpers for its objects. */
#ifndef LCT_NET_NL_H
#define LCT_NET_NL_H

#include <netlink/addr.h>
#include <netlink/cache.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/route.h>

#include "net/net.h"

static inline void lct_nl_link_putp(struct rtnl_link **l)
{
	if (*l)
		rtnl_link_put(*l);
}
static inline void lct_nl_addr_putp(struct nl_addr **a)
{
	if (*a)
		nl_addr_put(*a);
}
static inline void lct_nl_rtaddr_putp(struct rtnl_addr **a)
{
	if (*a)
		rtnl_addr_put(*a);
}
static inline void lct_nl_cache_freep(struct nl_cache **c)
{
	if (*c)
		nl_cache_free(*c);
}
#define _cleanup_link_ __attribute__((cleanup(lct_nl_link_putp)))
#define _cleanup_nladdr_ __attribute__((cleanup(lct_nl_addr_putp)))
#define _cleanup_rtaddr_ __attribute__((cleanup(lct_nl_rtaddr_putp)))
#define _cleanup_cache_ __attribute__((cleanup(lct_nl_cache_freep)))

/* -------------------------------------------------------------- nl.c */

/* An rtnetlink socket bound to one network namespace, and what the kernel
 * said of the last request it refused. */
struct lct_nl {
	struct nl_sock *sk;
	int kernel_errno;     /* 0: the last failure was not the kernel's */
	char kernel_msg[160]; /* its extended ack text, "" when none */
};

/* Open nl in the network namespace nsfd (-EBADF: the caller's). The calling
 * thread enters it for the socket() call only: the socket stays bound to it. */
int lct_nl_open(struct lct_nl *nl, int nsfd, struct libct_error *err);
void lct_nl_close(struct lct_nl *nl);
/* Forget a refusal that the caller does not count as a failure. */
void lct_nl_reset(struct lct_nl *nl);
/* The errno of a libnl failure nlerr: the kernel's when it refused. */
int lct_nl_errno(const struct lct_nl *nl, int nlerr);
/* Raise nlerr as "WHAT: strerror (the kernel's text)" and forget it. */
int lct_nl_fail(struct lct_nl *nl, int nlerr, struct libct_error *err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* An nl_addr of a parsed address (with its prefix length, if any); NULL on ENOMEM. */
struct nl_addr *lct_nl_addr(const struct lct_net_addr *a);

/* ------------------------------------------------------------ link.c */

/* The ifindex of the device called name in nl's namespace. */
int lct_net_ifindex(struct lct_nl *nl, const char *name, int *ret, struct libct_error *err);
/* Set lo up. */
int lct_net_lo_up(struct lct_nl *nl, struct libct_error *err);
/* Make a veth pair: its host end in host's namespace, its container end in
 * nsfd's; sets l->host_ifindex. */
int lct_net_veth_create(struct lct_nl *host, struct lct_net_link *l, int nsfd,
			struct libct_error *err);
/* Delete a veth by its host end (gone already: not an error). */
int lct_net_veth_delete(struct lct_nl *host, const struct lct_net_link *l, struct libct_error *err);
/* Move a host device into the container (inner, whose namespace is nsfd)
 * under its container name, with its permanent global addresses; sets
 * l->ct_ifindex and l->was_up. */
int lct_net_host_dev_move_in(struct lct_nl *host, struct lct_nl *inner, struct lct_net_link *l,
			     int nsfd, struct libct_error *err);
/* Move it back to host (whose namespace is host_nsfd) under its host name,
 * with its permanent global addresses, up if it was up before. */
int lct_net_host_dev_move_out(struct lct_nl *inner, struct lct_nl *host,
			      const struct lct_net_link *l, int host_nsfd, struct libct_error *err);
/* Configure one end on its side (nl): MAC, MTU, master, addresses, then
 * up. ifindex 0: find it by name. */
int lct_net_dev_configure(struct lct_nl *nl, const struct libct_net_dev *d, int ifindex,
			  struct libct_error *err);

/* ----------------------------------------------------------- route.c */

/* Add a route in nl's namespace (the container's). */
int lct_net_route_add(struct lct_nl *nl, const struct libct_net_route *r, struct libct_error *err);

#endif
