/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The network configuration of a container: the public setters, the checks
 * they make on each value (so that a bad one fails where it is given, naming
 * it), and the freeing of it all. Nothing here talks to the kernel. */
#include <arpa/inet.h>
#include <ctype.h>
#include <net/if.h>
#include <stdio.h>
#include <sys/random.h>
#include <time.h>

#include "net/net.h"
#include "util/util.h"

/* ------------------------------------------------------------ values */

/* The kernel's rule for an interface name (dev_valid_name); template_ok
 * also allows one "%d", for which the kernel picks a free number. */
static int check_name(const char *name, bool template_ok, struct libct_error *err)
{
	const char *pct;

	if (!name || !*name)
		return lct_err_msg(err, -EINVAL, "net: empty device name");
	if (strlen(name) >= IFNAMSIZ)
		return lct_err_msg(err, -EINVAL,
				   "net: device name '%s' is longer than %d characters", name,
				   IFNAMSIZ - 1);
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return lct_err_msg(err, -EINVAL, "net: invalid device name '%s'", name);
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == ':' || isspace((unsigned char)*p))
			return lct_err_msg(err, -EINVAL,
					   "net: invalid device name '%s': no '/', ':' or white "
					   "space",
					   name);
	pct = strchr(name, '%');
	if (pct && !template_ok)
		return lct_err_msg(err, -EINVAL, "net: invalid device name '%s': no '%%'", name);
	if (pct && (pct[1] != 'd' || strchr(pct + 2, '%')))
		return lct_err_msg(err, -EINVAL,
				   "net: invalid device name '%s': '%%' only as one '%%d'", name);
	return 0;
}

int lct_net_parse_addr(const char *s, struct lct_net_addr *ret)
{
	struct lct_net_addr a = { .prefix = -1 };
	char buf[INET6_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	int max;

	if (n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET, buf, a.bytes) == 1)
		a.family = AF_INET, max = 32;
	else if (inet_pton(AF_INET6, buf, a.bytes) == 1)
		a.family = AF_INET6, max = 128;
	else
		return -EINVAL;
	if (slash) {
		int64_t p;

		if (!isdigit((unsigned char)slash[1]) || lct_parse_int64(slash + 1, &p) < 0 ||
		    p > max)
			return -EINVAL;
		a.prefix = (int)p;
	}
	*ret = a;
	return 0;
}

static int hexval(char c)
{
	return isdigit((unsigned char)c) ? c - '0' : tolower((unsigned char)c) - 'a' + 10;
}

int lct_net_parse_mac(const char *s, unsigned char ret[6])
{
	unsigned char m[6];

	for (int i = 0; i < 6; i++) {
		const char *p = s + 3 * i;

		if (!isxdigit((unsigned char)p[0]) || !isxdigit((unsigned char)p[1]) ||
		    p[2] != (i == 5 ? '\0' : ':'))
			return -EINVAL;
		m[i] = (unsigned char)(hexval(p[0]) << 4 | hexval(p[1]));
	}
	memcpy(ret, m, sizeof(m));
	return 0;
}

/* "10.0.0.2/24" and the like, the what (of device dev, if not NULL);
 * with_prefix: "/N" required, else refused. */
static int check_addr(const char *s, bool with_prefix, const char *what, const char *dev,
		      struct libct_error *err)
{
	struct lct_net_addr a;
	char of[IFNAMSIZ + 8] = "";

	if (dev)
		snprintf(of, sizeof(of), " of '%s'", dev);
	if (!s || lct_net_parse_addr(s, &a) < 0)
		return lct_err_msg(err, -EINVAL, "net: %s '%s'%s: not an IPv4 or IPv6 address%s",
				   what, s ? s : "(null)", of,
				   with_prefix ? " with a prefix length" : "");
	if (with_prefix != (a.prefix >= 0))
		return lct_err_msg(err, -EINVAL, "net: %s '%s'%s: %s", what, s, of,
				   with_prefix ? "needs a prefix length (\"/24\")" :
						 "takes no prefix length");
	return 0;
}

