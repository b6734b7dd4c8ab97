# SPDX-License-Identifier: LGPL-2.1-or-later
"""The per-device and per-name cgroup limits (blkio throttles and weights,
hugetlb, rdma, net_prio) read back from the container's cgroup files on the
host, the systemd cgroup driver, no cgroup at all, and the values the
library refuses."""
import errno
import os

import pytest

import libct
from conftest import basic_config, run_output

CGROUP = "/sys/fs/cgroup"


def cgroup_v1_file(pid, controller, file):
    """What a file of pid's cgroup v1 directory of controller says, read
    from /sys/fs/cgroup/<controller>/<its path in /proc/PID/cgroup>."""
    with open(f"/proc/{pid}/cgroup") as f:
        for line in f:
            _, ctrls, path = line.rstrip("\n").split(":", 2)
            if controller in ctrls.split(","):
                with open(f"{CGROUP}/{controller}{path}/{file}") as cf:
                    return cf.read()
    raise AssertionError(f"pid {pid} has no {controller} cgroup")


def need_v1(controller):
    if not os.path.isdir(f"{CGROUP}/{controller}"):
        pytest.skip(f"no cgroup v1 {controller} hierarchy on this host (the v1 files are "
                    "what this checks)")


def block_device():
    """(major, minor) of a whole disk of this host."""
    for name in sorted(os.listdir("/sys/block")):
        try:
            with open(f"/sys/block/{name}/dev") as f:
                major, minor = f.read().split(":")
        except OSError:
            continue
        return int(major), int(minor)
    pytest.skip("no block device on this host")


def test_blkio_throttle_in_cgroup_files(session, rootfs, new_id):
    need_v1("blkio")
    dev = block_device()
    res = libct.Resources(blkio_throttle_read_bps={dev: 1 << 20},
                          blkio_throttle_write_bps={dev: 2 << 20},
                          blkio_throttle_read_iops={dev: 100},
                          blkio_throttle_write_iops={dev: 200})
    with session.container(new_id(), basic_config(rootfs, resources=res)) as ct:
        ct.run(["/bin/sleep", "1000"])
        try:
            seen = {kind: cgroup_v1_file(ct.pid, "blkio", f"blkio.throttle.{kind}_device")
                    for kind in ("read_bps", "write_bps", "read_iops", "write_iops")}
        finally:
            ct.delete(force=True)
    d = f"{dev[0]}:{dev[1]}"
    assert seen == {"read_bps": f"{d} {1 << 20}\n", "write_bps": f"{d} {2 << 20}\n",
                    "read_iops": f"{d} 100\n", "write_iops": f"{d} 200\n"}


def test_hugetlb_limits_in_cgroup_files(session, rootfs, new_id):
    need_v1("hugetlb")
    # hugepages-2048kB -> "2MB", hugepages-1048576kB -> "1GB", as the kernel names its files
    sizes = {}
    for name in os.listdir("/sys/kernel/mm/hugepages"):
        kb = int(name[len("hugepages-"):-len("kB")])
        sizes[f"{kb >> 20}GB" if kb >= 1 << 20 else f"{kb >> 10}MB"] = kb << 10
    if not sizes:
        pytest.skip("no huge page size on this host")
    limits = {size: 3 * page for size, page in sizes.items()}
    res = libct.Resources(hugetlb_limits=limits)
    with session.container(new_id(), basic_config(rootfs, resources=res)) as ct:
        ct.run(["/bin/sleep", "1000"])
        try:
            seen = {size: int(cgroup_v1_file(ct.pid, "hugetlb", f"hugetlb.{size}.limit_in_bytes"))
                    for size in limits}
        finally:
            ct.delete(force=True)
    assert seen == limits


def test_blkio_weight_device(session, rootfs, new_id):
    need_v1("blkio")
    major, minor = block_device()
    res = libct.Resources(blkio_weight_devices={(major, minor): 300})
    files = [f for f in ("blkio.weight_device", "blkio.bfq.weight_device")
             if os.path.exists(f"{CGROUP}/blkio/{f}")]
    with session.container(new_id(), basic_config(rootfs, resources=res)) as ct:
        if not files:
            # no proportional I/O scheduler (BFQ): the library says it cannot write the weight
            with pytest.raises(libct.NotFoundError) as ei:
                ct.run(["/bin/true"])
            assert "blkio weight device: neither 'blkio.weight_device' nor " \
                   "'blkio.bfq.weight_device' exists" in str(ei.value)
            pytest.skip("no blkio weight files here (no BFQ): only the refusal was checked")
        ct.run(["/bin/sleep", "1000"])
        try:
            seen = cgroup_v1_file(ct.pid, "blkio", files[0])
        finally:
            ct.delete(force=True)
    assert f"{major}:{minor} 300" in seen.splitlines()


