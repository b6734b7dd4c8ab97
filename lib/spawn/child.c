/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* init's life from clone to exec: the child sequencer. Each step is a call
 * into a subsystem; the order is the one that matters (see each comment). */
#include <fcntl.h>
#include <linux/close_range.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "fs/fs.h"
#include "net/net.h"
#include "ns/ns.h"
#include "security/security.h"
#include "spawn/spawn.h"
#include "spawn/sync.h"
#include "util/util.h"

static int write_sysctls(const struct lct_config *cfg, struct libct_error *err)
{
	for (size_t i = 0; i < cfg->n_sysctls; i++) {
		char path[PATH_MAX];
		int n = snprintf(path, sizeof(path), "/proc/sys/%s", cfg->sysctls[i].key);

		for (char *p = path + strlen("/proc/sys/"); p < path + n; p++)
			if (*p == '.')
				*p = '/';
		if (lct_write_file_at(AT_FDCWD, path, cfg->sysctls[i].value,
				      strlen(cfg->sysctls[i].value), err) < 0)
			return lct_err_prefix(err, "sysctl '%s'", cfg->sysctls[i].key);
	}
	return 0;
}

static int set_names(const struct lct_config *cfg, struct libct_error *err)
{
	if (cfg->hostname && sethostname(cfg->hostname, strlen(cfg->hostname)) < 0)
		return lct_err(err, -errno, "sethostname '%s'", cfg->hostname);
	if (cfg->domainname && setdomainname(cfg->domainname, strlen(cfg->domainname)) < 0)
		return lct_err(err, -errno, "setdomainname '%s'", cfg->domainname);
	return 0;
}

static int become_ns_root(const struct lct_config *cfg, struct libct_error *err)
{
	if (!cfg->ns_want[LIBCT_NS_USER])
		return 0;
	if (setresgid(0, 0, 0) < 0)
		return lct_err(err, -errno, "setresgid 0 in the user namespace");
	if (setresuid(0, 0, 0) < 0)
		return lct_err(err, -errno, "setresuid 0 in the user namespace");
	return 0;
}

/* A missing cwd is made inside the root (as runc), after the mounts and
 * while the root is still writable; exec's processes get no such help. */
