# SPDX-License-Identifier: LGPL-2.1-or-later
"""Config and Resources fields that map onto one setter each, read back
from inside a real container: the root's propagation, the bundle in the
state, the default /dev nodes, device rules, the mount label, and the
memory check before update."""
import os
import time

import pytest

import libct
from conftest import basic_config, run_output

DEV = [libct.Mount("/proc", "proc", "proc"), libct.Mount("/dev", "tmpfs", "tmpfs")]


def test_root_propagation(session, rootfs, new_id):
    """rootfsPropagation: "/" of the container is shared, or private."""
    for prop, shared in (("rshared", True), ("rprivate", False)):
        with session.container(new_id(), basic_config(rootfs, root_propagation=prop)) as ct:
            status, out = run_output(ct, ["/bin/sh", "-c",
                                          "awk '$5 == \"/\"' /proc/self/mountinfo"])
            assert status == 0, out
            assert ("shared:" in out) == shared, (prop, out)
            ct.delete()
    with pytest.raises(libct.InvalidArgumentError, match="sideways"):
        with session.container(new_id(), basic_config(rootfs, root_propagation="sideways")):
            pass


def test_bundle_in_state(session, rootfs, new_id, tmp_root):
    with session.container(new_id(), basic_config(rootfs, bundle=tmp_root)) as ct:
        ct.run(["/bin/sleep", "1000"])
        assert ct.state().bundle == tmp_root
        ct.delete(force=True)


def test_default_devices(session, rootfs, new_id):
    """Without the default /dev nodes the container's /dev has only what
    the config gives it."""
    extra = [libct.Device("/dev/zero", "c", 1, 5)]
    for default, expect in ((True, "full null zero"), (False, "zero")):
        cfg = basic_config(rootfs, mounts=DEV, devices=extra, default_devices=default)
        with session.container(new_id(), cfg) as ct:
            status, out = run_output(ct, ["/bin/sh", "-c",
                                          "for d in full null zero; do [ -c /dev/$d ] && "
                                          "echo $d; done"])
            assert status == 0, out
            assert " ".join(out.split()) == expect, (default, out)
            ct.delete()


def test_device_rules(session, rootfs, new_id):
    """A rule allowing c 1:12 (no such device): a node made for it opens
    as far as the kernel's "no such device", where without the rule the
    device cgroup refuses it."""
    script = "mknod /dev/x c 1 12 && head -c1 /dev/x"
    allow = [libct.DeviceRule(True, "c", 1, 12, "rw")]
    for rules, expect in (((), "Operation not permitted"), (allow, "No such device or address")):
        cfg = basic_config(rootfs, mounts=DEV, device_rules=rules)
        with session.container(new_id(), cfg) as ct:
            status, out = run_output(ct, ["/bin/sh", "-c", script])
            assert status == 1 and expect in out, (rules, status, out)
            ct.delete()
    bad = basic_config(rootfs, device_rules=[libct.DeviceRule(True, "c", 1, 3, "rwx")])
    with pytest.raises(libct.InvalidArgumentError, match="rwx"):
        with session.container(new_id(), bad):
            pass


def test_mount_label(session, rootfs, new_id):
    """linux.mountLabel: taken (nothing applied without SELinux); a label
    with a quote is refused by name."""
    cfg = basic_config(rootfs, mounts=DEV, mount_label="system_u:object_r:container_file_t:s0")
    with session.container(new_id(), cfg) as ct:
        status, _ = run_output(ct, ["/bin/true"])
        assert status == 0
        ct.delete()
    with pytest.raises(libct.InvalidArgumentError, match="mount label"):
        with session.container(new_id(), basic_config(rootfs, mount_label='a"b')):
            pass


def test_memory_check_before_update(session, rootfs, new_id):
    """With the check, a memory limit below the container's usage is
    refused and the container goes on (v1 refuses it by itself)."""
    res = libct.Resources(memory_limit=64 << 20, memory_check_before_update=True)
    mounts = [libct.Mount("/proc", "proc", "proc"), libct.Mount("/tmp", "tmpfs", "tmpfs")]
    with session.container(new_id(), basic_config(rootfs, mounts=mounts, resources=res)) as ct:
        ct.run(["/bin/sh", "-c", "head -c 16m /dev/zero >/tmp/f; exec sleep 1000"])
        usage = 0
        for _ in range(500):
            usage = ct.stats().memory_usage
            if usage >= 16 << 20:
                break
            time.sleep(0.01)
        assert usage >= 16 << 20
        with pytest.raises(libct.Error):
            ct.update(libct.Resources(memory_limit=4 << 20))
        assert ct.status == "running"
        assert ct.stats().memory_oom_kills == 0
        ct.update(libct.Resources(memory_limit=128 << 20))
        assert ct.stats().memory_limit == 128 << 20
        ct.delete(force=True)


def test_keep_groups(session, rootfs, new_id):
    """ProcessDesc(keep_groups=True): the starter's additional groups (this
    process's), not the ones given; without it, the ones given."""
    old = os.getgroups()
    os.setgroups([1234, 5678])
    try:
        for keep, expect in ((True, "7 1234 5678"), (False, "7 5")):
            with session.container(new_id(), basic_config(rootfs)) as ct:
                status, out = run_output(ct, ["/bin/sh", "-c", "id -G"], user=(0, 7), groups=[5],
                                         keep_groups=keep)
                assert (status, out.strip()) == (0, expect), keep
                ct.delete()
    finally:
        os.setgroups(old)