static int set_str(char **dst, const char *v)
{
	char *c = strdup(v);

	if (!c)
		return -ENOMEM;
	free(*dst);
	*dst = c;
	return 0;
}

/* ----------------------------------------------------------- devices */

static void dev_free(struct libct_net_dev *d)
{
	free(d->name);
	free(d->mac);
	free(d->master);
	lct_strv_free(d->addrs);
}

static void link_free(struct lct_net_link *l)
{
	if (!l)
		return;
	dev_free(&l->host);
	dev_free(&l->ct);
	free(l);
}

int lct_net_link_add(struct lct_config *cfg, enum lct_net_kind kind, const char *host_name,
		     const char *ct_name, struct lct_net_link **ret)
{
	struct lct_net_link *l = calloc(1, sizeof(*l));
	struct lct_net_link **grown;

	if (!l)
		return -ENOMEM;
	l->kind = kind;
	l->host.link = l->ct.link = l;
	l->ct.in_ct = true;
	l->move_back = kind == LCT_NET_HOST_DEV;
	l->host.name = strdup(host_name);
	l->ct.name = strdup(ct_name);
	grown = realloc(cfg->net_links, (cfg->n_net_links + 1) * sizeof(*grown));
	if (grown)
		cfg->net_links = grown;
	if (!l->host.name || !l->ct.name || !grown) {
		link_free(l);
		return -ENOMEM;
	}
	cfg->net_links[cfg->n_net_links++] = l;
	*ret = l;
	return 0;
}

/* Each name once on its side: the host's names among themselves, the
 * container's among themselves. */
static int check_unique(const struct lct_config *cfg, const char *host_name, const char *ct_name,
			struct libct_error *err)
{
	for (size_t i = 0; i < cfg->n_net_links; i++) {
		const struct lct_net_link *l = cfg->net_links[i];

		if (!strcmp(l->host.name, host_name))
			return lct_err_msg(err, -EEXIST, "net: host device '%s' given twice",
					   host_name);
		if (!strcmp(l->ct.name, ct_name))
			return lct_err_msg(err, -EEXIST, "net: container device '%s' given twice",
					   ct_name);
	}
	return 0;
}

/* A host-side name for a veth the caller left unnamed, made up now so that
 * the state record and delete know it from the start. */
static void veth_name(char buf[IFNAMSIZ])
{
	uint32_t r;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != sizeof(r))
		r = (uint32_t)getpid() ^ (uint32_t)time(NULL) ^ (uint32_t)(uintptr_t)buf;
	snprintf(buf, IFNAMSIZ, "veth%08x", r);
}

LCT_EXPORT int libct_container_add_veth(struct libct_container *ct, const char *host_name,
					const char *ct_name, struct libct_net_dev **ret,
					struct libct_error *err)
{
	char made_up[IFNAMSIZ];
	struct lct_net_link *l;
	int r;

	if (!host_name) {
		veth_name(made_up);
		host_name = made_up;
	}
	if ((r = check_name(host_name, false, err)) < 0 ||
	    (r = check_name(ct_name, false, err)) < 0 ||
	    (r = check_unique(&ct->cfg, host_name, ct_name, err)) < 0)
		return r;
	if (lct_net_link_add(&ct->cfg, LCT_NET_VETH, host_name, ct_name, &l) < 0)
		return lct_err(err, -ENOMEM, "net: veth '%s'", host_name);
	if (ret)
		*ret = &l->ct;
	return 0;
}

LCT_EXPORT int libct_container_add_host_dev(struct libct_container *ct, const char *host_name,
					    const char *ct_name, struct libct_net_dev **ret,
					    struct libct_error *err)
{
	struct lct_net_link *l;
	int r;

