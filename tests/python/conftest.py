# SPDX-License-Identifier: LGPL-2.1-or-later
"""Fixtures of the python suite: a private state directory, a busybox
bundle made once (scripts/mkbundle), unique container ids, and a check at
the end of each test that it left no container behind."""
import itertools
import os
import shutil
import subprocess
import tempfile

import pytest

import libct

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CT = os.environ.get("CT", os.path.join(TOP, "build", "ct"))
_ids = itertools.count(1)


def pytest_collection_modifyitems(config, items):
    if os.geteuid() != 0:
        skip = pytest.mark.skip(reason="needs root")
        for item in items:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def tmp_root():
    d = tempfile.mkdtemp(prefix="ct-pytest.")
    os.chmod(d, 0o755)
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture(scope="session")
def bundle(tmp_root):
    """A busybox bundle (config.json runs `true`)."""
    b = os.path.join(tmp_root, "bundle")
    subprocess.run([os.path.join(TOP, "scripts", "mkbundle"), b, "true"], check=True,
                   env=dict(os.environ, CT=CT), stdout=subprocess.DEVNULL)
    return b


@pytest.fixture(scope="session")
def rootfs(bundle):
    return os.path.join(bundle, "rootfs")


@pytest.fixture
def new_id():
    """new_id() -> a container id no other test or process uses."""
    return lambda: f"pyt{os.getpid()}-{next(_ids)}"


@pytest.fixture
def session(tmp_root):
    """A session on a private state dir; the test must leave it empty."""
    state = tempfile.mkdtemp(prefix="state.", dir=tmp_root)
    s = libct.Session(state)
    yield s
    left = s.list()
    for id in left:
        try:
            with s.open(id) as ct:
                ct.delete(force=True)
        except libct.Error:
            pass
    s.close()
    assert left == [], f"containers left behind: {left}"


def basic_config(rootfs, **kw):
    """A config for the busybox root with pid, mount, ipc and uts namespaces and /proc."""
    kw.setdefault("namespaces", {"pid": None, "mount": None, "ipc": None, "uts": None})
    kw.setdefault("mounts", [libct.Mount("/proc", "proc", "proc")])
    return libct.Config(root=rootfs, **kw)


def run_output(ct, args, **kw):
    """Run args as the container's init, wait; (status, stdout text)."""
    r, w = os.pipe()
    try:
        ct.run(libct.ProcessDesc(args, fds=[0, w, w], **kw))
    finally:
        os.close(w)
    out = b""
    with os.fdopen(r, "rb") as f:
        out = f.read()
    return ct.wait(), out.decode()
