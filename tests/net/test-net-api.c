/* Root: container networking through the C API (veths, a moved host device,
 * addresses, MAC, MTU, a bridge master, routes), checked from inside the
 * container's network namespace (nsenter) and from outside, then undone by
 * delete from another handle (the state record), and failed creates that
 * must leave no device behind.
 *
 * The test first moves itself into a network namespace of its own: the
 * "host" side of every device is there, the only traffic (one ping) goes
 * between it and the container's, and whatever a failure leaves goes with
 * the test's namespace when it exits. */
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libct/libct.h>

#include "tap.h"

static struct libct_session *s;
static char state_dir[] = "/tmp/ct-net-XXXXXX";
static struct libct_container *live[8];
static size_t n_live;
static int tag; /* pid-based, for device and container names */

/* Run a shell command; its exit status. */
static int sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* A command's standard output (static buffer, "" on failure). */
static const char *out(const char *fmt, ...)
{
	static char buf[8192];
	char cmd[1024];
	size_t n = 0;
	va_list ap;
	FILE *f;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	buf[0] = '\0';
	f = popen(cmd, "r");
	if (!f)
		return buf;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	pclose(f);
	return buf;
}

static void cleanup(void)
{
	for (size_t i = 0; i < n_live; i++) {
		libct_container_delete(live[i], true, NULL);
		libct_container_free(live[i]);
	}
	n_live = 0;
	sh("rm -rf %s", state_dir);
}

static struct libct_container *new_ct(const char *suffix, bool netns)
{
	struct libct_container *ct = NULL;
	struct libct_error err = { 0 };
	char id[64];

	snprintf(id, sizeof(id), "net-%d-%s", tag, suffix);
	if (libct_container_new(s, id, &ct, &err) < 0 ||
	    (netns && libct_container_set_namespace(ct, LIBCT_NS_NET, NULL, &err) < 0)) {
		printf("Bail out! container %s: %s\n", id, err.message);
		exit(1);
	}
	return ct;
}

/* create (init waits before exec, its namespace there to look at); kept
 * for the cleanup on success */
static int create(struct libct_container *ct, struct libct_error *err)
{
	static const char *const argv[] = { "/bin/true", NULL };
	struct libct_process_desc *pd;
	int r;

	if (libct_process_desc_new(&pd, err) < 0 || libct_process_desc_set_args(pd, argv, err) < 0)
		return -1;
	r = libct_container_create(ct, pd, err);
	libct_process_desc_free(pd);
	if (r == 0 && n_live < sizeof(live) / sizeof(live[0]))
		live[n_live++] = ct;
	return r;
}

static void forget(struct libct_container *ct)
{
	for (size_t i = 0; i < n_live; i++)
		if (live[i] == ct)
			live[i] = live[--n_live];
}

static bool host_has(const char *dev)
{
	return sh("ip link show dev %s >/dev/null 2>&1", dev) == 0;
}

