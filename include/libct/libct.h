/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libct: manage Linux containers through their whole life.
 *
 * The objects:
 *   struct libct_session       state directory, log sink, caches. No global state.
 *   struct libct_container     a name, a configuration, and at run time an init
 *                              process, a cgroup and a state record on disk.
 *   struct libct_process_desc  what to run and as whom.
 *
 * Every fallible call returns 0 or a negative errno and takes a caller-owned
 * struct libct_error as its last argument (which may be NULL); on failure the
 * message names the step, the operation and the path.
 *
 * All handles are opaque; the only structs with visible fields are
 * struct libct_error, struct libct_seccomp_arg and struct libct_io_stat, all
 * fixed for the life of this ABI (LIBCT_1).
 */
#ifndef LIBCT_LIBCT_H
#define LIBCT_LIBCT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LIBCT_ERROR_MSG_MAX 1024

/* A failure: the negative errno and a message such as
 * "mount 'proc' on '/proc': Operation not permitted". */
struct libct_error {
	int code;
	char message[LIBCT_ERROR_MSG_MAX];
};

/* Library version, "MAJOR.MINOR.PATCH". */
const char *libct_version(void);

/* ---------------------------------------------------------------- session */

struct libct_session;

enum libct_log_level {
	LIBCT_LOG_ERROR = 0,
	LIBCT_LOG_WARNING = 1,
	LIBCT_LOG_INFO = 2,
	LIBCT_LOG_DEBUG = 3,
};

typedef void (*libct_log_fn)(void *userdata, enum libct_log_level level, const char *message);

/* Open a session whose container state lives under state_dir (NULL: /run/ct,
 * or $XDG_RUNTIME_DIR/ct for a caller that is not the host's root, as runc).
 * The directory is created (0700) when missing. */
int libct_session_new(const char *state_dir, struct libct_session **ret, struct libct_error *err);
void libct_session_free(struct libct_session *s);
const char *libct_session_state_dir(const struct libct_session *s);
/* Messages at or below max_level go to fn. Default: none. */
void libct_session_set_log(struct libct_session *s, enum libct_log_level max_level, libct_log_fn fn,
			   void *userdata);
/* Bound each wait for a process the library sets up (a container's init
 * from clone to ready, its exec at start, an exec'd process) to seconds,
 * plus the timeouts of the hooks that process runs meanwhile; 0: no bound.
 * Default 60, or LIBCT_SETUP_TIMEOUT from the environment. */
void libct_session_set_setup_timeout(struct libct_session *s, unsigned int seconds);
/* The bound in seconds, 0 for none: for a caller's own waits alike (ct
 * bounds its connects to --console-socket and --pidfd-socket with it). */
unsigned int libct_session_setup_timeout(const struct libct_session *s);
/* Rootless: the session may not make cgroups at the default place. Then a
 * cgroup hierarchy where the container's directory cannot be made for lack of
 * permission is left out (the container stays in the caller's cgroup there),
 * unless the container asks for limits of it or names its cgroup path, and
 * device cgroup rules are not applied where they cannot be (a v2 device
 * filter needs privileges the caller lacks). AUTO (the default): rootless when the
 * effective user is not root, or is root of a user namespace other than the
 * host's (rootless podman runs its runtime so). */
enum libct_rootless {
	LIBCT_ROOTLESS_AUTO = 0,
	LIBCT_ROOTLESS_OFF,
	LIBCT_ROOTLESS_ON,
};
void libct_session_set_rootless(struct libct_session *s, enum libct_rootless mode);
/* Whether the session is rootless (AUTO resolved). */
bool libct_session_rootless(struct libct_session *s);
/* The ids of every container in the state directory, sorted (half-made and
 * damaged ones too: open them with libct_container_open_any); free with
 * libct_strv_free. */
int libct_session_list(struct libct_session *s, char ***ret_ids, struct libct_error *err);
void libct_strv_free(char **strv);

/* -------------------------------------------------------------- container */

struct libct_container;
struct libct_process_desc;

enum libct_status {
	LIBCT_STATUS_UNKNOWN = 0,
	LIBCT_STATUS_CREATING,
	LIBCT_STATUS_CREATED,
	LIBCT_STATUS_RUNNING,
	LIBCT_STATUS_PAUSED,
	LIBCT_STATUS_STOPPED,
};
/* "creating", "created", "running", "paused", "stopped". */
const char *libct_status_to_string(enum libct_status st);

/* A new, unconfigured container. The id is 1-255 characters of
 * [A-Za-z0-9_+.-], not starting with '.'. Nothing is written until create. */
int libct_container_new(struct libct_session *s, const char *id, struct libct_container **ret,
			struct libct_error *err);
/* A container that exists on disk (created by this or another process).
 * -ENOENT with "container 'ID' does not exist" when there is none. */
int libct_container_open(struct libct_session *s, const char *id, struct libct_container **ret,
			 struct libct_error *err);
/* Open whatever is on disk under id, even when its state record is missing
 * or damaged (a create that was killed, a file someone broke): such a
 * container is rebuilt from its create journal, else from its id and the
 * default cgroup path; its status is creating (a create holds its lock) or
 * stopped, libct_container_damage() says what is wrong, and
 * libct_container_delete() removes it and kills what lives in its cgroups.
 * -ENOENT when there is nothing. */
int libct_container_open_any(struct libct_session *s, const char *id, struct libct_container **ret,
			     struct libct_error *err);
/* Why the state record of a container from libct_container_open_any()
 * could not be read ("state of container 'x' is damaged: 'pid' is not an
 * integer"), NULL when it was read. */
const char *libct_container_damage(const struct libct_container *ct);
void libct_container_free(struct libct_container *ct);

