/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A new process in a running container: the parent enters the container's
 * pid namespace for the clone (so the child is born in it) and its cgroup;
 * the child joins the other namespaces through init's pidfd and takes the
 * process's own steps. */
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "cgroup/cgroup.h"
#include "ns/ns.h"
#include "security/security.h"
#include "spawn/spawn.h"
#include "spawn/sync.h"
#include "util/util.h"

/* The namespaces of the container to join through init's pidfd (all but pid,
 * entered by the parent, and time, see join_time). */
static unsigned long join_flags(const struct lct_config *cfg)
{
	unsigned long flags = 0;

	for (int i = 0; i < LIBCT_NS__MAX; i++)
		if (cfg->ns_want[i] && i != LIBCT_NS_PID && i != LIBCT_NS_TIME)
			flags |= lct_ns_flag(i);
	return flags;
}

/* Namespaces held open for the container (no init): the user namespace
 * first, as setns with a pidfd does by itself. */
static int join_held(struct libct_container *ct, const struct lct_ns_fds *held,
		     struct libct_error *err)
{
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < LIBCT_NS__MAX; i++) {
			if (held->fd[i] < 0 || (i == LIBCT_NS_USER) != (pass == 0))
				continue;
			if (setns(held->fd[i], 0) < 0)
				return lct_err(err, -errno,
					       "join the %s namespace of container '%s'",
					       libct_ns_to_string(i), ct->id);
		}
	return 0;
}

/* The container's time namespace: init's time_for_children, where init was
 * born (with clock offsets the clone's caller made it for its children),
 * also where a time namespace joined by path leaves it. Before the user
 * namespace: the host's root may join it. */
static int join_time(struct libct_container *ct, int init_pidfd, struct libct_error *err)
{
	_cleanup_close_ int fd = -EBADF;
	char path[64];

	if (!ct->cfg.ns_want[LIBCT_NS_TIME])
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/ns/time_for_children", (int)ct->pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	/* init's still: its pidfd says it has not exited since */
	if (fd < 0 || syscall(SYS_pidfd_send_signal, init_pidfd, 0, NULL, 0) < 0)
		return lct_err(err, -errno, "open the time namespace of container '%s'", ct->id);
	if (setns(fd, CLONE_NEWTIME) < 0)
		return lct_err(err, -errno, "join the time namespace of container '%s'", ct->id);
	return 0;
}

/* A container without a mount namespace has its root by chroot: the same
 * for the new process. -1: nothing to do. */
static int root_fd_for(struct libct_container *ct, const struct lct_ns_fds *held)
{
	char p[64];

	if (ct->cfg.ns_want[LIBCT_NS_MOUNT] || !ct->cfg.root)
		return -1;
	if (held)
		return held->root >= 0 ? fcntl(held->root, F_DUPFD_CLOEXEC, 3) : -1;
	snprintf(p, sizeof(p), "/proc/%d/root", (int)ct->pid);
	return open(p, O_PATH | O_DIRECTORY | O_CLOEXEC);
}