static int make_cwd(const char *root, const char *cwd, struct libct_error *err)
{
	_cleanup_close_ int rootfd = -EBADF, fd = -EBADF;

	if (!cwd || strcmp(cwd, "/") == 0)
		return 0;
	rootfd = open(root ? root : "/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return lct_err(err, -errno, "open root '%s'", root ? root : "/");
	fd = lct_open_in_root(rootfd, cwd, true, false, err);
	return fd < 0 ? lct_err_prefix(err, "cwd") : 0;
}

/* Before the root change: the cwd, the runtime's hooks (run by the parent,
 * which we wait for), then createContainer hooks here, in the container's
 * namespaces. Those without env of their own get the process's as the
 * config gives it (as runc; crun gives them its own, the caller's): HOME
 * comes from the container's /etc/passwd, not yet there to read. */
static int before_pivot(void *userdata, struct libct_error *err)
{
	struct lct_child_args *a = userdata;
	char *none[] = { NULL };
	/* (no seccomp filter yet, as with runc and crun) */
	struct lct_hooks_in in = { a->stub_fd, a->pd->env ? a->pd->env : none, NULL };
	int r = make_cwd(a->ct->cfg.root, a->pd->cwd, err);

	if (r < 0)
		return r;
	if (lct_spawn_has_runtime_hooks(a->ct)) {
		r = lct_sync_send(a->sync_fd, LCT_SYNC_HOOKS);
		if (r < 0)
			return lct_err(err, r, "sync: send HOOKS");
		r = lct_sync_expect(a->sync_fd, LCT_SYNC_HOOKS_DONE, err);
		if (r < 0)
			return r;
	}
	return lct_hooks_exec(NULL, &a->ct->cfg, LIBCT_HOOK_CREATE_CONTAINER,
			      a->hook_state[LIBCT_HOOK_CREATE_CONTAINER], &in, false, err);
}

static int setup(struct lct_child_args *a, char *exec_path, size_t len, char ***ret_env,
		 struct libct_error *err)
{
	const struct lct_config *cfg = &a->ct->cfg;
	bool userns = a->bind_devices;
	/* the caller's /proc for the exec labels, before a mount namespace is
	 * joined */
	_cleanup_close_ int procfd = -EBADF;
	unsigned long made;
	int r = lct_process_label_proc(a->pd, &procfd, err);

	if (r < 0)
		return r;
	/* joined namespaces first: everything below happens inside them (a
	 * copy of the flags: a->cloned says below what clone3 made) */
	made = a->cloned;
	r = lct_ns_join(cfg, &made, err);
	if (r < 0)
		return r;
	lct_trace(a->ct->session, "init: namespaces joined and made");
	/* a new network namespace unshared just now: the parent sets it up
	 * before anything here (sysctls, hooks, the process) can use it */
	if (lct_spawn_net_late(cfg, a->cloned)) {
		r = lct_sync_send(a->sync_fd, LCT_SYNC_NET);
		if (r < 0)
			return lct_err(err, r, "sync: send NET");
		r = lct_sync_expect(a->sync_fd, LCT_SYNC_NET_DONE, err);
		if (r < 0)
			return r;
	}
	/* a new network namespace with nothing for the parent to make: lo only */
	if (lct_net_new_ns(cfg) && !lct_net_parent_setup(cfg) && (r = lct_net_lo_up_here(err)) < 0)
		return r;
	lct_trace(a->ct->session, "init: network ready");
	/* rooted at the cgroup the parent has put us in by now */
	if (cfg->ns_want[LIBCT_NS_CGROUP] && !cfg->ns_path[LIBCT_NS_CGROUP] &&
	    unshare(CLONE_NEWCGROUP) < 0)
		return lct_err(err, -errno, "unshare cgroup namespace");
	r = become_ns_root(cfg, err);
	if (r < 0)
		return r;
	umask(0);
	/* sysctls through /proc while it is still the one before the root
	 * change; the OOM score and exec labels through procfd */
	if ((r = write_sysctls(cfg, err)) < 0 || (r = lct_process_pre_root(procfd, a->pd, err)) < 0)
		return r;
	lct_trace(a->ct->session, "init: cgroup namespace, sysctls, labels");
	if (cfg->ns_want[LIBCT_NS_MOUNT])
		r = lct_rootfs_setup(a->ct->session, cfg, a->mount_cg, userns,
				     a->pd->terminal && !a->pd->joins, before_pivot, a, err);
	else
		r = lct_rootfs_chroot(cfg, a->mount_cg, before_pivot, a, err);
	if (r < 0)
		return r;
	r = set_names(cfg, err);
	if (r < 0)
		return r;
	lct_trace(a->ct->session, "init: root filesystem done, names set");
	r = lct_process_setup(a->pd, a->seccomp, exec_path, len, ret_env, err);
	lct_trace(a->ct->session, "init: process (rlimits, credentials, capabilities)");
	return r;
}

/* GO, with the tasks files of the v1 cgroups the parent made while we
 * unshared (see cgroup_late in spawn.c): joined at once, before the rest of
 * the setup. Returns -1 when the parent is gone, else 0 or the join's error
 * in *join. */
static int go_and_join(struct lct_child_args *a, int *join, struct libct_error *join_err)
{
	int fds[LCT_SYNC_FDS_MAX];
	size_t n = 0;

	if (!a->cgroup_late)
		return lct_sync_await(a->sync_fd, LCT_SYNC_GO, NULL, NULL) < 0 ? -1 : 0;
	if (lct_sync_await(a->sync_fd, LCT_SYNC_GO, fds, &n) < 0)
		return -1;
	if (*join < 0) { /* the namespaces failed: that error is the one to report */
		for (size_t i = 0; i < n; i++)
			close(fds[i]);
		return 0;
	}
	*join = lct_cgroup_join_adopt(a->ct->cgroup, &a->join, fds, n, join_err);
	if (*join == 0)
		*join = lct_cgroup_join_self(&a->join, join_err);
	lct_cgroup_join_release(&a->join);
	return 0;
}

/* Block until the container is started; returns the fd to report an exec
 * failure on. */
static int wait_start(struct lct_child_args *a)
{
	char b;
	int fd;

	if (a->mode == LCT_START_SYNC)
		return lct_sync_await(a->sync_fd, LCT_SYNC_START, NULL, NULL) < 0 ? -1 : a->sync_fd;
	close(a->sync_fd);
	a->sync_fd = -EBADF; /* no more log lines: nobody reads them */
	do
		fd = accept4(a->listen_fd, NULL, NULL, SOCK_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0 || recv(fd, &b, 1, 0) != 1)
		return -1;
	close(a->listen_fd);
	return fd;
}

_Noreturn void lct_child_main(struct lct_child_args *a)
{
	struct libct_error err = { 0 };
	char exec_path[PATH_MAX];
	struct libct_error join_err = { 0 };
	char **env = NULL;
	sigset_t none;
	int fd, joined, undumpable = 0, unclosed;

	/* what init logs goes to the parent, which calls the caller's sink:
	 * init never runs the caller's code */
	lct_sync_log_forward(a->ct->session, &a->sync_fd);
	lct_sync_trace_forward(a->ct->session, &a->sync_fd);
	/* first of all the v1 cgroups, when the parent opened their tasks files
	 * before clone: all of init's setup is accounted and limited (an error
	 * is sent after GO) */
	joined = lct_cgroup_join_self(&a->join, &join_err);

	/* die with the runtime while it still owns us */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* init holds nothing of its caller's but what it needs (the lock above
	 * all: a flock on the shared open file would block `start`) */
	{
		/* and the bind mounts' clones, made for it before the clone */
		int keep[4 + LCT_PROCESS_FDS_MAX + a->ct->cfg.n_mounts];
		size_t n = 4;

		keep[0] = a->sync_fd, keep[1] = a->listen_fd;
		keep[2] = a->pd->console_socket, keep[3] = a->stub_fd;
		for (size_t i = 0; i < a->pd->n_fds && n < 4 + LCT_PROCESS_FDS_MAX; i++)
			keep[n++] = a->pd->fds[i];
		n += lct_idmap_fds(&a->ct->cfg, keep + n);
		/* an fd left open would reach the container (said after GO) */
		if (a->pd->fn && a->pd->fn_keeps_fds)
			unclosed = lct_close_cloexec_fds_except(keep, n);
		else
			unclosed = lct_close_fds_except(keep, n, a->pd->preserve_fds);
	}
	/* keep /proc/PID/exe (the runtime binary) out of reach of the container
	 * (or no exec: said after GO) */
	if (!a->dumpable_until_go)
		undumpable = prctl(PR_SET_DUMPABLE, 0) < 0 ? -errno : 0;
	/* or, with the v1 cgroups made after clone: the namespaces first, while
	 * the parent makes them; the cgroups right after GO */
	lct_trace(a->ct->session, "init: started (fds closed, not dumpable)");
	if (a->unshare_early) {
		joined = lct_ns_join(&a->ct->cfg, &a->cloned, &join_err);
		lct_trace(a->ct->session, "init: namespaces made while the v1 cgroups are");
	}
	/* the caller may block signals it forwards; the process gets them all */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (go_and_join(a, &joined, &join_err) < 0)
		_exit(1);
	lct_trace(a->ct->session, "init: GO received, v1 cgroups joined");
	/* the id maps are written by now; nothing of the container ran yet */
	if (a->dumpable_until_go)
		undumpable = prctl(PR_SET_DUMPABLE, 0) < 0 ? -errno : 0;
	if (joined == 0 && unclosed < 0)
		joined = lct_err(&join_err, unclosed, "close the runtime's fds");
	if (joined == 0 && undumpable < 0)
		joined = lct_err(&join_err, undumpable, "prctl PR_SET_DUMPABLE 0");
	if (joined < 0) {
		lct_sync_send_error(a->sync_fd, &join_err);
		_exit(1);
	}
	if (lct_attrs_initial(a->pd, &err) < 0 ||
	    setup(a, exec_path, sizeof(exec_path), &env, &err) < 0 ||
	    lct_notify_send_listener(a->seccomp, a->sync_fd, &err) < 0) {
		lct_sync_send_error(a->sync_fd, &err);
		_exit(1);
	}
	/* from here init outlives `ct create`, which exits right after its ACK;
	 * a runtime that dies before that is seen as EOF on the sync socket */
	prctl(PR_SET_PDEATHSIG, 0);
	if (lct_sync_send(a->sync_fd, LCT_SYNC_READY) < 0 ||
	    lct_sync_await(a->sync_fd, LCT_SYNC_ACK, NULL, NULL) < 0)
		_exit(1);
	fd = wait_start(a);
	if (fd < 0)
		_exit(1);
	/* with the environment the process gets (HOME included), as runc
	 * and crun: nothing of the runtime's caller's reaches the container;
	 * and under the container's filter, which runc and crun load before
	 * them (with no_new_privs too): loaded by each hook for itself, init
	 * loads its own right before the exec */
	if (lct_hooks_exec(NULL, &a->ct->cfg, LIBCT_HOOK_START_CONTAINER,
			   a->hook_state[LIBCT_HOOK_START_CONTAINER],
			   &(struct lct_hooks_in){ a->stub_fd, env, a->seccomp }, false,
			   &err) < 0) {
		lct_sync_send_error(fd, &err);
		_exit(1);
	}
	lct_process_exec(a->pd, a->seccomp, a->stub_fd, fd, exec_path, env);
}