const char *libct_container_id(const struct libct_container *ct);
/* Current status, read from the kernel (init alive? frozen?). */
enum libct_status libct_container_status(struct libct_container *ct);
/* Init's pid in the host pid namespace, 0 when there is none. */
pid_t libct_container_pid(const struct libct_container *ct);
const char *libct_container_bundle(const struct libct_container *ct);
/* RFC 3339 time of creation, NULL before create. */
const char *libct_container_created(const struct libct_container *ct);
/* Annotations, as a NULL-terminated key, value, key, value... array (never NULL). */
const char *const *libct_container_annotations(const struct libct_container *ct);
/* The container's cgroup path (relative to the hierarchy roots). */
const char *libct_container_cgroup_path(const struct libct_container *ct);

/* ------------------------------------------------- container configuration */

enum libct_ns {
	LIBCT_NS_PID = 0,
	LIBCT_NS_NET,
	LIBCT_NS_IPC,
	LIBCT_NS_UTS,
	LIBCT_NS_MOUNT,
	LIBCT_NS_USER,
	LIBCT_NS_CGROUP,
	LIBCT_NS_TIME,
	LIBCT_NS__MAX,
};
/* "pid", "network", "ipc", "uts", "mount", "user", "cgroup", "time" (the OCI names). */
const char *libct_ns_to_string(enum libct_ns ns);
int libct_ns_from_string(const char *name, enum libct_ns *ret);

/* Give the container a namespace of this type: a new one (path NULL) or the
 * one at path (e.g. /proc/PID/ns/net). Each type at most once. */
int libct_container_set_namespace(struct libct_container *ct, enum libct_ns ns, const char *path,
				  struct libct_error *err);
/* An offset of a clock in the container's new time namespace (OCI
 * linux.timeOffsets): clock "monotonic" or "boottime", what the container
 * reads of it is the host's plus secs and nanosecs (< 1000000000; secs may
 * be negative). Once per clock; needs a new time namespace
 * (LIBCT_NS_TIME without a path), whose offsets are set before anyone
 * enters it; the process is in it from its exec on. */
int libct_container_set_time_offset(struct libct_container *ct, const char *clock, int64_t secs,
				    uint32_t nanosecs, struct libct_error *err);
/* Map [container_id, container_id+size) to [host_id, host_id+size). */
int libct_container_add_uid_map(struct libct_container *ct, uint32_t container_id, uint32_t host_id,
				uint32_t size, struct libct_error *err);
int libct_container_add_gid_map(struct libct_container *ct, uint32_t container_id, uint32_t host_id,
				uint32_t size, struct libct_error *err);

/* The root filesystem. pivot_root into it when the container has a mount
 * namespace, chroot otherwise (or with no_pivot). */
/* A container whose root is never set shares the caller's root filesystem:
 * with a mount namespace, its mounts are made on a private copy of the
 * caller's tree (and no default device nodes are made). */
int libct_container_set_root(struct libct_container *ct, const char *path, bool readonly,
			     struct libct_error *err);
void libct_container_set_no_pivot(struct libct_container *ct, bool no_pivot);
/* Propagation of the container's "/": "private", "rprivate", "shared", "rshared",
 * "slave", "rslave", "unbindable", "runbindable". Default rprivate. */
int libct_container_set_root_propagation(struct libct_container *ct, const char *propagation,
					 struct libct_error *err);
/* The SELinux context of the filesystems mounted for the container
 * (linux.mountLabel): on a host with SELinux, a context="LABEL" option of
 * each mount but binds, proc, sysfs and mqueue (mqueue's root is labelled
 * after its mount), and of the masks' tmpfs, as runc does; no effect on a
 * host without SELinux. NULL or "" for none. */
int libct_container_set_mount_label(struct libct_container *ct, const char *label,
				    struct libct_error *err);
/* sd_notify from inside the container (NOTIFY_SOCKET, as runc and crun relay
 * it): create makes a directory beside the container's state holding a
 * datagram socket, notify.sock, writable by every user, and binds the
 * directory read-only at DIR (absolute) in the container, after the mounts
 * added before this call (call it after the config's mounts). The process's
 * environment is the caller's to set (NOTIFY_SOCKET=DIR/notify.sock). Once. */
int libct_container_set_notify_dir(struct libct_container *ct, const char *dir,
				   struct libct_error *err);
/* The host end of that socket, to read what the container sends: the one
 * bound by the create of this handle (before init ran), or, for a container
 * opened by id, bound anew in its place (call it before the start, so that
 * nothing sent is lost). Owned by the handle, non-blocking; -ENOENT when the
 * container was created without a notify directory. */
int libct_container_notify_socket(struct libct_container *ct, struct libct_error *err);
/* The bundle directory recorded in the state (informational). */
int libct_container_set_bundle(struct libct_container *ct, const char *path,
			       struct libct_error *err);
int libct_container_add_annotation(struct libct_container *ct, const char *key, const char *value,
				   struct libct_error *err);

/* A mount. type NULL or "none" with "bind"/"rbind" in options is a bind mount.
 * options are mount(8) words: ro rw nosuid suid nodev dev noexec exec sync async
 * dirsync remount mand nomand atime noatime diratime nodiratime relatime norelatime
 * strictatime nostrictatime lazytime nolazytime bind rbind rro rrw rnosuid rsuid
 * rnodev rdev rnoexec rexec, the propagation words (private rprivate shared
 * rshared slave rslave unbindable runbindable), "tmpcopyup" (ignored), "idmap"
 * and "ridmap" (an idmapped bind mount, see below; ridmap idmaps every mount of
 * an rbind), and any other word, passed to the filesystem as data ("size=64k",
 * "mode=755"). destination is resolved inside the root without leaving it. */
int libct_container_add_mount(struct libct_container *ct, const char *source,
			      const char *destination, const char *type, const char *const *options,
			      size_t n_options, struct libct_error *err);
/* A command run in the container's mount namespace, before its root change,
 * right before (after false) or after (after true) the last mount added with
 * this destination: path with argv and env (NULL-terminated, may be NULL),
 * in dir (NULL: "/"). A command that fails (non-zero exit) fails the create. */
