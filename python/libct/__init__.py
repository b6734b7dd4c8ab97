# SPDX-License-Identifier: LGPL-2.1-or-later
"""libct: Linux containers from Python.

A container in a few lines (as root)::

    import libct
    with libct.Session("/run/ct") as s, s.load_bundle("web", "/srv/bundle") as ct:
        ct.run()                 # the bundle's config.json, process included
        print(ct.wait())         # its exit code

or configured in Python::

    cfg = libct.Config(root="/srv/rootfs", namespaces={"pid": None, "mount": None},
                       mounts=[libct.Mount("/proc", "proc", "proc")],
                       resources=libct.Resources(memory_limit=64 << 20))
    with libct.Session() as s, s.container("web", cfg) as ct:
        ct.run(libct.ProcessDesc(["/bin/sh", "-c", "echo hi"]))
        ct.wait()
        ct.delete()

Every failure raises a :class:`libct.Error` (an OSError); see
:mod:`libct.exceptions`. The original libct module's interface
(``libct.open_local()``, ``LibctError``, ``consts``, ``errors``) is here too;
its classes are in :mod:`libct.compat`.
"""
from __future__ import annotations

import json
import signal as _signal
import threading
import time
from typing import Callable, Iterator, Mapping, Optional, Sequence, Union

from . import _core
from .config import (NAMESPACES, Capabilities, Config, CPUAffinity, Device, DeviceRule, Hook,
                     IdMap, IOPriority, MemoryPolicy, Mount, MountCommand, Resources, Route,
                     Scheduler, Seccomp, State, Stats, SyscallRule, Veth)
from .exceptions import (BusyError, Error, ExistsError, InvalidArgumentError,
                         NotADirectoryError_, NotChildError, NotFoundError, NotRunningError,
                         PermissionDeniedError, TimedOutError, from_c)

_core._set_error_factory(from_c)

from . import compat  # noqa: E402  (needs the error factory)
from .compat import LibctError, consts, errors, open, open_local  # noqa: E402,F401

__version__ = _core.version()

__all__ = [
    "Session", "Container", "ProcessDesc", "Process", "Config", "Mount", "MountCommand", "IdMap",
    "Device", "DeviceRule", "Hook", "Resources", "Veth", "Route", "Capabilities", "Seccomp",
    "SyscallRule",
    "Scheduler", "IOPriority", "CPUAffinity", "MemoryPolicy", "Stats", "State", "Error",
    "NotFoundError", "ExistsError", "PermissionDeniedError", "InvalidArgumentError",
    "NotRunningError", "BusyError", "NotChildError", "TimedOutError",
    "NotADirectoryError_", "features", "default_spec", "version",
    "open_local", "open", "LibctError", "consts", "errors", "compat",
]


def version() -> str:
    """The C library's version, "MAJOR.MINOR.PATCH"."""
    return _core.version()


def features() -> dict:
    """The runtime-spec features document of this build on this host."""
    return json.loads(_core.features_json())


def default_spec(rootless: bool = False) -> dict:
    """A default config.json (as ``ct spec``), as a dict."""
    return json.loads(_core.default_spec(rootless))


