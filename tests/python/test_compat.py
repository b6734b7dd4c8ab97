# SPDX-License-Identifier: LGPL-2.1-or-later
"""The original module's interface (libct.open_local & co, libct.compat),
used as programs written for it use it, including the scenarios of the
original bindings' own tests (spawn with an environment in new mount and
pid namespaces; a process's stdio and an extra fd through pipes, with cpu
and memory controllers)."""
import os
import signal

import pytest

import libct
from libct import consts


@pytest.fixture
def osess(tmp_root):
    import tempfile
    s = libct.open("local:" + tempfile.mkdtemp(dir=tmp_root))
    yield s
    s.close()


def test_names_of_the_original_module():
    for name in ("open_local", "open", "LibctError", "consts", "errors"):
        assert hasattr(libct, name)
    for name in ("Session", "Container", "ProcessDesc", "Net", "Process", "LibctError"):
        assert hasattr(libct.compat, name)
    assert consts.CT_RUNNING == 1 and consts.CTL_MEMORY == 7
    assert libct.errors.LCTERR_BADCTSTATE == 1002
    assert issubclass(libct.LibctError, libct.Error)


def test_spawn_execve_env(osess, new_id):
    """The original TestSpawnExecv: env reaches the process; mount and pid namespaces."""
    pd = osess.process_desc_create()
    ct = osess.container_create(new_id())
    ct.add_mount("tmpfs", "/tmp", 0, "tmpfs", None)
    ct.set_nsmask(consts.CLONE_NEWNS | consts.CLONE_NEWPID)
    pd.set_env(["PATH=/bin:/usr/bin"])
    p = ct.spawn_execve(pd, "/bin/sh", ["sh", "-c", "env | grep -q TEST_LIBCT=test_libct"],
                        ["TEST_LIBCT=test_libct"])
    status = p.wait()
    ct.wait()
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    ct.destroy()
    pd.destroy()


def test_spawn_execve_stdout(osess, new_id):
    """The original TestSpawnExecvStdout: stdin, stdout, stderr and fd 3 are
    pipes; cpu and memory controllers; memory usage readable."""
    pd = osess.process_desc_create()
    pr, pw = os.pipe()
    ir, iw = os.pipe()
    er, ew = os.pipe()
    tr, tw = os.pipe()
    pd.set_fds([ir, pw, ew, tr])
    ct = osess.container_create(new_id())
    ct.controller_add(consts.CTL_CPU)
    ct.controller_add(consts.CTL_MEMORY)
    pd.set_env(["TEST_LIBCT=hello", "PATH=/bin:/usr/bin"])
    ct.spawn_execv(pd, "/bin/sh",
                   ["sh", "-c", "echo ok; cat; cat <&3 >&2; env | grep -q TEST_LIBCT"])
    assert int(ct.controller_read(consts.CTL_MEMORY, "memory.usage_in_bytes")) > 0
    for fd in (pw, ir, tr, ew):
        os.close(fd)
    os.write(iw, b"stdin\n")
    os.close(iw)
    os.write(tw, b"fd3\n")
    os.close(tw)
    assert ct.wait() == 0
    assert os.read(pr, 100) == b"ok\nstdin\n"
    assert os.read(er, 100) == b"fd3\n"
    for fd in (pr, er):
        os.close(fd)
    ct.destroy()
    pd.destroy()


def test_enter_and_kill(osess, rootfs, new_id):
    pd = osess.process_desc_create()
    ct = osess.container_create(new_id())
    ct.set_nsmask(consts.CLONE_NEWNS | consts.CLONE_NEWPID | consts.CLONE_NEWUTS)
    ct.set_root(rootfs)
    ct.set_option(consts.LIBCT_OPT_AUTO_PROC_MOUNT)
    ct.uname("compat-ct")
    ct.controller_configure(consts.CTL_MEMORY, "memory.limit_in_bytes", str(64 << 20))
    ct.spawn_execv(pd, "/bin/sleep", ["sleep", "1000"])
    assert ct.state() == consts.CT_RUNNING
    r, w = os.pipe()
    p = ct.enter_execv(pd, "/bin/sh", ["sh", "-c", "hostname; echo $$"], [0, w, w])
    os.close(w)
    status = p.wait()
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    out = os.read(r, 100).decode().split()
    os.close(r)
    assert out[0] == "compat-ct" and out[1] != "1"
    assert ct.controller_read(consts.CTL_MEMORY, "memory.limit_in_bytes") == str(64 << 20)
    ct.pause()
    assert ct.state() == consts.CT_PAUSED
    ct.resume()
    ct.kill()
    ct.wait()
    ct.destroy()
    with pytest.raises(libct.LibctError, match="closed"):
        ct.state()
    pd.destroy()


def test_spawn_cb(osess, new_id):
    """spawn_cb runs the callable with its argument in the new namespaces."""
    import subprocess
    import sys
    import textwrap
    script = textwrap.dedent("""
        import os, sys, libct
        s = libct.open("local:" + sys.argv[1])
        ct = s.container_create(sys.argv[2])
        ct.set_nsmask(libct.consts.CLONE_NEWPID | libct.consts.CLONE_NEWNS)
        pd = s.process_desc_create()
        def cb(arg):
            print("cb", arg, os.getpid(), flush=True)
            return 0
        ct.spawn_cb(pd, cb, "hello")
        ct.wait()
        ct.destroy()
        s.close()
    """)
    import tempfile
    p = subprocess.run([sys.executable, "-c", script, tempfile.mkdtemp(), new_id()],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout == "cb hello 1\n"


def test_errors(osess, new_id):
    with pytest.raises(libct.LibctError) as ei:
        osess.container_open("no-such-" + new_id())
    assert "does not exist" in str(ei.value)
    ct = osess.container_create(new_id())
    with pytest.raises(libct.LibctError) as ei:
        ct.kill()
    assert str(ei.value) == "the container is not running"
    assert ei.value.code == -libct.errors.LCTERR_BADCTSTATE
    ct.destroy()
