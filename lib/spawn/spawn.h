/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Starting a container's init: clone3 in the parent, the child sequencer in init. */
#ifndef LCT_SPAWN_H
#define LCT_SPAWN_H

#include <stdbool.h>
#include <sys/types.h>

#include "cgroup/cgroup.h"
#include "core/config.h"

/* The socket init listens on after `create`, in the state directory. */
#define LCT_START_SOCKET_FILE "start.sock"

/* How init waits for its start. */
enum lct_start_mode {
	LCT_START_SYNC = 0, /* START over the sync socket (run: create+start in one process) */
	LCT_START_SOCKET,   /* a listening socket in the state directory (create, then `start`) */
};

struct lct_spawn {
	pid_t pid;
	int pidfd;
	int sync_fd;   /* parent end, until the ACK/START */
	int listen_fd; /* LCT_START_SOCKET: the listening socket (parent's copy) */
	int netns_fd;  /* init's new network namespace, held until the create is
			* done: a failed one still takes its devices back from it */
	void *seccomp;
	enum lct_start_mode mode;
	bool joined;		       /* init joins the v1 hierarchies itself */
	long start_wait_ms;	       /* LCT_START_SYNC: the bound of the wait for exec */
	struct libct_session *session; /* where init's log lines go */
};

/* The OCI state a hook of the kind gets on stdin, rendered by the caller
 * (lib/core/hooks.c): spawn runs the hooks but knows no state document.
 * NULL on ENOMEM. */
typedef char *lct_hook_state_fn(struct libct_container *ct, enum libct_hook kind);
/* The container process state a seccomp agent gets with a listener fd, with
 * the process's pid and ct's state with status st, rendered by the caller
 * (lib/core/state-json.c). NULL on ENOMEM. */
typedef char *lct_process_state_fn(struct libct_container *ct, pid_t pid, const char *metadata,
				   enum libct_status st);

/* What spawn needs rendered by the layer above it. */
struct lct_spawn_render {
	lct_hook_state_fn *hook_state;
	lct_process_state_fn *process_state;
};

/* The caller's own work done while init sets itself up (after GO, before
 * READY), with the seccomp filter prepared for init; an error fails the
 * create. */
struct lct_spawn_meanwhile {
	int (*fn)(void *arg, void *seccomp, struct libct_error *err);
	void *arg;
};
/* Make ct's planned cgroup, clone init and take it through its setup up to
 * READY. On failure init is killed and reaped, and its network devices
 * undone; the cgroup is left to the caller's destroy. state_dirfd: the
 * container's state directory (for the start socket). render->hook_state renders the
 * hooks' state: before clone for those init runs (createContainer,
 * startContainer), once init's pid is known for the runtime's. meanwhile:
 * NULL, or what the caller does while init works. */
int lct_spawn_init(struct libct_container *ct, const struct libct_process_desc *pd,
		   enum lct_start_mode mode, int state_dirfd, const struct lct_spawn_render *render,
		   const struct lct_spawn_meanwhile *meanwhile, struct lct_spawn *sp,
		   struct libct_error *err);
/* After the state record is written: release init from the parent (ACK). */
int lct_spawn_ack(struct lct_spawn *sp, struct libct_error *err);
/* LCT_START_SYNC: let init exec and report its exec error, if any. */
int lct_spawn_start(struct lct_spawn *sp, struct libct_error *err);
/* Whether ct has prestart or createRuntime hooks (the HOOKS sync stage). */
bool lct_spawn_has_runtime_hooks(const struct libct_container *ct);
/* Whether init's new network namespace is made by init itself, after it
 * joined others (the NET sync stage), rather than by clone3. */
bool lct_spawn_net_late(const struct lct_config *cfg, unsigned long cloned);
/* SIGKILL pid (through pidfd, when >= 0) and reap it, waiting 10 s at most
 * for it to go when there is a pidfd. */
void lct_spawn_kill(pid_t pid, int pidfd);
/* Kill and reap a half-made init. */
void lct_spawn_abort(struct lct_spawn *sp);
void lct_spawn_release(struct lct_spawn *sp);

/* Connect to the start socket of a created container, let it exec and read
 * back its exec error, waiting wait_ms at most (0: no bound; see
 * lct_spawn_wait_ms). */
int lct_start_socket_release(int state_dirfd, long wait_ms, struct libct_error *err);
/* The bound of each wait for a process in its setup: the session's setup
 * timeout, plus the timeouts of the hooks of kind (-1: none) that process
 * runs meanwhile; 0 (no bound) when the session has none or one of those
 * hooks has no timeout of its own (it may then run as long as it likes). */
