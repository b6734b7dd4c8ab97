# SPDX-License-Identifier: LGPL-2.1-or-later
"""The modern API driving real containers: run with limits, a bundle's
create/start/state, exec, pause/resume, update, stats, events, kill, delete."""
import os
import select
import signal
import threading
import time

import pytest

import libct
from conftest import basic_config, run_output


def test_run_with_memory_limit(session, rootfs, new_id):
    cfg = basic_config(rootfs, hostname="pyct",
                       resources=libct.Resources(memory_limit=64 << 20, pids_limit=32))
    with session.container(new_id(), cfg) as ct:
        status, out = run_output(ct, ["/bin/sh", "-c", "hostname; echo pid=$$"])
        assert status == 0
        assert out.split() == ["pyct", "pid=1"]
        assert ct.read_cgroup_file("memory", "memory.limit_in_bytes") == str(64 << 20)
        assert ct.read_cgroup_file("pids", "pids.max") == "32"
        ct.delete()
        assert ct.status == "stopped"


def test_exit_status_and_signal(session, rootfs, new_id):
    with session.container(new_id(), basic_config(rootfs)) as ct:
        status, _ = run_output(ct, ["/bin/sh", "-c", "exit 3"])
        assert status == 3
        ct.delete()
    with session.container(new_id(), basic_config(rootfs)) as ct:
        ct.run(["/bin/sleep", "1000"])
        ct.kill(signal.SIGKILL)
        assert ct.wait() == 128 + signal.SIGKILL
        ct.delete()


def test_bundle_create_start_state(session, bundle, new_id):
    id = new_id()
    with session.load_bundle(id, bundle) as ct:
        ct.create()
        st = ct.state()
        assert (st.id, st.status, st.bundle) == (id, "created", bundle)
        assert st.pid > 0 and st.created
        assert id in session.list()
        ct.start()
        assert ct.wait() == 0
        assert ct.state().status == "stopped"
        ct.delete()
    assert id not in session.list()


def test_open_from_another_handle(session, rootfs, new_id):
    id = new_id()
    with session.container(id, basic_config(rootfs)) as ct:
        ct.run(["/bin/sleep", "1000"])
        with session.open(id) as other:
            assert other.status == "running"
            assert other.pid == ct.pid
            other.kill(signal.SIGKILL)
        assert ct.wait() == 128 + signal.SIGKILL
        ct.delete()


def test_exec_into_running_container(session, rootfs, new_id):
    with session.container(new_id(), basic_config(rootfs)) as ct:
        ct.run(["/bin/sleep", "1000"])
        r, w = os.pipe()
        with ct.exec(libct.ProcessDesc(["/bin/sh", "-c", "echo in=$$; ps -o pid | wc -l; exit 5"],
                                       fds=[0, w, w])) as p:
            os.close(w)
            assert p.pid > 0
            poll = select.poll()
            poll.register(p.pidfd, select.POLLIN)
            assert poll.poll(10000)  # the pidfd says it exited
            assert p.wait() == 5
        out = os.read(r, 4096).decode()
        os.close(r)
        assert "in=" in out and "in=1\n" not in out  # a new pid in the container's namespace
        assert len(ct.processes()) == 1  # the exec'd process is gone, init stays
        ct.delete(force=True)


def test_exec_into_a_sub_cgroup(session, rootfs, new_id):
    id = new_id()
    with session.container(id, basic_config(rootfs)) as ct:
        ct.run(["/bin/sleep", "1000"])
        dirs = [os.path.join(root, d) for root, subdirs, _ in os.walk("/sys/fs/cgroup")
                for d in subdirs if d == id]
        assert dirs
        for d in dirs:
            os.mkdir(os.path.join(d, "sub"))
        r, w = os.pipe()
        with ct.exec(libct.ProcessDesc(["/bin/cat", "/proc/self/cgroup"], fds=[0, w, w],
                                       sub_cgroup="sub")) as p:
            os.close(w)
            assert p.wait() == 0
        out = os.read(r, 65536).decode().splitlines()
        os.close(r)
        assert len([line for line in out if line.endswith("/" + id + "/sub")]) == len(dirs)
        with pytest.raises(libct.InvalidArgumentError, match=r"'\.' and '\.\.' are not allowed"):
            libct.ProcessDesc(["/bin/true"], sub_cgroup="../x")
        with pytest.raises(libct.NotFoundError, match="sub-cgroup 'nosuch' of the container"):
            ct.exec(libct.ProcessDesc(["/bin/true"], sub_cgroup="nosuch"))
        ct.delete(force=True)
    assert not [d for d in dirs if os.path.exists(d)]