int libct_container_add_mount_command(struct libct_container *ct, const char *destination,
				      bool after, const char *path, const char *const *argv,
				      const char *const *env, const char *dir,
				      struct libct_error *err);
/* Idmapped bind mounts: an id mapping of the last mount added with this
 * destination, which makes it idmapped (both a uid and a gid mapping are
 * needed). As in a user namespace's map: ids [container_id, +size) of the
 * source filesystem show as [host_id, +size) in the mount, and a file made
 * through it as host_id gets container_id on disk. A mount with option
 * "idmap" or "ridmap" and no mappings of its own takes the container's user
 * namespace mappings. */
int libct_container_add_mount_uid_map(struct libct_container *ct, const char *destination,
				      uint32_t container_id, uint32_t host_id, uint32_t size,
				      struct libct_error *err);
int libct_container_add_mount_gid_map(struct libct_container *ct, const char *destination,
				      uint32_t container_id, uint32_t host_id, uint32_t size,
				      struct libct_error *err);
/* Hide a path (bind /dev/null on files, an empty read-only tmpfs on directories). */
int libct_container_add_masked_path(struct libct_container *ct, const char *path,
				    struct libct_error *err);
/* Make a path read-only (a read-only bind of itself). */
int libct_container_add_readonly_path(struct libct_container *ct, const char *path,
				      struct libct_error *err);
/* A device node. type 'c', 'b', 'u' or 'p'; file_mode the permission bits (0 = 0666). */
int libct_container_add_device(struct libct_container *ct, const char *path, char type,
			       int64_t major, int64_t minor, uint32_t file_mode, uint32_t uid,
			       uint32_t gid, struct libct_error *err);
/* Whether to create the default /dev nodes and links (default true). */
void libct_container_set_default_devices(struct libct_container *ct, bool on);

int libct_container_set_hostname(struct libct_container *ct, const char *hostname,
				 struct libct_error *err);
int libct_container_set_domainname(struct libct_container *ct, const char *domainname,
				   struct libct_error *err);
/* A sysctl by its dotted name, e.g. "net.ipv4.ip_forward". */
int libct_container_add_sysctl(struct libct_container *ct, const char *key, const char *value,
			       struct libct_error *err);

/* ------------------------------------------------------------- networking */

/* Network devices and routes of a container with its own network namespace
 * (LIBCT_NS_NET, new). They are set up by the runtime between clone and the
 * container's own setup, through rtnetlink (libnl-route-3); everything made
 * on the host side is removed on delete, and after a failed create. A new
 * network namespace always gets its loopback device up. */
struct libct_net_dev;	/* owned by its container */
struct libct_net_route; /* owned by its container */
struct libct_net_nexthop;

/* A veth pair: the end named host_name stays in the caller's network
 * namespace (NULL: a free name is made up, "vethXXXXXXXX"), its peer named
 * ct_name is made inside the container. Names are 1-15 characters without
 * '/', ':' or white space. *ret (may be NULL) is the container end;
 * libct_net_dev_peer gives the host end. */
int libct_container_add_veth(struct libct_container *ct, const char *host_name, const char *ct_name,
			     struct libct_net_dev **ret, struct libct_error *err);
/* Move the host's device host_name into the container, renamed ct_name (NULL:
 * the same name; "name%d": the kernel picks a free number), with its
 * permanent global addresses, and set it up; it is moved back to the
 * caller's namespace on delete (see libct_net_dev_set_move_back) and after
 * a failed create. */
int libct_container_add_host_dev(struct libct_container *ct, const char *host_name,
				 const char *ct_name, struct libct_net_dev **ret,
				 struct libct_error *err);
/* Forget a device added above, by its host-side name (before create); its
 * handles are freed. */
int libct_container_del_net_dev(struct libct_container *ct, const char *host_name,
				struct libct_error *err);
/* The other end of a veth (the host end for the container end and back);
 * NULL for a moved host device. */
struct libct_net_dev *libct_net_dev_peer(struct libct_net_dev *dev);
/* Whether a moved host device goes back to the caller's namespace on
 * delete (default true; -EINVAL for a veth). runtime-spec netDevices must
 * not: when the container's namespace goes, the kernel returns physical
 * devices to the initial namespace and destroys virtual ones. */
int libct_net_dev_set_move_back(struct libct_net_dev *dev, bool on, struct libct_error *err);
/* "02:00:00:00:00:01" (not multicast, not all zeros) */
int libct_net_dev_set_mac(struct libct_net_dev *dev, const char *mac, struct libct_error *err);
/* 68..65535 */
int libct_net_dev_set_mtu(struct libct_net_dev *dev, unsigned int mtu, struct libct_error *err);
/* Enslave the device to a bridge (on the device's side: a host end to a
 * host bridge). */
int libct_net_dev_set_master(struct libct_net_dev *dev, const char *bridge,
			     struct libct_error *err);
/* An IPv4 or IPv6 address with its prefix length: "10.0.0.2/24", "fd00::2/64". */
int libct_net_dev_add_addr(struct libct_net_dev *dev, const char *cidr, struct libct_error *err);

/* A route in the container's namespace (main table), added after its
 * devices are up. It needs a device or a next hop. */
int libct_container_add_route(struct libct_container *ct, struct libct_net_route **ret,
			      struct libct_error *err);
/* "10.1.0.0/16", "fd01::/64" (no bits past the prefix; no prefix: one
 * host) or "default" (default when never set). */
int libct_net_route_set_dst(struct libct_net_route *r, const char *cidr, struct libct_error *err);
/* The preferred source address. */
int libct_net_route_set_src(struct libct_net_route *r, const char *addr, struct libct_error *err);
/* The output device (a container-side name). */
int libct_net_route_set_dev(struct libct_net_route *r, const char *dev, struct libct_error *err);
/* A next hop (several make a multipath route); one without a device uses
 * the route's. */