@pytest.mark.parametrize("controller", ["net_prio", "rdma"])
def test_net_prio_and_rdma(session, rootfs, new_id, controller):
    if controller == "net_prio":
        res, file, line = libct.Resources(net_priorities={"lo": 5}), "net_prio.ifpriomap", "lo 5"
    else:
        devs = sorted(os.listdir("/sys/class/infiniband")) \
            if os.path.isdir("/sys/class/infiniband") else ["mlx5_0"]
        res = libct.Resources(rdma_limits={devs[0]: (10, None)})
        file, line = "rdma.max", f"{devs[0]} hca_handle=10 hca_object=max"
    with session.container(new_id(), basic_config(rootfs, resources=res)) as ct:
        if not os.path.isdir(f"{CGROUP}/{controller}"):
            # the limit reached the library, which refuses what it cannot apply
            with pytest.raises(libct.Error) as ei:
                ct.run(["/bin/true"])
            assert ei.value.errno == errno.EOPNOTSUPP
            assert controller in str(ei.value)
            pytest.skip(f"no {controller} cgroup hierarchy on this host: only the refusal "
                        "was checked")
        if controller == "rdma" and not os.path.isdir("/sys/class/infiniband"):
            pytest.skip("no RDMA device on this host")
        ct.run(["/bin/sleep", "1000"])
        try:
            seen = cgroup_v1_file(ct.pid, controller, file)
        finally:
            ct.delete(force=True)
    assert line in seen.splitlines()


def test_systemd_cgroup_driver(session, rootfs, new_id):
    """Without systemd, or on a host that is not unified cgroup v2, the
    driver refuses the create and names itself; with both, the container's
    cgroup is systemd's scope."""
    id = new_id()
    with session.container(id, basic_config(rootfs, systemd_cgroup=True)) as ct:
        try:
            ct.run(["/bin/sleep", "1000"])
        except libct.Error as e:
            assert str(e).startswith("systemd cgroup driver: "), str(e)
            assert session.list() == []
            return
        try:
            with open(f"/proc/{ct.pid}/cgroup") as f:
                assert f.read().rstrip("\n").endswith(f"/ct-{id}.scope")
        finally:
            ct.delete(force=True)


def test_no_cgroup(session, rootfs, new_id):
    """no_cgroup: the container's process is in the caller's cgroups (its
    limit not applied), and no cgroup is made or left."""
    id = new_id()
    cfg = basic_config(rootfs, no_cgroup=True, resources=libct.Resources(pids_limit=10))
    with open("/proc/self/cgroup") as f:
        mine = f.read()
    with session.container(id, cfg) as ct:
        status, out = run_output(ct, ["/bin/cat", "/proc/self/cgroup"])
        assert status == 0
        assert out == mine
        ct.delete()
    assert id not in session.list()
    for root, dirs, _ in os.walk(CGROUP):
        assert id not in dirs, f"a cgroup named {id} under {root}"
        if root.count("/") > 6:
            dirs[:] = []


@pytest.mark.parametrize("res, exc, message", [
    (libct.Resources(blkio_throttle_read_bps={(-1, 0): 1}), libct.InvalidArgumentError,
     "blkio throttle: invalid device -1:0"),
    (libct.Resources(blkio_weight_devices={(8, 0): 5000}), libct.Error,
     "blkio weight device 8:0: blkio weight 5000 is out of range"),
    (libct.Resources(blkio_weight_devices={(8, 0): (500, 70000)}), ValueError,
     "weight 500 or leaf weight 70000 is not between 0 and 65535"),
    (libct.Resources(hugetlb_limits={"../2MB": 1}), libct.InvalidArgumentError,
     "invalid hugetlb page size '../2MB'"),
    (libct.Resources(rdma_limits={"bad/dev": (1, 1)}), libct.InvalidArgumentError,
     "invalid rdma device name 'bad/dev'"),
    (libct.Resources(rdma_limits={"mlx5_0": (-2, 1)}), libct.InvalidArgumentError,
     "rdma limit of 'mlx5_0' out of range"),
    (libct.Resources(net_priorities={"a-name-too-long-for-a-link": 1}),
     libct.InvalidArgumentError, "invalid interface name 'a-name-too-long-for-a-link'"),
    (libct.Resources(net_priorities={"eth0": -1}), ValueError,
     "net priority -1 of 'eth0' is not between 0 and 4294967295"),
], ids=["throttle-device", "weight-range", "leaf-weight-uint16", "hugetlb-size", "rdma-device",
        "rdma-range", "ifname", "net-prio-uint32"])
def test_bad_limits_are_refused(session, new_id, res, exc, message):
    with pytest.raises(exc) as ei:
        session.container(new_id(), libct.Config(resources=res))
    assert message in str(ei.value)