	if (!ct_name)
		ct_name = host_name;
	if ((r = check_name(host_name, false, err)) < 0 ||
	    (r = check_name(ct_name, true, err)) < 0 ||
	    (r = check_unique(&ct->cfg, host_name, ct_name, err)) < 0)
		return r;
	if (lct_net_link_add(&ct->cfg, LCT_NET_HOST_DEV, host_name, ct_name, &l) < 0)
		return lct_err(err, -ENOMEM, "net: host device '%s'", host_name);
	if (ret)
		*ret = &l->ct;
	return 0;
}

LCT_EXPORT int libct_container_del_net_dev(struct libct_container *ct, const char *host_name,
					   struct libct_error *err)
{
	struct lct_config *cfg = &ct->cfg;

	for (size_t i = 0; host_name && i < cfg->n_net_links; i++) {
		if (strcmp(cfg->net_links[i]->host.name, host_name))
			continue;
		link_free(cfg->net_links[i]);
		memmove(&cfg->net_links[i], &cfg->net_links[i + 1],
			(cfg->n_net_links - i - 1) * sizeof(cfg->net_links[0]));
		cfg->n_net_links--;
		return 0;
	}
	return lct_err_msg(err, -ENOENT, "net: no device '%s' to remove",
			   host_name ? host_name : "(null)");
}

LCT_EXPORT struct libct_net_dev *libct_net_dev_peer(struct libct_net_dev *dev)
{
	if (!dev || dev->link->kind != LCT_NET_VETH)
		return NULL;
	return dev->in_ct ? &dev->link->host : &dev->link->ct;
}

LCT_EXPORT int libct_net_dev_set_move_back(struct libct_net_dev *dev, bool on,
					   struct libct_error *err)
{
	if (dev->link->kind != LCT_NET_HOST_DEV)
		return lct_err_msg(err, -EINVAL, "net: '%s' is not a moved host device", dev->name);
	dev->link->move_back = on;
	return 0;
}

LCT_EXPORT int libct_net_dev_set_mac(struct libct_net_dev *dev, const char *mac,
				     struct libct_error *err)
{
	static const unsigned char zero[6];
	unsigned char m[6];

	if (!mac || lct_net_parse_mac(mac, m) < 0)
		return lct_err_msg(err, -EINVAL,
				   "net: MAC '%s' of '%s': not of the form 02:00:00:00:00:01",
				   mac ? mac : "(null)", dev->name);
	/* the kernel refuses these too, but only once the device exists */
	if ((m[0] & 1) || !memcmp(m, zero, sizeof(m)))
		return lct_err_msg(err, -EINVAL, "net: MAC '%s' of '%s': %s", mac, dev->name,
				   m[0] & 1 ? "a multicast address" : "all zeros");
	if (set_str(&dev->mac, mac) < 0)
		return lct_err(err, -ENOMEM, "net: MAC of '%s'", dev->name);
	return 0;
}

LCT_EXPORT int libct_net_dev_set_mtu(struct libct_net_dev *dev, unsigned int mtu,
				     struct libct_error *err)
{
	/* 68: the least IPv4 works with (RFC 791), the kernel's ETH_MIN_MTU */
	if (mtu < 68 || mtu > 65535)
		return lct_err_msg(err, -EINVAL, "net: MTU %u of '%s': not in 68..65535", mtu,
				   dev->name);
	dev->mtu = mtu;
	return 0;
}

LCT_EXPORT int libct_net_dev_set_master(struct libct_net_dev *dev, const char *bridge,
					struct libct_error *err)
{
	int r = check_name(bridge, false, err);

	if (r < 0)
		return lct_err_prefix(err, "net: master of '%s'", dev->name);
	if (set_str(&dev->master, bridge) < 0)
		return lct_err(err, -ENOMEM, "net: master of '%s'", dev->name);
	return 0;
}

LCT_EXPORT int libct_net_dev_add_addr(struct libct_net_dev *dev, const char *cidr,
				      struct libct_error *err)
{
	int r = check_addr(cidr, true, "address", dev->name, err);