/* The setters refuse bad values with the value in the message. */
static void setters(void)
{
	struct libct_container *ct = new_ct("setters", false);
	struct libct_net_dev *dev = NULL, *hd = NULL;
	struct libct_net_route *rt;
	struct libct_net_nexthop *nh;
	struct libct_error err = { 0 };
	struct libct_process_desc *pd;
	static const char *const argv[] = { "/bin/true", NULL };

	CHECK(libct_container_add_veth(ct, "a-name-of-16-chr", "eth0", NULL, &err) == -EINVAL,
	      "a 16-character name is refused");
	CHECK_CONTAINS(err.message, "device name 'a-name-of-16-chr' is longer than 15 characters",
		       "name error text");
	CHECK(libct_container_add_veth(ct, "ctt/x", "eth0", NULL, &err) == -EINVAL,
	      "a name with '/' is refused");
	CHECK(libct_container_add_veth(ct, NULL, "eth0", &dev, &err) == 0 && dev,
	      "a veth with a made-up host name");
	CHECK(libct_net_dev_peer(dev) && libct_net_dev_peer(libct_net_dev_peer(dev)) == dev,
	      "peer of the peer is the container end");
	CHECK(libct_container_add_veth(ct, "ctt-other", "eth0", NULL, &err) == -EEXIST,
	      "the same container name twice");
	CHECK_CONTAINS(err.message, "container device 'eth0' given twice", "twice text");
	CHECK(libct_net_dev_set_mac(dev, "02:00:00:00:00", &err) == -EINVAL, "short MAC");
	CHECK_CONTAINS(err.message, "net: MAC '02:00:00:00:00' of 'eth0': not of the form",
		       "MAC error text");
	CHECK(libct_net_dev_set_mac(dev, "01:00:5e:00:00:01", &err) == -EINVAL, "multicast MAC");
	CHECK_CONTAINS(err.message, "a multicast address", "multicast text");
	CHECK(libct_net_dev_set_mtu(dev, 10, &err) == -EINVAL, "MTU 10");
	CHECK_CONTAINS(err.message, "net: MTU 10 of 'eth0': not in 68..65535", "MTU text");
	CHECK(libct_net_dev_add_addr(dev, "10.0.0.300/24", &err) == -EINVAL, "address 10.0.0.300");
	CHECK_CONTAINS(err.message,
		       "net: address '10.0.0.300/24' of 'eth0': not an IPv4 or IPv6 address with "
		       "a prefix length",
		       "address error text");
	CHECK(libct_net_dev_add_addr(dev, "10.0.0.3", &err) == -EINVAL, "address without prefix");
	CHECK_CONTAINS(err.message, "needs a prefix length", "prefix text");
	CHECK(libct_net_dev_set_move_back(dev, false, &err) == -EINVAL, "move-back of a veth");
	CHECK(libct_container_add_host_dev(ct, "ctt-hd", "eth%d%d", NULL, &err) == -EINVAL,
	      "two '%%d' in a name");
	CHECK(libct_container_add_host_dev(ct, "ctt-hd", NULL, &hd, &err) == 0 &&
		      !libct_net_dev_peer(hd),
	      "a host device has no peer");
	CHECK(libct_container_del_net_dev(ct, "ctt-hd", &err) == 0, "forget a device");
	CHECK(libct_container_del_net_dev(ct, "ctt-hd", &err) == -ENOENT, "forget it twice");

	CHECK(libct_container_add_route(ct, &rt, &err) == 0, "a route");
	CHECK(libct_net_route_set_dst(rt, "10.1.2.3/16", &err) == -EINVAL, "host bits in dst");
	CHECK_CONTAINS(err.message, "'10.1.2.3/16': bits set past the prefix length",
		       "dst error text");
	CHECK(libct_net_route_set_dst(rt, "10.1.0.0/16", &err) == 0, "dst 10.1.0.0/16");
	CHECK(libct_net_route_add_nexthop(rt, &nh, &err) == 0 &&
		      libct_net_nexthop_set_gateway(nh, "fd00::1", &err) == 0,
	      "an IPv6 gateway (checked on create)");
	CHECK(libct_net_nexthop_set_gateway(nh, "fd00::1/64", &err) == -EINVAL,
	      "a gateway with a prefix");

	/* devices need a new network namespace: refused before anything is made */
	libct_process_desc_new(&pd, NULL);
	libct_process_desc_set_args(pd, argv, NULL);
	CHECK(libct_container_create(ct, pd, &err) == -EINVAL, "devices without a netns");
	CHECK_CONTAINS(err.message, "network devices and routes need a new network namespace",
		       "no netns text");
	libct_container_set_namespace(ct, LIBCT_NS_NET, NULL, NULL);
	CHECK(libct_container_create(ct, pd, &err) == -EINVAL, "a route of two families");
	CHECK_CONTAINS(err.message, "'10.1.0.0/16' and 'fd00::1' are of different address families",
		       "family text");
	libct_process_desc_free(pd);
	libct_container_free(ct);
}