class ProcessDesc:
    """What to run in a container, and as whom (struct libct_process_desc).

    ``ProcessDesc(["/bin/sh", "-c", "echo hi"], env=["PATH=/bin"], cwd="/",
    user=(1000, 1000))``. The keyword arguments map onto the C setters:
    ``groups`` (supplementary gids; ``keep_groups``: none set, the
    starter's stay, as crun's run.oci.keep_original_groups), ``user_name``
    (from the container's /etc/passwd), ``rlimits`` ({"RLIMIT_NOFILE": (soft, hard)}),
    ``capabilities`` (:class:`Capabilities`), ``no_new_privileges``,
    ``seccomp`` (:class:`Seccomp`), ``apparmor_profile``,
    ``selinux_label``, ``fds`` (fds[i] of this process becomes fd i of the
    new one), ``terminal``, ``umask``, ``oom_score_adj``, ``scheduler``
    (:class:`Scheduler`), ``io_priority`` (:class:`IOPriority`),
    ``cpu_affinity`` (:class:`CPUAffinity`), ``memory_policy``
    (:class:`MemoryPolicy`), ``terminal_onlcr`` (False: the terminal leaves
    "\\n" as it is instead of writing "\\r\\n"), ``sub_cgroup`` (exec only:
    a path below the container's cgroup to join in every hierarchy, or
    {"memory,pids": path, ...} for cgroup v1 hierarchies). Names are the C library's
    ("SCHED_BATCH", "IOPRIO_CLASS_BE", "MPOL_BIND"); an unknown one, or a
    bad CPU or node list, raises :class:`InvalidArgumentError` naming it.

    ``function``: a callable run in the container instead of a program
    (create and run only). The library forks this process to run it, so it
    is only offered where that is safe: when this process has one thread
    (``ValueError`` otherwise). Its return value (an int, None = 0) is the
    exit status; an exception exits 1 after printing it.
    """

    def __init__(self, args: Optional[Sequence[str]] = None, *,
                 env: Optional[Sequence[str]] = None, cwd: Optional[str] = None,
                 user: Optional[tuple] = None, groups: Optional[Sequence[int]] = None,
                 user_name: Optional[str] = None, rlimits: Optional[Mapping] = None,
                 capabilities: Optional[Capabilities] = None,
                 no_new_privileges: Optional[bool] = None, seccomp: Optional[Seccomp] = None,
                 apparmor_profile: Optional[str] = None, selinux_label: Optional[str] = None,
                 fds: Optional[Sequence] = None, terminal: Optional[bool] = None,
                 umask: Optional[int] = None, oom_score_adj: Optional[int] = None,
                 scheduler: Optional[Scheduler] = None,
                 io_priority: Optional[IOPriority] = None,
                 cpu_affinity: Optional[CPUAffinity] = None,
                 memory_policy: Optional[MemoryPolicy] = None,
                 terminal_onlcr: Optional[bool] = None,
                 keep_groups: Optional[bool] = None,
                 sub_cgroup: Union[str, Mapping[str, str], None] = None,
                 function: Optional[Callable[[], Optional[int]]] = None,
                 _handle=None):
        self._h = _handle if _handle is not None else _core.ProcessDesc()
        if args is not None:
            self._h.set_args(list(args))
        if env is not None:
            self._h.set_env(list(env))
        if cwd is not None:
            self._h.set_cwd(cwd)
        if user is not None:
            self._h.set_user(*user)
        if groups is not None:
            self._h.set_additional_gids(list(groups))
        if user_name is not None:
            self._h.set_user_name(user_name)
        for name, limits in (rlimits or {}).items():
            res = _core.name_to_int("rlimit", name) if isinstance(name, str) else name
            soft, hard = limits if isinstance(limits, tuple) else (limits, limits)
            self._h.add_rlimit(res, soft, hard)
        if capabilities is not None:
            capabilities.apply(self._h)
        if no_new_privileges is not None:
            self._h.set_flag("no_new_privileges", no_new_privileges)
        if seccomp is not None:
            seccomp.apply(self._h)
        if apparmor_profile is not None:
            self._h.set_apparmor_profile(apparmor_profile)
        if selinux_label is not None:
            self._h.set_selinux_label(selinux_label)
        if fds is not None:
            self._h.set_fds(list(fds))
        if terminal is not None:
            self._h.set_flag("terminal", terminal)
        if umask is not None:
            self._h.set_int("umask", umask)
        if oom_score_adj is not None:
            self._h.set_int("oom_score_adj", oom_score_adj)
        if scheduler is not None:
            scheduler.apply(self._h)
        if io_priority is not None:
            io_priority.apply(self._h)
        if cpu_affinity is not None:
            cpu_affinity.apply(self._h)
        if memory_policy is not None:
            memory_policy.apply(self._h)
        if terminal_onlcr is not None:
            self._h.set_flag("terminal_onlcr", terminal_onlcr)
        if keep_groups is not None:
            self._h.set_flag("keep_groups", keep_groups)
        if isinstance(sub_cgroup, str):
            self._h.add_sub_cgroup(None, sub_cgroup)
        elif sub_cgroup is not None:
            for controllers, path in sub_cgroup.items():
                self._h.add_sub_cgroup(controllers, path)
        if function is not None:
            self.set_function(function)

    def set_function(self, function: Callable[[], Optional[int]]) -> None:
        """Run ``function()`` in the container instead of a program."""
        self._h.set_function(function)

    def add_env(self, entry: str) -> None:
        """Add "NAME=value", replacing an entry of the same NAME."""
        self._h.add_env(entry)

    def close(self) -> None:
        """Free the description (also done when it is collected)."""
        self._h.close()

    @property
    def closed(self) -> bool:
        return self._h.closed

    def __enter__(self) -> "ProcessDesc":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _desc(process: Union[ProcessDesc, Sequence[str], None], default=None) -> ProcessDesc:
    if process is None:
        if default is None:
            raise ValueError("no process: give a ProcessDesc or an argv list")
        return default
    if isinstance(process, ProcessDesc):
        return process
    return ProcessDesc(list(process))