	if (r < 0)
		return r;
	if (lct_strv_push(&dev->addrs, cidr) < 0)
		return lct_err(err, -ENOMEM, "net: address of '%s'", dev->name);
	return 0;
}

/* ------------------------------------------------------------ routes */

static void route_free(struct libct_net_route *r)
{
	for (size_t i = 0; i < r->n_nexthops; i++) {
		free(r->nexthops[i]->gateway);
		free(r->nexthops[i]->dev);
		free(r->nexthops[i]);
	}
	free(r->nexthops);
	free(r->dst);
	free(r->src);
	free(r->dev);
	free(r);
}

/* Grow an array of pointers by p (owned by the array from then on). */
static int push_ptr(void *arr_ptr, size_t *n, void *p)
{
	void **slot = lct_array_grow(arr_ptr, n, sizeof(void *));

	if (!slot)
		return -ENOMEM;
	*slot = p;
	return 0;
}

LCT_EXPORT int libct_container_add_route(struct libct_container *ct, struct libct_net_route **ret,
					 struct libct_error *err)
{
	struct libct_net_route *r = calloc(1, sizeof(*r));

	if (!r || push_ptr(&ct->cfg.net_routes, &ct->cfg.n_net_routes, r) < 0) {
		free(r);
		return lct_err(err, -ENOMEM, "net: route");
	}
	if (ret)
		*ret = r;
	return 0;
}

/* The host bits of a destination must be zero (the kernel refuses the
 * route otherwise, with a less telling message). */
static bool host_bits_clear(const struct lct_net_addr *a)
{
	int bits = a->family == AF_INET ? 32 : 128;

	for (int b = a->prefix; b < bits; b++)
		if (a->bytes[b / 8] & (0x80 >> (b % 8)))
			return false;
	return true;
}

LCT_EXPORT int libct_net_route_set_dst(struct libct_net_route *r, const char *cidr,
				       struct libct_error *err)
{
	struct lct_net_addr a;

	if (cidr && !strcmp(cidr, "default")) {
		free(r->dst);
		r->dst = NULL;
		return 0;
	}
	if (!cidr || lct_net_parse_addr(cidr, &a) < 0)
		return lct_err_msg(err, -EINVAL,
				   "net: route destination '%s': not \"default\" or an IPv4 or "
				   "IPv6 address with an optional prefix length",
				   cidr ? cidr : "(null)");
	if (a.prefix >= 0 && !host_bits_clear(&a))
		return lct_err_msg(err, -EINVAL,
				   "net: route destination '%s': bits set past the prefix length",
				   cidr);
	if (set_str(&r->dst, cidr) < 0)
		return lct_err(err, -ENOMEM, "net: route destination");
	return 0;
}

LCT_EXPORT int libct_net_route_set_src(struct libct_net_route *r, const char *addr,
				       struct libct_error *err)
{
	int rc = check_addr(addr, false, "route source", NULL, err);

	if (rc < 0)
		return rc;
	if (set_str(&r->src, addr) < 0)
		return lct_err(err, -ENOMEM, "net: route source");
	return 0;
}

LCT_EXPORT int libct_net_route_set_dev(struct libct_net_route *r, const char *dev,
				       struct libct_error *err)
{
	int rc = check_name(dev, false, err);

	if (rc < 0)
		return lct_err_prefix(err, "net: route device");
	if (set_str(&r->dev, dev) < 0)
		return lct_err(err, -ENOMEM, "net: route device");
	return 0;
}

LCT_EXPORT int libct_net_route_add_nexthop(struct libct_net_route *r,
					   struct libct_net_nexthop **ret, struct libct_error *err)
{
	struct libct_net_nexthop *nh = calloc(1, sizeof(*nh));

