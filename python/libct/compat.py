# SPDX-License-Identifier: LGPL-2.1-or-later
"""The original libct Python module's interface, over <libct/compat.h>.

A program written for the original module runs unchanged::

    import libct
    s = libct.open_local()
    ct = s.container_create("test")
    pd = s.process_desc_create()
    ct.set_nsmask(libct.consts.CLONE_NEWPID | libct.consts.CLONE_NEWNS)
    ct.spawn_execv(pd, "/bin/true", ["true"])
    ct.wait()
    ct.destroy()
    s.close()

Failures raise :class:`LibctError` (a :class:`libct.Error`, so an OSError
with ``errno`` set when the code is an errno) whose ``descr`` is the
session's last error message, or the LCTERR_ name of the code.

Handles are freed by ``destroy()``/``close()``; any call afterwards raises
LibctError("... is closed") instead of touching freed memory.

``spawn_cb``/``enter_cb`` run a Python callable in the container: the
library forks this process for it, so they refuse (LibctError) when the
process has more than one thread, where a fork could copy a lock held by
another thread.
"""
from __future__ import annotations

import errno as _errno
import os
import threading
import types

from . import _compat
from .exceptions import Error

__all__ = ["Session", "Container", "ProcessDesc", "Net", "Route", "RouteNextHop",
           "Process", "LibctError", "open", "open_local", "consts", "errors"]

_NS = dict(CLONE_NEWNS=0x00020000, CLONE_NEWCGROUP=0x02000000, CLONE_NEWUTS=0x04000000,
           CLONE_NEWIPC=0x08000000, CLONE_NEWUSER=0x10000000, CLONE_NEWPID=0x20000000,
           CLONE_NEWNET=0x40000000, CLONE_NEWTIME=0x00000080)

#: The constants of <libct/compat.h> (CT_*, CTL_*, CAPS_*, CT_FS_*, CT_NET_*,
#: LIBCT_OPT_*, CLONE_NEW*).
consts = types.SimpleNamespace(**{k: getattr(_compat, k) for k in dir(_compat)
                                  if k.isupper() and not k.startswith("LCTERR_")}, **_NS)
#: The LCTERR_* codes.
errors = types.SimpleNamespace(**{k: getattr(_compat, k) for k in dir(_compat)
                                  if k.startswith("LCTERR_")})


class LibctError(Error):
    """A failure of the original interface: ``value`` is the negative code
    (a -errno or -LCTERR_*) or a message; ``descr`` says what it was."""

    def __init__(self, value, descr: str | None = None):
        if isinstance(value, str):
            code, text = _errno.EINVAL, value
        else:
            code = -value if value < 0 else value
            text = descr or ""
            if not text:
                for name in dir(errors):
                    if getattr(errors, name) == code:
                        text = name
                        break
                else:
                    text = os.strerror(code) if code < 1000 else f"libct error {value!r}"
        super().__init__(code if code < 1000 else 0, text)
        self.descr = text
        self.code = value

    def __str__(self) -> str:
        return self.descr


def _need(h, what):
    if h is None:
        raise LibctError(f"the {what} handle is closed")
    return h


def _forkable(what):
    if threading.active_count() > 1:
        raise LibctError(f"{what} forks this process to run a Python callable; it needs a "
                         f"process with one thread (this one has {threading.active_count()})")


class Session:
    """A session of the original interface (libct_session_t)."""

    def __init__(self, sess):
        self._sess = sess

    def _fail(self, code):
        msg = _compat.session_last_error(self._sess) if self._sess is not None else ""
        return LibctError(code, msg or None)

    def _check(self, r):
        if isinstance(r, int):
            raise self._fail(r)
        return r

    def close(self) -> None:
        """Destroy the containers still open in the session, then the session."""
        if self._sess is not None:
            _compat.session_close(self._sess)
            self._sess = None

    def container_create(self, name: str) -> "Container":
        return Container(self._check(_compat.container_create(_need(self._sess, "session"),
                                                               name)), self)

    def container_open(self, name: str) -> "Container":
        return Container(self._check(_compat.container_open(_need(self._sess, "session"),
                                                            name)), self)

    def process_desc_create(self) -> "ProcessDesc":
        return ProcessDesc(self._check(_compat.process_desc_create(
            _need(self._sess, "session"))), self)


