/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Networking: the typed configuration behind libct_container_add_veth & co.
 * (net-config.c), and the order devices and routes are made and undone in
 * (setup.c). The kernel is reached through libnl-route-3 (nl.h: the socket,
 * devices, routes), which only lib/net includes. */
#ifndef LCT_NET_H
#define LCT_NET_H

#include <stdbool.h>

#include "core/config.h"

enum lct_net_kind {
	LCT_NET_VETH = 0,
	LCT_NET_HOST_DEV,
};

/* One end of a device: the handle the API gives out. */
struct libct_net_dev {
	struct lct_net_link *link; /* the device it is an end of */
	bool in_ct;		   /* the container's end */
	char *name;		   /* its name on its side; a host device's may end in "%d" */
	char *mac;		   /* "02:00:00:00:00:01", NULL: the kernel's */
	unsigned int mtu;	   /* 0: the kernel's */
	char *master;		   /* a bridge on the same side */
	char **addrs;		   /* "10.0.0.2/24", ...; NULL-terminated or NULL */
};

/* A device: a veth pair, or a host device moved into the container. */
struct lct_net_link {
	enum lct_net_kind kind;
	/* veth: the host end; host device: only its name on the host is used */
	struct libct_net_dev host;
	struct libct_net_dev ct; /* the container's end */
	bool move_back;		 /* host device: back to the runtime's namespace on delete */
	/* what create made (or what the state record says it made): a veth
	 * created (its host end's index), a host device moved in (its index in
	 * the container, and whether it was up on the host) */
	bool made;
	int host_ifindex;
	int ct_ifindex;
	bool was_up;
};

struct libct_net_nexthop {
	char *gateway, *dev;
};

struct libct_net_route {
	char *dst, *src, *dev; /* dst NULL: default */
	struct libct_net_nexthop **nexthops;
	size_t n_nexthops;
};

/* ------------------------------------------------------ net-config.c */

/* An address as parsed from "10.0.0.2/24", "fd00::2" or a route's dst. */
struct lct_net_addr {
	int family; /* AF_INET, AF_INET6 */
	unsigned char bytes[16];
	int prefix; /* -1: none given */
};

/* Parse an IPv4 or IPv6 address with an optional "/N" (prefix -1 without). */
int lct_net_parse_addr(const char *s, struct lct_net_addr *ret);
/* Parse "xx:xx:xx:xx:xx:xx". */
int lct_net_parse_mac(const char *s, unsigned char ret[6]);
/* A device of ct->cfg, and the state record's view of it: add one without the
 * checks of the public setters (names are checked by the caller). */
int lct_net_link_add(struct lct_config *cfg, enum lct_net_kind kind, const char *host_name,
		     const char *ct_name, struct lct_net_link **ret);
/* Whether the container gets a new network namespace (and so its lo up). */
bool lct_net_new_ns(const struct lct_config *cfg);
/* Whether the parent sets the new network namespace up (devices or routes to
 * make); without any, init only brings lo up itself (lct_net_lo_up_here). */
bool lct_net_parent_setup(const struct lct_config *cfg);
/* lo up in the caller's own network namespace: two ioctls, no netlink. */
int lct_net_lo_up_here(struct libct_error *err);
/* Checks across settings, before anything is made: devices and routes need a
 * new network namespace, a route's addresses one family. */
int lct_net_validate(const struct lct_config *cfg, struct libct_error *err);

/* ----------------------------------------------------------- setup.c */

/* Between clone and the container's own setup: lo up, devices made, moved
 * in and configured on both sides, routes added. nsfd is the container's
 * network namespace, held by the caller until the create is done, so that
 * a failed create can still take its devices back. */
int lct_net_setup(struct libct_container *ct, int nsfd, struct libct_error *err);
/* Undo what setup made: host devices moved back (on delete only those
 * asked to be; after a failed create, all) while nsfd, the container's
 * namespace, still exists (-EBADF: it is gone, and nothing can come back
 * from it), and the veths' host ends deleted. Goes on past failures; the
 * first is returned. */
int lct_net_teardown(struct libct_container *ct, int nsfd, bool failed_create,
		     struct libct_error *err);
/* Whether ct has devices that teardown would undo. */
bool lct_net_has_links(const struct lct_config *cfg);
/* Free the network devices and routes of cfg (lib/net/config.c), with every
 * handle given out for them. */
void lct_net_config_free(struct lct_config *cfg);

#endif