_Noreturn static void exec_child(struct libct_container *ct, const struct libct_process_desc *pd,
				 void *seccomp, int init_pidfd, const struct lct_ns_fds *held,
				 int fd, int rootfd, int stub_fd,
				 const struct lct_cgroup_join *join, bool in_userns)
{
	/* the v1 cgroups first (see lct_cgroup_join_self); an error after GO */
	struct libct_error join_err = { 0 };
	int joined = lct_cgroup_join_self(join, &join_err);

	struct libct_error err = { 0 };
	char exec_path[PATH_MAX];
	/* born in the container's user namespace (lct_clone3_in_userns): a
	 * setns into the one it is in fails */
	unsigned long flags = join_flags(&ct->cfg) & ~(in_userns ? CLONE_NEWUSER : 0UL);
	char **env = NULL;
	sigset_t none;
	struct libct_error oom_err = { 0 };
	int undumpable, unclosed, scored, procfd;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	{
		int keep[5 + LIBCT_NS__MAX + LCT_PROCESS_FDS_MAX] = { fd, init_pidfd,
								      pd->console_socket, rootfd,
								      stub_fd };
		size_t n = 5;

		for (int i = 0; held && i < LIBCT_NS__MAX && n < ARRAY_SIZE(keep); i++)
			keep[n++] = held->fd[i];

		for (size_t i = 0; i < pd->n_fds && n < ARRAY_SIZE(keep); i++)
			keep[n++] = pd->fds[i];
		/* an fd left open would reach the container (said after GO) */
		if (pd->fn && pd->fn_keeps_fds)
			unclosed = lct_close_cloexec_fds_except(keep, n);
		else
			unclosed = lct_close_fds_except(keep, n, pd->preserve_fds);
	}
	/* the OOM score before the process joins and is not dumpable (said
	 * after GO); one born in the container's user namespace has it from
	 * the intermediate (lct_clone3_in_userns) */
	scored = in_userns ? 0 : lct_process_oom_score(-1, 0, pd, &oom_err);
	/* the runtime binary is this process's image until exec: out of reach
	 * (or no exec: said after GO) */
	undumpable = prctl(PR_SET_DUMPABLE, 0) < 0 ? -errno : 0;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (lct_sync_await(fd, LCT_SYNC_GO, NULL, NULL) < 0)
		_exit(1);
	if (joined < 0) {
		err = join_err;
		goto fail;
	}
	if (unclosed < 0) {
		lct_err(&err, unclosed, "close the runtime's fds");
		goto fail;
	}
	if (undumpable < 0) {
		lct_err(&err, undumpable, "prctl PR_SET_DUMPABLE 0");
		goto fail;
	}
	if (scored < 0) {
		err = oom_err;
		goto fail;
	}
	if (lct_attrs_initial(pd, &err) < 0)
		goto fail;
	/* the caller's /proc for the exec labels: the container's processes
	 * may cover the files of the container's /proc */
	if (lct_process_label_proc(pd, &procfd, &err) < 0)
		goto fail;
	/* one call: the kernel enters the user namespace first */
	if (held) {
		if (join_held(ct, held, &err) < 0)
			goto fail;
	} else if (join_time(ct, init_pidfd, &err) < 0) {
		goto fail;
	} else if (flags && setns(init_pidfd, (int)flags) < 0) {
		lct_err(&err, -errno, "join the namespaces of container '%s'", ct->id);
		goto fail;
	}
	if (rootfd >= 0 && (fchdir(rootfd) < 0 || chroot(".") < 0 || chdir("/") < 0)) {
		lct_err(&err, -errno, "enter the root of container '%s'", ct->id);
		goto fail;
	}
	/* joined, the process is still the runtime's uid, which the container's
	 * user namespace does not map: its root from here (as runc), so that
	 * what it makes before the user change (the terminal) is root's */
	if (ct->cfg.ns_want[LIBCT_NS_USER] && (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)) {
		lct_err(&err, -errno, "become root in the user namespace of container '%s'",
			ct->id);
		goto fail;
	}
	if (lct_process_pre_root(procfd, pd, &err) < 0)
		goto fail;
	if (procfd >= 0)
		close(procfd);
	if (lct_process_setup(pd, seccomp, exec_path, sizeof(exec_path), &env, &err) < 0 ||
	    lct_notify_send_listener(seccomp, fd, &err) < 0)
		goto fail;
	prctl(PR_SET_PDEATHSIG, 0);
	lct_process_exec(pd, seccomp, stub_fd, fd, exec_path, env);
fail:
	lct_sync_send_error(fd, &err);
	_exit(1);
}

/* clone3 into the container's pid namespace (lct_clone3), and its cgroup2
 * directory, or the one of dirs (the sub-cgroups asked for). */
static pid_t clone_in_pidns(struct libct_container *ct, const struct libct_process_desc *pd,
			    char *const *dirs, int init_pidfd, bool in_userns, int *ret_pidfd,
			    struct libct_error *err)
{
	/* the sub-cgroup's directory is this call's, the container's cg's */
	_cleanup_close_ int subfd = ct->cgroup && dirs ?
					    lct_cgroup_sub_v2_fd(ct->cgroup, dirs, err) :
					    -EBADF;
	int cgfd = ct->cgroup && !dirs ? lct_cgroup_v2_fd(ct->cgroup, err) : subfd;
	struct clone_args args = {
		.flags = CLONE_PIDFD | (cgfd >= 0 ? CLONE_INTO_CGROUP : 0),
		.pidfd = (uint64_t)(uintptr_t)ret_pidfd,
		.exit_signal = SIGCHLD,
		.cgroup = cgfd >= 0 ? (uint64_t)cgfd : 0,
	};
	int pidns = ct->cfg.ns_want[LIBCT_NS_PID] ? init_pidfd : -1;
	pid_t pid;