/* The whole of it, then delete from a second handle (the state record). */
static void full(void)
{
	struct libct_container *ct = new_ct("full", true), *again = NULL;
	struct libct_net_dev *eth0, *eth1, *ext;
	struct libct_net_route *rt;
	struct libct_net_nexthop *nh;
	struct libct_error err = { 0 };
	char br[16], v1[16], v2[16], m1[16], m2[16];
	const char *o;
	pid_t pid;
	int ok = 0;

	snprintf(br, sizeof(br), "ctb%d", tag);
	snprintf(v1, sizeof(v1), "ctv%da", tag);
	snprintf(v2, sizeof(v2), "ctv%db", tag);
	snprintf(m1, sizeof(m1), "ctm%da", tag);
	snprintf(m2, sizeof(m2), "ctm%db", tag);
	/* the test's own devices: a bridge with the gateway's address, and a
	 * veth pair one end of which goes in as a "host device" */
	sh("ip link add %s type bridge && ip addr add 10.99.0.1/24 dev %s && "
	   "ip link set %s up",
	   br, br, br);
	sh("ip link add %s type veth peer name %s && ip addr add 10.97.0.2/24 dev %s && "
	   "ip link set %s up",
	   m1, m2, m1, m1);

	ok += libct_container_add_veth(ct, v1, "eth0", &eth0, &err) == 0;
	ok += libct_net_dev_set_mac(eth0, "02:00:00:00:00:01", &err) == 0;
	ok += libct_net_dev_set_mtu(eth0, 1400, &err) == 0;
	ok += libct_net_dev_add_addr(eth0, "10.99.0.2/24", &err) == 0;
	ok += libct_net_dev_add_addr(eth0, "fd00:99::2/64", &err) == 0;
	ok += libct_net_dev_set_master(libct_net_dev_peer(eth0), br, &err) == 0;
	ok += libct_net_dev_set_mac(libct_net_dev_peer(eth0), "02:00:00:00:00:02", &err) == 0;
	ok += libct_net_dev_set_mtu(libct_net_dev_peer(eth0), 1400, &err) == 0;
	ok += libct_container_add_veth(ct, v2, "eth1", &eth1, &err) == 0;
	ok += libct_net_dev_add_addr(eth1, "10.98.0.2/24", &err) == 0;
	ok += libct_net_dev_add_addr(libct_net_dev_peer(eth1), "10.98.0.1/24", &err) == 0;
	ok += libct_container_add_host_dev(ct, m1, "ext0", &ext, &err) == 0;
	/* a route through a gateway, one through a device, a default one */
	ok += libct_container_add_route(ct, &rt, &err) == 0;
	ok += libct_net_route_set_dst(rt, "10.50.0.0/16", &err) == 0;
	ok += libct_net_route_add_nexthop(rt, &nh, &err) == 0;
	ok += libct_net_nexthop_set_gateway(nh, "10.99.0.1", &err) == 0;
	ok += libct_container_add_route(ct, &rt, &err) == 0;
	ok += libct_net_route_set_dst(rt, "10.60.0.0/16", &err) == 0;
	ok += libct_net_route_set_dev(rt, "eth1", &err) == 0;
	ok += libct_net_route_set_src(rt, "10.98.0.2", &err) == 0;
	ok += libct_container_add_route(ct, &rt, &err) == 0;
	ok += libct_net_route_add_nexthop(rt, &nh, &err) == 0;
	ok += libct_net_nexthop_set_gateway(nh, "10.99.0.1", &err) == 0;
	ok += libct_net_nexthop_set_dev(nh, "eth0", &err) == 0;
	ok += libct_container_add_route(ct, &rt, &err) == 0;
	ok += libct_net_route_set_dst(rt, "fd01::/64", &err) == 0;
	ok += libct_net_route_add_nexthop(rt, &nh, &err) == 0;
	ok += libct_net_nexthop_set_gateway(nh, "fd00:99::1", &err) == 0;
	CHECK(ok == 28, "configuration (%s)", ok == 28 ? "all set" : err.message);

	CHECK(create(ct, &err) == 0, "create with devices and routes");
	if (err.code)
		printf("# %s\n", err.message);
	pid = libct_container_pid(ct);

	o = out("nsenter -t %d -n ip -o addr show dev eth0", (int)pid);
	CHECK_CONTAINS(o, "inet 10.99.0.2/24", "inside: IPv4 address of eth0");
	CHECK_CONTAINS(o, "inet6 fd00:99::2/64", "inside: IPv6 address of eth0");
	o = out("nsenter -t %d -n ip -o link show dev eth0", (int)pid);
	CHECK_CONTAINS(o, "mtu 1400", "inside: MTU of eth0");
	CHECK_CONTAINS(o, "link/ether 02:00:00:00:00:01", "inside: MAC of eth0");
	CHECK_CONTAINS(o, ",UP", "inside: eth0 up");
	o = out("nsenter -t %d -n ip -o link show dev lo", (int)pid);
	CHECK_CONTAINS(o, "<LOOPBACK,UP", "inside: lo up");
	o = out("nsenter -t %d -n ip -o addr show dev ext0", (int)pid);
	CHECK_CONTAINS(o, "inet 10.97.0.2/24", "inside: the moved device kept its address");
	o = out("nsenter -t %d -n ip -o link show dev ext0", (int)pid);
	CHECK_CONTAINS(o, ",UP", "inside: the moved device is up");
	CHECK(!host_has(m1), "outside: the moved device left the host");
	o = out("nsenter -t %d -n ip route show", (int)pid);
	CHECK_CONTAINS(o, "10.50.0.0/16 via 10.99.0.1 dev eth0", "inside: route via a gateway");
	CHECK_CONTAINS(o, "10.60.0.0/16 dev eth1", "inside: route through a device");
	CHECK_CONTAINS(o, "src 10.98.0.2", "inside: preferred source");
	CHECK_CONTAINS(o, "default via 10.99.0.1 dev eth0", "inside: default route");
	o = out("nsenter -t %d -n ip -6 route show", (int)pid);
	CHECK_CONTAINS(o, "fd01::/64 via fd00:99::1 dev eth0", "inside: IPv6 route");

	o = out("ip -o link show dev %s", v1);
	CHECK_CONTAINS(o, "master ", "outside: host end has a master");
	CHECK_CONTAINS(o, br, "outside: the master is the bridge");
	CHECK_CONTAINS(o, "mtu 1400", "outside: host end MTU");
	CHECK_CONTAINS(o, "link/ether 02:00:00:00:00:02", "outside: host end MAC");
	o = out("ip -o addr show dev %s", v2);
	CHECK_CONTAINS(o, "inet 10.98.0.1/24", "outside: host end address");
	/* between the test's namespace and the container's only */
	CHECK(sh("busybox ping -c 1 -W 1 10.99.0.2 >/dev/null 2>&1") == 0,
	      "ping through the bridge into the container");

	/* delete from another handle: only the state record knows the devices */
	CHECK(libct_container_open(s, libct_container_id(ct), &again, &err) == 0,
	      "open the container again");
	CHECK(again && libct_container_delete(again, true, &err) == 0, "delete it (force)");
	if (err.code)
		printf("# %s\n", err.message);
	forget(ct);
	libct_container_free(again);
	libct_container_free(ct);
	CHECK(!host_has(v1) && !host_has(v2), "after delete: the veths' host ends are gone");
	CHECK(host_has(m1), "after delete: the moved device is back under its name");
	o = out("ip -o addr show dev %s", m1);
	CHECK_CONTAINS(o, "inet 10.97.0.2/24", "after delete: with its address");
	sh("ip link del %s 2>/dev/null; ip link del %s 2>/dev/null", m1, br);
}

