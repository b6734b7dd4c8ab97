/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <libct/compat.h>: the original libct interface ("containers control
 * plane"), kept so that programs written against it build and run on this
 * library. New programs should use <libct/libct.h>; see libct_compat(3).
 *
 * Handles are pointers. A call that returns a handle reports a failure in
 * the handle itself: libct_handle_is_err(h) is true and
 * libct_handle_to_err(h) is the negative error code (a -errno, or one of
 * the -LCTERR_* codes below). Calls that return int return 0 or such a
 * negative code. The message of the last failure in a session is kept in
 * the session: libct_session_last_error(s).
 *
 * Several names of this interface are also names of <libct/libct.h> with
 * other arguments (libct_container_create, libct_container_kill, ...). The
 * compatibility functions are therefore exported as libct_compat_<name>
 * and this header binds the original names to them (an asm label, which
 * GCC and clang honour), so one translation unit includes one of the two
 * headers, never both.
 */
#ifndef LIBCT_COMPAT_H
#define LIBCT_COMPAT_H

#if defined(LIBCT_LIBCT_H) && !defined(LIBCT_COMPAT_IMPL)
#error "<libct/compat.h> and <libct/libct.h> cannot be included in one file"
#endif

#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The library itself (LIBCT_COMPAT_IMPL) takes the types and constants
 * only, and defines the libct_compat_* functions. */
#define LIBCT_COMPAT_NAME(name) __asm__("libct_compat_" #name)

/* The namespace flags, also for programs without _GNU_SOURCE. */
#ifndef CLONE_NEWNS
#define CLONE_NEWNS 0x00020000
#endif
#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif
#ifndef CLONE_NEWUTS
#define CLONE_NEWUTS 0x04000000
#endif
#ifndef CLONE_NEWIPC
#define CLONE_NEWIPC 0x08000000
#endif
#ifndef CLONE_NEWUSER
#define CLONE_NEWUSER 0x10000000
#endif
#ifndef CLONE_NEWPID
#define CLONE_NEWPID 0x20000000
#endif
#ifndef CLONE_NEWNET
#define CLONE_NEWNET 0x40000000
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

/* Error codes beyond errno's, returned negated. */
#define LCTERR_BADCTSTATE 1002 /* the container is in the wrong state */
#define LCTERR_BADTYPE 1003    /* a type the call does not know */
#define LCTERR_BADARG 1004     /* a bad argument for the request */
#define LCTERR_NONS 1005       /* a namespace the kernel lacks */
#define LCTERR_NOTFOUND 1006   /* no such object */
#define LCTERR_INVARG 1007     /* an invalid argument */
#define LCTERR_OPNOTSUPP 1008  /* not supported */
#define LCTERR_CANTMOUNT 1010  /* a mount failed */
#define LCTERR_CGCREATE 1021   /* the cgroup could not be made */
#define LCTERR_CGCONFIG 1022   /* a cgroup file could not be written */
#define LCTERR_CGATTACH 1023   /* a process could not join the cgroup */
/* The original's remote sessions; this library has none, and returns these
 * only where the original did for a bad name. */
#define LCTERR_BADCTRID 1042   /* a bad remote container id */
#define LCTERR_BADCTRNAME 1043 /* a bad name on open */
#define LCTERR_RPCUNKNOWN 1044 /* a remote failure without an error */
#define LCTERR_RPCCOMM 1045    /* the channel to the remote end failed */

/* ------------------------------------------------------------- handles */

struct libct_session;
typedef struct libct_session *libct_session_t;
struct ct_handler;
typedef struct ct_handler *ct_handler_t;
struct ct_process_desc;
typedef struct ct_process_desc *ct_process_desc_t;
struct ct_process;
typedef struct ct_process *ct_process_t;

#ifndef LIBCT_COMPAT_IMPL
void *libct_err_to_handle(long err) LIBCT_COMPAT_NAME(err_to_handle);
long libct_handle_to_err(void *handle) LIBCT_COMPAT_NAME(handle_to_err);
int libct_handle_is_err(void *handle) LIBCT_COMPAT_NAME(handle_is_err);
#endif

/* ------------------------------------------------------------- logging */

/* The library's messages of level at most level (1 errors, 2 warnings,
 * 3 information, 4 debugging: LOG_ERROR ... LOG_DEBUG of
 * <libct-log-levels.h>), one a line, to fd, in every session opened after
 * the call. The one setting of this interface that is process-wide. */
#ifndef LIBCT_COMPAT_IMPL
void libct_log_init(int fd, unsigned int level) LIBCT_COMPAT_NAME(log_init);
#endif

/* ------------------------------------------------------------ sessions */

/* url: NULL or "local" (state in /run/ct, shared with `ct`), or
 * "local:DIR" for another state directory. */
#ifndef LIBCT_COMPAT_IMPL
libct_session_t libct_session_open(char *url) LIBCT_COMPAT_NAME(session_open);
libct_session_t libct_session_open_local(void) LIBCT_COMPAT_NAME(session_open_local);
/* Destroys the containers still open in the session, then the session. */
void libct_session_close(libct_session_t s) LIBCT_COMPAT_NAME(session_close);
/* The message of the session's last failure ("" when none). */
const char *libct_session_last_error(libct_session_t s) LIBCT_COMPAT_NAME(session_last_error);
#endif

/* ----------------------------------------------------------- containers */

enum ct_state {
	CT_ERROR = -1,
	CT_STOPPED,
	CT_RUNNING,
	CT_PAUSED,
};

#ifndef LIBCT_COMPAT_IMPL
ct_handler_t libct_container_create(libct_session_t ses, char *name)
	LIBCT_COMPAT_NAME(container_create);
/* A container that exists on disk, started by this or another process. */
ct_handler_t libct_container_open(libct_session_t ses, char *name)
	LIBCT_COMPAT_NAME(container_open);
/* Forget the handle; the container goes on. */
void libct_container_close(ct_handler_t ct) LIBCT_COMPAT_NAME(container_close);
enum ct_state libct_container_state(ct_handler_t ct) LIBCT_COMPAT_NAME(container_state);
/* Take the running process pid as the container's init. */
ct_process_t libct_container_load(ct_handler_t ct, pid_t pid) LIBCT_COMPAT_NAME(container_load);
/* Start the container with fn(arg) as its init (its return value is the
 * exit status); fn NULL with LIBCT_OPT_TASKLESS sets up the namespaces only. */
ct_process_t libct_container_spawn_cb(ct_handler_t ct, ct_process_desc_t pr, int (*ct_fn)(void *),
				      void *arg) LIBCT_COMPAT_NAME(container_spawn_cb);
/* ... with path executed as init (argv as given; the caller's environment). */
ct_process_t libct_container_spawn_execv(ct_handler_t ct, ct_process_desc_t pr, char *path,
					 char **argv) LIBCT_COMPAT_NAME(container_spawn_execv);
ct_process_t libct_container_spawn_execve(ct_handler_t ct, ct_process_desc_t pr, char *path,
					  char **argv, char **env)
	LIBCT_COMPAT_NAME(container_spawn_execve);
/* A new process in the running container. */
ct_process_t libct_container_enter_cb(ct_handler_t ct, ct_process_desc_t p, int (*ct_fn)(void *),
				      void *arg) LIBCT_COMPAT_NAME(container_enter_cb);
ct_process_t libct_container_enter_execv(ct_handler_t ct, ct_process_desc_t p, char *path,
					 char **argv) LIBCT_COMPAT_NAME(container_enter_execv);
ct_process_t libct_container_enter_execve(ct_handler_t ct, ct_process_desc_t p, char *path,
					  char **argv, char **env)
	LIBCT_COMPAT_NAME(container_enter_execve);
/* SIGKILL to init (with a pid namespace: everything); with LIBCT_OPT_KILLABLE
 * to every process in the container's cgroup; a taskless container drops
 * its namespaces. */
int libct_container_kill(ct_handler_t ct) LIBCT_COMPAT_NAME(container_kill);
/* Wait for init to exit. */
int libct_container_wait(ct_handler_t ct) LIBCT_COMPAT_NAME(container_wait);
/* Stop what runs, remove the cgroup, state and host network devices, and
 * free the handle. */
void libct_container_destroy(ct_handler_t ct) LIBCT_COMPAT_NAME(container_destroy);
int libct_container_pause(ct_handler_t ct) LIBCT_COMPAT_NAME(container_pause);
int libct_container_resume(ct_handler_t ct) LIBCT_COMPAT_NAME(container_resume);
/* Move the calling process into the container's namespaces and root; a
 * process cannot change its own pid namespace, so not into that one. */
int libct_container_switch(ct_handler_t ct) LIBCT_COMPAT_NAME(container_switch);
#endif

#ifdef __cplusplus
/* a flexible array member: C99, and an extension of the C++ compilers */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#endif
struct libct_processes {
	int nproc;
	int array[];
};
#ifdef __cplusplus
#pragma GCC diagnostic pop
#endif
/* The pids in the container's cgroup; free with libct_processes_free. */
#ifndef LIBCT_COMPAT_IMPL
struct libct_processes *libct_container_processes(ct_handler_t h)
	LIBCT_COMPAT_NAME(container_processes);
#endif
static inline int libct_processes_get(struct libct_processes *p, int i)
{
	return p->array[i];
}
#ifndef LIBCT_COMPAT_IMPL
void libct_processes_free(struct libct_processes *p) LIBCT_COMPAT_NAME(processes_free);
#endif

/* ------------------------------------------------ namespaces and cgroups */

/* CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWIPC, CLONE_NEWUTS,
 * CLONE_NEWUSER, CLONE_NEWCGROUP, CLONE_NEWTIME: the namespaces to make. */
#ifndef LIBCT_COMPAT_IMPL
int libct_container_set_nsmask(ct_handler_t ct, unsigned long ns_mask)
	LIBCT_COMPAT_NAME(container_set_nsmask);
/* Join the namespace of type ns (one CLONE_NEW* bit) at path. */
int libct_container_set_nspath(ct_handler_t ct, int ns, char *path)
	LIBCT_COMPAT_NAME(container_set_nspath);
int libct_container_set_sysctl(ct_handler_t ct, char *name, char *val)
	LIBCT_COMPAT_NAME(container_set_sysctl);
/* Host and domain name (NULL leaves one unset); needs CLONE_NEWUTS. */
int libct_container_uname(ct_handler_t ct, char *host, char *domain)
	LIBCT_COMPAT_NAME(container_uname);
#endif

enum ct_controller {
	CTL_BLKIO,
	CTL_CPU,
	CTL_CPUACCT,
	CTL_CPUSET,
	CTL_DEVICES,
	CTL_FREEZER,
	CTL_HUGETLB,
	CTL_MEMORY,
	CTL_NETCLS,
	CT_NR_CONTROLLERS
};

#ifndef LIBCT_COMPAT_IMPL
int libct_controller_add(ct_handler_t ct, enum ct_controller ctype)
	LIBCT_COMPAT_NAME(controller_add);
/* Write a cgroup file of the controller ("memory.limit_in_bytes"): kept
 * until the start when the container is stopped, else written at once. On
 * a cgroup v2 host the v1 names that have a v2 counterpart are translated. */
int libct_controller_configure(ct_handler_t ct, enum ct_controller ctype, char *param, char *value)
	LIBCT_COMPAT_NAME(controller_configure);
/* Read one (NUL-terminated into buf; returns the length). */
int libct_controller_read(ct_handler_t ct, enum ct_controller ctype, char *param, void *buf,
			  size_t len) LIBCT_COMPAT_NAME(controller_read);
#endif

/* ----------------------------------------------------------- filesystem */

#ifndef LIBCT_COMPAT_IMPL
int libct_fs_set_root(ct_handler_t ct, char *root_path) LIBCT_COMPAT_NAME(fs_set_root);
#endif

enum ct_fs_type {
	CT_FS_NONE,   /* the root is prepared by the caller */
	CT_FS_SUBDIR, /* arg: a directory bind-mounted on the root for the container's life */
};
#ifndef LIBCT_COMPAT_IMPL
int libct_fs_set_private(ct_handler_t ct, enum ct_fs_type type, void *arg)
	LIBCT_COMPAT_NAME(fs_set_private);
#endif

#define CT_FS_RDONLY 0x0001
#define CT_FS_PRIVATE 0x0002
#define CT_FS_BIND 0x0004
#define CT_FS_NOEXEC 0x0008
#define CT_FS_NOSUID 0x0010
#define CT_FS_NODEV 0x0020
#define CT_FS_STRICTATIME 0x0040
#define CT_FS_REC 0x0080

/* A command run in the container's mount namespace before or after a mount. */
struct libct_cmd {
	struct libct_cmd *next;

	char *path;
	char **argv;
	char **envp;
	char *dir;
};

/* source is a host path, destination inside the container's root. */
#ifndef LIBCT_COMPAT_IMPL
int libct_fs_add_bind_mount(ct_handler_t ct, char *source, char *destination, int flags)
	LIBCT_COMPAT_NAME(fs_add_bind_mount);
int libct_fs_del_bind_mount(ct_handler_t ct, char *destination)
	LIBCT_COMPAT_NAME(fs_del_bind_mount);
int libct_fs_add_mount(ct_handler_t ct, char *src, char *dst, int flags, char *fstype, char *data)
	LIBCT_COMPAT_NAME(fs_add_mount);
int libct_fs_add_mount_with_actions(ct_handler_t ct, char *src, char *dst, int flags, char *fstype,
				    char *data, struct libct_cmd *pre, struct libct_cmd *post)
	LIBCT_COMPAT_NAME(fs_add_mount_with_actions);
/* mode: S_IFCHR or S_IFBLK with the permission bits. */
int libct_fs_add_devnode(ct_handler_t ct, char *path, int mode, int major, int minor)
	LIBCT_COMPAT_NAME(fs_add_devnode);
#endif

/* ----------------------------------------------------------- networking */

enum ct_net_type {
	CT_NET_NONE,	/* no devices */
	CT_NET_HOSTNIC, /* arg: the host device's name (char *) */
	CT_NET_VETH,	/* arg: struct ct_net_veth_arg */
};

struct ct_net_veth_arg {
	char *host_name;
	char *ct_name;
};

struct ct_net;
typedef struct ct_net *ct_net_t;

/* The container's device (for a veth: the container end). */
#ifndef LIBCT_COMPAT_IMPL
ct_net_t libct_net_add(ct_handler_t ct, enum ct_net_type ntype, void *arg)
	LIBCT_COMPAT_NAME(net_add);
int libct_net_del(ct_handler_t ct, enum ct_net_type ntype, void *arg) LIBCT_COMPAT_NAME(net_del);
/* A veth's host end. */
ct_net_t libct_net_dev_get_peer(ct_net_t n) LIBCT_COMPAT_NAME(net_dev_get_peer);
int libct_net_dev_set_mac_addr(ct_net_t n, char *addr) LIBCT_COMPAT_NAME(net_dev_set_mac_addr);
int libct_net_dev_set_master(ct_net_t n, char *master) LIBCT_COMPAT_NAME(net_dev_set_master);
/* "addr/prefix", IPv4 or IPv6. */
int libct_net_dev_add_ip_addr(ct_net_t n, char *addr) LIBCT_COMPAT_NAME(net_dev_add_ip_addr);
int libct_net_dev_set_mtu(ct_net_t n, int mtu) LIBCT_COMPAT_NAME(net_dev_set_mtu);
#endif

struct ct_net_route;
typedef struct ct_net_route *ct_net_route_t;
struct ct_net_route_nh;
typedef struct ct_net_route_nh *ct_net_route_nh_t;

#ifndef LIBCT_COMPAT_IMPL
ct_net_route_t libct_net_route_add(ct_handler_t ct) LIBCT_COMPAT_NAME(net_route_add);
int libct_net_route_set_src(ct_net_route_t r, char *addr) LIBCT_COMPAT_NAME(net_route_set_src);
int libct_net_route_set_dst(ct_net_route_t r, char *addr) LIBCT_COMPAT_NAME(net_route_set_dst);
int libct_net_route_set_dev(ct_net_route_t r, char *dev) LIBCT_COMPAT_NAME(net_route_set_dev);
ct_net_route_nh_t libct_net_route_add_nh(ct_net_route_t r) LIBCT_COMPAT_NAME(net_route_add_nh);
int libct_net_route_nh_set_gw(ct_net_route_nh_t nh, char *addr)
	LIBCT_COMPAT_NAME(net_route_nh_set_gw);
int libct_net_route_nh_set_dev(ct_net_route_nh_t nh, char *dev)
	LIBCT_COMPAT_NAME(net_route_nh_set_dev);
#endif

/* ------------------------------------------------------- user namespace */

#ifndef LIBCT_COMPAT_IMPL
int libct_userns_add_uid_map(ct_handler_t ct, unsigned int first, unsigned int lower_first,
			     unsigned int count) LIBCT_COMPAT_NAME(userns_add_uid_map);
int libct_userns_add_gid_map(ct_handler_t ct, unsigned int first, unsigned int lower_first,
			     unsigned int count) LIBCT_COMPAT_NAME(userns_add_gid_map);
#endif

/* -------------------------------------------------------------- options */

/* Mount proc on /proc when the container has pid and mount namespaces. */
#define LIBCT_OPT_AUTO_PROC_MOUNT 1
/* Mount the container's cgroups inside it (arg: the path, NULL for
 * /sys/fs/cgroup) so that it can make sub-groups. */
#define LIBCT_OPT_CGROUP_SUBMOUNT 2
/* Let libct_container_kill end every process of a container without a pid
 * namespace, through its cgroup. */
#define LIBCT_OPT_KILLABLE 3
/* Do not make init a session leader (setsid). */
#define LIBCT_OPT_NOSETSID 4
/* Place the container where systemd would: system.slice/libct-NAME.scope. */
#define LIBCT_OPT_SYSTEMD 5
/* Keep the namespaces with no process in them (held by the handle), for
 * later enter and switch; not with a pid namespace. */
#define LIBCT_OPT_TASKLESS 6

#ifndef LIBCT_COMPAT_IMPL
int libct_container_set_option(ct_handler_t ct, int opt, void *args)
	LIBCT_COMPAT_NAME(container_set_option);
/* A terminal for the container: LIBCT_CONSOLE_FD in libct_process_desc_set_fds. */
int libct_container_set_console_fd(ct_handler_t ct, int tty_fd)
	LIBCT_COMPAT_NAME(container_set_console_fd);
#endif

/* ------------------------------------------------- process descriptions */

#ifndef LIBCT_COMPAT_IMPL
ct_process_desc_t libct_process_desc_create(libct_session_t ses)
	LIBCT_COMPAT_NAME(process_desc_create);
ct_process_desc_t libct_process_desc_copy(ct_process_desc_t p) LIBCT_COMPAT_NAME(process_desc_copy);
void libct_process_desc_destroy(ct_process_desc_t p) LIBCT_COMPAT_NAME(process_desc_destroy);
int libct_process_desc_setuid(ct_process_desc_t p, unsigned int uid)
	LIBCT_COMPAT_NAME(process_desc_setuid);
int libct_process_desc_setgid(ct_process_desc_t p, unsigned int gid)
	LIBCT_COMPAT_NAME(process_desc_setgid);
/* A user of the container's /etc/passwd (uid, gid and its groups). */
int libct_process_desc_set_user(ct_process_desc_t p, char *user)
	LIBCT_COMPAT_NAME(process_desc_set_user);
int libct_process_desc_set_groups(ct_process_desc_t p, unsigned int size, unsigned int groups[])
	LIBCT_COMPAT_NAME(process_desc_set_groups);
int libct_process_desc_set_rlimit(ct_process_desc_t p, int resource, uint64_t soft, uint64_t hard)
	LIBCT_COMPAT_NAME(process_desc_set_rlimit);
/* An AppArmor profile or SELinux label, for whichever the kernel runs. */
int libct_process_desc_set_lsm_label(ct_process_desc_t p, char *label)
	LIBCT_COMPAT_NAME(process_desc_set_lsm_label);
#endif

#define CAPS_BSET 0x1	 /* the bounding set */
#define CAPS_ALLCAPS 0x2 /* effective, permitted and inheritable */
#define CAPS_ALL (CAPS_BSET | CAPS_ALLCAPS)
/* mask: (1 << CAP_*) bits. */
#ifndef LIBCT_COMPAT_IMPL
int libct_process_desc_set_caps(ct_process_desc_t p, unsigned long mask, unsigned int apply_to)
	LIBCT_COMPAT_NAME(process_desc_set_caps);
int libct_process_desc_set_pdeathsig(ct_process_desc_t p, int sig)
	LIBCT_COMPAT_NAME(process_desc_set_pdeathsig);
#endif

/* In fds of libct_process_desc_set_fds: the container's console. */
#define LIBCT_CONSOLE_FD -2
/* fds[i] of the caller becomes fd i of the process (0, 1, 2, ...). */
#ifndef LIBCT_COMPAT_IMPL
int libct_process_desc_set_fds(ct_process_desc_t p, int *fds, int n)
	LIBCT_COMPAT_NAME(process_desc_set_fds);
int libct_process_desc_set_env(ct_process_desc_t p, char **env, int envn)
	LIBCT_COMPAT_NAME(process_desc_set_env);
#endif

/* ------------------------------------------------------------ processes */

/* status: as waitpid's (WIFEXITED, WEXITSTATUS, ...). */
#ifndef LIBCT_COMPAT_IMPL
int libct_process_wait(ct_process_t p, int *status) LIBCT_COMPAT_NAME(process_wait);
void libct_process_destroy(ct_process_t p) LIBCT_COMPAT_NAME(process_destroy);
int libct_process_get_pid(ct_process_t p) LIBCT_COMPAT_NAME(process_get_pid);
#endif

#undef LIBCT_COMPAT_NAME

#ifdef __cplusplus
}
#endif

#endif
