/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The internal shape of sessions, containers and process descriptions: the
 * typed configuration every subsystem reads. Types and constants only, no
 * functions: any folder of lib/ may include it (doc/architecture.md). */
#ifndef LCT_CONFIG_H
#define LCT_CONFIG_H

#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "libct/libct.h"

/* The runtime-spec version libct follows: the state's ociVersion (the hooks'
 * and `ct state`'s), the default spec's. */
#define LCT_OCI_VERSION "1.2.0"

struct lct_cgroup;
struct lct_net_link;
struct libct_session;

/* What an extension of the library (an interface built over it) keeps on a
 * session: destroy runs first when the session is freed, while the session
 * is still whole. */
struct lct_session_ext_ops {
	void (*destroy)(struct libct_session *s, void *ext);
};

struct libct_session {
	char *state_dir;
	int state_dirfd;
	enum libct_log_level log_level;
	libct_log_fn log_fn;
	void *log_userdata;
	int cgroup_layout;     /* enum lct_cgroup_layout, -1 until detected */
	int stub_fd;	       /* the sealed exec stub (lib/spawn/stub.c), -1 until made */
	int trace_fd;	       /* LIBCT_TRACE (lib/util/trace.c): -1 when off */
	long setup_timeout_ms; /* a process's setup: the bound of each wait, 0: none */
	int rootless;	       /* lct_rootless(): 1, 0, -1 until decided */
	double trace_t0;
	/* in init: its steps go to the runtime over the sync socket
	 * (lct_sync_trace_forward), never to trace_fd, which is closed there */
	void (*trace_fn)(void *userdata, const char *line, size_t len);
	void *trace_userdata;
	/* an extension's own state, freed through ext_ops; NULL: none */
	void *ext;
	const struct lct_session_ext_ops *ext_ops;
};

struct lct_idmap {
	uint32_t container_id, host_id, size;
};

/* A command run around a mount (libct_container_add_mount_command). */
struct lct_cmd {
	char *path, *dir;
	char **argv, **env;
};

struct lct_mount {
	char *source, *destination, *type;
	unsigned long flags;   /* MS_* to set */
	unsigned long clear;   /* MS_* given as "no..." words (only matters on remount) */
	unsigned long rec_set; /* recursive attributes (rro, rnosuid, ...): MOUNT_ATTR_* */
	unsigned long rec_clear;
	unsigned long propagation; /* MS_PRIVATE... | MS_REC, 0 = none */
	char *data;		   /* comma-joined filesystem options */
	bool bind;		   /* bind or rbind (MS_REC in flags for rbind) */
	bool copy_up;		   /* tmpcopyup: a tmpfs gets what it covers */
	struct lct_cmd *cmds[2];   /* [0] before the mount, [1] after it */
	size_t n_cmds[2];
	/* idmapped (lib/fs/idmap.c): own mappings, or none for the container's */
	bool idmap, idmap_recursive;
	struct lct_idmap *uid_maps, *gid_maps;
	size_t n_uid_maps, n_gid_maps;
	int tree_fd; /* a bind's detached clone, made by the parent before clone (idmap.c) */
};

struct lct_device {
	char *path;
	char type; /* c b u p */
	int64_t major, minor;
	uint32_t mode; /* permission bits */
	uint32_t uid, gid;
};

struct lct_kv {
	char *key, *value;
};

struct lct_device_rule {
	bool allow;
	char type;	      /* a c b */
	int64_t major, minor; /* -1 = any */
	char access[4];
};

struct lct_blkio_dev {
	int64_t major, minor;
	uint64_t value;	      /* throttle rate, or weight */
	uint16_t leaf_weight; /* weight devices only */
};

/* A raw cgroup file write (libct_container_set_cgroup_file). */
struct lct_cgroup_raw {
	char *controller, *file, *value;
};