/* A create that fails in the network setup leaves no veth, and gives the
 * moved device back. */
static void failures(void)
{
	struct libct_container *ct = new_ct("fail1", true);
	struct libct_net_dev *dev;
	struct libct_net_route *rt;
	struct libct_net_nexthop *nh;
	struct libct_error err = { 0 };
	char v[16], m1[16], m2[16], nosuch[16];

	snprintf(v, sizeof(v), "ctv%dx", tag);
	snprintf(m1, sizeof(m1), "ctm%dc", tag);
	snprintf(m2, sizeof(m2), "ctm%dd", tag);
	sh("ip link add %s type veth peer name %s && ip addr add 10.96.0.2/24 dev %s", m1, m2, m1);
	libct_container_add_veth(ct, v, "eth0", &dev, NULL);
	libct_net_dev_add_addr(dev, "10.95.0.2/24", NULL);
	libct_container_add_host_dev(ct, m1, "ext0", NULL, NULL);
	libct_container_add_route(ct, &rt, NULL);
	libct_net_route_set_dst(rt, "10.50.0.0/16", NULL);
	libct_net_route_add_nexthop(rt, &nh, NULL);
	libct_net_nexthop_set_gateway(nh, "10.123.0.1", NULL);
	CHECK(create(ct, &err) == -ENETUNREACH, "a gateway out of reach fails the create");
	printf("# %s\n", err.message);
	CHECK_CONTAINS(err.message,
		       "net: add route '10.50.0.0/16' via '10.123.0.1': Network is unreachable",
		       "unreachable gateway text");
	CHECK(!host_has(v), "no veth left");
	CHECK(host_has(m1), "the moved device is back");
	CHECK_CONTAINS(out("ip -o addr show dev %s", m1), "10.96.0.2/24", "with its address");
	libct_container_free(ct);

	/* the kernel refuses an address (the same one twice) */
	ct = new_ct("fail2", true);
	libct_container_add_veth(ct, v, "eth0", &dev, NULL);
	libct_net_dev_add_addr(dev, "10.95.0.2/24", NULL);
	libct_net_dev_add_addr(dev, "10.95.0.2/24", NULL);
	CHECK(create(ct, &err) == -EEXIST, "an address given twice fails the create");
	printf("# %s\n", err.message);
	CHECK_CONTAINS(err.message, "net: add address '10.95.0.2/24' to 'eth0': File exists",
		       "address error text");
	CHECK(!host_has(v), "no veth left");
	libct_container_free(ct);

	/* a host device that is not there */
	snprintf(nosuch, sizeof(nosuch), "ctn%d", tag);
	ct = new_ct("fail3", true);
	libct_container_add_host_dev(ct, nosuch, NULL, NULL, NULL);
	CHECK(create(ct, &err) == -ENODEV, "a missing host device fails the create");
	printf("# %s\n", err.message);
	CHECK_CONTAINS(err.message, "net: find device '", "missing device text");
	CHECK_CONTAINS(err.message, "': No such device", "missing device errno");
	libct_container_free(ct);
	sh("ip link del %s 2>/dev/null", m1);
}