	if (!nh || push_ptr(&r->nexthops, &r->n_nexthops, nh) < 0) {
		free(nh);
		return lct_err(err, -ENOMEM, "net: next hop");
	}
	if (ret)
		*ret = nh;
	return 0;
}

LCT_EXPORT int libct_net_nexthop_set_gateway(struct libct_net_nexthop *nh, const char *addr,
					     struct libct_error *err)
{
	int rc = check_addr(addr, false, "gateway", NULL, err);

	if (rc < 0)
		return rc;
	if (set_str(&nh->gateway, addr) < 0)
		return lct_err(err, -ENOMEM, "net: gateway");
	return 0;
}

LCT_EXPORT int libct_net_nexthop_set_dev(struct libct_net_nexthop *nh, const char *dev,
					 struct libct_error *err)
{
	int rc = check_name(dev, false, err);

	if (rc < 0)
		return lct_err_prefix(err, "net: next hop device");
	if (set_str(&nh->dev, dev) < 0)
		return lct_err(err, -ENOMEM, "net: next hop device");
	return 0;
}

/* ------------------------------------------------- the whole of it */

bool lct_net_new_ns(const struct lct_config *cfg)
{
	return cfg->ns_want[LIBCT_NS_NET] && !cfg->ns_path[LIBCT_NS_NET];
}

bool lct_net_parent_setup(const struct lct_config *cfg)
{
	return lct_net_new_ns(cfg) && (cfg->n_net_links || cfg->n_net_routes);
}

/* Every address of a route of one family (the kernel takes the family from
 * the route, and would misread the others): s against the first one seen. */
static int same_family(const char *route, const char *s, int *family, const char **first,
		       struct libct_error *err)
{
	struct lct_net_addr a;

	if (!s || lct_net_parse_addr(s, &a) < 0)
		return 0;
	if (!*family) {
		*family = a.family;
		*first = s;
	} else if (a.family != *family) {
		return lct_err_msg(err, -EINVAL,
				   "net: route '%s': '%s' and '%s' are of different address "
				   "families",
				   route, *first, s);
	}
	return 0;
}

static int check_route(const struct libct_net_route *r, struct libct_error *err)
{
	const char *name = r->dst ? r->dst : "default", *first = NULL;
	int family = 0, rc;

	if (!r->n_nexthops && !r->dev)
		return lct_err_msg(err, -EINVAL, "net: route '%s': needs a device or a next hop",
				   name);
	if ((rc = same_family(name, r->dst, &family, &first, err)) < 0 ||
	    (rc = same_family(name, r->src, &family, &first, err)) < 0)
		return rc;
	for (size_t i = 0; i < r->n_nexthops; i++) {
		if (!r->nexthops[i]->gateway && !r->nexthops[i]->dev && !r->dev)
			return lct_err_msg(err, -EINVAL,
					   "net: route '%s': a next hop needs a gateway or a "
					   "device",
					   name);
		rc = same_family(name, r->nexthops[i]->gateway, &family, &first, err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int lct_net_validate(const struct lct_config *cfg, struct libct_error *err)
{
	if ((cfg->n_net_links || cfg->n_net_routes) && !lct_net_new_ns(cfg))
		return lct_err_msg(err, -EINVAL,
				   "net: network devices and routes need a new network namespace");
	for (size_t i = 0; i < cfg->n_net_routes; i++) {
		int r = check_route(cfg->net_routes[i], err);

		if (r < 0)
			return r;
	}
	return 0;
}

void lct_net_config_free(struct lct_config *cfg)
{
	for (size_t i = 0; i < cfg->n_net_links; i++)
		link_free(cfg->net_links[i]);
	free(cfg->net_links);
	for (size_t i = 0; i < cfg->n_net_routes; i++)
		route_free(cfg->net_routes[i]);
	free(cfg->net_routes);
	cfg->net_links = NULL;
	cfg->net_routes = NULL;
	cfg->n_net_links = cfg->n_net_routes = 0;
}