long lct_spawn_wait_ms(const struct libct_container *ct, int kind);
/* err, when it is a wait for pid on the sync socket that ran out
 * (lct_sync_timed_out), with what pid is doing, in words. */
void lct_spawn_add_stall_cause(pid_t pid, struct libct_error *err);

/* What a process entering a running container takes from the container
 * beyond its own description, which the caller has already merged with the
 * container's (lib/core/confine.c keeps both from create). */
struct lct_spawn_entry {
	void *seccomp;		       /* the container's seccomp program, loaded before the
			* process's own (NULL: none); lct_spawn_exec takes it */
	const char *listener_path;     /* the agent of a program that notifies */
	const char *listener_metadata; /* and what it is told with the fd */
	/* the container was not paused when the exec began: a pause racing it
	 * (which freezes the process part way) fails the exec at once */
	bool fail_if_paused;
};

/* A new process in ct's namespaces and cgroup, through init's pidfd; returns
 * after it exec'd. */
int lct_spawn_exec(struct libct_container *ct, const struct libct_process_desc *pd, int init_pidfd,
		   struct lct_spawn_entry *entry, const struct lct_spawn_render *render,
		   pid_t *ret_pid, int *ret_pidfd, struct libct_error *err);

/* Arguments of the child sequencer (lives in the child's copy of memory). */
struct lct_child_args {
	struct libct_container *ct;
	const struct libct_process_desc *pd;
	void *seccomp;
	int stub_fd;		     /* the exec stub's memfd (lib/spawn/stub.c) */
	struct lct_cgroup_join join; /* v1 hierarchies init joins itself */
	/* what a cgroup mount shows: the container's cgroup, or where it has
	 * none (rootless) the caller's, which init is in */
	struct lct_cgroup *mount_cg;
	int sync_fd;
	int listen_fd;
	unsigned long cloned;
	/* the v1 cgroups are made while init unshares these namespaces (which
	 * clone3 left out of `cloned`), and joined by init after GO */
	bool cgroup_late;
	/* init stays dumpable until GO: a rootless caller (and the setuid
	 * newuidmap it may run) writes its id maps through /proc/PID, which
	 * only root may open for a task that is not */
	bool dumpable_until_go;
	/* no device node can be made in a user namespace: its own, or the one
	 * a rootless caller runs in; the host's are bound instead */
	bool bind_devices;
	unsigned long unshare_early;
	enum lct_start_mode mode;
	/* the state each hook init runs gets, rendered before clone: init
	 * runs no JSON library */
	char *hook_state[LIBCT_HOOK__MAX];
};

/* The hooks init runs in the container (createContainer, startContainer). */
struct lct_hooks_in {
	/* executed through the exec stub */
	int stub_fd;
	/* the environment of a hook without env of its own: the process's (as
	 * runc, and crun for startContainer), never the runtime's caller's */
	char *const *env;
	/* loaded in the hook's own process before its exec (NULL: none): the
	 * container's filter for startContainer, which runc and crun run
	 * under it; init's own steps still take theirs as late as they can */
	void *seccomp;
};

/* Run the hooks of one kind of cfg in order (lib/spawn/hooks.c), each with
 * state on stdin and under its timeout, its stdout and stderr captured;
 * errors name the hook and end with what it wrote last ("createRuntime hook
 * 0 '/bin/sh': exit status 1, output: no such bridge"). in: the hooks run
 * in the container (NULL: on the host, in cfg's bundle directory, a hook
 * without env of its own with the runtime's, the output to the files of
 * the run.oci.hooks.stdout and stderr annotations where given). warn_only:
 * each failure is a warning to s's log and the rest run. No hooks: 0; state
 * NULL: -ENOMEM. */
int lct_hooks_exec(struct libct_session *s, const struct lct_config *cfg, enum libct_hook kind,
		   const char *state, const struct lct_hooks_in *in, bool warn_only,
		   struct libct_error *err);

/* In init after the root change: the terminal, if pd asks for one. */
int lct_console_setup(const struct libct_process_desc *pd, struct libct_error *err);

/* The process's own steps (lib/spawn/process-steps.c), shared by init and exec.
 * The OOM score of process pid (0: the caller) through procfd (-1: the
 * caller's /proc), set from outside the container: for init by the parent
 * before GO, for an exec'd process before it joins (a process of a user
 * namespace may not write its own: its /proc files are the host's root's).
 * Before the root change: the LSM exec label, written through procfd, a
 * procfs root opened before the process joined the container's mount
 * namespace (lct_proc_root). */