def _check_function_safe(pd: ProcessDesc) -> None:
    if pd._h.has_function and threading.active_count() > 1:
        raise ValueError("a Python function as the container's process needs a process "
                         "with one thread (the library forks it); this one has "
                         f"{threading.active_count()}")


class Process:
    """A process started in a running container by :meth:`Container.exec`.

    ``wait()`` returns its exit code (128+signal when killed) without holding
    the GIL. Use as a context manager to release the handle; the process
    itself goes on.
    """

    def __init__(self, handle):
        self._h = handle

    @property
    def pid(self) -> int:
        """Its pid in the host's pid namespace."""
        return self._h.pid

    @property
    def pidfd(self) -> int:
        """A pidfd of it (readable once it exits), -1 when there is none;
        the handle's, not to be closed."""
        return self._h.pidfd

    def wait(self) -> int:
        """Wait for it to exit; its exit code, or 128+signal."""
        return self._h.wait()

    def kill(self, sig: int = _signal.SIGTERM) -> None:
        """Send it a signal."""
        self._h.kill(int(sig))

    def close(self) -> None:
        """Free the handle (the process goes on)."""
        self._h.close()

    @property
    def closed(self) -> bool:
        return self._h.closed

    def __enter__(self) -> "Process":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Container:
    """A container (struct libct_container): configuration, then its life.

    Get one from a :class:`Session`: ``session.container(id, config)`` (a new
    one), ``session.load_bundle(id, path)`` (an OCI bundle) or
    ``session.open(id)`` (one that exists, made by this or another process,
    e.g. ``ct``). Lifecycle: :meth:`create` + :meth:`start`, or :meth:`run`;
    :meth:`wait`, :meth:`kill`, :meth:`pause`, :meth:`resume`, :meth:`exec`,
    :meth:`update`, :meth:`stats`, :meth:`events`, :meth:`delete`.

    As a context manager it releases its handle on exit (the container
    itself goes on; call :meth:`delete` to remove it). A call on a closed
    handle raises ValueError.
    """

    def __init__(self, session: "Session", id: str, *, open: bool = False):
        self._h = _core.Container(session._h, id, open)
        #: The process description of a loaded bundle (config.json's "process").
        self.process: Optional[ProcessDesc] = None

    # ---------------------------------------------------------- properties
    @property
    def id(self) -> str:
        return self._h.id

    @property
    def status(self) -> str:
        """"creating", "created", "running", "paused" or "stopped", read from the kernel."""
        return self._h.status

    @property
    def pid(self) -> int:
        """Init's pid on the host, 0 when there is none."""
        return self._h.pid

    @property
    def pidfd(self) -> int:
        """A pidfd of init (readable once it exits: for select, poll or an
        event loop), -1 when there is none; the container's, not to be
        closed."""
        return self._h.pidfd

    @property
    def cgroup_path(self) -> Optional[str]:
        return self._h.cgroup_path

    @property
    def closed(self) -> bool:
        return self._h.closed

    def state(self) -> State:
        """The OCI state (id, status, pid, bundle, created, annotations)."""
        d = json.loads(self._h.state_json())
        return State(id=d.get("id", self.id), status=d.get("status", self.status),
                     pid=d.get("pid", 0), bundle=d.get("bundle"),
                     created=d.get("created"), annotations=d.get("annotations") or {},
                     oci_version=d.get("ociVersion"))

    # ------------------------------------------------------- configuration
    def configure(self, config: Config) -> "Container":
        """Apply a typed :class:`Config` (before create)."""
        config.apply(self._h)
        return self

    def set_resources(self, resources: Resources) -> None:
        """Set cgroup limits (before create, or before :meth:`update`)."""
        resources.apply(self._h)

    def set_cgroup_file(self, controller: str, file: str, value: str) -> None:
        """Write a raw cgroup file now (running) or at create (stopped)."""
        self._h.set_cgroup_file(controller, file, str(value))

    def read_cgroup_file(self, controller: str, file: str) -> str:
        """Read a cgroup file of the container ("memory", "memory.limit_in_bytes")."""
        return self._h.read_cgroup_file(controller, file)

    def load_bundle(self, bundle: str) -> ProcessDesc:
        """Read bundle/config.json into this container; returns its process,
        also kept as ``self.process``. Errors name the JSON path."""
        self.process = ProcessDesc(_handle=self._h.oci_load(bundle))
        return self.process

    def load_config(self, config: Union[str, dict], bundle: str = ".") -> ProcessDesc:
        """The same from a config.json text or dict (bundle: for a relative root)."""
        text = config if isinstance(config, str) else json.dumps(config)
        self.process = ProcessDesc(_handle=self._h.oci_load(bundle, text))
        return self.process

    # ----------------------------------------------------------- lifecycle
    def create(self, process: Union[ProcessDesc, Sequence[str], None] = None) -> None:
        """Set the container up with init blocked before its exec. On failure
        nothing is left behind."""
        pd = _desc(process, self.process)
        _check_function_safe(pd)
        self._h.create(pd._h)

    def start(self) -> None:
        """Let a created container's init exec its process."""
        self._h.start()

    def run(self, process: Union[ProcessDesc, Sequence[str], None] = None) -> None:
        """create + start (then :meth:`wait`)."""
        pd = _desc(process, self.process)
        _check_function_safe(pd)
        self._h.run(pd._h)

    def wait(self) -> int:
        """Wait for init (only in the process that created the container);
        its exit code, or 128+signal. The GIL is released meanwhile."""
        return self._h.wait()

    def kill(self, sig: int = _signal.SIGTERM, all: bool = False) -> None:
        """Send sig to init (all: to every process of its cgroup)."""
        self._h.kill(int(sig), all)

    def delete(self, force: bool = False) -> None:
        """Remove a stopped container (force: kill it first): processes,
        cgroup, state record, host-side network devices."""
        self._h.delete(force)

    def pause(self) -> None:
        """Freeze every process of the container."""
        self._h.pause()

    def resume(self) -> None:
        """Thaw a paused container."""
        self._h.resume()

    def update(self, resources: Optional[Resources] = None) -> None:
        """Apply resources (these, and any set since create) to the running container."""
        if resources is not None:
            resources.apply(self._h)
        self._h.update()

    def exec_template(self, args: Optional[Sequence[str]] = None, **kw) -> ProcessDesc:
        """The description ``ct exec`` starts from, for :meth:`exec`: the
        process of the config.json the container was created from (env,
        cwd, user, ...), without its seccomp filter (the container's applies
        to every exec); an empty one when there is none. ``args`` and the
        keyword arguments of :class:`ProcessDesc` replace what it says."""
        return ProcessDesc(args, _handle=self._h.oci_load_exec_template(), **kw)

    def exec(self, process: Union[ProcessDesc, Sequence[str]]) -> Process:
        """Start a process in the running container (its namespaces, cgroup
        and confinement); returns once it has exec'd."""
        pd = _desc(process)
        return Process(self._h.exec(pd._h))

    def processes(self) -> list:
        """The pids in the container's cgroup, init first."""
        return self._h.processes()

    def stats(self) -> Stats:
        """Usage figures of the container's cgroup."""
        st = Stats()
        for i, name in enumerate(("cpu_usage_ns", "cpu_user_ns", "cpu_system_ns",
                                  "memory_usage", "memory_max_usage", "memory_limit",
                                  "pids_current", "pids_limit", "cpu_periods",
                                  "cpu_throttled_periods", "cpu_throttled_ns",
                                  "memory_cache", "memory_failcnt", "memory_oom_kills",
                                  "memory_under_oom")):
            try:
                setattr(st, name, self._h.stat(i))
            except Error:
                pass
        try:
            st.io = [dict(zip(("major", "minor", "read_bytes", "write_bytes", "read_ios",
                               "write_ios"), t)) for t in self._h.io_stats()]
        except Error:
            st.io = []
        return st

    def oom_fd(self) -> int:
        """A new fd (close-on-exec, non-blocking; the caller closes it) that
        polls readable when the kernel reports an out-of-memory event in
        the container's memory cgroup; read it until it would block to wait
        again, and compare ``stats().memory_oom_kills`` to know whether a
        process was killed (see libct_container_oom_fd(3))."""
        return self._h.oom_fd()

    def notify_socket(self) -> int:
        """The host end of the container's sd_notify socket (Config.notify_dir):
        non-blocking, owned by this handle (do not close it); for a container
        opened by id it is bound anew, so call it before start(). Each
        datagram the container sends is untrusted text (see
        libct_container_notify_socket(3))."""
        return self._h.notify_socket()

    def events(self, interval: float = 5.0) -> Iterator[Stats]:
        """Stats every interval seconds while the container runs (as
        ``ct events``); ends when it stops. Sleeps without the GIL."""
        while self.status in ("running", "paused", "created"):
            yield self.stats()
            time.sleep(interval)

    # -------------------------------------------------------------- handle
    def close(self) -> None:
        """Free the handle (the container goes on)."""
        if self.process is not None:
            self.process.close()
        self._h.close()

    def __enter__(self) -> "Container":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        if self.closed:
            return "<libct.Container (closed)>"
        return f"<libct.Container {self.id!r} {self.status}>"


