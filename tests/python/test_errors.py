# SPDX-License-Identifier: LGPL-2.1-or-later
"""Errors: the libct.Error hierarchy with the C error's fields, built-in
exception classes, use after close, and failures that leave nothing behind."""
import errno
import os

import pytest

import libct
from conftest import basic_config


def test_open_missing_is_file_not_found(session):
    with pytest.raises(FileNotFoundError) as ei:
        session.open("no-such-container")
    e = ei.value
    assert isinstance(e, libct.Error) and isinstance(e, libct.NotFoundError)
    assert isinstance(e, OSError)
    assert e.errno == errno.ENOENT
    assert str(e) == "container 'no-such-container' does not exist"
    assert e.operation == "container"


def test_bad_root_names_the_path(session, new_id):
    ct = session.container(new_id(), libct.Config(root="/nonexistent/root",
                                                  namespaces={"mount": None}))
    with ct, pytest.raises(libct.Error) as ei:
        ct.run(["/bin/true"])
    e = ei.value
    assert e.errno == errno.ENOENT
    assert e.path == "/nonexistent/root" and e.filename == "/nonexistent/root"
    assert e.operation == "root"
    assert "No such file or directory" in str(e)
    assert session.list() == []  # nothing left behind


def test_missing_program_fails_start(session, rootfs, new_id):
    with session.container(new_id(), basic_config(rootfs)) as ct:
        with pytest.raises(libct.Error) as ei:
            ct.run(["/no/such/program"])
        assert "/no/such/program" in str(ei.value)
        assert ei.value.errno == errno.ENOENT
    assert session.list() == []  # a failed run leaves nothing behind


def test_setup_timeout(session, rootfs, tmp_root, new_id):
    # a createRuntime hook stops init: no READY ever comes; the run gives
    # up after the session's setup timeout, says why, and leaves nothing
    hook = os.path.join(tmp_root, "stop-init")
    with open(hook, "w") as f:
        f.write('#!/bin/sh\nkill -STOP "$(jq -r .pid)"\n')
    os.chmod(hook, 0o755)
    assert session.setup_timeout == int(os.environ.get("LIBCT_SETUP_TIMEOUT", "60"))
    session.set_setup_timeout(1)
    assert session.setup_timeout == 1
    cfg = basic_config(rootfs)
    cfg.hooks = [libct.Hook("createRuntime", hook)]
    with session.container(new_id(), cfg) as ct:
        with pytest.raises(TimeoutError) as ei:
            ct.run(["/bin/true"])
    e = ei.value
    assert isinstance(e, libct.TimedOutError) and e.errno == errno.ETIMEDOUT
    assert "no READY from the container's process within 1 s" in str(e)
    assert "is stopped" in str(e)
    assert session.list() == []


def test_invalid_values(session, new_id):
    with session.container(new_id()) as ct:
        with pytest.raises(ValueError) as ei:  # InvalidArgumentError is a ValueError too
            ct.configure(libct.Config(mounts=[libct.Mount("relative", "proc", "proc")]))
        assert isinstance(ei.value, libct.InvalidArgumentError)
        assert ei.value.errno == errno.EINVAL
    with pytest.raises(libct.InvalidArgumentError) as ei:
        session.container("bad/id")
    assert "bad/id" in str(ei.value)
    with pytest.raises(ValueError, match="unknown namespace 'nope'"):
        session.container(new_id(), libct.Config(namespaces={"nope": None}))
    with pytest.raises(ValueError, match="unknown cap name"):
        libct.ProcessDesc(["true"], capabilities=libct.Capabilities(bounding=["CAP_NOPE"]))


def test_bundle_error_names_the_json_path(session, bundle, tmp_root, new_id):
    import json
    with open(os.path.join(bundle, "config.json")) as f:
        cfg = json.load(f)
    cfg["process"]["args"] = []
    with session.container(new_id()) as ct:
        with pytest.raises(libct.Error) as ei:
            ct.load_config(cfg, bundle)
        assert "process.args" in str(ei.value)
    with pytest.raises(FileNotFoundError):
        session.load_bundle(new_id(), os.path.join(tmp_root, "no-bundle"))


def test_state_errors(session, rootfs, new_id):
    with session.container(new_id(), basic_config(rootfs)) as ct:
        with pytest.raises(libct.Error):
            ct.start()  # never created
        ct.run(["/bin/sleep", "1000"])
        with pytest.raises(libct.BusyError) as ei:
            ct.delete()
        assert "not stopped" in str(ei.value)
        ct.kill(9)
        ct.wait()
        with pytest.raises(ProcessLookupError) as ei:
            ct.kill(15)
        assert "container not running" in str(ei.value)
        ct.delete()


def test_use_after_close(session, rootfs, new_id):
    ct = session.container(new_id(), basic_config(rootfs))
    ct.close()
    ct.close()  # twice is fine
    assert ct.closed
    for call in (lambda: ct.status, lambda: ct.run(["/bin/true"]), ct.wait, ct.pause,
                 lambda: ct.kill(9), ct.delete):
        with pytest.raises(ValueError, match="closed container"):
            call()
    pd = libct.ProcessDesc(["/bin/true"])
    pd.close()
    with pytest.raises(ValueError, match="closed process description"):
        pd.add_env("A=b")
    with session.container(new_id()) as c2:
        dev = c2._h.add_veth(None, "eth0")
    with pytest.raises(ValueError, match="closed container"):
        dev.add_addr("10.0.0.1/24")


def test_session_closed_while_containers_open(tmp_root, rootfs, new_id):
    import tempfile
    s = libct.Session(tempfile.mkdtemp(dir=tmp_root))
    ct = s.container(new_id(), basic_config(rootfs))
    s.close()
    assert s.closed
    with pytest.raises(ValueError, match="closed session"):
        s.list()
    ct.run(["/bin/true"])  # the handle keeps what it needs
    assert ct.wait() == 0
    ct.delete()
    ct.close()


def test_error_pickles_and_parses():
    e = libct.exceptions.from_c(errno.EPERM,
                                "create: mount 'proc' on '/run/x/proc': Operation not permitted")
    assert isinstance(e, PermissionError)
    assert (e.step, e.operation, e.path) == ("create", "mount", "/run/x/proc")
    import pickle
    e2 = pickle.loads(pickle.dumps(e))
    assert (type(e2), e2.errno, str(e2), e2.path) == (type(e), e.errno, str(e), e.path)


def test_rootless_setting(session):
    # root on the host: auto-detected as not rootless; True and False decide,
    # None goes back to the detection; anything else is refused by name
    assert session.rootless is False
    session.rootless = True
    assert session.rootless is True
    session.rootless = None
    assert session.rootless is False
    with pytest.raises(TypeError, match="rootless is True, False or None"):
        session.rootless = "yes"