int lct_process_oom_score(int procfd, pid_t pid, const struct libct_process_desc *pd,
			  struct libct_error *err);
int lct_process_pre_root(int procfd, const struct libct_process_desc *pd, struct libct_error *err);
/* procfd for lct_process_pre_root, opened only when pd has an exec label
 * (*ret_fd -EBADF when not: nothing on the way of a process without one). */
int lct_process_label_proc(const struct libct_process_desc *pd, int *ret_fd,
			   struct libct_error *err);
/* After it: terminal, rlimits, cwd, umask, the binary's path (into
 * exec_path), the environment with HOME, user and capabilities, no_new_privs. */
int lct_process_setup(const struct libct_process_desc *pd, void *seccomp, char *exec_path,
		      size_t len, char ***ret_env, struct libct_error *err);
/* seccomp (when no_new_privs is set; else lct_process_setup loaded it),
 * fds, execve; an error goes to report_fd. */
_Noreturn void lct_process_exec(const struct libct_process_desc *pd, void *seccomp, int stub_fd,
				int report_fd, const char *exec_path, char **env);

/* Scheduling attributes (lib/spawn/attrs.c): the initial CPU affinity, the
 * I/O priority, scheduler and personality, the final affinity. */
int lct_attrs_initial(const struct libct_process_desc *pd, struct libct_error *err);
int lct_attrs_setup(const struct libct_process_desc *pd, struct libct_error *err);
int lct_attrs_final(const struct libct_process_desc *pd, struct libct_error *err);

/* The exec stub (lib/spawn/stub.c): its sealed memfd, made once per session,
 * and execve through it: the stub executes path with argv and envp, and reports
 * an exec failure on report_fd (-1: none). Returns only on failure (-errno). */
int lct_stub_fd(struct libct_session *s, struct libct_error *err);
int lct_stub_execve(int stub_fd, int report_fd, const char *path, char *const argv[],
		    char *const envp[]);

/* clone3 that is safe in a caller with other threads (lib/spawn/clone.c):
 * args as clone3 takes them, pidns_fd a pid namespace for the child to be
 * born in (-1: the caller's pid_for_children), time_offsets (NULL: none) the
 * text of /proc/PID/timens_offsets for a new time namespace the child is born
 * in (args without CLONE_NEWTIME then). Returns as clone3 does. */
struct clone_args;
pid_t lct_clone3(struct clone_args *args, int pidns_fd, const char *time_offsets);
/* The same, the child made by an intermediate that first joins a user
 * namespace (the caller stays in its own): userns_fd is a pidfd (its
 * process's user namespace) or a user namespace's fd. For a caller without
 * the privilege to enter the pid namespace of a container whose user
 * namespace it owns (a rootless one) from outside, and for an init whose new
 * pid or time namespace must belong to a user namespace joined by path
 * (lct_ns_born_in_userns), which also joins first what it may of
 * join_first's namespaces joined by path (NULL: none; lct_ns_join_early).
 * The child is born in that user namespace, with the OOM score of pd (NULL:
 * none), which it could not set itself. */
pid_t lct_clone3_in_userns(struct clone_args *args, int userns_fd, int pidns_fd,
			   const char *time_offsets, const struct libct_process_desc *pd,
			   const struct lct_config *join_first);
/* lct_clone3_in_userns's failures before the clone (with errno): the OOM
 * score could not be set, the user namespace not joined; -1 is the rest */
#define LCT_CLONE_FAILED_OOM_SCORE (-2)
#define LCT_CLONE_FAILED_USERNS (-3)

/* Seccomp user notification (lib/spawn/notify.c). In the process: load a
 * filter with SCMP_ACT_NOTIFY rules now and send its listener fd to the
 * runtime (nothing for other filters). In the runtime: receive it and hand
 * it to the agent listening at path, with the container process state (pid,
 * metadata, the container's state with this status). */
int lct_notify_send_listener(void *seccomp, int sync_fd, struct libct_error *err);
int lct_notify_agent(struct libct_container *ct, pid_t pid, const char *path, const char *metadata,
		     enum libct_status status, int sync_fd, lct_process_state_fn *process_state,
		     struct libct_error *err);

/* init's life from clone to exec; never returns. */
_Noreturn void lct_child_main(struct lct_child_args *a);

#endif
