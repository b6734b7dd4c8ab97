# SPDX-License-Identifier: LGPL-2.1-or-later
"""A process's scheduling (policy, nice, flags), I/O priority, CPU affinity
and NUMA memory policy as the process itself sees them, the terminal's
ONLCR, and the names and lists the library refuses."""
import array
import errno
import os
import socket

import pytest

import libct
from conftest import basic_config, run_output


def stat_fields(text):
    """/proc/PID/stat as {field number (proc(5)): value}."""
    rest = text[text.rindex(")") + 2:].split()
    return {i + 3: v for i, v in enumerate(rest)}


@pytest.mark.parametrize("policy", ["SCHED_BATCH", os.SCHED_BATCH])
def test_scheduler_seen_inside(session, rootfs, new_id, policy):
    with session.container(new_id(), basic_config(rootfs)) as ct:
        status, out = run_output(ct, ["/bin/cat", "/proc/self/stat"],
                                 scheduler=libct.Scheduler(policy, nice=7))
        ct.delete()
    assert status == 0
    st = stat_fields(out)
    assert (int(st[41]), int(st[19])) == (os.SCHED_BATCH, 7)  # policy, nice


def test_scheduler_flags_seen_from_the_host(session, rootfs, new_id):
    pd = libct.ProcessDesc(["/bin/sleep", "1000"], scheduler=libct.Scheduler(
        "SCHED_IDLE", flags=["SCHED_FLAG_RESET_ON_FORK"]))
    with session.container(new_id(), basic_config(rootfs)) as ct:
        ct.run(pd)
        try:
            policy = os.sched_getscheduler(ct.pid)
        finally:
            ct.delete(force=True)
    assert policy == os.SCHED_IDLE | os.SCHED_RESET_ON_FORK


@pytest.mark.parametrize("io, seen", [
    (libct.IOPriority("IOPRIO_CLASS_BE", 6), "best-effort: prio 6"),
    (libct.IOPriority("IOPRIO_CLASS_IDLE"), "idle"),
    (libct.IOPriority(1, 2), "realtime: prio 2"),
], ids=["best-effort", "idle", "realtime-by-number"])
def test_io_priority_seen_inside(session, rootfs, new_id, io, seen):
    with session.container(new_id(), basic_config(rootfs)) as ct:
        status, out = run_output(ct, ["/bin/ionice", "-p", "1"], io_priority=io)
        ct.delete()
    assert status == 0
    assert out == seen + "\n"


def two_cpus():
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        pytest.skip("needs two CPUs")
    return str(cpus[0]), str(cpus[1])


@pytest.mark.parametrize("which", ["initial", "final", "both"])
def test_cpu_affinity_seen_inside(session, rootfs, new_id, which):
    a, b = two_cpus()
    # initial alone holds through the exec; final replaces it right before the exec
    aff, want = {"initial": (libct.CPUAffinity(initial=b), b),
                 "final": (libct.CPUAffinity(final=b), b),
                 "both": (libct.CPUAffinity(initial=b, final=a), a)}[which]
    with session.container(new_id(), basic_config(rootfs)) as ct:
        status, out = run_output(ct, ["/bin/grep", "Cpus_allowed_list", "/proc/self/status"],
                                 cpu_affinity=aff)
        ct.delete()
    assert status == 0
    assert out == f"Cpus_allowed_list:\t{want}\n"


@pytest.mark.parametrize("policy, seen", [
    (libct.MemoryPolicy("MPOL_BIND", "{node}"), "bind:{node}"),
    (libct.MemoryPolicy("MPOL_INTERLEAVE", "{node}", ["MPOL_F_STATIC_NODES"]),
     "interleave=static:{node}"),
    (libct.MemoryPolicy("MPOL_LOCAL"), "local"),
], ids=["bind", "interleave-static", "local"])
def test_memory_policy_seen_inside(session, rootfs, new_id, policy, seen):
    if not os.path.exists("/proc/self/numa_maps"):
        pytest.skip("no NUMA support in this kernel (/proc/self/numa_maps)")
    with open("/proc/self/status") as f:
        mems = [line.split()[1] for line in f if line.startswith("Mems_allowed_list:")][0]
    node = mems.split(",")[0].split("-")[0]
    if policy.nodes:
        policy = libct.MemoryPolicy(policy.mode, policy.nodes.format(node=node), policy.flags)
    with session.container(new_id(), basic_config(rootfs)) as ct:
        status, out = run_output(ct, ["/bin/cat", "/proc/self/numa_maps"],
                                 memory_policy=policy)
        ct.delete()
    assert status == 0
    # every mapping without a policy of its own shows the process's
    assert {line.split()[1] for line in out.splitlines()} == {seen.format(node=node)}


def recv_fd(sock):
    _, anc, _, _ = sock.recvmsg(1, socket.CMSG_SPACE(array.array("i").itemsize))
    fds = array.array("i")
    fds.frombytes(anc[0][2][:fds.itemsize])
    return fds[0]