class Session:
    """A libct session (struct libct_session): the state directory where
    containers are recorded (default /run/ct, which ``ct`` uses too).

    Use as a context manager, or call :meth:`close`; a session closed while
    container handles are open is freed when the last of them is closed.
    """

    def __init__(self, state_dir: Optional[str] = None):
        self._h = _core.Session(state_dir)

    @property
    def state_dir(self) -> str:
        return self._h.state_dir

    @property
    def closed(self) -> bool:
        return self._h.closed

    @property
    def rootless(self) -> bool:
        """Whether containers are made rootless: a cgroup hierarchy where the
        container's directory cannot be made for lack of permission is left
        out (unless a limit needs it), device nodes are bound from the host.
        Auto-detected (a user other than root, or root of a user namespace
        other than the host's); set True or False to decide, None for auto."""
        return self._h.rootless

    @rootless.setter
    def rootless(self, value: Optional[bool]) -> None:
        self._h.rootless = value

    def list(self) -> list:
        """The ids of the containers with a state record, sorted."""
        return self._h.list()

    def set_setup_timeout(self, seconds: int) -> None:
        """Bound each wait for a process being set up (a container's init up
        to ready, its exec at start, an exec'd process) to seconds, plus the
        timeouts of the hooks it runs meanwhile; 0: no bound. Default 60 (or
        LIBCT_SETUP_TIMEOUT). A wait that runs out raises TimedOutError."""
        self._h.set_setup_timeout(seconds)

    @property
    def setup_timeout(self) -> int:
        """The setup timeout in seconds, 0 for none (set_setup_timeout)."""
        return self._h.setup_timeout

    def container(self, id: str, config: Optional[Config] = None) -> Container:
        """A new container (nothing is written until create), configured with config."""
        ct = Container(self, id)
        if config is not None:
            try:
                ct.configure(config)
            except BaseException:
                ct.close()
                raise
        return ct

    def load_bundle(self, id: str, bundle: str) -> Container:
        """A new container from an OCI bundle (its config.json); its process
        is ``container.process`` and the default of create/run."""
        ct = Container(self, id)
        try:
            ct.load_bundle(bundle)
        except BaseException:
            ct.close()
            raise
        return ct

    def open(self, id: str) -> Container:
        """A container that exists; NotFoundError (a FileNotFoundError) when none."""
        return Container(self, id, open=True)

    def close(self) -> None:
        self._h.close()

    def __enter__(self) -> "Session":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<libct.Session {'closed' if self.closed else self.state_dir!r}>"


def load_process_file(path: str) -> ProcessDesc:
    """An OCI process.json (as ``ct exec --process``) into a ProcessDesc."""
    return ProcessDesc(_handle=_core.load_process_file(path))
