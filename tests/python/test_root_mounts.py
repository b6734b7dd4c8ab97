# SPDX-License-Identifier: LGPL-2.1-or-later
"""The root change without pivot_root (no_pivot), seen in the mounts the
container's namespace keeps, and commands run beside a mount: where they run,
with what, and a failing one failing the create."""
import errno
import fcntl
import os
import shutil
import struct

import pytest

import libct
from conftest import basic_config, run_output

# NS_MNT_GET_INFO = _IOR(0xb7, 10, struct mnt_ns_info { u32 size, nr_mounts; u64 mnt_ns_id })
NS_MNT_GET_INFO = 0x8010b70a


def mounts_in_namespace(pid):
    """How many mounts the mount namespace of pid holds, reachable from its
    root or not; None where the kernel cannot say (before Linux 6.12)."""
    fd = os.open(f"/proc/{pid}/ns/mnt", os.O_RDONLY)
    try:
        buf = bytearray(16)
        fcntl.ioctl(fd, NS_MNT_GET_INFO, buf)
    except OSError:
        return None
    finally:
        os.close(fd)
    return struct.unpack("=IIQ", buf)[1]


@pytest.mark.parametrize("no_pivot", [False, True])
def test_no_pivot_leaves_the_callers_tree_under_the_root(session, rootfs, new_id, no_pivot):
    """pivot_root detaches the caller's mount tree: the container's namespace
    holds only what the container sees. The move onto "/" and chroot of
    no_pivot leave the caller's tree under the root, out of sight."""
    with session.container(new_id(), basic_config(rootfs, no_pivot=no_pivot)) as ct:
        ct.run(["/bin/sleep", "1000"])
        try:
            total = mounts_in_namespace(ct.pid)
            with open(f"/proc/{ct.pid}/mountinfo") as f:
                seen = [line.split()[4] for line in f]
        finally:
            ct.delete(force=True)
    assert seen == ["/", "/proc"]
    if total is None:
        pytest.skip("the kernel cannot count a namespace's mounts (NS_MNT_GET_INFO, Linux 6.12)")
    if no_pivot:
        assert total > len(seen)
    else:
        assert total == len(seen)


def test_mount_commands_run_beside_their_mount(session, rootfs, new_id):
    """The command before the mount writes in the directory the tmpfs then
    covers (seen on the host only); the one after writes on the tmpfs (seen
    in the container only), with its env and working directory."""
    id = new_id()
    host_dir = os.path.join(rootfs, id)
    os.mkdir(host_dir)
    try:
        before = libct.MountCommand("/bin/sh", ["sh", "-c", f"echo before > {host_dir}/before"])
        after = libct.MountCommand(
            "/bin/sh", ["sh", "-c", f'echo "after $WHO $(pwd)" > {host_dir}/after'],
            env=["WHO=cmd"], dir="/tmp", after=True)
        cfg = basic_config(rootfs, mounts=[
            libct.Mount("/proc", "proc", "proc"),
            libct.Mount(f"/{id}", "tmpfs", "tmpfs", commands=[before, after])])
        with session.container(id, cfg) as ct:
            status, out = run_output(ct, ["/bin/sh", "-c", f"ls /{id}; cat /{id}/after"])
            ct.delete()
        assert status == 0
        assert out == "after\nafter cmd /tmp\n"
        assert os.listdir(host_dir) == ["before"]
    finally:
        shutil.rmtree(host_dir)


def test_failing_mount_command_fails_the_create(session, rootfs, new_id):
    cfg = basic_config(rootfs, mounts=[
        libct.Mount("/proc", "proc", "proc"),
        libct.Mount("/tmp", "tmpfs", "tmpfs", commands=[libct.MountCommand("/bin/false")])])
    with session.container(new_id(), cfg) as ct:
        with pytest.raises(ChildProcessError) as ei:
            ct.run(["/bin/true"])
    assert isinstance(ei.value, libct.NotChildError)
    assert "mount command '/bin/false' for '/tmp' exited with status 1" in str(ei.value)
    assert session.list() == []


def test_mount_command_errors(session, new_id):
    with pytest.raises(libct.InvalidArgumentError) as ei:
        session.container(new_id(), libct.Config(mounts=[
            libct.Mount("/tmp", "tmpfs", "tmpfs", commands=[libct.MountCommand("bin/true")])]))
    assert "mount command 'bin/true' must be an absolute path" in str(ei.value)
    with session.container(new_id()) as ct:
        with pytest.raises(FileNotFoundError) as ei:
            ct._h.add_mount_command("/nowhere", False, "/bin/true")
        assert ei.value.errno == errno.ENOENT
        assert "mount command: no mount on '/nowhere'" in str(ei.value)