/* A new network namespace made by init after a join (here: ipc by path):
 * the NET stage; and lo up with no device at all. */
static void late_and_lo(void)
{
	struct libct_container *ct = new_ct("late", true);
	struct libct_net_dev *dev;
	struct libct_error err = { 0 };
	char v[16];
	const char *o;

	snprintf(v, sizeof(v), "ctv%dl", tag);
	libct_container_set_namespace(ct, LIBCT_NS_IPC, "/proc/self/ns/ipc", NULL);
	libct_container_add_veth(ct, v, "eth0", &dev, NULL);
	libct_net_dev_add_addr(dev, "10.94.0.2/24", NULL);
	CHECK(create(ct, &err) == 0, "create with a joined namespace and a new network one");
	if (err.code)
		printf("# %s\n", err.message);
	o = out("nsenter -t %d -n ip -o addr show dev eth0", (int)libct_container_pid(ct));
	CHECK_CONTAINS(o, "inet 10.94.0.2/24", "inside: address set at the NET stage");
	CHECK(libct_container_delete(ct, true, &err) == 0 && !host_has(v),
	      "delete removes the veth");
	forget(ct);
	libct_container_free(ct);

	ct = new_ct("lo", true);
	CHECK(create(ct, &err) == 0, "create with a bare new network namespace");
	o = out("nsenter -t %d -n ip -o link show dev lo", (int)libct_container_pid(ct));
	CHECK_CONTAINS(o, "<LOOPBACK,UP", "lo is up");
	libct_container_delete(ct, true, NULL);
	forget(ct);
	libct_container_free(ct);
}

int main(void)
{
	struct libct_error err = { 0 };

	if (geteuid() != 0) {
		printf("1..0 # SKIP needs root\n");
		return 0;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (unshare(CLONE_NEWNET) < 0 || sh("ip link set lo up") != 0) {
		printf("Bail out! a network namespace for the test: %s\n", strerror(errno));
		return 1;
	}
	tag = getpid() % 100000;
	if (!mkdtemp(state_dir) || libct_session_new(state_dir, &s, &err) < 0) {
		printf("Bail out! session: %s\n", err.message);
		return 1;
	}
	atexit(cleanup);
	setters();
	full();
	failures();
	late_and_lo();
	return tap_done();
}
