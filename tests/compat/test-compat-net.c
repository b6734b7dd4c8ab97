/* <libct/compat.h>, networking: veth pairs (names, peer, MAC addresses, a
 * bridge, IPv4 and IPv6 addresses, MTU), a moved host device, net_del, and
 * routes with next hops; checked inside through `nsenter -t PID -n ip` and
 * outside, and nothing left after destroy.
 *
 * The test runs in a network namespace of its own (`ip netns add`): the
 * "host" side of every device, the bridge and all the traffic stay between
 * namespaces the test made. */
#include <sched.h>

#include "compat-test.h"

/* Weak, so that the test builds (and fails clearly) while the library lacks
 * them. */
#define WEAK(f) extern __typeof__(f) f __attribute__((weak))
WEAK(libct_net_add);
WEAK(libct_net_del);
WEAK(libct_net_dev_get_peer);
WEAK(libct_net_dev_set_mac_addr);
WEAK(libct_net_dev_set_master);
WEAK(libct_net_dev_add_ip_addr);
WEAK(libct_net_dev_set_mtu);
WEAK(libct_net_route_add);
WEAK(libct_net_route_set_src);
WEAK(libct_net_route_set_dst);
WEAK(libct_net_route_set_dev);
WEAK(libct_net_route_add_nh);
WEAK(libct_net_route_nh_set_gw);
WEAK(libct_net_route_nh_set_dev);

static char NETNS[64];

static void net_cleanup(void)
{
	if (NETNS[0])
		shf("ip netns del %s 2>/dev/null", NETNS);
}

/* The output of `ip ARGS` in the netns of pid. */
static char *ip_in(int pid, const char *args)
{
	return host_out("nsenter -t %d -n ip %s 2>&1", pid, args);
}

