# SPDX-License-Identifier: LGPL-2.1-or-later
"""A Python function as the container's process: run in a forked copy of a
single-threaded caller; refused where a fork is not safe (other threads)."""
import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import os, socket, sys, threading, libct
    state, rootfs, id, mode = sys.argv[1:5]
    def inside():
        print("in", socket.gethostname(), os.getpid(), flush=True)
        return 9
    with libct.Session(state) as s:
        cfg = libct.Config(root=rootfs, hostname="fnct",
                           namespaces={"pid": None, "mount": None, "uts": None})
        with s.container(id, cfg) as ct:
            pd = libct.ProcessDesc(function=inside)
            if mode == "threads":
                ev = threading.Event()
                t = threading.Thread(target=ev.wait); t.start()
                try:
                    ct.run(pd)
                except ValueError as e:
                    print("refused:", e)
                ev.set(); t.join()
                print("left:", s.list())
            else:
                ct.run(pd)
                print("status", ct.wait(), flush=True)
                ct.delete()
""")


def run(tmp_root, rootfs, new_id, mode):
    state = os.path.join(tmp_root, "fn-state")
    return subprocess.run([sys.executable, "-c", SCRIPT, state, rootfs, new_id(), mode],
                          capture_output=True, text=True, timeout=120)


def test_function_runs_in_the_container(tmp_root, rootfs, new_id):
    p = run(tmp_root, rootfs, new_id, "single")
    assert p.returncode == 0, p.stderr
    assert "in fnct 1" in p.stdout
    assert "status 9" in p.stdout


def test_function_refused_with_threads(tmp_root, rootfs, new_id):
    p = run(tmp_root, rootfs, new_id, "threads")
    assert p.returncode == 0, p.stderr
    assert "refused: a Python function as the container's process needs a process with one " \
           "thread" in p.stdout
    assert "left: []" in p.stdout