int libct_net_route_add_nexthop(struct libct_net_route *r, struct libct_net_nexthop **ret,
				struct libct_error *err);
int libct_net_nexthop_set_gateway(struct libct_net_nexthop *nh, const char *addr,
				  struct libct_error *err);
int libct_net_nexthop_set_dev(struct libct_net_nexthop *nh, const char *dev,
			      struct libct_error *err);

/* ------------------------------------------------------------------- hooks */

/* When a hook runs (runtime-spec config.md, "POSIX-platform Hooks"). */
enum libct_hook {
	LIBCT_HOOK_PRESTART = 0,     /* runtime namespace, before pivot_root (deprecated) */
	LIBCT_HOOK_CREATE_RUNTIME,   /* runtime namespace, before pivot_root */
	LIBCT_HOOK_CREATE_CONTAINER, /* container namespaces, before pivot_root */
	LIBCT_HOOK_START_CONTAINER,  /* in the container, before the process's exec */
	LIBCT_HOOK_POSTSTART,	     /* runtime namespace, after start */
	LIBCT_HOOK_POSTSTOP,	     /* runtime namespace, after delete */
	LIBCT_HOOK__MAX,
};
/* "prestart", "createRuntime", ... (the OCI names). */
const char *libct_hook_to_string(enum libct_hook kind);
/* A hook: path (absolute), argv and env (NULL-terminated, may be NULL),
 * timeout in seconds (0: none). It gets the container's state JSON on stdin.
 * A failing prestart/createRuntime/createContainer/startContainer hook fails
 * the create or start; poststart and poststop failures are logged warnings. */
int libct_container_add_hook(struct libct_container *ct, enum libct_hook kind, const char *path,
			     const char *const *argv, const char *const *env, int timeout,
			     struct libct_error *err);

/* ------------------------------------------------------------------ cgroups */

/* The cgroup path. Absolute paths are taken from the hierarchy roots,
 * relative ones from the calling process's own cgroup. Default: "ct/<id>"
 * relative. */
int libct_container_set_cgroup_path(struct libct_container *ct, const char *path,
				    struct libct_error *err);
/* The cgroup driver: false (default) cgroupfs, directories made by libct;
 * true systemd, a transient scope made by systemd over D-Bus, the path in
 * the form "slice:prefix:name" (default "system.slice:ct:<id>"). Needs
 * systemd on the system bus and a unified cgroup v2 host (create fails
 * otherwise). */
int libct_container_set_systemd_cgroup(struct libct_container *ct, bool systemd,
				       struct libct_error *err);
/* No cgroup at all (crun's "--cgroup-manager disabled", podman's
 * --cgroups=disabled): the container's processes stay in the caller's
 * cgroups; its limits are not applied (a warning says so), and pause,
 * update and the statistics fail with "has no cgroup". */
void libct_container_set_no_cgroup(struct libct_container *ct, bool none);

/* Scalar resource limits. Each maps through one table to its v1 and v2 file. */
enum libct_resource {
	LIBCT_MEMORY_LIMIT = 0,		 /* bytes, -1 unlimited */
	LIBCT_MEMORY_RESERVATION,	 /* bytes (soft limit / memory.low) */
	LIBCT_MEMORY_SWAP,		 /* memory+swap bytes, -1 unlimited (v1 semantics) */
	LIBCT_MEMORY_SWAPPINESS,	 /* 0..100 */
	LIBCT_MEMORY_DISABLE_OOM_KILLER, /* 0 or 1 */
	LIBCT_MEMORY_KERNEL,		 /* bytes (v1 only, deprecated) */
	LIBCT_MEMORY_KERNEL_TCP,	 /* bytes (v1 only) */
	LIBCT_MEMORY_USE_HIERARCHY,	 /* 0 or 1 (v1 only) */
	LIBCT_CPU_SHARES,		 /* 2..262144 */
	LIBCT_CPU_QUOTA,		 /* microseconds per period, -1 unlimited */
	LIBCT_CPU_PERIOD,		 /* microseconds */
	LIBCT_CPU_BURST,		 /* microseconds */
	LIBCT_CPU_RT_RUNTIME,		 /* microseconds */
	LIBCT_CPU_RT_PERIOD,		 /* microseconds */
	LIBCT_CPU_IDLE,			 /* 0 or 1 */
	LIBCT_PIDS_LIMIT,		 /* count, -1 or 0 unlimited */
	LIBCT_BLKIO_WEIGHT,		 /* 10..1000 (BFQ: 1..1000), 0 unset */
	LIBCT_BLKIO_LEAF_WEIGHT,	 /* 10..1000, 0 unset (v1 only) */
	LIBCT_NET_CLS_CLASSID,		 /* net_cls.classid */
	LIBCT_RESOURCE__MAX,
};
int libct_container_set_resource(struct libct_container *ct, enum libct_resource res, int64_t value,
				 struct libct_error *err);
/* For libct_container_update on cgroup v2 (linux.resources.memory.
 * checkBeforeUpdate, as runc and crun): a memory limit, or memory+swap limit,
 * at or below the cgroup's current memory usage is refused (-EBUSY) instead
 * of written, which would make the kernel reclaim and may OOM-kill. v1
 * refuses such a limit by itself when it cannot reclaim. Default off. */
void libct_container_set_memory_check_before_update(struct libct_container *ct, bool on);
/* cpuset.cpus and cpuset.mems, e.g. "0-1". NULL leaves one unset. */
int libct_container_set_cpuset(struct libct_container *ct, const char *cpus, const char *mems,
			       struct libct_error *err);
/* A device-cgroup rule, applied in order after "deny all". type 'a', 'c' or 'b';
 * major/minor -1 for any; access a subset of "rwm". */