static void test_veth(void)
{
	struct ct_net_veth_arg va = { .host_name = "vhost0", .ct_name = "eth0" };
	ct_handler_t h = libct_container_create(ses, ct_name("veth"));
	ct_net_t n, peer;
	ct_net_route_t r;
	ct_net_route_nh_t nh;
	ct_process_t p;
	char *s;
	int pid;

	CHECK_H(h, "create");
	if (is_err(h))
		return;
	CHECK_0(libct_container_set_nsmask(h, CLONE_NEWNET | CLONE_NEWUTS), "set_nsmask net+uts");
	n = libct_net_add(h, CT_NET_VETH, &va);
	CHECK_H(n, "net_add CT_NET_VETH vhost0/eth0");
	if (is_err(n)) {
		libct_container_destroy(h);
		return;
	}
	peer = libct_net_dev_get_peer(n);
	CHECK_H(peer, "net_dev_get_peer");
	CHECK_0(libct_net_dev_set_mac_addr(n, "02:00:00:00:aa:01"), "set_mac_addr (container end)");
	CHECK_0(libct_net_dev_set_mac_addr(peer, "02:00:00:00:aa:02"), "set_mac_addr (host end)");
	CHECK(shf("ip link add br0 type bridge && ip addr add 10.251.0.1/24 dev br0 && "
		  "ip addr add fd00:251::1/64 dev br0 nodad && ip link set br0 up") == 0,
	      "a bridge br0 with 10.251.0.1/24");
	CHECK_0(libct_net_dev_set_master(peer, "br0"), "set_master br0 (host end)");
	CHECK_0(libct_net_dev_add_ip_addr(n, "10.251.0.2/24"), "add_ip_addr IPv4");
	CHECK_0(libct_net_dev_add_ip_addr(n, "fd00:251::2/64"), "add_ip_addr IPv6");
	CHECK_0(libct_net_dev_set_mtu(n, 1400), "set_mtu 1400 (container end)");
	CHECK_0(libct_net_dev_set_mtu(peer, 1400), "set_mtu 1400 (host end)");

	/* errors */
	CHECK(libct_net_dev_add_ip_addr(n, "not-an-address") < 0, "add_ip_addr of garbage fails");
	CHECK(strlen(libct_session_last_error(ses)) > 0, "... with a message (%s)",
	      libct_session_last_error(ses));
	CHECK(libct_net_dev_set_mac_addr(n, "zz:00") < 0, "set_mac_addr of garbage fails");
	CHECK(is_err(libct_net_add(h, (enum ct_net_type)42, NULL)), "net_add of an unknown type");

	/* routes */
	r = libct_net_route_add(h);
	CHECK_H(r, "net_route_add");
	CHECK_0(libct_net_route_set_dst(r, "10.99.0.0/16"), "route_set_dst 10.99.0.0/16");
	nh = libct_net_route_add_nh(r);
	CHECK_H(nh, "route_add_nh");
	CHECK_0(libct_net_route_nh_set_gw(nh, "10.251.0.1"), "nh_set_gw 10.251.0.1");
	CHECK_0(libct_net_route_nh_set_dev(nh, "eth0"), "nh_set_dev eth0");
	r = libct_net_route_add(h);
	CHECK_0(libct_net_route_set_dst(r, "10.98.0.0/16"), "route_set_dst 10.98.0.0/16");
	CHECK_0(libct_net_route_set_src(r, "10.251.0.2"), "route_set_src 10.251.0.2");
	CHECK_0(libct_net_route_set_dev(r, "eth0"), "route_set_dev eth0");
	r = libct_net_route_add(h); /* default */
	nh = libct_net_route_add_nh(r);
	CHECK_0(libct_net_route_nh_set_gw(nh, "10.251.0.1"), "a default route's gateway");
	r = libct_net_route_add(h);
	CHECK_0(libct_net_route_set_dst(r, "fd01::/64"), "route_set_dst fd01::/64");
	nh = libct_net_route_add_nh(r);
	CHECK_0(libct_net_route_nh_set_gw(nh, "fd00:251::1"), "nh_set_gw fd00:251::1");
	libct_net_route_nh_set_dev(nh, "eth0");
	{
		/* (on another container: a route cannot be taken back) */
		ct_handler_t o = libct_container_create(ses, ct_name("routes-bad"));

		if (!is_err(o)) {
			libct_container_set_nsmask(o, CLONE_NEWNET);
			r = libct_net_route_add(o);
			CHECK(!is_err(r) && libct_net_route_set_dst(r, "300.1.2.3/8") < 0,
			      "route_set_dst of garbage fails");
			libct_container_destroy(o);
		}
	}

	p = spawn_sleep(h, NULL);
	CHECK_H(p, "spawn with the veth and routes");
	if (is_err(p)) {
		libct_container_destroy(h);
		shf("ip link del br0");
		return;
	}
	pid = libct_process_get_pid(p);

	s = ip_in(pid, "-o link show eth0");
	CHECK_CONTAINS(s, "mtu 1400", "inside: eth0 has mtu 1400");
	CHECK_CONTAINS(s, "link/ether 02:00:00:00:aa:01", "inside: eth0 has its MAC");
	CHECK(s && strstr(s, ",UP") != NULL, "inside: eth0 is up");
	free(s);
	s = ip_in(pid, "-o link show lo");
	CHECK(s && strstr(s, "UP"), "inside: lo is up");
	free(s);
	s = ip_in(pid, "-o addr show dev eth0");
	CHECK_CONTAINS(s, "inet 10.251.0.2/24", "inside: the IPv4 address");
	CHECK_CONTAINS(s, "inet6 fd00:251::2/64", "inside: the IPv6 address");
	free(s);
	s = ip_in(pid, "route");
	CHECK_CONTAINS(s, "10.99.0.0/16 via 10.251.0.1 dev eth0",
		       "inside: the route via a gateway");
	CHECK_CONTAINS(s, "10.98.0.0/16 dev eth0", "inside: the route on a device");
	CHECK_CONTAINS(s, "src 10.251.0.2", "... with its source");
	CHECK_CONTAINS(s, "default via 10.251.0.1", "inside: the default route");
	free(s);
	s = ip_in(pid, "-6 route");
	CHECK_CONTAINS(s, "fd01::/64 via fd00:251::1 dev eth0", "inside: the IPv6 route");
	free(s);
	s = ip_in(pid, "-o link show type veth");
	CHECK(s && !strstr(s, "vhost0"), "inside: the host end is not there");
	free(s);

	s = host_out("ip -o link show vhost0 2>&1");
	CHECK_CONTAINS(s, "master br0", "outside: vhost0 is in the bridge");
	CHECK_CONTAINS(s, "link/ether 02:00:00:00:aa:02", "outside: vhost0 has its MAC");
	CHECK_CONTAINS(s, "mtu 1400", "outside: vhost0 has mtu 1400");
	CHECK(s && strstr(s, ",UP"), "outside: vhost0 is up");
	free(s);
	s = host_out("ip -o link show eth0 2>&1");
	CHECK(s && !strstr(s, "02:00:00:00:aa:01"), "outside: the container end is not here");
	free(s);
	CHECK(shf("nsenter -t %d -n busybox ping -c 1 -W 1 10.251.0.1 >/dev/null 2>&1", pid) == 0,
	      "the container pings the bridge");
	CHECK(shf("busybox ping -c 1 -W 1 10.251.0.2 >/dev/null 2>&1") == 0,
	      "the bridge's side pings the container");

	stop_ct(h, p);
	libct_container_destroy(h);
	s = host_out("ip -o link show type veth");
	CHECK(s && !*s, "after destroy no veth is left (%s)", s ? s : "");
	free(s);
	shf("ip link del br0");
}