@pytest.mark.parametrize("onlcr, seen", [(None, b"a\r\nb\r\n"), (True, b"a\r\nb\r\n"),
                                         (False, b"a\nb\n")], ids=["default", "on", "off"])
def test_terminal_onlcr(session, rootfs, new_id, onlcr, seen):
    cfg = basic_config(rootfs, mounts=[
        libct.Mount("/proc", "proc", "proc"), libct.Mount("/dev", "tmpfs", "tmpfs", ["mode=755"]),
        libct.Mount("/dev/pts", "devpts", "devpts", ["newinstance", "ptmxmode=0666"])])
    ours, theirs = socket.socketpair()
    pd = libct.ProcessDesc(["/bin/sh", "-c", r"printf 'a\nb\n'"], terminal=True,
                           terminal_onlcr=onlcr)
    pd._h.set_int("console_socket", theirs.fileno())
    with ours, theirs, session.container(new_id(), cfg) as ct:
        ct.run(pd)
        master = recv_fd(ours)
        try:
            assert ct.wait() == 0
            out = b""
            while True:
                try:
                    data = os.read(master, 4096)
                except OSError as e:  # EIO: the other end is closed and all was read
                    assert e.errno == errno.EIO
                    break
                if not data:
                    break
                out += data
        finally:
            os.close(master)
        ct.delete()
    assert out == seen


@pytest.mark.parametrize("kw, message", [
    (dict(scheduler=libct.Scheduler("SCHED_NOPE")), "unknown scheduling policy 'SCHED_NOPE'"),
    (dict(scheduler=libct.Scheduler(42)), "unknown scheduling policy 42"),
    (dict(scheduler=libct.Scheduler("SCHED_BATCH", flags=["SCHED_FLAG_NOPE"])),
     "unknown scheduling flag 'SCHED_FLAG_NOPE'"),
    (dict(scheduler=libct.Scheduler("SCHED_BATCH", nice=40)), "nice 40 is not between -20 and 19"),
    (dict(io_priority=libct.IOPriority("IOPRIO_CLASS_NOPE")),
     "unknown I/O priority class 'IOPRIO_CLASS_NOPE'"),
    (dict(io_priority=libct.IOPriority("IOPRIO_CLASS_BE", 9)),
     "I/O priority 9 is not between 0 and 7"),
    (dict(cpu_affinity=libct.CPUAffinity("0-x")), "'0-x' is not a CPU list such as \"0-3,7\""),
    (dict(cpu_affinity=libct.CPUAffinity(final="5000")), "CPU list '5000': CPU 5000 is beyond"),
    (dict(memory_policy=libct.MemoryPolicy("MPOL_NOPE")),
     "unknown memory policy mode 'MPOL_NOPE'"),
    (dict(memory_policy=libct.MemoryPolicy("MPOL_BIND", "0", ["MPOL_F_NOPE"])),
     "unknown memory policy flag 'MPOL_F_NOPE'"),
    (dict(memory_policy=libct.MemoryPolicy("MPOL_BIND", "x")), "'x' is not a node list"),
    (dict(memory_policy=libct.MemoryPolicy("MPOL_BIND")), "memory policy MPOL_BIND needs nodes"),
    (dict(memory_policy=libct.MemoryPolicy("MPOL_LOCAL", "0")),
     "memory policy MPOL_LOCAL takes no nodes ('0')"),
], ids=["policy-name", "policy-number", "sched-flag", "nice", "ioprio-class", "ioprio-level",
        "cpu-list", "cpu-beyond", "mempolicy-mode", "mempolicy-flag", "node-list",
        "nodes-needed", "nodes-refused"])
def test_bad_names_and_lists_are_refused(kw, message):
    with pytest.raises(libct.InvalidArgumentError) as ei:
        libct.ProcessDesc(["/bin/true"], **kw)
    assert isinstance(ei.value, ValueError) and ei.value.errno == errno.EINVAL
    assert message in str(ei.value)


def test_names_to_numbers():
    from libct import _core
    assert [_core.name_to_int(kind, name) for kind, name in [
        ("sched_policy", "SCHED_BATCH"), ("sched_policy", "SCHED_IDLE"),
        ("sched_flag", "SCHED_FLAG_RESET_ON_FORK"), ("ioprio_class", "IOPRIO_CLASS_IDLE"),
        ("mempolicy_mode", "MPOL_BIND"), ("mempolicy_flag", "MPOL_F_STATIC_NODES")]] == \
        [os.SCHED_BATCH, os.SCHED_IDLE, 1, 3, 2, 1 << 15]
    with pytest.raises(ValueError, match="unknown sched_policy name 'SCHED_NOPE'"):
        _core.name_to_int("sched_policy", "SCHED_NOPE")