def open(url: str | None = None) -> Session:
    """libct_session_open: "local" or "local:DIR"."""
    s = _compat.session_open(url)
    if isinstance(s, int):
        raise LibctError(s)
    return Session(s)


def open_local() -> Session:
    """libct_session_open_local: state in /run/ct."""
    s = _compat.session_open_local()
    if isinstance(s, int):
        raise LibctError(s)
    return Session(s)


class Net:
    """A network device of a container (ct_net_t)."""

    def __init__(self, net, ct):
        self._net, self._ct = net, ct

    def _call(self, fn, *args):
        _need(self._ct._ct, "container")
        self._ct._int(fn(self._net, *args))

    def get_peer(self) -> "Net":
        return Net(self._ct._sess._check(_compat.net_dev_get_peer(self._net)), self._ct)

    def set_mac_addr(self, addr: str) -> None:
        self._call(_compat.net_dev_set_mac_addr, addr)

    def set_master(self, master: str) -> None:
        self._call(_compat.net_dev_set_master, master)

    def add_ip_addr(self, addr: str) -> None:
        self._call(_compat.net_dev_add_ip_addr, addr)

    def set_mtu(self, mtu: int) -> None:
        self._call(_compat.net_dev_set_mtu, mtu)


class RouteNextHop:
    """A next hop of a route (ct_net_route_nh_t)."""

    def __init__(self, nh, ct):
        self._nh, self._ct = nh, ct

    def set_gw(self, addr: str) -> None:
        _need(self._ct._ct, "container")
        self._ct._int(_compat.net_route_nh_set_gw(self._nh, addr))

    def set_dev(self, dev: str) -> None:
        _need(self._ct._ct, "container")
        self._ct._int(_compat.net_route_nh_set_dev(self._nh, dev))


class Route:
    """A route of a container (ct_net_route_t)."""

    def __init__(self, r, ct):
        self._r, self._ct = r, ct

    def _call(self, fn, *args):
        _need(self._ct._ct, "container")
        self._ct._int(fn(self._r, *args))

    def set_src(self, addr: str) -> None:
        self._call(_compat.net_route_set_src, addr)

    def set_dst(self, addr: str) -> None:
        self._call(_compat.net_route_set_dst, addr)

    def set_dev(self, dev: str) -> None:
        self._call(_compat.net_route_set_dev, dev)

    def add_nh(self) -> RouteNextHop:
        _need(self._ct._ct, "container")
        return RouteNextHop(self._ct._sess._check(_compat.net_route_add_nh(self._r)), self._ct)


class Process:
    """A process of a container (ct_process_t)."""

    def __init__(self, proc, sess=None):
        self._proc, self._sess = proc, sess

    def wait(self) -> int:
        """Wait for it; its status as waitpid's (os.WEXITSTATUS, ...)."""
        r, status = _compat.process_wait(_need(self._proc, "process"))
        if r < 0:
            raise LibctError(r)
        return status

    def get_pid(self) -> int:
        return _compat.process_get_pid(_need(self._proc, "process"))

    def destroy(self) -> None:
        if self._proc is not None:
            _compat.process_destroy(self._proc)
            self._proc = None