static void test_hostnic_del(void)
{
	struct ct_net_veth_arg va = { .host_name = "vdel0", .ct_name = "eth1" };
	ct_handler_t h = libct_container_create(ses, ct_name("hostnic"));
	const char *type = "dummy";
	ct_net_t n;
	ct_process_t p;
	char *s;
	int pid;

	CHECK_H(h, "create");
	if (is_err(h))
		return;
	if (shf("ip link add dum0 type dummy 2>/dev/null")) {
		/* no dummy driver in this kernel: one end of a veth pair */
		type = "veth";
		shf("ip link add dum0 type veth peer name dum0peer");
	}
	CHECK(shf("ip link show dum0 >/dev/null") == 0, "a %s device dum0 on the host", type);
	libct_container_set_nsmask(h, CLONE_NEWNET | CLONE_NEWUTS);
	n = libct_net_add(h, CT_NET_HOSTNIC, "dum0");
	CHECK_H(n, "net_add CT_NET_HOSTNIC dum0");
	if (!is_err(n))
		CHECK_0(libct_net_dev_add_ip_addr(n, "10.252.0.2/24"),
			"add_ip_addr on the host nic");
	n = libct_net_add(h, CT_NET_VETH, &va);
	CHECK_H(n, "net_add CT_NET_VETH vdel0");
	CHECK_0(libct_net_del(h, CT_NET_VETH, &va), "net_del of that veth");
	CHECK(libct_net_del(h, CT_NET_HOSTNIC, "nosuch0") < 0,
	      "net_del of an unknown device fails");

	p = spawn_sleep(h, NULL);
	CHECK_H(p, "spawn with the host nic");
	if (!is_err(p)) {
		pid = libct_process_get_pid(p);
		s = ip_in(pid, "-o addr show dum0");
		CHECK_CONTAINS(s, "inet 10.252.0.2/24", "inside: dum0 with its address");
		free(s);
		s = ip_in(pid, "-o link show");
		CHECK(s && !strstr(s, "eth1"), "inside: no device of the deleted veth");
		free(s);
		CHECK(shf("ip link show dum0 >/dev/null 2>&1") != 0, "outside: dum0 is gone");
		CHECK(shf("ip link show vdel0 >/dev/null 2>&1") != 0, "outside: no vdel0 was made");
		stop_ct(h, p);
	}
	libct_container_destroy(h);
	CHECK(shf("ip link show dum0 >/dev/null 2>&1") == 0,
	      "after destroy dum0 is back on the host");
	shf("ip link del dum0 2>/dev/null");
}

int main(void)
{
	int fd;

	test_setup();
	if (!libct_net_add) {
		CHECK(0, "the library exports libct_compat_net_add and the other net functions");
		return tap_done();
	}
	snprintf(NETNS, sizeof(NETNS), "cc%d-host", (int)getpid());
	if (shf("ip netns add %s", NETNS)) {
		printf("Bail out! ip netns add %s\n", NETNS);
		return 1;
	}
	atexit(net_cleanup);
	{
		char path[128];

		snprintf(path, sizeof(path), "/run/netns/%s", NETNS);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || setns(fd, CLONE_NEWNET) < 0) {
			printf("Bail out! setns %s: %s\n", path, strerror(errno));
			return 1;
		}
		close(fd);
	}
	shf("ip link set lo up");
	test_veth();
	test_hostnic_del();
	return tap_done();
}