int libct_container_add_device_rule(struct libct_container *ct, bool allow, char type,
				    int64_t major, int64_t minor, const char *access,
				    struct libct_error *err);

enum libct_blkio_throttle {
	LIBCT_BLKIO_READ_BPS = 0,
	LIBCT_BLKIO_WRITE_BPS,
	LIBCT_BLKIO_READ_IOPS,
	LIBCT_BLKIO_WRITE_IOPS,
};
int libct_container_add_blkio_throttle(struct libct_container *ct, enum libct_blkio_throttle kind,
				       int64_t major, int64_t minor, uint64_t rate,
				       struct libct_error *err);
/* Per-device weight; leaf_weight 0 = unset. */
int libct_container_add_blkio_weight_device(struct libct_container *ct, int64_t major,
					    int64_t minor, uint16_t weight, uint16_t leaf_weight,
					    struct libct_error *err);
/* hugetlb limit for a page size such as "2MB" or "1GB". */
int libct_container_add_hugetlb_limit(struct libct_container *ct, const char *page_size,
				      uint64_t limit, struct libct_error *err);
/* rdma.max of one RDMA device: HCA handles and objects, -1 for no limit. */
int libct_container_add_rdma_limit(struct libct_container *ct, const char *device,
				   int64_t hca_handles, int64_t hca_objects,
				   struct libct_error *err);
int libct_container_add_net_prio(struct libct_container *ct, const char *ifname, uint32_t priority,
				 struct libct_error *err);
/* A raw cgroup v2 file (linux.resources.unified), validated on create. */
int libct_container_add_unified(struct libct_container *ct, const char *file, const char *value,
				struct libct_error *err);
/* Raw cgroup files, by controller ("memory", "cpu", "blkio", ...) and file
 * name ("memory.limit_in_bytes"). On a stopped container the write is kept
 * and made on create, after the typed resources; on a created or running one
 * it is made at once. Where the controller lives in a cgroup v2 hierarchy, a
 * v1 file name with a v2 counterpart is translated (memory.limit_in_bytes ->
 * memory.max, cpu.shares -> cpu.weight, cpu.cfs_quota_us -> cpu.max, ...),
 * values included. The error of a write the kernel refuses names the file
 * and the value. */
int libct_container_set_cgroup_file(struct libct_container *ct, const char *controller,
				    const char *file, const char *value, struct libct_error *err);
/* Read one into buf (NUL-terminated, without the trailing newline);
 * returns the length. */
int libct_container_read_cgroup_file(struct libct_container *ct, const char *controller,
				     const char *file, char *buf, size_t len,
				     struct libct_error *err);

/* ------------------------------------------------------- process description */

struct libct_process_desc;

int libct_process_desc_new(struct libct_process_desc **ret, struct libct_error *err);
void libct_process_desc_free(struct libct_process_desc *pd);

/* argv: NULL-terminated, at least one element; copied. */
int libct_process_desc_set_args(struct libct_process_desc *pd, const char *const *argv,
				struct libct_error *err);
/* "NAME=value" entries; copied. */
int libct_process_desc_set_env(struct libct_process_desc *pd, const char *const *env,
			       struct libct_error *err);
/* Add "NAME=value", replacing an entry of the same NAME. */
int libct_process_desc_add_env(struct libct_process_desc *pd, const char *entry,
			       struct libct_error *err);
/* Absolute path inside the container. Default "/". */
int libct_process_desc_set_cwd(struct libct_process_desc *pd, const char *cwd,
			       struct libct_error *err);
void libct_process_desc_set_user(struct libct_process_desc *pd, uid_t uid, gid_t gid);
int libct_process_desc_set_additional_gids(struct libct_process_desc *pd, const gid_t *gids,
					   size_t n, struct libct_error *err);
void libct_process_desc_set_umask(struct libct_process_desc *pd, mode_t umask);
/* An RLIMIT_* resource. Setting the same one twice is an error. */
int libct_process_desc_add_rlimit(struct libct_process_desc *pd, int resource, uint64_t soft,
				  uint64_t hard, struct libct_error *err);
/* rlimit names as in OCI: "RLIMIT_NOFILE" -> RLIMIT_NOFILE. */
int libct_rlimit_from_string(const char *name, int *ret);
/* The other way: RLIMIT_NOFILE -> "RLIMIT_NOFILE"; NULL for a number the
 * library does not know. */
const char *libct_rlimit_to_string(int resource);
int libct_process_desc_set_oom_score_adj(struct libct_process_desc *pd, int adj,
					 struct libct_error *err);
void libct_process_desc_set_no_new_privileges(struct libct_process_desc *pd, bool on);
/* Give the process a new pseudo-terminal (allocated inside the container) as
 * its stdio and controlling terminal. The master end is sent over
 * console_socket (see below). */
void libct_process_desc_set_terminal(struct libct_process_desc *pd, bool on);
bool libct_process_desc_get_terminal(const struct libct_process_desc *pd);
/* Whether the terminal turns the process's "\n" into "\r\n" on output
 * (ONLCR, the default of a terminal: on). */
void libct_process_desc_set_terminal_onlcr(struct libct_process_desc *pd, bool on);
/* The terminal's size in characters (process.consoleSize), set before the
 * process runs and before the master is sent; 0 and 0: the kernel's (none).
 * Without a terminal it is ignored. */
void libct_process_desc_set_console_size(struct libct_process_desc *pd, unsigned short height,
					 unsigned short width);
/* A connected AF_UNIX socket over which the terminal's master fd is sent
 * (SCM_RIGHTS), as runc's --console-socket. The caller keeps ownership. */
void libct_process_desc_set_console_socket(struct libct_process_desc *pd, int fd);
/* Keep fds 3 .. 3+n-1 of the caller open in the process (--preserve-fds). */
void libct_process_desc_set_preserve_fds(struct libct_process_desc *pd, unsigned int n);
/* fds[i] of the caller becomes fd i of the process, for i < n (replacing the
 * inherited stdio); the caller keeps its fds. */
