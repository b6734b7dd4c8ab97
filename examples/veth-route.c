/*
 * veth-route: a container with a network of its own, through <libct/libct.h>.
 *
 *   veth-route ROOTFS HOST_IFNAME [10.X.Y]
 *
 * The container gets new net, uts, mount and pid namespaces and ROOTFS (a
 * busybox root) as its root. A veth pair joins it to the caller's network
 * namespace: the host end HOST_IFNAME with 10.X.Y.1/24 stays here, the
 * container end "eth0" with 10.X.Y.2/24 goes in, with a default route via
 * the host end. The container runs `ip addr; ip route` (busybox) and exits;
 * deleting it removes the host end. Default 10.X.Y: 10.199.1.
 * Run as root.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <libct/libct.h>

int main(int argc, char **argv)
{
	const char *const args[] = { "sh", "-c", "ip addr; ip route", NULL };
	const char *const proc_opts[] = { "nosuid", "nodev", "noexec" };
	const enum libct_ns nss[] = { LIBCT_NS_NET, LIBCT_NS_UTS, LIBCT_NS_MOUNT, LIBCT_NS_PID };
	const char *net = argc > 3 ? argv[3] : "10.199.1";
	char id[64], host_addr[64], ct_addr[64], gateway[64];
	struct libct_session *s = NULL;
	struct libct_container *ct = NULL;
	struct libct_process_desc *pd = NULL;
	struct libct_net_dev *eth0, *host_end;
	struct libct_net_route *route;
	struct libct_net_nexthop *nh;
	struct libct_error err; /* every fallible call fills it on failure */
	int status = -1, created = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: %s ROOTFS HOST_IFNAME [10.X.Y]\n", argv[0]);
		return 2;
	}
	snprintf(host_addr, sizeof(host_addr), "%s.1/24", net);
	snprintf(ct_addr, sizeof(ct_addr), "%s.2/24", net);
	snprintf(gateway, sizeof(gateway), "%s.1", net);
	snprintf(id, sizeof(id), "veth-route-%d", (int)getpid());

	/* a session (state under /run/ct) and an unconfigured container */
	if (libct_session_new(NULL, &s, &err) < 0 || libct_container_new(s, id, &ct, &err) < 0)
		goto fail;
	/* new namespaces (path NULL: a new one of each) */
	for (size_t i = 0; i < sizeof(nss) / sizeof(nss[0]); i++)
		if (libct_container_set_namespace(ct, nss[i], NULL, &err) < 0)
			goto fail;
	if (libct_container_set_root(ct, argv[1], false, &err) < 0 ||
	    libct_container_set_hostname(ct, "veth-route", &err) < 0 ||
	    libct_container_add_mount(ct, "proc", "/proc", "proc", proc_opts, 3, &err) < 0)
		goto fail;

	/* the veth pair: eth0 is the container end, its peer the host end */
	if (libct_container_add_veth(ct, argv[2], "eth0", &eth0, &err) < 0)
		goto fail;
	host_end = libct_net_dev_peer(eth0);
	if (libct_net_dev_add_addr(host_end, host_addr, &err) < 0 ||
	    libct_net_dev_add_addr(eth0, ct_addr, &err) < 0)
		goto fail;
	/* a route with no destination is the default one; one next hop */
	if (libct_container_add_route(ct, &route, &err) < 0 ||
	    libct_net_route_add_nexthop(route, &nh, &err) < 0 ||
	    libct_net_nexthop_set_gateway(nh, gateway, &err) < 0 ||
	    libct_net_nexthop_set_dev(nh, "eth0", &err) < 0)
		goto fail;

	/* what runs: the arguments; stdio is inherited */
	if (libct_process_desc_new(&pd, &err) < 0 ||
	    libct_process_desc_set_args(pd, args, &err) < 0)
		goto fail;
	fflush(stdout);
	/* create + start; the devices and routes are made between them */
	if (libct_container_run(ct, pd, &err) < 0)
		goto fail;
	created = 1;
	if (libct_container_wait(ct, &status, &err) < 0)
		goto fail;
	printf("the container exited with status %d\n", status);
	/* removes the cgroup, the state and the host end of the veth */
	if (libct_container_delete(ct, false, &err) < 0)
		goto fail;
	libct_process_desc_free(pd);
	libct_container_free(ct);
	libct_session_free(s);
	return status == 0 ? 0 : 1;

fail:
	fprintf(stderr, "veth-route: %s\n", err.message);
	if (created)
		libct_container_delete(ct, true, NULL);
	libct_process_desc_free(pd);
	libct_container_free(ct);
	libct_session_free(s);
	return 1;
}
