# SPDX-License-Identifier: LGPL-2.1-or-later
"""examples/python: each runs and prints what it says, with a private state
directory, and leaves no container behind."""
import os
import subprocess
import sys

import pytest

import libct
from conftest import TOP

EX = os.path.join(TOP, "examples", "python")


@pytest.fixture
def run_example(tmp_root):
    import tempfile
    state = tempfile.mkdtemp(dir=tmp_root)

    def run(name, *args):
        p = subprocess.run([sys.executable, os.path.join(EX, name), *args],
                           env=dict(os.environ, LIBCT_STATE_DIR=state),
                           capture_output=True, text=True, timeout=120)
        with libct.Session(state) as s:
            assert s.list() == []
        return p
    return run


def test_run_limits(run_example, rootfs):
    p = run_example("run-limits.py", rootfs)
    assert p.returncode == 0, p.stderr
    assert p.stdout.splitlines() == ["limits pid 1", f"memory limit {64 << 20}",
                                     "pids limit 32"]


def test_exec_pause(run_example, rootfs):
    p = run_example("exec-pause.py", rootfs)
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("exec: pid 2\n")  # init is 1
    assert "exec exit 0" in p.stdout
    assert "status paused\nstatus running" in p.stdout
    assert "init exit 137" in p.stdout


def test_bundle(run_example, bundle):
    p = run_example("bundle.py", bundle)
    assert p.returncode == 0, p.stderr
    assert "status='created'" in p.stdout
    p = run_example("bundle.py", "/nonexistent-bundle")
    assert p.returncode == 1
    assert "/nonexistent-bundle: " in p.stderr and "errno 2" in p.stderr


def test_original(run_example):
    p = run_example("original.py")
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("pid 1\n")