def test_pause_resume(session, rootfs, new_id):
    with session.container(new_id(), basic_config(rootfs)) as ct:
        ct.run(["/bin/sleep", "1000"])
        ct.pause()
        assert ct.status == "paused"
        assert ct.state().status == "paused"
        ct.resume()
        assert ct.status == "running"
        ct.delete(force=True)


def test_update_and_stats(session, rootfs, new_id):
    with session.container(new_id(), basic_config(rootfs)) as ct:
        ct.run(["/bin/sleep", "1000"])
        ct.update(libct.Resources(memory_limit=32 << 20, pids_limit=20))
        assert ct.read_cgroup_file("memory", "memory.limit_in_bytes") == str(32 << 20)
        st = ct.stats()
        assert st.pids_current == 1
        assert st.pids_limit == 20
        assert st.memory_limit == 32 << 20
        assert st.memory_usage > 0
        assert (st.memory_oom_kills, st.memory_failcnt) == (0, 0)
        assert isinstance(st.memory_cache, int)
        ev = ct.events(interval=0.05)
        first = next(ev)
        assert first.pids_current == 1
        ct.kill(signal.SIGKILL)
        ct.wait()
        assert list(ev) == [] or all(isinstance(s, libct.Stats) for s in ev)
        ct.delete()


def test_oom_fd_and_pidfd(session, rootfs, new_id):
    """oom_fd() wakes on an OOM kill in the container, which stats() then
    counts; pidfd wakes when init exits."""
    cfg = basic_config(rootfs, resources=libct.Resources(memory_limit=32 << 20))
    with session.container(new_id(), cfg) as ct:
        ct.run(["/bin/sh", "-c", "sleep 1; dd if=/dev/zero of=/dev/null bs=64M count=1; "
                "exec sleep 1000"])
        fd = ct.oom_fd()
        try:
            p = select.poll()
            p.register(fd, select.POLLIN)
            assert p.poll(20000), "no OOM event within 20 s"
            deadline = time.monotonic() + 5
            while ct.stats().memory_oom_kills == 0 and time.monotonic() < deadline:
                time.sleep(0.01)
            assert ct.stats().memory_oom_kills == 1
        finally:
            os.close(fd)
        assert ct.status == "running"
        assert ct.pidfd >= 0
        p = select.poll()
        p.register(ct.pidfd, select.POLLIN)
        assert not p.poll(0)
        ct.kill(signal.SIGKILL)
        assert p.poll(10000)
        assert ct.wait() == 128 + signal.SIGKILL
        ct.delete()


def test_wait_releases_the_gil(session, rootfs, new_id):
    """A thread blocked in wait() lets the main thread run Python code (here:
    the kill that ends the wait)."""
    with session.container(new_id(), basic_config(rootfs)) as ct:
        ct.run(["/bin/sleep", "1000"])
        result = []
        t = threading.Thread(target=lambda: result.append(ct.wait()))
        t.start()
        # the main thread runs (the kill) while the other is in wait()
        ct.kill(signal.SIGKILL)
        t.join(60)
        assert not t.is_alive()
        assert result == [128 + signal.SIGKILL]
        ct.delete()


def test_typed_config_security(session, rootfs, new_id):
    caps = libct.Capabilities(bounding=["CAP_KILL"], effective=["CAP_KILL"],
                              permitted=["CAP_KILL"])
    seccomp = libct.Seccomp(default_action="SCMP_ACT_ALLOW", syscalls=[
        libct.SyscallRule(["mkdir", "mkdirat"], "SCMP_ACT_ERRNO", 1)])
    with session.container(new_id(), basic_config(rootfs, masked_paths=["/proc/kcore"])) as ct:
        status, out = run_output(
            ct, ["/bin/sh", "-c", "grep CapEff /proc/self/status; mkdir /tmp/x || echo refused;"
                 " id -u; grep NoNewPrivs /proc/self/status"],
            capabilities=caps, seccomp=seccomp, user=(65534, 65534), no_new_privileges=True)
        assert status == 0
        assert "CapEff:\t0000000000000000" in out  # a non-root user keeps no effective caps
        assert "refused" in out
        assert "65534" in out
        assert "NoNewPrivs:\t1" in out
        ct.delete()
