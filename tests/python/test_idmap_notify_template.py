# SPDX-License-Identifier: LGPL-2.1-or-later
"""Idmapped bind mounts, the seccomp agent's listener setting and the exec
template of a container created from a bundle, through the modern API."""
import json
import os
import subprocess
import tempfile

import pytest

import libct
from conftest import basic_config, run_output


def _takes_idmapped_mounts(path):
    """Whether path's filesystem takes idmapped mounts on this kernel."""
    fstype = subprocess.run(["stat", "-f", "-c", "%T", path], capture_output=True,
                            text=True).stdout.strip()
    major, minor = (int(x) for x in os.uname().release.split(".")[:2])
    if fstype in ("ext2/ext3", "xfs", "btrfs"):
        return (major, minor) >= (5, 12)
    return fstype == "tmpfs" and (major, minor) >= (6, 3)


def test_idmapped_bind_mount(session, rootfs, tmp_root, new_id):
    src = tempfile.mkdtemp(prefix="idmap.", dir=tmp_root)
    if not _takes_idmapped_mounts(src):
        pytest.skip(f"{src}'s filesystem takes no idmapped mounts here")
    with open(os.path.join(src, "own1000"), "w") as f:
        f.write("data\n")
    os.chown(os.path.join(src, "own1000"), 1000, 1001)
    os.chown(src, 1000, 1001)
    mnt = libct.Mount("/mnt", src, None, ["bind", "idmap"],
                      uid_maps=[libct.IdMap(1000, 0, 1)], gid_maps=[libct.IdMap(1001, 0, 1)])
    cfg = basic_config(rootfs, mounts=[libct.Mount("/proc", "proc", "proc"), mnt])
    with session.container(new_id(), cfg) as ct:
        status, out = run_output(ct, ["/bin/sh", "-c",
                                      "stat -c %u:%g /mnt/own1000; cat /mnt/own1000; "
                                      "touch /mnt/made && stat -c %u:%g /mnt/made"])
        ct.delete()
    assert status == 0, out
    assert out.splitlines() == ["0:0", "data", "0:0"]
    # on disk, as the mapping says; the host's view unchanged
    made = os.stat(os.path.join(src, "made"))
    assert (made.st_uid, made.st_gid) == (1000, 1001)
    own = os.stat(os.path.join(src, "own1000"))
    assert (own.st_uid, own.st_gid) == (1000, 1001)


def test_idmapped_mount_map_refused(session, tmp_root, new_id):
    mnt = libct.Mount("/mnt", tmp_root, None, ["bind"], uid_maps=[libct.IdMap(1000, 0, 0)],
                      gid_maps=[libct.IdMap(1000, 0, 1)])
    with pytest.raises(libct.InvalidArgumentError) as ei:
        session.container(new_id(), libct.Config(mounts=[mnt]))
    assert "mount '/mnt': uid map: size must be greater than 0" in str(ei.value)


def _notify_seccomp(path, metadata=None):
    return libct.Seccomp(syscalls=[libct.SyscallRule(["mkdir"], "SCMP_ACT_NOTIFY")],
                         listener_path=path, listener_metadata=metadata)


def test_seccomp_listener_must_be_absolute():
    with pytest.raises(libct.InvalidArgumentError) as ei:
        libct.ProcessDesc(["true"], seccomp=_notify_seccomp("agent.sock"))
    assert "seccomp: listener path 'agent.sock' must be an absolute path" in str(ei.value)


def test_seccomp_listener_without_an_agent(session, rootfs, tmp_root, new_id):
    missing = os.path.join(tmp_root, "no-agent.sock")
    pd = libct.ProcessDesc(["true"], seccomp=_notify_seccomp(missing, "meta"))
    id = new_id()
    with session.container(id, basic_config(rootfs)) as ct:
        with pytest.raises(libct.Error) as ei:
            ct.create(pd)
        assert (f"seccomp: connect to the listener path '{missing}': "
                "No such file or directory") in str(ei.value)
    assert id not in session.list()


def test_notify_rules_need_a_listener(session, rootfs, new_id):
    pd = libct.ProcessDesc(["true"], seccomp=libct.Seccomp(
        syscalls=[libct.SyscallRule(["mkdir"], "SCMP_ACT_NOTIFY")]))
    id = new_id()
    with session.container(id, basic_config(rootfs)) as ct:
        with pytest.raises(libct.Error) as ei:
            ct.create(pd)
        assert "SCMP_ACT_NOTIFY needs a listener path" in str(ei.value)
    assert id not in session.list()


def test_exec_template_runs_the_bundles_process(session, bundle, new_id):
    with open(os.path.join(bundle, "config.json")) as f:
        cfg = json.load(f)
    cfg["process"]["args"] = ["/bin/sleep", "1000"]
    cfg["process"]["env"] = ["PATH=/bin:/usr/bin", "FROM_BUNDLE=yes"]
    cfg["process"]["cwd"] = "/tmp"
    id = new_id()
    with session.container(id) as ct:
        ct.load_config(cfg, bundle)
        ct.create()
        ct.start()
        try:
            # another handle, as another program would open it
            with session.open(id) as other:
                r, w = os.pipe()
                pd = other.exec_template(["/bin/sh", "-c", "echo $FROM_BUNDLE; pwd"],
                                         fds=[0, w, w])
                with other.exec(pd) as p:
                    os.close(w)
                    assert p.wait() == 0
                out = os.read(r, 4096).decode()
                os.close(r)
            assert out.splitlines() == ["yes", "/tmp"]
        finally:
            ct.delete(force=True)


def test_exec_template_of_a_container_without_a_bundle(session, rootfs, new_id):
    with session.container(new_id(), basic_config(rootfs)) as ct:
        ct.run(["/bin/sleep", "1000"])
        try:
            r, w = os.pipe()
            # an empty description: the args alone, no environment
            with ct.exec(ct.exec_template(["/bin/sh", "-c", "echo ${FROM_BUNDLE:-none}"],
                                          fds=[0, w, w])) as p:
                os.close(w)
                assert p.wait() == 0
            out = os.read(r, 4096).decode()
            os.close(r)
            assert out == "none\n"
        finally:
            ct.delete(force=True)