class ProcessDesc:
    """A process description of the original interface (ct_process_desc_t)."""

    def __init__(self, pdesc, sess=None):
        self._pdesc, self._sess = pdesc, sess

    def _set(self, what, *values):
        r = _compat.process_desc_set(_need(self._pdesc, "process description"), what, *values)
        if r:
            raise self._sess._fail(r) if self._sess else LibctError(r)

    def copy(self) -> "ProcessDesc":
        p = _compat.process_desc_copy(_need(self._pdesc, "process description"))
        if isinstance(p, int):
            raise LibctError(p)
        return ProcessDesc(p, self._sess)

    def destroy(self) -> None:
        if self._pdesc is not None:
            _compat.process_desc_destroy(self._pdesc)
            self._pdesc = None

    def setuid(self, uid: int) -> None:
        self._set("uid", uid)

    def setgid(self, gid: int) -> None:
        self._set("gid", gid)

    def set_user(self, user: str) -> None:
        self._set("user", user)

    def set_groups(self, groups) -> None:
        self._set("groups", list(groups))

    def set_rlimit(self, resource: int, soft: int, hard: int) -> None:
        self._set("rlimit", resource, soft, hard)

    def set_lsm_label(self, label: str) -> None:
        self._set("lsm_label", label)

    def set_caps(self, mask: int, apply_to: int = None) -> None:
        self._set("caps", mask, consts.CAPS_ALL if apply_to is None else apply_to)

    def set_pdeathsig(self, sig: int) -> None:
        self._set("pdeathsig", sig)

    def set_fds(self, fds) -> None:
        self._set("fds", list(fds))

    def set_env(self, env) -> None:
        self._set("env", list(env))