int libct_process_desc_set_fds(struct libct_process_desc *pd, const int *fds, size_t n,
			       struct libct_error *err);
/* Make the process a session leader (setsid). Default: only with a terminal.
 * When fd 0 is then a terminal, it becomes the controlling one. */
void libct_process_desc_set_new_session(struct libct_process_desc *pd, bool on);
/* Keep the additional groups of the process that starts it: no setgroups, so
 * the groups set with libct_process_desc_set_additional_gids are not applied either
 * (crun's annotation run.oci.keep_original_groups, podman's --group-add
 * keep-groups). */
void libct_process_desc_set_keep_groups(struct libct_process_desc *pd, bool keep);
/* The signal the process gets when the thread that started it dies (0: none). */
void libct_process_desc_set_pdeathsig(struct libct_process_desc *pd, int sig);
/* The file to execute when it is not argv[0] (which is looked up in PATH). */
int libct_process_desc_set_exec_path(struct libct_process_desc *pd, const char *path,
				     struct libct_error *err);
/* Instead of an exec: call fn(arg) in the container once every step of the
 * process is done, and exit with its return value. The process is a copy of
 * the caller (fork semantics), so fn sees a copy of its memory. argv may then
 * stay unset. */
void libct_process_desc_set_function(struct libct_process_desc *pd, int (*fn)(void *), void *arg);
/* I/O priority (ioprio_set): ioclass 1 realtime, 2 best-effort, 3 idle (the
 * kernel's IOPRIO_CLASS_*), level 0 (highest) to 7. */
int libct_process_desc_set_io_priority(struct libct_process_desc *pd, int ioclass, int level,
				       struct libct_error *err);
/* "IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE", "IOPRIO_CLASS_IDLE" -> 1, 2, 3. */
int libct_io_priority_class_from_string(const char *name, int *ret);
/* Scheduling (sched_setattr): policy SCHED_*, nice -20..19, the static
 * priority, SCHED_FLAG_* flags, and for SCHED_DEADLINE runtime, deadline and
 * period in nanoseconds. */
int libct_process_desc_set_scheduler(struct libct_process_desc *pd, int policy, int nice,
				     int priority, uint64_t flags, uint64_t runtime,
				     uint64_t deadline, uint64_t period, struct libct_error *err);
/* "SCHED_OTHER", "SCHED_FIFO", "SCHED_RR", "SCHED_BATCH", "SCHED_ISO",
 * "SCHED_IDLE", "SCHED_DEADLINE"; and the "SCHED_FLAG_*" names. */
int libct_sched_policy_from_string(const char *name, int *ret);
int libct_sched_flag_from_string(const char *name, uint64_t *ret);
/* CPU affinity as CPU lists ("0-3,7"): initial from the moment the process
 * exists, final from right before its exec. NULL leaves one unchanged. */
int libct_process_desc_set_cpu_affinity(struct libct_process_desc *pd, const char *initial,
					const char *final, struct libct_error *err);
/* The execution domain (personality(2)), e.g. PER_LINUX32 (0x0008); set
 * before the exec. */
void libct_process_desc_set_personality(struct libct_process_desc *pd, unsigned long persona);
/* The NUMA memory policy (set_mempolicy(2)) set before the exec: mode an
 * MPOL_* mode (MPOL_DEFAULT 0 ... MPOL_WEIGHTED_INTERLEAVE 6), flags MPOL_F_*
 * mode flags (STATIC_NODES, RELATIVE_NODES, NUMA_BALANCING), nodes a node
 * list ("0-3,7"); NULL or "" for none (MPOL_DEFAULT and MPOL_LOCAL take
 * none, MPOL_PREFERRED may, the others need one). "MPOL_*" names to values:
 * libct_mempolicy_mode_from_string, libct_mempolicy_flag_from_string. */
int libct_process_desc_set_memory_policy(struct libct_process_desc *pd, int mode,
					 unsigned int flags, const char *nodes,
					 struct libct_error *err);
int libct_mempolicy_mode_from_string(const char *name, int *ret);
int libct_mempolicy_flag_from_string(const char *name, unsigned int *ret);
/* Join a new session keyring with this name before the user change (as runc
 * does for a container's init, named after the container), so that the
 * container does not share the caller's keys. */
int libct_process_desc_set_session_keyring(struct libct_process_desc *pd, const char *name,
					   struct libct_error *err);
/* For a process entering a running container (libct_container_exec): join
 * the sub-cgroup path (relative to the container's cgroup, and existing)
 * instead of the container's own. controllers NULL or "": in every
 * hierarchy, and then given alone; else a list such as "cpu,memory" (or
 * "name=systemd"): only the cgroup v1 hierarchies holding them, each named
 * once over all calls (as runc exec --cgroup). A create refuses it. */
int libct_process_desc_add_sub_cgroup(struct libct_process_desc *pd, const char *controllers,
				      const char *path, struct libct_error *err);
/* The user by name: uid, gid and supplementary groups from the container's
 * /etc/passwd and /etc/group, read after its root change (no NSS). */
int libct_process_desc_set_user_name(struct libct_process_desc *pd, const char *name,
				     struct libct_error *err);

enum libct_cap_set {
	LIBCT_CAP_BOUNDING = 0,
	LIBCT_CAP_EFFECTIVE,
	LIBCT_CAP_INHERITABLE,
	LIBCT_CAP_PERMITTED,
	LIBCT_CAP_AMBIENT,
	LIBCT_CAP_SET__MAX,
};
/* A set as a mask of (1ULL << CAP_*). Sets never given stay empty; a process
 * description with no capabilities call at all keeps every capability. */
void libct_process_desc_set_caps(struct libct_process_desc *pd, enum libct_cap_set set,
				 uint64_t mask);
