# SPDX-License-Identifier: LGPL-2.1-or-later
"""Typed configuration of a container and of a process.

Plain dataclasses: build them, then hand them to
:meth:`libct.Container.configure` and :class:`libct.ProcessDesc`. Each field
maps onto one setter of <libct/libct.h>; see doc/python.md for the table.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Sequence, Union

from . import _core

__all__ = [
    "Mount", "MountCommand", "IdMap", "Device", "DeviceRule", "Hook", "Resources", "Veth", "Route",
    "Config",
    "Capabilities", "SyscallRule", "Seccomp", "Scheduler", "IOPriority", "CPUAffinity",
    "MemoryPolicy", "Stats", "State",
    "NAMESPACES", "RESOURCE_KEYS",
]

#: Namespace names (the OCI ones) and their numbers.
NAMESPACES = {
    "pid": _core.NS_PID, "network": _core.NS_NET, "net": _core.NS_NET, "ipc": _core.NS_IPC,
    "uts": _core.NS_UTS, "mount": _core.NS_MOUNT, "user": _core.NS_USER,
    "cgroup": _core.NS_CGROUP, "time": _core.NS_TIME,
}

#: Resources fields and the enum libct_resource value each sets.
RESOURCE_KEYS = {
    "memory_limit": 0, "memory_reservation": 1, "memory_swap": 2, "memory_swappiness": 3,
    "memory_disable_oom_killer": 4, "memory_kernel": 5, "memory_kernel_tcp": 6,
    "memory_use_hierarchy": 7, "cpu_shares": 8, "cpu_quota": 9, "cpu_period": 10,
    "cpu_burst": 11, "cpu_rt_runtime": 12, "cpu_rt_period": 13, "cpu_idle": 14,
    "pids_limit": 15, "blkio_weight": 16, "blkio_leaf_weight": 17, "net_cls_classid": 18,
}

#: Resources fields of per-device throttles and the enum libct_blkio_throttle value of each.
_THROTTLES = {
    "blkio_throttle_read_bps": _core.BLKIO_READ_BPS,
    "blkio_throttle_write_bps": _core.BLKIO_WRITE_BPS,
    "blkio_throttle_read_iops": _core.BLKIO_READ_IOPS,
    "blkio_throttle_write_iops": _core.BLKIO_WRITE_IOPS,
}

_HOOKS = ("prestart", "createRuntime", "createContainer", "startContainer", "poststart",
          "poststop")


@dataclass
class IdMap:
    """[container_id, container_id+size) maps to [host_id, host_id+size)."""
    container_id: int
    host_id: int
    size: int


@dataclass
class MountCommand:
    """A command run in the container's mount namespace, before its root
    change, right before its mount (``after`` False) or right after it:
    ``path``, absolute on this (the caller's) filesystem, with ``args``
    (None: just path) and ``env`` (None: empty), in ``dir`` (None: "/"). A
    command that exits with another status than 0 fails the create."""
    path: str
    args: Optional[Sequence[str]] = None
    env: Optional[Sequence[str]] = None
    dir: Optional[str] = None
    after: bool = False


@dataclass
class Mount:
    """A mount: ``Mount("/proc", "proc", "proc")``; a bind mount has type None
    and "bind" or "rbind" in options. ``uid_maps`` and ``gid_maps`` (both
    needed) make a bind mount idmapped: ids container_id.. of the source
    show as host_id.. in the mount (options "idmap" or "ridmap" without
    maps take the container's user namespace maps). ``commands``:
    :class:`MountCommand` s run beside this mount."""
    destination: str
    source: Optional[str] = None
    type: Optional[str] = None
    options: Sequence[str] = ()
    uid_maps: Sequence[IdMap] = ()
    gid_maps: Sequence[IdMap] = ()
    commands: Sequence[MountCommand] = ()


@dataclass
class Device:
    """A device node made in the container: type "c", "b", "u" or "p"."""
    path: str
    type: str
    major: int
    minor: int
    file_mode: int = 0o666
    uid: int = 0
    gid: int = 0


@dataclass
class DeviceRule:
    """A device-cgroup rule (linux.resources.devices): allow or deny access
    ("r", "w", "m") to devices of type "a" (all), "c" or "b", major and minor
    -1 for any. The rules apply in order, after one denying all; the allow
    rules of the default devices (/dev/null, /dev/full, ..., as runc's) and
    of the config's devices come after them."""
    allow: bool
    type: str = "a"
    major: int = -1
    minor: int = -1
    access: str = "rwm"


@dataclass
class Hook:
    """An OCI hook: kind is "prestart", "createRuntime", "createContainer",
    "startContainer", "poststart" or "poststop"."""
    kind: str
    path: str
    args: Optional[Sequence[str]] = None
    env: Optional[Sequence[str]] = None
    timeout: int = 0


@dataclass
class Resources:
    """cgroup limits. None leaves a knob alone; -1 means unlimited where the
    kernel has that. ``cgroup_files`` writes raw files:
    ``{("memory", "memory.limit_in_bytes"): "64M"}``.

    Per device, keyed by ``(major, minor)``: ``blkio_throttle_read_bps``,
    ``blkio_throttle_write_bps`` (bytes per second),
    ``blkio_throttle_read_iops``, ``blkio_throttle_write_iops`` (operations
    per second), ``blkio_weight_devices`` (a weight, or ``(weight,
    leaf_weight)``). ``hugetlb_limits``: bytes by page size
    (``{"2MB": 64 << 20}``). ``rdma_limits``: ``{"mlx5_0": (hca_handles,
    hca_objects)}``, None or -1 for no limit. ``net_priorities``:
    ``{"eth0": 5}`` (net_prio.ifpriomap, cgroup v1 only).
    ``memory_check_before_update``: ``update`` refuses a memory limit at or
    below the cgroup's usage instead of writing it (cgroup v2; v1 refuses
    one it cannot reclaim by itself)."""
    memory_limit: Optional[int] = None
    memory_reservation: Optional[int] = None
    memory_swap: Optional[int] = None
    memory_swappiness: Optional[int] = None
    memory_disable_oom_killer: Optional[int] = None
    memory_kernel: Optional[int] = None
    memory_kernel_tcp: Optional[int] = None
    memory_use_hierarchy: Optional[int] = None
    cpu_shares: Optional[int] = None
    cpu_quota: Optional[int] = None
    cpu_period: Optional[int] = None
    cpu_burst: Optional[int] = None
    cpu_rt_runtime: Optional[int] = None
    cpu_rt_period: Optional[int] = None
    cpu_idle: Optional[int] = None
    pids_limit: Optional[int] = None
    blkio_weight: Optional[int] = None
    blkio_leaf_weight: Optional[int] = None
    net_cls_classid: Optional[int] = None
    cpuset_cpus: Optional[str] = None
    cpuset_mems: Optional[str] = None
    blkio_throttle_read_bps: dict = field(default_factory=dict)
    blkio_throttle_write_bps: dict = field(default_factory=dict)
    blkio_throttle_read_iops: dict = field(default_factory=dict)
    blkio_throttle_write_iops: dict = field(default_factory=dict)
    blkio_weight_devices: dict = field(default_factory=dict)
    hugetlb_limits: dict = field(default_factory=dict)
    rdma_limits: dict = field(default_factory=dict)
    net_priorities: dict = field(default_factory=dict)
    unified: dict = field(default_factory=dict)
    cgroup_files: dict = field(default_factory=dict)
    memory_check_before_update: Optional[bool] = None

    def apply(self, h) -> None:
        """Set these on a _core.Container handle."""
        for key, res in RESOURCE_KEYS.items():
            value = getattr(self, key)
            if value is not None:
                h.set_resource(res, int(value))
        if self.cpuset_cpus is not None or self.cpuset_mems is not None:
            h.set_cpuset(self.cpuset_cpus, self.cpuset_mems)
        for name, kind in _THROTTLES.items():
            for (major, minor), rate in getattr(self, name).items():
                h.add_blkio_throttle(kind, major, minor, int(rate))
        for (major, minor), w in self.blkio_weight_devices.items():
            weight, leaf = w if isinstance(w, tuple) else (w, 0)
            h.add_blkio_weight_device(major, minor, int(weight), int(leaf))
        for size, limit in self.hugetlb_limits.items():
            h.add_hugetlb_limit(size, int(limit))
        for dev, (handles, objects) in self.rdma_limits.items():
            h.add_rdma_limit(dev, -1 if handles is None else int(handles),
                             -1 if objects is None else int(objects))
        for ifname, prio in self.net_priorities.items():
            h.add_net_prio(ifname, int(prio))
        for file, value in self.unified.items():
            h.add_unified(file, str(value))
        for (controller, file), value in self.cgroup_files.items():
            h.set_cgroup_file(controller, file, str(value))
        if self.memory_check_before_update is not None:
            h.set_memory_check_before_update(self.memory_check_before_update)


@dataclass
class Veth:
    """A veth pair: ``name`` inside the container, ``host_name`` outside (None:
    a free name is made up), addresses ("10.0.0.2/24") on the container end,
    ``host_addresses`` on the host end, ``master``: a host bridge for the
    host end."""
    name: str
    host_name: Optional[str] = None
    addresses: Sequence[str] = ()
    host_addresses: Sequence[str] = ()
    mtu: Optional[int] = None
    mac: Optional[str] = None
    master: Optional[str] = None


@dataclass
class Route:
    """A route in the container: dst "10.1.0.0/16" or "default", via gateway
    and/or out of dev (a container-side name)."""
    dst: str = "default"
    gateway: Optional[str] = None
    dev: Optional[str] = None
    src: Optional[str] = None


@dataclass
class Config:
    """A container's configuration (what a config.json says, typed).

    ``namespaces`` maps a name ("pid", "mount", "network", ...) to None (a new
    one) or the path of one to join. ``no_pivot``: change into the root with
    a move onto "/" and chroot(2) instead of pivot_root(2), for a root on a
    ramfs (the caller's mount tree then stays in the container's mount
    namespace, under its root). ``systemd_cgroup``: systemd makes the
    cgroup, a transient scope (cgroup_path "slice:prefix:name"); it needs
    systemd on the system bus and a unified cgroup v2 host, the create fails
    otherwise. ``no_cgroup``: no cgroup at all, the processes stay in the
    caller's and the resources are not applied (a warning says so).
    ``time_offsets`` maps "monotonic" or "boottime" to seconds or
    (seconds, nanoseconds) added to what the container reads of that clock;
    it needs a new "time" namespace. ``root_propagation``: of the container's
    "/" ("rslave", "rshared", ...; rootfsPropagation). ``mount_label``: the
    SELinux context of its mounts (linux.mountLabel; nothing without
    SELinux). ``bundle``: the directory its state records.
    ``default_devices``: False makes none of the default /dev nodes.
    ``device_rules``: :class:`DeviceRule` s (linux.resources.devices).
    ``net_devices`` maps a host network device's name to its name in the
    container (None: the same), moved in and back on delete
    (linux.netDevices). ``notify_dir``: a directory in the container, bound
    read-only, holding a datagram socket notify.sock for sd_notify (set the
    process's NOTIFY_SOCKET to it; read with Container.notify_socket()).
    """
    root: Optional[str] = None
    readonly_root: bool = False
    no_pivot: bool = False
    namespaces: dict = field(default_factory=dict)
    time_offsets: dict = field(default_factory=dict)
    uid_maps: Sequence[IdMap] = ()
    gid_maps: Sequence[IdMap] = ()
    hostname: Optional[str] = None
    domainname: Optional[str] = None
    mounts: Sequence[Mount] = ()
    masked_paths: Sequence[str] = ()
    readonly_paths: Sequence[str] = ()
    devices: Sequence[Device] = ()
    sysctls: dict = field(default_factory=dict)
    resources: Optional[Resources] = None
    cgroup_path: Optional[str] = None
    systemd_cgroup: bool = False
    no_cgroup: bool = False
    hooks: Sequence[Hook] = ()
    veths: Sequence[Veth] = ()
    routes: Sequence[Route] = ()
    annotations: dict = field(default_factory=dict)
    root_propagation: Optional[str] = None
    mount_label: Optional[str] = None
    bundle: Optional[str] = None
    default_devices: bool = True
    device_rules: Sequence[DeviceRule] = ()
    net_devices: dict = field(default_factory=dict)
    notify_dir: Optional[str] = None

    def apply(self, h) -> None:
        """Set this configuration on a _core.Container handle, in the order
        the C setters need (namespaces before mounts and networking)."""
        for name, path in self.namespaces.items():
            if name not in NAMESPACES:
                raise ValueError(f"namespaces: unknown namespace '{name}'")
            h.set_namespace(NAMESPACES[name], path)
        for clock, off in self.time_offsets.items():
            secs, nsecs = off if isinstance(off, tuple) else (off, 0)
            h.set_time_offset(clock, secs, nsecs)
        for m in self.uid_maps:
            h.add_id_map(False, m.container_id, m.host_id, m.size)
        for m in self.gid_maps:
            h.add_id_map(True, m.container_id, m.host_id, m.size)
        if self.root is not None:
            h.set_root(self.root, self.readonly_root)
        if self.no_pivot:
            h.set_no_pivot(True)
        if self.root_propagation is not None:
            h.set_root_propagation(self.root_propagation)
        if self.mount_label is not None:
            h.set_mount_label(self.mount_label)
        if self.bundle is not None:
            h.set_bundle(self.bundle)
        if not self.default_devices:
            h.set_default_devices(False)
        if self.hostname is not None:
            h.set_hostname(self.hostname)
        if self.domainname is not None:
            h.set_domainname(self.domainname)
        for m in self.mounts:
            h.add_mount(m.source, m.destination, m.type, list(m.options))
            for is_gid, maps in ((False, m.uid_maps), (True, m.gid_maps)):
                for i in maps:
                    h.add_mount_id_map(is_gid, m.destination, i.container_id, i.host_id, i.size)
            for c in m.commands:
                h.add_mount_command(m.destination, c.after, c.path,
                                    list(c.args) if c.args is not None else None,
                                    list(c.env) if c.env is not None else None, c.dir)
        if self.notify_dir is not None:  # after the mounts: over a tmpfs on /run
            h.set_notify_dir(self.notify_dir)
        for p in self.masked_paths:
            h.add_masked_path(p)
        for p in self.readonly_paths:
            h.add_readonly_path(p)
        for d in self.devices:
            h.add_device(d.path, d.type, d.major, d.minor, d.file_mode, d.uid, d.gid)
        for r in self.device_rules:
            h.add_device_rule(r.allow, r.type, r.major, r.minor, r.access)
        for k, v in self.sysctls.items():
            h.add_sysctl(k, str(v))
        if self.cgroup_path is not None:
            h.set_cgroup_path(self.cgroup_path)
        if self.systemd_cgroup:
            h.set_systemd_cgroup(True)
        if self.no_cgroup:
            h.set_no_cgroup(True)
        if self.resources is not None:
            self.resources.apply(h)
        for hook in self.hooks:
            if hook.kind not in _HOOKS:
                raise ValueError(f"hooks: unknown hook kind '{hook.kind}'")
            h.add_hook(_core.name_to_int("hook", hook.kind), hook.path,
                       list(hook.args) if hook.args is not None else None,
                       list(hook.env) if hook.env is not None else None, hook.timeout)
        for v in self.veths:
            dev = h.add_veth(v.host_name, v.name)
            for a in v.addresses:
                dev.add_addr(a)
            if v.mtu is not None:
                dev.set_mtu(v.mtu)
            if v.mac is not None:
                dev.set_mac(v.mac)
            peer = dev.peer()
            for a in v.host_addresses:
                peer.add_addr(a)
            if v.master is not None:
                peer.set_master(v.master)
        for host_name, name in self.net_devices.items():
            h.add_host_dev(host_name, name)
        for r in self.routes:
            route = h.add_route()
            route.set_dst(r.dst)
            if r.src is not None:
                route.set_src(r.src)
            if r.dev is not None:
                route.set_dev(r.dev)
            if r.gateway is not None:
                route.add_nexthop().set_gateway(r.gateway)
        for k, v in self.annotations.items():
            h.add_annotation(k, v)


@dataclass
class Capabilities:
    """Capability sets by name ("CAP_NET_ADMIN" or "net_admin"). A set left
    None is empty once any set is given; a ProcessDesc without Capabilities
    keeps every capability."""
    bounding: Optional[Sequence[str]] = None
    effective: Optional[Sequence[str]] = None
    inheritable: Optional[Sequence[str]] = None
    permitted: Optional[Sequence[str]] = None
    ambient: Optional[Sequence[str]] = None

    def apply(self, pd) -> None:
        for i, name in enumerate(("bounding", "effective", "inheritable", "permitted",
                                  "ambient")):
            caps = getattr(self, name)
            mask = 0
            for c in caps or ():
                mask |= 1 << _core.name_to_int("cap", c)
            pd.set_caps(i, mask)


@dataclass
class SyscallRule:
    """A seccomp rule: the syscalls it matches, its action ("SCMP_ACT_ERRNO"),
    errno for ERRNO/TRACE, and argument comparisons
    ``(index, "SCMP_CMP_EQ", value[, value_two])``."""
    names: Sequence[str]
    action: str
    errno: int = -1
    args: Sequence[tuple] = ()


@dataclass
class Seccomp:
    """A seccomp filter: the default action, architectures, flags and rules.
    ``listener_path``: the unix socket (absolute path) of the seccomp agent
    that gets the listener fd of SCMP_ACT_NOTIFY rules, told
    ``listener_metadata``."""
    default_action: str = "SCMP_ACT_ALLOW"
    default_errno: int = -1
    architectures: Sequence[str] = ()
    flags: Sequence[str] = ()
    syscalls: Sequence[SyscallRule] = ()
    listener_path: Optional[str] = None
    listener_metadata: Optional[str] = None

    def apply(self, pd) -> None:
        pd.set_seccomp_default(_core.name_to_int("seccomp_action", self.default_action),
                               self.default_errno)
        if self.listener_path is not None:
            pd.set_seccomp_listener(self.listener_path, self.listener_metadata)
        for a in self.architectures:
            pd.add_seccomp_arch(a)
        for f in self.flags:
            pd.add_seccomp_flag(f)
        for rule in self.syscalls:
            action = _core.name_to_int("seccomp_action", rule.action)
            args = [(a[0], _core.name_to_int("seccomp_op", a[1])) + tuple(a[2:])
                    for a in rule.args]
            for name in rule.names:
                pd.add_seccomp_rule(name, action, rule.errno, args)


@dataclass
class Scheduler:
    """The scheduling of the process (sched_setattr(2), OCI process.scheduler):
    ``policy`` "SCHED_OTHER", "SCHED_FIFO", "SCHED_RR", "SCHED_BATCH",
    "SCHED_ISO", "SCHED_IDLE", "SCHED_DEADLINE" (or its number), ``nice``
    -20..19, the static ``priority`` (FIFO and RR), ``flags``
    "SCHED_FLAG_*" names, and for SCHED_DEADLINE ``runtime``, ``deadline``
    and ``period`` in nanoseconds."""
    policy: Union[str, int] = "SCHED_OTHER"
    nice: int = 0
    priority: int = 0
    flags: Sequence[str] = ()
    runtime: int = 0
    deadline: int = 0
    period: int = 0

    def apply(self, pd) -> None:
        pd.set_scheduler(self.policy, self.nice, self.priority, list(self.flags), self.runtime,
                         self.deadline, self.period)


@dataclass
class IOPriority:
    """The I/O priority (ioprio_set(2), OCI process.ioPriority): ``ioclass``
    "IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE" or "IOPRIO_CLASS_IDLE" (or 1..3),
    ``priority`` 0 (highest) to 7."""
    ioclass: Union[str, int]
    priority: int = 0

    def apply(self, pd) -> None:
        pd.set_io_priority(self.ioclass, self.priority)


@dataclass
class CPUAffinity:
    """The CPUs the process may run on (OCI process.execCPUAffinity), CPU
    lists such as "0-3,7": ``initial`` from the moment it exists, ``final``
    from right before its exec (None leaves one as it is)."""
    initial: Optional[str] = None
    final: Optional[str] = None

    def apply(self, pd) -> None:
        pd.set_cpu_affinity(self.initial, self.final)


@dataclass
class MemoryPolicy:
    """The NUMA memory policy set before the exec (set_mempolicy(2), OCI
    linux.memoryPolicy): ``mode`` "MPOL_DEFAULT", "MPOL_PREFERRED",
    "MPOL_BIND", "MPOL_INTERLEAVE", "MPOL_LOCAL", "MPOL_PREFERRED_MANY",
    "MPOL_WEIGHTED_INTERLEAVE" (or its number), ``nodes`` a node list such as
    "0-1" (none for MPOL_DEFAULT and MPOL_LOCAL, needed by all but
    MPOL_PREFERRED), ``flags`` "MPOL_F_STATIC_NODES",
    "MPOL_F_RELATIVE_NODES", "MPOL_F_NUMA_BALANCING"."""
    mode: Union[str, int]
    nodes: Optional[str] = None
    flags: Sequence[str] = ()

    def apply(self, pd) -> None:
        pd.set_memory_policy(self.mode, list(self.flags), self.nodes)


@dataclass
class Stats:
    """Usage figures of a container's cgroup (None: not available here)."""
    cpu_usage_ns: Optional[int] = None
    cpu_user_ns: Optional[int] = None
    cpu_system_ns: Optional[int] = None
    memory_usage: Optional[int] = None
    memory_max_usage: Optional[int] = None
    memory_limit: Optional[int] = None
    pids_current: Optional[int] = None
    pids_limit: Optional[int] = None
    cpu_periods: Optional[int] = None
    cpu_throttled_periods: Optional[int] = None
    cpu_throttled_ns: Optional[int] = None
    memory_cache: Optional[int] = None
    memory_failcnt: Optional[int] = None
    memory_oom_kills: Optional[int] = None
    memory_under_oom: Optional[int] = None
    io: list = field(default_factory=list)


@dataclass
class State:
    """The OCI state of a container."""
    id: str
    status: str
    pid: int
    bundle: Optional[str]
    created: Optional[str]
    annotations: dict
    oci_version: Optional[str] = None