class Container:
    """A container of the original interface (ct_handler_t)."""

    def __init__(self, ct, sess=None):
        self._ct, self._sess = ct, sess

    def _h(self):
        return _need(self._ct, "container")

    def _int(self, r):
        if r:
            raise self._sess._fail(r) if self._sess else LibctError(r)

    def _proc(self, p):
        if isinstance(p, int):
            raise self._sess._fail(p) if self._sess else LibctError(p)
        return Process(p, self._sess)

    def close(self) -> None:
        """Forget the handle; the container goes on."""
        if self._ct is not None:
            _compat.container_close(self._ct)
            self._ct = None

    def state(self) -> int:
        """consts.CT_STOPPED, CT_RUNNING or CT_PAUSED."""
        return _compat.container_state(self._h())

    def spawn_cb(self, pdesc: ProcessDesc, cb, arg) -> Process:
        """Start the container with cb(arg) as init (see the module's note)."""
        _forkable("spawn_cb")
        return self._proc(_compat.container_spawn_cb(self._h(), pdesc._pdesc, cb, arg))

    def spawn_execv(self, pdesc: ProcessDesc, path: str, argv) -> Process:
        return self._proc(_compat.container_spawn_exec(self._h(), pdesc._pdesc, path,
                                                       list(argv)))

    def spawn_execve(self, pdesc: ProcessDesc, path: str, argv, env) -> Process:
        return self._proc(_compat.container_spawn_exec(self._h(), pdesc._pdesc, path,
                                                       list(argv), list(env)))

    def enter_cb(self, pdesc: ProcessDesc, cb, arg) -> Process:
        _forkable("enter_cb")
        return self._proc(_compat.container_enter_cb(self._h(), pdesc._pdesc, cb, arg))

    def enter_execv(self, pdesc: ProcessDesc, path: str, argv, fds=None) -> Process:
        return self._proc(_compat.container_enter_exec(self._h(), pdesc._pdesc, path,
                                                       list(argv), None, fds))

    def enter_execve(self, pdesc: ProcessDesc, path: str, argv, env, fds=None) -> Process:
        return self._proc(_compat.container_enter_exec(self._h(), pdesc._pdesc, path,
                                                       list(argv), list(env), fds))

    def kill(self) -> None:
        self._int(_compat.container_kill(self._h()))

    def wait(self) -> int:
        r = _compat.container_wait(self._h())
        if r < 0:
            raise self._sess._fail(r) if self._sess else LibctError(r)
        return r

    def destroy(self) -> None:
        """Stop what runs, remove the cgroup, state and devices; free the handle."""
        if self._ct is not None:
            _compat.container_destroy(self._ct)
            self._ct = None

    def pause(self) -> None:
        self._int(_compat.container_pause(self._h()))

    def resume(self) -> None:
        self._int(_compat.container_resume(self._h()))

    def set_nsmask(self, ns_mask: int) -> None:
        self._int(_compat.container_set_nsmask(self._h(), ns_mask))

    def set_nspath(self, ns: int, path: str) -> None:
        self._int(_compat.container_set_nspath(self._h(), ns, path))

    def set_sysctl(self, name: str, value: str) -> None:
        self._int(_compat.container_set_sysctl(self._h(), name, value))

    def set_option(self, opt: int, arg: str | None = None) -> None:
        self._int(_compat.container_set_option(self._h(), opt, arg))

    def controller_add(self, ctype: int) -> None:
        self._int(_compat.controller_add(self._h(), ctype))

    def controller_configure(self, ctype: int, param: str, value: str) -> None:
        self._int(_compat.controller_configure(self._h(), ctype, param, str(value)))

    def controller_read(self, ctype: int, param: str) -> str:
        r = _compat.controller_read(self._h(), ctype, param)
        if isinstance(r, int):
            self._int(r)
        return r

    def uname(self, host: str | None, domain: str | None = None) -> None:
        self._int(_compat.container_uname(self._h(), host, domain))

    def set_caps(self, mask: int, apply_to: int) -> None:
        """Not in <libct/compat.h>: capabilities are a process description's
        (ProcessDesc.set_caps)."""
        raise LibctError(-errors.LCTERR_OPNOTSUPP,
                         "capabilities are set on the process description (set_caps)")

    def set_root(self, root_path: str) -> None:
        self._int(_compat.fs_set_root(self._h(), root_path))

    def set_private(self, fs_type: int, arg: str | None = None) -> None:
        self._int(_compat.fs_set_private(self._h(), fs_type, arg))

    def add_bind_mount(self, src: str, dst: str, flags: int = 0) -> None:
        self._int(_compat.fs_add_bind_mount(self._h(), src, dst, flags))

    def del_bind_mount(self, dst: str) -> None:
        self._int(_compat.fs_del_bind_mount(self._h(), dst))

    def add_mount(self, src: str, dst: str, flags: int, fstype: str, data: str | None) -> None:
        self._int(_compat.fs_add_mount(self._h(), src, dst, flags, fstype, data))

    def add_devnode(self, path: str, mode: int, major: int, minor: int) -> None:
        self._int(_compat.fs_add_devnode(self._h(), path, mode, major, minor))

    def add_uid_map(self, first: int, lower_first: int, count: int) -> None:
        self._int(_compat.userns_add_map(self._h(), False, first, lower_first, count))

    def add_gid_map(self, first: int, lower_first: int, count: int) -> None:
        self._int(_compat.userns_add_map(self._h(), True, first, lower_first, count))

    def processes(self) -> list:
        r = _compat.container_processes(self._h())
        if isinstance(r, int):
            self._int(r)
        return r

    def net_add(self, ntype: int, arg=None) -> Net | None:
        """CT_NET_VETH with arg (host_name, ct_name), CT_NET_HOSTNIC with a name."""
        a, b = (arg if isinstance(arg, (tuple, list)) else (arg, None))
        n = _compat.net_add(self._h(), ntype, a, b)
        if isinstance(n, int):
            self._int(n)
        return Net(n, self) if n is not None else None

    def net_del(self, ntype: int, arg=None) -> None:
        a, b = (arg if isinstance(arg, (tuple, list)) else (arg, None))
        self._int(_compat.net_del(self._h(), ntype, a, b))

    def route_add(self) -> Route:
        r = _compat.net_route_add(self._h())
        if isinstance(r, int):
            self._int(r)
        return Route(r, self)