struct lct_resources {
	int64_t value[LIBCT_RESOURCE__MAX];
	bool set[LIBCT_RESOURCE__MAX];
	char *cpuset_cpus, *cpuset_mems;
	struct lct_device_rule *dev_rules;
	size_t n_dev_rules;
	struct lct_blkio_dev *throttle[4]; /* by enum libct_blkio_throttle */
	size_t n_throttle[4];
	struct lct_blkio_dev *weight_dev;
	size_t n_weight_dev;
	struct lct_kv *hugetlb; /* page size -> limit (decimal text) */
	size_t n_hugetlb;
	struct lct_kv *net_prio; /* ifname -> priority */
	size_t n_net_prio;
	struct lct_kv *rdma; /* device -> "hca_handle=N hca_object=M" */
	size_t n_rdma;
	struct lct_kv *unified;
	size_t n_unified;
	struct lct_cgroup_raw *raw;
	size_t n_raw;
	/* memory.checkBeforeUpdate: an update refuses a memory limit at or below
	 * the usage (cgroup v2); has_: said, by the update or at create */
	bool mem_check_before_update, has_mem_check_before_update;
};

struct lct_hook {
	char *path;
	char **argv, **env;
	int timeout;
};

struct lct_config {
	/* namespaces: want[ns] true for new or joined; path[ns] non-NULL to join */
	bool ns_want[LIBCT_NS__MAX];
	char *ns_path[LIBCT_NS__MAX];
	/* clock offsets of a new time namespace: [0] monotonic, [1] boottime */
	struct lct_time_offset {
		bool set;
		int64_t secs;
		uint32_t nanosecs;
	} time_offsets[2];
	struct lct_idmap *uid_maps, *gid_maps;
	size_t n_uid_maps, n_gid_maps;

	char *root;
	bool root_readonly;
	bool no_pivot;
	unsigned long root_propagation; /* 0 = default (MS_REC|MS_SLAVE) */
	char *mount_label;		/* linux.mountLabel, NULL: none */

	struct lct_mount *mounts;
	size_t n_mounts;
	char **masked_paths, **readonly_paths;
	struct lct_device *devices;
	size_t n_devices;
	bool no_default_devices;

	char *hostname, *domainname;
	struct lct_kv *sysctls;
	size_t n_sysctls;

	char *cgroup_path;
	bool cgroup_systemd; /* the systemd driver (lib/cgroup/systemd.c) */
	bool no_cgroup;	     /* none at all: the caller's (libct_container_set_no_cgroup) */
	struct lct_resources res;

	struct lct_hook *hooks[LIBCT_HOOK__MAX];
	size_t n_hooks[LIBCT_HOOK__MAX];

	/* network devices and routes (lib/net/net.h), each allocated on its
	 * own, so that the handles given out stay valid as the arrays grow */
	struct lct_net_link **net_links;
	size_t n_net_links;
	struct libct_net_route **net_routes;
	size_t n_net_routes;

	char *bundle;
	char **annotations; /* key, value, ..., NULL */
	bool notify;	    /* a notify socket directory (lib/core/notify.c) */
};

struct lct_rlimit {
	int resource;
	uint64_t soft, hard;
};

struct lct_seccomp_rule {
	char *syscall;
	enum libct_seccomp_action action;
	int errno_ret;
	struct libct_seccomp_arg args[6];
	size_t n_args;
};

struct lct_seccomp {
	enum libct_seccomp_action default_action;
	int default_errno;
	char **archs;
	unsigned int flags; /* SECCOMP_FILTER_FLAG_* */
	struct lct_seccomp_rule *rules;
	size_t n_rules;
	/* SCMP_ACT_NOTIFY: the agent's unix socket and what it is told */
	char *listener_path, *listener_metadata;
};

/* The most fds a process description passes to its process (fds[i] becomes
 * fd i): the child keeps them, with its own few, across its setup. */
#define LCT_PROCESS_FDS_MAX 12

