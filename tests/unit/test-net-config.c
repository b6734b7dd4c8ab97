/* Unit: the network configuration (lib/net/net-config.c) and linux.netDevices of
 * config.json: what lands in the typed configuration, and each bad value
 * refused with the value in the message. Nothing here needs root. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/internal.h"
#include "net/net.h"
#include "tap.h"

static struct libct_session *sess;

static const char *oci(const char *linux_json, struct libct_container **ret, int *ret_r)
{
	static struct libct_error err;
	struct libct_process_desc *pd = NULL;
	char text[2048];

	snprintf(text, sizeof(text),
		 "{\"ociVersion\": \"1.2.0\", \"process\": {\"args\": [\"true\"], \"cwd\": \"/\"},"
		 " \"root\": {\"path\": \"/tmp\"}, \"linux\": %s}",
		 linux_json);
	err = (struct libct_error){ 0 };
	libct_container_new(sess, "n", ret, NULL);
	*ret_r = libct_oci_load_string(*ret, "/tmp", text, &pd, &err);
	libct_process_desc_free(pd);
	return err.message;
}

static void oci_net_devices(void)
{
	struct libct_container *ct;
	const char *msg;
	int r;

	msg = oci("{\"namespaces\": [{\"type\": \"network\"}],"
		  " \"netDevices\": {\"enp3s0\": {\"name\": \"eth1\"}, \"enp4s0\": {}}}",
		  &ct, &r);
	CHECK(r == 0 && ct->cfg.n_net_links == 2, "netDevices: two host devices (%s)", msg);
	if (r == 0 && ct->cfg.n_net_links == 2) {
		const struct lct_net_link *a = ct->cfg.net_links[0], *b = ct->cfg.net_links[1];

		if (strcmp(a->host.name, "enp3s0")) {
			const struct lct_net_link *t = a;
			a = b;
			b = t;
		}
		CHECK(a->kind == LCT_NET_HOST_DEV && !strcmp(a->ct.name, "eth1"),
		      "netDevices: enp3s0 goes in as eth1");
		CHECK_STR(b->ct.name, "enp4s0", "netDevices: no name keeps the host's");
		CHECK(!a->move_back && !b->move_back, "netDevices: not moved back on delete");
	}
	libct_container_free(ct);

	msg = oci("{\"namespaces\": [{\"type\": \"network\", \"path\": \"/proc/1/ns/net\"}],"
		  " \"netDevices\": {\"enp3s0\": {}}}",
		  &ct, &r);
	CHECK(r == -EINVAL, "netDevices into a joined network namespace");
	CHECK_CONTAINS(msg, "linux.netDevices: network devices need a new network namespace",
		       "joined netns text");
	libct_container_free(ct);
	msg = oci("{\"namespaces\": [], \"netDevices\": {\"enp3s0\": {}}}", &ct, &r);
	CHECK(r == -EINVAL, "netDevices without a network namespace");
	libct_container_free(ct);
	msg = oci("{\"namespaces\": [], \"netDevices\": {}}", &ct, &r);
	CHECK(r == 0, "an empty netDevices needs nothing");
	libct_container_free(ct);

	msg = oci("{\"namespaces\": [{\"type\": \"network\"}],"
		  " \"netDevices\": {\"enp3s0\": {\"name\": \"a:b\"}}}",
		  &ct, &r);
	CHECK(r == -EINVAL, "netDevices: a name with ':'");
	CHECK_CONTAINS(msg, "linux.netDevices.enp3s0: net: invalid device name 'a:b'",
		       "name text names the JSON path and the value");
	libct_container_free(ct);
	msg = oci("{\"namespaces\": [{\"type\": \"network\"}],"
		  " \"netDevices\": {\"enp3s0\": {\"name\": \"eth%d\"}}}",
		  &ct, &r);
	CHECK(r == 0, "netDevices: a '%%d' template name (%s)", msg);
	libct_container_free(ct);
	msg = oci("{\"namespaces\": [{\"type\": \"network\"}],"
		  " \"netDevices\": {\"enp3s0\": {\"name\": 7}}}",
		  &ct, &r);
	CHECK(r == -EINVAL, "netDevices: a name that is no string");
	CHECK_CONTAINS(msg, "linux.netDevices.enp3s0.name", "type error names the path");
	libct_container_free(ct);
	msg = oci("{\"namespaces\": [{\"type\": \"network\"}], \"netDevices\": {\"enp3s0\": 1}}",
		  &ct, &r);
	CHECK(r == -EINVAL, "netDevices: an entry that is no object");
	libct_container_free(ct);
}

static void setters(void)
{
	struct libct_container *ct;
	struct libct_net_dev *dev, *host;
	struct libct_net_route *rt;
	struct libct_net_nexthop *nh;
	struct libct_error err = { 0 };
	struct lct_net_addr a;
	unsigned char mac[6];

	libct_container_new(sess, "s", &ct, NULL);
	CHECK(libct_container_add_veth(ct, NULL, "eth0", &dev, &err) == 0, "veth, no host name");
	host = libct_net_dev_peer(dev);
	CHECK(host && strncmp(host->name, "veth", 4) == 0 && strlen(host->name) == 12,
	      "a made-up host name vethXXXXXXXX (%s)", host ? host->name : "");
	CHECK(libct_net_dev_set_mac(dev, "02:AB:cd:00:00:01", &err) == 0, "a MAC in either case");
	CHECK(libct_net_dev_set_mac(dev, "00:00:00:00:00:00", &err) == -EINVAL, "zero MAC");
	CHECK_CONTAINS(err.message, "all zeros", "zero MAC text");
	CHECK(libct_net_dev_set_mtu(dev, 65536, &err) == -EINVAL, "MTU 65536");
	CHECK(libct_net_dev_set_master(host, "br with space", &err) == -EINVAL,
	      "a master name with a space");
	CHECK_CONTAINS(err.message, "net: master of 'veth", "master text names the device");
	CHECK(libct_net_dev_add_addr(dev, "fd00::2/129", &err) == -EINVAL, "IPv6 prefix 129");
	CHECK(libct_net_dev_add_addr(dev, "10.0.0.2/+4", &err) == -EINVAL, "a signed prefix");
	CHECK(libct_net_dev_add_addr(dev, "fd00::2/64", &err) == 0 && dev->addrs &&
		      !strcmp(dev->addrs[0], "fd00::2/64"),
	      "an IPv6 address");
	CHECK(libct_container_add_host_dev(ct, "eth0", NULL, NULL, &err) == -EEXIST,
	      "a host device whose name is taken inside");
	CHECK(libct_container_add_host_dev(ct, "enp3s0", "eth%d", NULL, &err) == 0,
	      "a template name for a host device");
	CHECK(libct_container_add_veth(ct, "v0", "eth%d", NULL, &err) == -EINVAL,
	      "no template for a veth");

	CHECK(libct_container_add_route(ct, &rt, &err) == 0, "a route");
	CHECK(libct_net_route_set_dst(rt, "fd01::/64", &err) == 0, "IPv6 dst");
	CHECK(libct_net_route_set_dst(rt, "default", &err) == 0 && !rt->dst, "default dst");
	CHECK(libct_net_route_set_src(rt, "10.0.0.2/24", &err) == -EINVAL, "a src with prefix");
	CHECK(libct_net_route_add_nexthop(rt, &nh, &err) == 0, "a next hop");
	CHECK(libct_net_nexthop_set_dev(nh, "", &err) == -EINVAL, "an empty next hop device");
	CHECK(libct_net_route_set_dev(rt, "eth0", &err) == 0, "route device");

	CHECK(lct_net_parse_addr("10.1.0.0/16", &a) == 0 && a.family == AF_INET && a.prefix == 16,
	      "parse 10.1.0.0/16");
	CHECK(lct_net_parse_addr("::1", &a) == 0 && a.family == AF_INET6 && a.prefix == -1,
	      "parse ::1");
	CHECK(lct_net_parse_addr("10.1.0.0/", &a) < 0, "a slash without a prefix");
	CHECK(lct_net_parse_mac("02:00:00:00:00:0", mac) < 0, "a short last MAC byte");
	CHECK(lct_net_parse_mac("02:00:00:00:00:01:", mac) < 0, "a MAC with a trailing ':'");
	libct_container_free(ct);
}

int main(void)
{
	char dir[] = "/tmp/ct-unit-net-XXXXXX";
	struct libct_error err = { 0 };

	if (!mkdtemp(dir) || libct_session_new(dir, &sess, &err) < 0) {
		printf("Bail out! session: %s\n", err.message);
		return 1;
	}
	setters();
	oci_net_devices();
	libct_session_free(sess);
	rmdir(dir);
	return tap_done();
}