uint64_t libct_process_desc_get_caps(const struct libct_process_desc *pd, enum libct_cap_set set);
/* "CAP_SYS_ADMIN" (or "sys_admin") -> CAP_SYS_ADMIN. -EINVAL when unknown to this kernel. */
int libct_cap_from_string(const char *name, int *ret);

int libct_process_desc_set_apparmor_profile(struct libct_process_desc *pd, const char *profile,
					    struct libct_error *err);
int libct_process_desc_set_selinux_label(struct libct_process_desc *pd, const char *label,
					 struct libct_error *err);

/* seccomp */
enum libct_seccomp_action {
	LIBCT_SECCOMP_KILL = 0, /* kill the thread (SCMP_ACT_KILL) */
	LIBCT_SECCOMP_KILL_PROCESS,
	LIBCT_SECCOMP_KILL_THREAD,
	LIBCT_SECCOMP_TRAP,
	LIBCT_SECCOMP_ERRNO,
	LIBCT_SECCOMP_TRACE,
	LIBCT_SECCOMP_ALLOW,
	LIBCT_SECCOMP_LOG,
	LIBCT_SECCOMP_NOTIFY,
};
/* "SCMP_ACT_ERRNO" -> LIBCT_SECCOMP_ERRNO. */
int libct_seccomp_action_from_string(const char *name, enum libct_seccomp_action *ret);

enum libct_seccomp_op {
	LIBCT_SECCOMP_OP_NE = 1,
	LIBCT_SECCOMP_OP_LT,
	LIBCT_SECCOMP_OP_LE,
	LIBCT_SECCOMP_OP_EQ,
	LIBCT_SECCOMP_OP_GE,
	LIBCT_SECCOMP_OP_GT,
	LIBCT_SECCOMP_OP_MASKED_EQ,
};
int libct_seccomp_op_from_string(const char *name, enum libct_seccomp_op *ret);

/* One argument comparison of a seccomp rule (fixed layout). */
struct libct_seccomp_arg {
	unsigned int index;
	enum libct_seccomp_op op;
	uint64_t value;
	uint64_t value_two;
};

/* Turn seccomp on with this default action (errno_ret used by ERRNO/TRACE; -1 = EPERM). */
int libct_process_desc_set_seccomp_default(struct libct_process_desc *pd,
					   enum libct_seccomp_action action, int errno_ret,
					   struct libct_error *err);
/* "SCMP_ARCH_X86_64" or "x86_64". */
int libct_process_desc_add_seccomp_arch(struct libct_process_desc *pd, const char *arch,
					struct libct_error *err);
/* SECCOMP_FILTER_FLAG_* names: "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
 * "SECCOMP_FILTER_FLAG_TSYNC". */
int libct_process_desc_add_seccomp_flag(struct libct_process_desc *pd, const char *flag,
					struct libct_error *err);
/* Remove the seccomp configuration of pd (a description loaded from a
 * container's config.json for exec, which applies the container's filter
 * anyway). */
void libct_process_desc_clear_seccomp(struct libct_process_desc *pd);
/* A rule for one syscall. A syscall this kernel/libseccomp does not know is
 * skipped (as runc and crun do), with a debug message. */
int libct_process_desc_add_seccomp_rule(struct libct_process_desc *pd, const char *syscall,
					enum libct_seccomp_action action, int errno_ret,
					const struct libct_seccomp_arg *args, size_t n_args,
					struct libct_error *err);

/* SCMP_ACT_NOTIFY rules: the unix socket (absolute path) of the seccomp agent
 * that, at create (and at each exec), gets the filter's listener fd with the
 * container process state JSON, whose "metadata" is metadata (may be NULL). */
int libct_process_desc_set_seccomp_listener(struct libct_process_desc *pd, const char *path,
					    const char *metadata, struct libct_error *err);

/* -------------------------------------------------------------- lifecycle */

/* Set the container up (namespaces, cgroup, root, mounts, devices, ...) with
 * init described by pd, and leave init blocked before exec; write the state
 * record. On failure nothing is left behind. pd is copied. */
int libct_container_create(struct libct_container *ct, const struct libct_process_desc *pd,
			   struct libct_error *err);
/* Let a created container's init exec its process. An exec failure is
 * reported here ("exec: ...: no such file or directory"). */
int libct_container_start(struct libct_container *ct, struct libct_error *err);
/* create + start in one call; the caller may then wait. */
int libct_container_run(struct libct_container *ct, const struct libct_process_desc *pd,
			struct libct_error *err);
/* Wait for init to exit (only in the process that created the container).
 * ret_status: exit code, or 128+signal when killed. */
int libct_container_wait(struct libct_container *ct, int *ret_status, struct libct_error *err);
/* A pidfd for init (-1 when unavailable); owned by the container. */
int libct_container_pidfd(struct libct_container *ct);
/* Send sig to init (all: to every process in the container's cgroup). */
int libct_container_kill(struct libct_container *ct, int sig, bool all, struct libct_error *err);
/* Remove a stopped container (force: kill a running one first): its processes,
 * cgroup and state record. */
int libct_container_delete(struct libct_container *ct, bool force, struct libct_error *err);

/* ---------------------------------------------------------------- processes */

/* A process started in a running container by libct_container_exec. */
struct libct_process;

/* Start pd in the container: join every namespace of its init (by pidfd) and
 * its cgroup, then the process's own credentials, capabilities, LSM label,
 * no_new_privs and seccomp, and the container's confinement on top (init's
 * seccomp filter, its LSM labels where pd has none, no_new_privs if either
 * asks). Returns once the process has exec'd; an exec failure ("executable
 * file not found in $PATH") is reported here. */
int libct_container_exec(struct libct_container *ct, const struct libct_process_desc *pd,
			 struct libct_process **ret, struct libct_error *err);
