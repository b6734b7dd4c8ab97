# SPDX-License-Identifier: LGPL-2.1-or-later
"""Networking in network namespaces the test creates (ip netns add, entered
with nsenter, which leaves /sys alone), where the test's script runs: a veth
whose host end stays there, the container's end with its address and a
route to a second network through the host end, which a ping crosses; and
a device of that namespace moved into the container and back
(Config.net_devices)."""
import os
import subprocess
import sys
import textwrap

import pytest

# SCRIPT MODE STATE ROOTFS ID NAME: a container in the script's network
# namespace, configured by MODE ("veth": a veth whose host end is NAME, an
# address and a route; "move": the device NAME moved in as eth7), runs a
# command; the script prints its output, its status, and whether NAME is in
# the script's namespace while it runs and after its delete (ip asks the
# kernel about the namespace: the script's /sys is the machine's)
SCRIPT = textwrap.dedent("""
    import os, subprocess, sys, libct
    mode, state, rootfs, id, name = sys.argv[1:6]

    def has_link(name):
        return subprocess.run(["ip", "link", "show", "dev", name],
                              capture_output=True).returncode == 0

    if mode == "veth":
        extra = dict(veths=[libct.Veth("eth0", host_name=name, addresses=["10.251.0.2/24"],
                                       host_addresses=["10.251.0.1/24"], mtu=1400)],
                     routes=[libct.Route("10.252.0.0/16", gateway="10.251.0.1")])
        command = ("ip -o addr show dev eth0; ip -o link show dev eth0; ip route;"
                   " ping -c 1 -W 10 10.252.0.1 >/dev/null && echo ping-ok")
    else:
        extra = dict(net_devices={name: "eth7"})
        command = "ip -o link show; ip -o addr show eth7"
    with libct.Session(state) as s:
        cfg = libct.Config(root=rootfs,
            namespaces={"pid": None, "mount": None, "network": None},
            mounts=[libct.Mount("/proc", "proc", "proc")], **extra)
        with s.container(id, cfg) as ct:
            r, w = os.pipe()
            ct.run(libct.ProcessDesc(["/bin/sh", "-c", command], fds=[0, w, w]))
            os.close(w)
            print(os.fdopen(r).read())
            print("status", ct.wait())
            print(name, "while it ran:", has_link(name))
            ct.delete()
            print(name, "after delete:", has_link(name))
""")


@pytest.fixture
def in_netns():
    """in_netns(*args): args run in a network namespace of the test's own
    (made here, removed after), their output captured."""
    ns = f"pyt{os.getpid()}n"
    subprocess.run(["ip", "netns", "add", ns], check=True)
    yield lambda *args: subprocess.run(["nsenter", f"--net=/run/netns/{ns}", *args],
                                       capture_output=True, text=True, timeout=120)
    subprocess.run(["ip", "netns", "del", ns])


def test_veth_address_route_between_namespaces(tmp_root, rootfs, new_id, in_netns):
    veth = f"pv{os.getpid() % 100000}h"
    state = os.path.join(tmp_root, "net-state")
    in_netns("ip", "link", "set", "lo", "up")
    # the second network, reached through the host end: an address on lo
    assert in_netns("ip", "addr", "add", "10.252.0.1/16", "dev", "lo").returncode == 0
    p = in_netns(sys.executable, "-c", SCRIPT, "veth", state, rootfs, new_id(), veth)
    assert p.returncode == 0, p.stderr
    out = p.stdout
    assert "inet 10.251.0.2/24" in out
    assert "mtu 1400" in out
    assert "10.252.0.0/16 via 10.251.0.1 dev eth0" in out
    assert "ping-ok" in out
    assert "status 0" in out
    assert f"{veth} while it ran: True" in out
    assert f"{veth} after delete: False" in out
    # nothing of it reached the machine's own namespace
    assert not os.path.exists(f"/sys/class/net/{veth}")


def test_net_devices_moved_in_and_back(tmp_root, rootfs, new_id, in_netns):
    """Config.net_devices: a device of the caller's network namespace (one
    end of a veth pair the test makes in a namespace of its own) is the
    container's eth7 while it runs, with its address, and comes back."""
    dev = f"pd{os.getpid() % 100000}h"
    state = os.path.join(tmp_root, "netdev-state")
    assert in_netns("ip", "link", "add", dev, "type", "veth", "peer", "name",
                    dev + "p").returncode == 0
    assert in_netns("ip", "addr", "add", "10.253.0.2/24", "dev", dev).returncode == 0
    p = in_netns(sys.executable, "-c", SCRIPT, "move", state, rootfs, new_id(), dev)
    assert p.returncode == 0, p.stderr
    out = p.stdout
    assert ": eth7@" in out and dev not in out.split("status")[0]
    assert "inet 10.253.0.2/24" in out
    assert "status 0" in out
    assert f"{dev} while it ran: False" in out
    assert f"{dev} after delete: True" in out
    assert not os.path.exists(f"/sys/class/net/{dev}")
