# SPDX-License-Identifier: LGPL-2.1-or-later
"""Config.notify_dir and Container.notify_socket(): what the container's
process sends to DIR/notify.sock is read on the host end, and the directory
is read-only inside. The process is a Python function, so the caller runs in
a process of its own (a fork needs a single-threaded caller)."""
import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import errno, os, select, socket, sys, libct
    state, rootfs, id = sys.argv[1:4]
    def inside():
        try:
            open("/run/notify/x", "w")
        except OSError as e:
            print("write:", errno.errorcode[e.errno], flush=True)
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        s.sendto(b"STATUS=up\\nREADY=1", "/run/notify/notify.sock")
        return 0
    with libct.Session(state) as sess:
        cfg = libct.Config(root=rootfs, namespaces={"pid": None, "mount": None},
                           notify_dir="/run/notify")
        with sess.container(id, cfg) as ct:
            ct.run(libct.ProcessDesc(function=inside))
            fd = ct.notify_socket()
            ready, _, _ = select.select([fd], [], [], 60)
            print("got:", os.read(fd, 4096).decode() if ready else None, flush=True)
            print("status", ct.wait(), flush=True)
            print("same fd:", ct.notify_socket() == fd, flush=True)
            ct.delete()
""")


def test_notify_socket(tmp_root, rootfs, new_id):
    state = os.path.join(tmp_root, "notify-state")
    p = subprocess.run([sys.executable, "-c", SCRIPT, state, rootfs, new_id()],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout.split("\n") == ["write: EROFS", "got: STATUS=up", "READY=1", "status 0",
                                    "same fd: True", ""], p.stdout + p.stderr
    assert os.listdir(state) == []


def test_notify_dir_relative(session, rootfs, new_id):
    import libct
    import pytest
    with pytest.raises(libct.InvalidArgumentError, match="must be an absolute path"):
        with session.container(new_id(), libct.Config(root=rootfs, notify_dir="run")):
            pass