pid_t libct_process_pid(const struct libct_process *p);
/* A pidfd of the process, owned by the handle. */
int libct_process_pidfd(const struct libct_process *p);
/* Wait for the process (ret_status as libct_container_wait). */
int libct_process_wait(struct libct_process *p, int *ret_status, struct libct_error *err);
int libct_process_kill(struct libct_process *p, int sig, struct libct_error *err);
/* Free the handle (the process goes on). */
void libct_process_free(struct libct_process *p);

/* Pause every process of the container (freezer) and resume it. */
int libct_container_pause(struct libct_container *ct, struct libct_error *err);
int libct_container_resume(struct libct_container *ct, struct libct_error *err);
/* Apply the resources set on ct (libct_container_set_resource, ...) to the
 * running container's cgroup. Only what was set is written. */
int libct_container_update(struct libct_container *ct, struct libct_error *err);
/* Usage figures of the container's cgroup. */
enum libct_stat {
	LIBCT_STAT_CPU_USAGE_NS = 0,
	LIBCT_STAT_CPU_USER_NS,
	LIBCT_STAT_CPU_SYSTEM_NS,
	LIBCT_STAT_MEMORY_USAGE,     /* bytes */
	LIBCT_STAT_MEMORY_MAX_USAGE, /* bytes */
	LIBCT_STAT_MEMORY_LIMIT,     /* bytes, UINT64_MAX: none */
	LIBCT_STAT_PIDS_CURRENT,
	LIBCT_STAT_PIDS_LIMIT,		  /* UINT64_MAX: none */
	LIBCT_STAT_CPU_PERIODS,		  /* CFS periods elapsed with a quota set */
	LIBCT_STAT_CPU_THROTTLED_PERIODS, /* of them, those the quota ran out in */
	LIBCT_STAT_CPU_THROTTLED_NS,	  /* time spent throttled */
	LIBCT_STAT_MEMORY_CACHE,	  /* bytes of page cache (v2: "file") */
	LIBCT_STAT_MEMORY_FAILCNT,	  /* times the limit was hit (v2: "max" events) */
	LIBCT_STAT_MEMORY_OOM_KILLS,	  /* processes the OOM killer killed */
	LIBCT_STAT_MEMORY_UNDER_OOM,	  /* 1: out of memory now, its processes wait for
					   * memory (v1 with the OOM killer disabled);
					   * -ENODATA on v2 */
	LIBCT_STAT__MAX,
};
int libct_container_stat(struct libct_container *ct, enum libct_stat key, uint64_t *ret,
			 struct libct_error *err);
/* A new fd (close-on-exec, non-blocking; the caller closes it) that polls
 * readable when the kernel reports an out-of-memory event in the
 * container's memory cgroup: v1's memory.oom_control notification (an
 * eventfd), or a change of v2's memory.events (inotify; it changes for
 * other memory events too: compare LIBCT_STAT_MEMORY_OOM_KILLS). Read up to
 * 4096 bytes from it, until EAGAIN, to wait again. -ENOENT without a memory
 * cgroup. */
int libct_container_oom_fd(struct libct_container *ct, struct libct_error *err);
/* I/O done by the container on one block device (fixed layout). */
struct libct_io_stat {
	uint32_t major, minor;
	uint64_t read_bytes, write_bytes;
	uint64_t read_ios, write_ios;
};
/* Per-device I/O figures of the container's cgroup; free with free(). */
int libct_container_io_stats(struct libct_container *ct, struct libct_io_stat **ret, size_t *ret_n,
			     struct libct_error *err);
/* The pids in the container's cgroup: the tops of its process trees (init,
 * then the processes exec started) in the order they started, then the
 * others in the order they started; free with free(). */
int libct_container_processes(struct libct_container *ct, pid_t **ret_pids, size_t *ret_n,
			      struct libct_error *err);

/* ------------------------------------------------------------- OCI bundles */

/* Read BUNDLE/config.json (runtime-spec 1.0-1.2) into ct's configuration and
 * a new process description (free with libct_process_desc_free). Errors name
 * the JSON path: "process.args: must be a non-empty array of strings". */
int libct_oci_load(struct libct_container *ct, const char *bundle,
		   struct libct_process_desc **ret_pd, struct libct_error *err);
/* The same, from a JSON text in memory (bundle: for relative root paths). */
int libct_oci_load_string(struct libct_container *ct, const char *bundle, const char *json,
			  struct libct_process_desc **ret_pd, struct libct_error *err);
/* The same, from the config at PATH (relative to the current directory; errors
 * name it as given) rather than BUNDLE/config.json: `crun create --config`.
 * Relative paths inside it are still the bundle's. */
int libct_oci_load_file(struct libct_container *ct, const char *bundle, const char *path,
			struct libct_process_desc **ret_pd, struct libct_error *err);
/* A process.json (an OCI "process" object, as `runc exec --process`) into a
 * new process description. */
int libct_oci_load_process_file(const char *path, struct libct_process_desc **ret_pd,
				struct libct_error *err);
/* The starting point of a process entered into ct (`ct exec`): the process
 * of the config.json ct was created from (saved beside its state), without
 * its seccomp filter (the container's applies to every exec); an empty
 * description when there is none. */
int libct_oci_load_exec_template(struct libct_container *ct, struct libct_process_desc **ret_pd,
				 struct libct_error *err);
/* A LinuxResources JSON object (`runc update -r FILE`, "-" for stdin) into
 * ct's resources, for libct_container_update. */
int libct_oci_load_resources_file(struct libct_container *ct, const char *path,
				  struct libct_error *err);
/* The runtime-spec features document (features.md) of this build on this
 * host. Free with free(). */
char *libct_oci_features_json(void);
/* A default config.json text (like `runc spec`); rootless for a user-namespace
 * variant. Free with free(). */
char *libct_oci_default_spec(bool rootless);
/* The OCI state JSON of a container. Free with free(). */
char *libct_oci_state_json(struct libct_container *ct);

#ifdef __cplusplus
}
#endif

#endif
