# SPDX-License-Identifier: LGPL-2.1-or-later
"""A veth with an address and a route between two network namespaces the
test creates: the test's script runs in a namespace of its own (ip netns
add, entered with nsenter, which leaves /sys alone),
where the host end of the veth stays; the container's end gets its address
and a route to a second network through the host end; a ping crosses. And
a device of the caller's namespace moved into the container and back
(Config.net_devices)."""
import functools
import os
import subprocess
import sys
import textwrap

# (the scripts' /sys is the machine's: nsenter leaves it alone; ip asks the
# kernel about the namespace they run in)
HAS_LINK = """
    import subprocess
    def has_link(name):
        return subprocess.run(["ip", "link", "show", "dev", name],
                              capture_output=True).returncode == 0
"""

SCRIPT = textwrap.dedent(HAS_LINK + """
    import os, sys, libct
    state, rootfs, id, veth = sys.argv[1:5]
    with libct.Session(state) as s:
        cfg = libct.Config(root=rootfs,
            namespaces={"pid": None, "mount": None, "network": None},
            mounts=[libct.Mount("/proc", "proc", "proc")],
            veths=[libct.Veth("eth0", host_name=veth, addresses=["10.251.0.2/24"],
                              host_addresses=["10.251.0.1/24"], mtu=1400)],
            routes=[libct.Route("10.252.0.0/16", gateway="10.251.0.1")])
        with s.container(id, cfg) as ct:
            r, w = os.pipe()
            ct.run(libct.ProcessDesc(["/bin/sh", "-c",
                "ip -o addr show dev eth0; ip -o link show dev eth0; ip route;"
                " ping -c 1 -W 10 10.252.0.1 >/dev/null && echo ping-ok"], fds=[0, w, w]))
            os.close(w)
            out = os.fdopen(r).read()
            status = ct.wait()
            print(out)
            print("status", status)
            ct.delete()
            print("host end after delete:", has_link(veth))
""")


def run_in_netns(ns, *args):
    """args run in network namespace ns (ip netns), their output captured."""
    return subprocess.run(["nsenter", f"--net=/run/netns/{ns}", *args],
                          capture_output=True, text=True, timeout=120)


def test_veth_address_route_between_namespaces(tmp_root, rootfs, new_id):
    ns = f"pyt{os.getpid()}n"
    veth = f"pv{os.getpid() % 100000}h"
    state = os.path.join(tmp_root, "net-state")
    subprocess.run(["ip", "netns", "add", ns], check=True)
    try:
        in_ns = functools.partial(run_in_netns, ns)
        in_ns("ip", "link", "set", "lo", "up")
        # the second network, reached through the host end: an address on lo
        assert in_ns("ip", "addr", "add", "10.252.0.1/16", "dev", "lo").returncode == 0
        p = in_ns(sys.executable, "-c", SCRIPT, state, rootfs, new_id(), veth)
        assert p.returncode == 0, p.stderr
        out = p.stdout
        assert "inet 10.251.0.2/24" in out
        assert "mtu 1400" in out
        assert "10.252.0.0/16 via 10.251.0.1 dev eth0" in out
        assert "ping-ok" in out
        assert "status 0" in out
        assert "host end after delete: False" in out
        # nothing of it reached the machine's own namespace
        assert not os.path.exists(f"/sys/class/net/{veth}")
    finally:
        subprocess.run(["ip", "netns", "del", ns])


MOVE_SCRIPT = textwrap.dedent(HAS_LINK + """
    import os, sys, libct
    state, rootfs, id, dev = sys.argv[1:5]
    with libct.Session(state) as s:
        cfg = libct.Config(root=rootfs,
            namespaces={"pid": None, "mount": None, "network": None},
            mounts=[libct.Mount("/proc", "proc", "proc")],
            net_devices={dev: "eth7"})
        with s.container(id, cfg) as ct:
            r, w = os.pipe()
            ct.run(libct.ProcessDesc(["/bin/sh", "-c", "ip -o link show; ip -o addr show eth7"],
                                     fds=[0, w, w]))
            os.close(w)
            out = os.fdopen(r).read()
            print(out)
            print("status", ct.wait())
            print("in the caller's namespace while it ran:", has_link(dev))
            ct.delete()
            print("back after delete:", has_link(dev))
""")


def test_net_devices_moved_in_and_back(tmp_root, rootfs, new_id):
    """Config.net_devices: a device of the caller's network namespace (one
    end of a veth pair the test makes in a namespace of its own) is the
    container's eth7 while it runs, with its address, and comes back."""
    ns = f"pyt{os.getpid()}d"
    dev = f"pd{os.getpid() % 100000}h"
    state = os.path.join(tmp_root, "netdev-state")
    subprocess.run(["ip", "netns", "add", ns], check=True)
    try:
        in_ns = functools.partial(run_in_netns, ns)
        assert in_ns("ip", "link", "add", dev, "type", "veth", "peer", "name",
                     dev + "p").returncode == 0
        assert in_ns("ip", "addr", "add", "10.253.0.2/24", "dev", dev).returncode == 0
        p = in_ns(sys.executable, "-c", MOVE_SCRIPT, state, rootfs, new_id(), dev)
        assert p.returncode == 0, p.stderr
        out = p.stdout
        assert ": eth7@" in out and dev not in out.split("status")[0]
        assert "inet 10.253.0.2/24" in out
        assert "status 0" in out
        assert "in the caller's namespace while it ran: False" in out
        assert "back after delete: True" in out
        assert not os.path.exists(f"/sys/class/net/{dev}")
    finally:
        subprocess.run(["ip", "netns", "del", ns])