	if (cgfd < 0 && cgfd != -EBADF)
		return cgfd;
	pid = in_userns ? lct_clone3_in_userns(&args, init_pidfd, pidns, NULL, pd, NULL) :
			  lct_clone3(&args, pidns, NULL);
	/* the container's cgroup2 directory takes no process once a domain
	 * controller is enabled in its subtree_control (systemd in the container
	 * does that after moving itself to init.scope): then the process goes
	 * where init is, as runc and crun place it (not when a sub-cgroup was
	 * asked for) */
	if (pid < 0 && errno == EBUSY && cgfd >= 0 && !dirs) {
		_cleanup_close_ int initfd = lct_cgroup_v2_fd_of(ct->cgroup, ct->pid, err);

		if (initfd < 0) {
			lct_err_prefix(err, "the container's cgroup takes no process (a "
					    "controller is on in its subtree_control)");
			return initfd;
		}
		/* still init's: the pid was read while its pidfd was held */
		if (syscall(SYS_pidfd_send_signal, init_pidfd, 0, NULL, 0) < 0)
			return lct_err(err, -errno, "container '%s' stopped", ct->id);
		args.cgroup = (uint64_t)initfd;
		pid = lct_clone3(&args, pidns, NULL);
	}
	/* rootless: a cgroup the caller may not move a process into (its own
	 * lies outside the delegated tree, whose common ancestor is not its):
	 * the process stays in the caller's cgroup, as runc leaves it */
	if (pid < 0 && (errno == EACCES || errno == EPERM) && cgfd >= 0 && !dirs &&
	    lct_rootless(ct->session)) {
		lct_log(ct->session, LIBCT_LOG_DEBUG,
			"rootless: exec into container '%s' outside its cgroup (%s)", ct->id,
			strerror(errno));
		args.flags &= ~(uint64_t)CLONE_INTO_CGROUP;
		args.cgroup = 0;
		pid = in_userns ? lct_clone3_in_userns(&args, init_pidfd, pidns, NULL, pd, NULL) :
				  lct_clone3(&args, pidns, NULL);
	}
	if (pid == 0)
		return 0;
	if (pid < 0 && errno == EBUSY && cgfd >= 0)
		return lct_err(err, -errno, "clone3 into the cgroup of container '%s'", ct->id);
	if (pid < 0 && ct->cfg.ns_want[LIBCT_NS_PID])
		return lct_err(err, -errno, "enter the pid namespace of container '%s' and clone3",
			       ct->id);
	if (pid < 0)
		return lct_err(err, -errno, "clone3");
	return pid;
}

/* The first wait for the exec: far more than a process's setup takes when
 * nothing holds it; the container's freezer is looked at only after it. */
#define EXEC_FIRST_WAIT_MS 50
#define EXEC_WAIT_STEP_MAX_MS 1000

/* Wait for the process's exec (EOF on fd) within the setup timeout. With
 * fail_if_paused, a container paused meanwhile (a pause racing the exec
 * freezes the process part way, and it would wait out the timeout) fails
 * the exec once the freezer says so: looked at after EXEC_FIRST_WAIT_MS,
 * then at growing steps, never on the way of an exec that nothing holds. */
static int await_exec(struct libct_container *ct, int fd, pid_t pid, bool fail_if_paused,
		      struct libct_error *err)
{
	long total = lct_spawn_wait_ms(ct, -1), start = lct_now_ms(), step = EXEC_FIRST_WAIT_MS;
	int r;

	if (!fail_if_paused || !ct->cgroup) {
		lct_sync_set_timeout(fd, total);
		return lct_sync_expect(fd, 0, err);
	}
	for (;;) {
		long left = total > 0 ? total - (lct_now_ms() - start) : step;

		lct_sync_set_timeout(fd, left < step ? (left > 0 ? left : 1) : step);
		r = lct_sync_expect(fd, 0, err);
		if (r != -ETIMEDOUT)
			return r;
		if (total > 0 && lct_now_ms() - start >= total)
			return lct_err_msg(err, -ETIMEDOUT,
					   "sync: no exec from the container's process within %.3g "
					   "s (the setup timeout)",
					   (double)total / 1000);
		if (lct_cgroup_is_frozen(ct->cgroup) == 1)
			return lct_err_msg(err, -EBUSY,
					   "container '%s' was paused while process %d was set up "
					   "(it is frozen part way; exec --ignore-paused into a "
					   "paused container waits for the resume)",
					   ct->id, (int)pid);
		lct_err_clear(err);
		step = step * 2 < EXEC_WAIT_STEP_MAX_MS ? step * 2 : EXEC_WAIT_STEP_MAX_MS;
	}
}