struct libct_process_desc {
	char **argv, **env;
	char *cwd;
	uid_t uid;
	gid_t gid;
	gid_t *groups;
	size_t n_groups;
	bool has_umask;
	mode_t umask;
	struct lct_rlimit *rlimits;
	size_t n_rlimits;
	bool has_oom_score_adj;
	int oom_score_adj;
	bool caps_set;
	uint64_t caps[LIBCT_CAP_SET__MAX];
	bool no_new_privs;
	bool terminal;
	bool no_onlcr;				   /* the terminal leaves "\n" as it is on output */
	unsigned short console_rows, console_cols; /* the terminal's size, 0 0: unset */
	bool joins;		   /* exec into a running container: /dev/console is init's */
	int console_socket;	   /* -1: none (a connected AF_UNIX socket, not owned) */
	unsigned int preserve_fds; /* fds 3 .. 3+n-1 stay open in the process */
	char *apparmor_profile, *selinux_label;
	struct lct_seccomp *seccomp; /* NULL: none */
	int *fds;		     /* fds[i] becomes fd i of the process */
	size_t n_fds;
	bool new_session; /* setsid (also implied by terminal) */
	bool keep_groups; /* no setgroups: the caller's additional groups stay */
	int pdeathsig;
	char *exec_path;   /* NULL: argv[0] */
	int (*fn)(void *); /* instead of exec */
	void *fn_arg;
	/* fn keeps the caller's fds as fork() would (callbacks of an interface
	 * built over the library): only the close-on-exec ones, the library's,
	 * are closed */
	bool fn_keeps_fds;
	char *user_name; /* resolved in the container's /etc/passwd */
	int ioprio;	 /* ioprio_set value, -1: unchanged */
	bool has_sched;
	struct lct_sched {
		int policy, nice, priority;
		uint64_t flags, runtime, deadline, period;
	} sched;
	cpu_set_t *affinity[2]; /* initial, final; NULL: unchanged */
	bool has_personality;
	unsigned long personality;
	bool has_mempolicy;
	int mempolicy;			   /* MPOL_* mode | MPOL_F_* flags */
	unsigned long mempolicy_nodes[16]; /* node mask (1024 nodes), empty: none */
	char *session_keyring;		   /* name of a new session keyring, NULL: inherit */
	/* exec only: sub-cgroups to join, "CONTROLLERS:PATH" each, ":PATH" for
	 * every hierarchy (then alone); PATH relative, checked */
	char **sub_cgroups;
};

/* Namespaces kept open for a container: fd[ns] by enum libct_ns and the root
 * directory, -1 where none. The fds stay their holder's. */
struct lct_ns_fds {
	int fd[LIBCT_NS__MAX];
	int root;
};

/* A provider of namespaces to enter (libct_container.ns_source). */
struct lct_ns_source {
	/* Fill ret and return true while the namespaces are held; false: none
	 * (processes join init's). */
	bool (*enter_fds)(void *data, struct lct_ns_fds *ret);
};

struct libct_container {
	struct libct_session *session;
	char *id;
	struct lct_config cfg;

	/* runtime (from create, or from the state record) */
	pid_t pid;
	uint64_t pid_start_time;
	int pidfd;
	bool own_child; /* this process created init and may wait for it */
	char *created;	/* RFC 3339 */
	struct lct_cgroup *cgroup;
	int exit_status;		 /* -1 until reaped */
	enum libct_status forced_status; /* a damaged record's; UNKNOWN: read the kernel */
	/* where entered processes take their namespaces when something keeps
	 * them open with no process in them (an extension's containers without
	 * a task); NULL: they join init's */
	const struct lct_ns_source *ns_source;
	void *ns_source_data;
	int netns_fd; /* the network namespace, held by the creating handle (lib/net) */
	/* why the state record could not be read (libct_container_open_any), or
	 * NULL; such a container is rebuilt from its journal and id */
	char *damage;
	/* the config.json text it was loaded from, saved beside the state at
	 * create (lib/core/saved-config.c); NULL: none */
	char *config_text;
	int notify_fd; /* the notify socket, bound by this handle (lib/core/notify.c) */
};

/* The namespaces a process entered into ct joins, when they are held for
 * it rather than reached through init (struct lct_ns_source). */
static inline bool lct_container_enter_fds(const struct libct_container *ct, struct lct_ns_fds *ret)
{
	return ct->ns_source && ct->ns_source->enter_fds(ct->ns_source_data, ret);
}

#endif