int lct_spawn_exec(struct libct_container *ct, const struct libct_process_desc *pd, int init_pidfd,
		   struct lct_spawn_entry *entry, const struct lct_spawn_render *render,
		   pid_t *ret_pid, int *ret_pidfd, struct libct_error *err)
{
	struct libct_process_desc joining;
	struct lct_cgroup_join join = { .n = 0 };
	_cleanup_strv_ char **dirs = NULL; /* the sub-cgroups asked for */
	struct lct_ns_fds held_fds;
	const struct lct_ns_fds *held = NULL;
	bool joined_v1, notify, in_userns;
	/* the container's program first, then the process's own filter */
	void *seccomp = TAKE_PTR(entry->seccomp);
	int fds[2], pidfd = -1, rootfd, stub_fd, r;
	pid_t pid;

	r = stub_fd = lct_stub_fd(ct->session, err);
	if (r < 0)
		goto out;
	if (lct_container_enter_fds(ct, &held_fds))
		held = &held_fds;
	r = lct_seccomp_prepare(ct->session, pd->seccomp, &seccomp, err);
	if (r < 0)
		goto out;
	if (ct->cgroup && (r = lct_cgroup_sub_dirs(ct->cgroup, pd->sub_cgroups, &dirs, err)) < 0)
		goto out;
	/* rootless, without a cgroup of its own: no sub-cgroup either */
	if (!ct->cgroup && pd->sub_cgroups && pd->sub_cgroups[0]) {
		const char *e = pd->sub_cgroups[0], *colon = strchr(e, ':');
		const char *rel = colon ? colon + 1 : e;

		r = lct_err_msg(err, -ENOENT, "sub-cgroup '%s': container '%s' has no cgroup",
				*rel ? rel : "/", ct->id);
		goto out;
	}
	joining = *pd;
	joining.joins = true;
	pd = &joining;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) < 0) {
		r = lct_err(err, -errno, "socketpair");
		goto out;
	}
	if (ct->cgroup && (r = lct_cgroup_join_prepare(ct->cgroup, dirs, &join, err)) < 0) {
		close(fds[0]);
		close(fds[1]);
		goto out;
	}
	rootfd = root_fd_for(ct, held);
	notify = lct_seccomp_notifies(seccomp);
	/* a caller that is not root enters the pid namespace of a container
	 * whose user namespace it owns only from inside that one (rootless) */
	in_userns = !held && ct->cfg.ns_want[LIBCT_NS_USER] && ct->cfg.ns_want[LIBCT_NS_PID] &&
		    geteuid() != 0;
	lct_trace(ct->session, "exec: prepared (seccomp filter, stub)");
	pid = clone_in_pidns(ct, pd, dirs, init_pidfd, in_userns, &pidfd, err);
	if (pid == 0) {
		close(fds[0]);
		exec_child(ct, pd, seccomp, init_pidfd, held, fds[1], rootfd, stub_fd, &join,
			   in_userns);
	}
	joined_v1 = join.n > 0;
	lct_cgroup_join_release(&join);
	if (rootfd >= 0)
		close(rootfd);
	close(fds[1]);
	lct_seccomp_free(TAKE_PTR(seccomp));
	if (pid < 0) {
		close(fds[0]);
		r = pid;
		goto out;
	}
	r = 0;
	/* the process joined the v1 hierarchies itself, clone3 put it in the
	 * v2 one; this is for a cgroup without one to clone into (the systemd
	 * driver's scope before systemd made it; one that cannot be
	 * opened failed the clone) */
	if (ct->cgroup && !joined_v1 && lct_cgroup_v2_fd(ct->cgroup, NULL) == -EBADF)
		r = lct_cgroup_enter(ct->cgroup, pid, err);
	if (r == 0 && (r = lct_sync_send(fds[0], LCT_SYNC_GO)) < 0 &&
	    !lct_sync_peer_error(fds[0], r, err))
		lct_err(err, r, "sync: send GO");
	/* the process's setup up to its exec: bounded (see lct_spawn_wait_ms) */
	lct_sync_set_timeout(fds[0], lct_spawn_wait_ms(ct, -1));
	/* the container's filter notifies: its agent gets this process's listener */
	if (r == 0 && notify)
		r = lct_notify_agent(ct, pid, entry->listener_path, entry->listener_metadata,
				     LIBCT_STATUS_RUNNING, fds[0], render->process_state, err);
	/* EOF: the exec closed the child's end */
	if (r == 0 && (r = await_exec(ct, fds[0], pid, entry->fail_if_paused, err)) == -EPIPE) {
		lct_err_clear(err);
		r = 0;
	}
	close(fds[0]);
	if (r == -ETIMEDOUT)
		lct_spawn_add_stall_cause(pid, err);
	if (r < 0) {
		lct_spawn_kill(pid, pidfd);
		close(pidfd);
		goto out;
	}
	*ret_pid = pid;
	*ret_pidfd = pidfd;
	lct_trace(ct->session, "exec: process executed");
out:
	lct_seccomp_free(seccomp);
	return r;
}
