/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The parent's side of starting init. */
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>

#include "cgroup/cgroup.h"
#include "fs/fs.h"
#include "net/net.h"
#include "ns/ns.h"
#include "security/security.h"
#include "spawn/spawn.h"
#include "spawn/sync.h"
#include "util/util.h"

/* time_offsets: init's new time namespace is made around the clone3 (see
 * lct_clone3), not by its CLONE_NEWTIME; userns_fd (-EBADF: none): a user
 * namespace to clone from inside, by an intermediate that gives init pd's
 * OOM score and joins what it may of cfg's namespaces first */
static pid_t clone3_fork(unsigned long flags, int cgroup_fd, int pidns_fd, int userns_fd,
			 const char *time_offsets, const struct libct_process_desc *pd,
			 const struct lct_config *cfg, int *ret_pidfd)
{
	struct clone_args args = {
		.flags = (flags & ~(time_offsets ? CLONE_NEWTIME : 0UL)) | CLONE_PIDFD |
			 (cgroup_fd >= 0 ? CLONE_INTO_CGROUP : 0),
		.pidfd = (uint64_t)(uintptr_t)ret_pidfd,
		.exit_signal = SIGCHLD,
		.cgroup = cgroup_fd >= 0 ? (uint64_t)cgroup_fd : 0,
	};

	/* the OOM score too, which the caller could not give to a process of
	 * a user namespace it does not own from outside (lct_clone3_in_userns) */
	if (userns_fd >= 0)
		return lct_clone3_in_userns(&args, userns_fd, pidns_fd, time_offsets, pd, cfg);
	return lct_clone3(&args, pidns_fd, time_offsets);
}

/* The listening socket init waits on after `create`. Bound through
 * /proc/self/fd so that no length limit applies to the state path. */
static int start_socket_listen(int state_dirfd, struct libct_error *err)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	_cleanup_close_ int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return lct_err(err, -errno, "socket");
	snprintf(sa.sun_path, sizeof(sa.sun_path), "/proc/self/fd/%d/%s", state_dirfd,
		 LCT_START_SOCKET_FILE);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return lct_err(err, -errno, "bind start socket '%s'", LCT_START_SOCKET_FILE);
	if (listen(fd, 4) < 0)
		return lct_err(err, -errno, "listen on start socket");
	return TAKE_FD(fd);
}

/* A pid namespace given by path, for init to be born in (-EBADF: none). */
static int open_pidns(const struct lct_config *cfg, struct libct_error *err)
{
	if (!cfg->ns_path[LIBCT_NS_PID])
		return -EBADF;
	return lct_ns_open(cfg, LIBCT_NS_PID, err);
}

static int clone_init(struct libct_container *ct, struct lct_child_args *a, struct lct_spawn *sp,
		      int child_fd, struct libct_error *err)
{
	int cgfd = ct->cgroup ? lct_cgroup_v2_fd(ct->cgroup, err) : -EBADF;
	_cleanup_close_ int pidns = -EBADF, userns = -EBADF;
	bool offsets = (a->cloned & CLONE_NEWTIME) && lct_ns_time_offsets(&ct->cfg);
	char time_offsets[128];
	int pidfd = -1;
	pid_t pid;

	if (cgfd < 0 && cgfd != -EBADF)
		return cgfd;
	pidns = open_pidns(&ct->cfg, err);
	if (pidns < 0 && pidns != -EBADF)
		return pidns;
	if (offsets && !lct_ns_render_time_offsets(&ct->cfg, time_offsets, sizeof(time_offsets)))
		return lct_err_msg(err, -EINVAL, "time namespace offsets");
	if (lct_ns_born_in_userns(&ct->cfg, a->cloned)) {
		userns = lct_ns_open(&ct->cfg, LIBCT_NS_USER, err);
		if (userns < 0)
			return userns;
	}
	pid = clone3_fork(a->cloned, cgfd, pidns, userns, offsets ? time_offsets : NULL, a->pd,
			  &ct->cfg, &pidfd);
	if (pid == 0) {
		close(sp->sync_fd);
		a->sync_fd = child_fd;
		lct_child_main(a);
	}
	if (pid == LCT_CLONE_FAILED_OOM_SCORE)
		return lct_err(err, -errno, "set the OOM score %d (process.oomScoreAdj)",
			       a->pd->oom_score_adj);
	if (pid == LCT_CLONE_FAILED_USERNS)
		return lct_err(err, -errno, "join user namespace '%s'",
			       ct->cfg.ns_path[LIBCT_NS_USER]);
	if (pid < 0 && userns >= 0)
		return lct_err(err, -errno,
			       "clone3 with namespaces 0x%lx in the user namespace '%s'", a->cloned,
			       ct->cfg.ns_path[LIBCT_NS_USER]);
	if (pid < 0 && pidns >= 0 && errno != EINVAL)
		return lct_err(err, -errno, "join pid namespace '%s' and clone3",
			       ct->cfg.ns_path[LIBCT_NS_PID]);
	if (pid < 0 && offsets)
		return lct_err(err, -errno,
			       "clone3 with namespaces 0x%lx, in a new time namespace with offsets "
			       "'%s'",
			       a->cloned, time_offsets);
	/* runc refuses such a config up front */
	if (pid < 0 && errno == EPERM && a->cloned && geteuid() != 0 &&
	    !ct->cfg.ns_want[LIBCT_NS_USER])
		return lct_err_msg(err, -EPERM,
				   "clone3 with namespaces 0x%lx: Operation not permitted (a user "
				   "other than root, uid %u, makes namespaces only with a user "
				   "namespace for the container: linux.namespaces \"user\" with "
				   "uidMappings and gidMappings, as `ct spec --rootless` writes)",
				   a->cloned, (unsigned)geteuid());
	if (pid < 0)
		return lct_err(err, -errno, "clone3 with namespaces 0x%lx", a->cloned);
	sp->pid = pid;
	sp->pidfd = pidfd;
	return 0;
}

bool lct_spawn_net_late(const struct lct_config *cfg, unsigned long cloned)
{
	return lct_net_parent_setup(cfg) && !(cloned & CLONE_NEWNET);
}

/* lo up, devices made and moved into init's new network namespace, which
 * is held from now on (see struct lct_spawn). */
static int setup_net(struct libct_container *ct, struct lct_spawn *sp, struct libct_error *err)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)sp->pid);
	sp->netns_fd = open(path, O_RDONLY | O_CLOEXEC);
	if (sp->netns_fd < 0)
		return lct_err(err, -errno, "net: open '%s'", path);
	return lct_net_setup(ct, sp->netns_fd, err);
}

/* The cgroup ownership (config-linux.md, as runc): with a cgroup namespace
 * of its own, a read-write cgroup mount at /sys/fs/cgroup and a user
 * namespace, the container's cgroup belongs to the host uid of the
 * process's user, so that what runs there (systemd) may manage the subtree
 * below it. -1 when not. */
static uid_t cgroup_owner(const struct libct_container *ct, const struct libct_process_desc *pd)
{
	const struct lct_config *cfg = &ct->cfg;
	bool rw_mount = false;

	if (!ct->cgroup || !cfg->ns_want[LIBCT_NS_CGROUP] || cfg->ns_path[LIBCT_NS_CGROUP] ||
	    !cfg->ns_want[LIBCT_NS_USER])
		return (uid_t)-1;
	for (size_t i = 0; i < cfg->n_mounts && !rw_mount; i++)
		rw_mount = lct_mount_is_cgroup(&cfg->mounts[i]) &&
			   strcmp(cfg->mounts[i].destination, "/sys/fs/cgroup") == 0 &&
			   !(cfg->mounts[i].flags & MS_RDONLY);
	for (size_t i = 0; rw_mount && i < cfg->n_uid_maps; i++) {
		const struct lct_idmap *m = &cfg->uid_maps[i];

		if (pd->uid >= m->container_id && pd->uid - m->container_id < m->size)
			return m->host_id + (pd->uid - m->container_id);
	}
	return (uid_t)-1;
}

/* Between clone and GO: what only the parent can do for init. */
static int place_init(struct libct_container *ct, const struct libct_process_desc *pd,
		      struct lct_spawn *sp, struct libct_error *err)
{
	uid_t owner = cgroup_owner(ct, pd);
	int r;

	/* cgroup first, so that all of init's setup is accounted and limited
	 * (init joined the v1 hierarchies itself, clone3 put it in the v2 one:
	 * this is for a cgroup without one to clone into: the systemd
	 * driver's scope before systemd made it; one that cannot be
	 * opened failed the clone) */
	if (ct->cgroup && !sp->joined && lct_cgroup_v2_fd(ct->cgroup, NULL) == -EBADF) {
		r = lct_cgroup_enter(ct->cgroup, sp->pid, err);
		if (r < 0)
			return r;
	}
	if (ct->cfg.ns_want[LIBCT_NS_USER] && !ct->cfg.ns_path[LIBCT_NS_USER]) {
		r = lct_ns_write_id_maps(sp->pid, &ct->cfg, err);
		if (r < 0)
			return r;
	}
	/* the OOM score, unless init was born with it (lct_ns_born_in_userns) */
	if (!lct_ns_born_in_userns(&ct->cfg, lct_ns_clone_flags(&ct->cfg)) &&
	    (r = lct_process_oom_score(-1, sp->pid, pd, err)) < 0)
		return r;
	if (owner != (uid_t)-1 && (r = lct_cgroup_delegate(ct->cgroup, owner, err)) < 0)
		return r;
	/* the network before GO, so that init's setup (and the hooks) find it
	 * ready; here when clone3 made the namespace (else see net_late) */
	if ((lct_ns_clone_flags(&ct->cfg) & CLONE_NEWNET) && lct_net_parent_setup(&ct->cfg))
		return setup_net(ct, sp, err);
	return 0;
}

/* NET: init unshared its new network namespace after joining others (so
 * that the namespace belongs to a joined user namespace): set it up now. */
static int net_late(struct libct_container *ct, struct lct_spawn *sp, struct libct_error *err)
{
	int r;

	if (!lct_spawn_net_late(&ct->cfg, lct_ns_clone_flags(&ct->cfg)))
		return 0;
	r = lct_sync_expect_logged(sp->sync_fd, LCT_SYNC_NET, ct->session, err);
	if (r == 0)
		r = setup_net(ct, sp, err);
	if (r == 0 && (r = lct_sync_send(sp->sync_fd, LCT_SYNC_NET_DONE)) < 0 &&
	    !lct_sync_peer_error(sp->sync_fd, r, err))
		lct_err(err, r, "sync: send NET_DONE");
	return r;
}

bool lct_spawn_has_runtime_hooks(const struct libct_container *ct)
{
	return ct->cfg.n_hooks[LIBCT_HOOK_PRESTART] || ct->cfg.n_hooks[LIBCT_HOOK_CREATE_RUNTIME];
}

/* HOOKS: init has its mounts and waits before pivot_root; run the runtime's
 * hooks (prestart is createRuntime's deprecated twin, run first). */
static int runtime_hooks(struct libct_container *ct, struct lct_spawn *sp,
			 lct_hook_state_fn *hook_state, struct libct_error *err)
{
	static const enum libct_hook kinds[] = { LIBCT_HOOK_PRESTART, LIBCT_HOOK_CREATE_RUNTIME };
	int r;

	if (!lct_spawn_has_runtime_hooks(ct))
		return 0;
	r = lct_sync_expect_logged(sp->sync_fd, LCT_SYNC_HOOKS, ct->session, err);
	for (size_t i = 0; i < ARRAY_SIZE(kinds) && r == 0; i++) {
		_cleanup_free_ char *state = NULL;

		if (!ct->cfg.n_hooks[kinds[i]])
			continue;
		state = hook_state(ct, kinds[i]);
		r = lct_hooks_exec(ct->session, &ct->cfg, kinds[i], state, NULL, false, err);
	}
	if (r == 0 && (r = lct_sync_send(sp->sync_fd, LCT_SYNC_HOOKS_DONE)) < 0 &&
	    !lct_sync_peer_error(sp->sync_fd, r, err))
		lct_err(err, r, "sync: send HOOKS_DONE");
	return r;
}

/* init closed the sync socket: say how it ended (exit status or signal),
 * once it has (a second at most: its files close before it is a zombie). */
static void add_death_cause(struct lct_spawn *sp, struct libct_error *err)
{
	siginfo_t si = { 0 };
	char was[LIBCT_ERROR_MSG_MAX];

	if (!err || sp->pid <= 0 || sp->pidfd < 0 || lct_pidfd_wait(sp->pidfd, 1000) < 0 ||
	    waitid(P_PID, sp->pid, &si, WEXITED | WNOHANG | WNOWAIT) < 0 || si.si_pid != sp->pid)
		return;
	memcpy(was, err->message, sizeof(was));
	if (si.si_code == CLD_EXITED)
		lct_err_msg(err, err->code, "%.800s (init exited with status %d)", was,
			    si.si_status);
	else
		lct_err_msg(err, err->code, "%.800s (init was killed by SIG%s)", was,
			    sigabbrev_np(si.si_status) ? sigabbrev_np(si.si_status) : "?");
}

long lct_spawn_wait_ms(const struct libct_container *ct, int kind)
{
	long ms = ct->session ? ct->session->setup_timeout_ms : 0;

	if (ms <= 0)
		return 0;
	for (size_t i = 0; kind >= 0 && i < ct->cfg.n_hooks[kind]; i++) {
		if (ct->cfg.hooks[kind][i].timeout <= 0)
			return 0;
		ms += ct->cfg.hooks[kind][i].timeout * 1000L;
	}
	return ms;
}

void lct_spawn_add_stall_cause(pid_t pid, struct libct_error *err)
{
	char was[LIBCT_ERROR_MSG_MAX], what[192];

	if (!lct_sync_timed_out(err) || pid <= 0 || !lct_proc_describe(pid, what, sizeof(what)))
		return;
	memcpy(was, err->message, sizeof(was));
	lct_err_msg(err, err->code, "%.800s (process %d is %s)", was, (int)pid, what);
}

/* The state of the hooks init runs (in the container), rendered now, before
 * clone: init takes them as bytes and runs no JSON library. */
static int render_init_hook_states(struct libct_container *ct, lct_hook_state_fn *hook_state,
				   struct lct_child_args *a, struct libct_error *err)
{
	static const enum libct_hook kinds[] = { LIBCT_HOOK_CREATE_CONTAINER,
						 LIBCT_HOOK_START_CONTAINER };

	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
		enum libct_hook k = kinds[i];

		if (!ct->cfg.n_hooks[k])
			continue;
		a->hook_state[k] = hook_state(ct, k);
		if (!a->hook_state[k])
			return lct_err(err, -ENOMEM, "%s hooks", libct_hook_to_string(k));
	}
	return 0;
}

/* The v1 cgroup directories (one per hierarchy: mkdir, cpuset fill, limits,
 * device rules) are made after clone, while init makes its mount, UTS, IPC
 * and network namespaces itself (unshare): on two CPUs the two halves run at
 * once rather than one after the other. The parent then opens their tasks
 * files and sends them with GO; init joins (writes 0 to each) before any
 * other step of its setup. The namespaces init made before are charged to
 * the caller's cgroup as they would be by clone3 (which runs in the caller's
 * context); in a new user namespace they belong to it as they would with
 * clone3. The cgroup2 directory is still made before clone: clone3 puts init
 * into it (writing a pid to cgroup.procs would wait for an RCU grace period).
 * Not with namespaces joined by path (init unshares after joining, see
 * lct_ns_join), nor with the systemd driver or on a unified host (no v1
 * hierarchy). */
_Static_assert(LCT_CGROUP_JOIN_MAX <= LCT_SYNC_FDS_MAX, "GO carries every tasks file");

static bool cgroup_late(const struct libct_container *ct)
{
	return ct->cgroup && lct_cgroup_v1_after_clone(ct->cgroup) && !lct_ns_joins_any(&ct->cfg);
}

/* What init unshares itself while the parent makes the v1 cgroups: the
 * namespaces nobody needs before GO (the network one only when the parent
 * has nothing to put into it). */
static unsigned long unshare_early(const struct lct_config *cfg, unsigned long cloned)
{
	unsigned long f = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC;

	if (!lct_net_parent_setup(cfg))
		f |= CLONE_NEWNET;
	return cloned & f;
}

static void free_hook_states(struct lct_child_args *a)
{
	for (size_t k = 0; k < ARRAY_SIZE(a->hook_state); k++) {
		free(a->hook_state[k]);
		a->hook_state[k] = NULL;
	}
}

static bool mounts_cgroup(const struct lct_config *cfg)
{
	for (size_t i = 0; i < cfg->n_mounts; i++)
		if (lct_mount_is_cgroup(&cfg->mounts[i]))
			return true;
	return false;
}

int lct_spawn_init(struct libct_container *ct, const struct libct_process_desc *pd,
		   enum lct_start_mode mode, int state_dirfd, const struct lct_spawn_render *render,
		   const struct lct_spawn_meanwhile *meanwhile, struct lct_spawn *sp,
		   struct libct_error *err)
{
	struct lct_child_args a = { .ct = ct, .pd = pd, .mode = mode, .listen_fd = -EBADF };
	struct lct_cgroup *callers = NULL;
	int fds[2], r;

	*sp = (struct lct_spawn){ .pid = 0,
				  .pidfd = -EBADF,
				  .sync_fd = -EBADF,
				  .listen_fd = -EBADF,
				  .netns_fd = -EBADF,
				  .mode = mode,
				  .session = ct->session };
	r = lct_seccomp_prepare(ct->session, pd->seccomp, &sp->seccomp, err);
	if (r < 0)
		return r;
	a.seccomp = sp->seccomp;
	if (lct_seccomp_notifies(sp->seccomp) && !pd->seccomp->listener_path) {
		r = lct_err_msg(err, -EINVAL,
				"seccomp: SCMP_ACT_NOTIFY needs a listener path "
				"(linux.seccomp.listenerPath)");
		goto fail;
	}
	r = a.stub_fd = lct_stub_fd(ct->session, err);
	if (r < 0)
		goto fail;
	r = render_init_hook_states(ct, render->hook_state, &a, err);
	if (r < 0)
		goto fail;
	if (mode == LCT_START_SOCKET) {
		r = start_socket_listen(state_dirfd, err);
		if (r < 0)
			goto fail;
		sp->listen_fd = a.listen_fd = r;
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) < 0) {
		r = lct_err(err, -errno, "socketpair");
		goto fail;
	}
	sp->sync_fd = fds[0];
	a.cloned = lct_ns_clone_flags(&ct->cfg);
	a.dumpable_until_go = ct->cfg.ns_want[LIBCT_NS_USER] && !ct->cfg.ns_path[LIBCT_NS_USER] &&
			      lct_rootless(ct->session);
	a.bind_devices = ct->cfg.ns_want[LIBCT_NS_USER] || lct_rootless(ct->session);
	a.cgroup_late = cgroup_late(ct);
	if (a.cgroup_late) {
		a.unshare_early = unshare_early(&ct->cfg, a.cloned);
		a.cloned &= ~a.unshare_early;
	}
	if (ct->cgroup &&
	    (r = lct_cgroup_make(ct->cgroup, &ct->cfg,
				 a.cgroup_late ? LCT_CGROUP_MAKE_FOR_CLONE : LCT_CGROUP_MAKE_ALL,
				 err)) < 0) {
		close(fds[1]);
		goto fail;
	}
	if (ct->cgroup && !a.cgroup_late &&
	    (r = lct_cgroup_join_prepare(ct->cgroup, NULL, &a.join, err)) < 0) {
		close(fds[1]);
		goto fail;
	}
	sp->joined = a.cgroup_late || a.join.n > 0;
	/* no cgroup of its own in some hierarchy or in all (rootless): a
	 * cgroup mount shows the caller's there, read here, before init's
	 * cgroup namespace would hide where it is */
	a.mount_cg = ct->cgroup;
	if (mounts_cgroup(&ct->cfg) && (!ct->cgroup || lct_rootless(ct->session))) {
		r = lct_cgroup_mount_view(ct->session, ct->cgroup, &callers, err);
		if (r < 0) {
			lct_cgroup_join_release(&a.join);
			close(fds[1]);
			goto fail;
		}
		if (callers)
			a.mount_cg = callers;
	}
	/* idmapped mounts are cloned on the host side: init inherits them */
	if ((r = lct_idmap_prepare(&ct->cfg, err)) < 0) {
		lct_cgroup_join_release(&a.join);
		close(fds[1]);
		goto fail;
	}
	lct_trace(ct->session, "spawn: prepared (cgroup, seccomp filter, stub, start socket)");
	r = clone_init(ct, &a, sp, fds[1], err);
	lct_cgroup_free(TAKE_PTR(callers));
	lct_idmap_release(&ct->cfg);
	lct_cgroup_join_release(&a.join);
	free_hook_states(&a);
	close(fds[1]);
	if (r < 0)
		goto fail;
	/* the hooks' state names init */
	ct->pid = sp->pid;
	/* from here every wait for init is bounded (createContainer hooks, which
	 * init runs, add theirs); the one for its exec at start too */
	lct_sync_set_timeout(sp->sync_fd, lct_spawn_wait_ms(ct, LIBCT_HOOK_CREATE_CONTAINER));
	sp->start_wait_ms = lct_spawn_wait_ms(ct, LIBCT_HOOK_START_CONTAINER);
	lct_trace(ct->session, "spawn: init cloned");
	if (a.cgroup_late) {
		r = lct_cgroup_make(ct->cgroup, &ct->cfg, LCT_CGROUP_MAKE_REST, err);
		if (r == 0)
			r = lct_cgroup_join_prepare(ct->cgroup, NULL, &a.join, err);
		if (r < 0)
			goto fail;
		lct_trace(ct->session, "spawn: v1 cgroups made (while init unshares)");
	}
	r = place_init(ct, pd, sp, err);
	if (r < 0)
		goto fail;
	lct_trace(ct->session, "spawn: init placed (cgroup, id maps, network)");
	/* with the late v1 cgroups' tasks files */
	r = lct_sync_send_fds(sp->sync_fd, LCT_SYNC_GO, a.join.fd, a.join.n);
	lct_cgroup_join_release(&a.join);
	if (r < 0) {
		if (!lct_sync_peer_error(sp->sync_fd, r, err))
			lct_err(err, r, "sync: send GO");
		goto fail;
	}
	if (meanwhile && (r = meanwhile->fn(meanwhile->arg, sp->seccomp, err)) < 0)
		goto fail;
	lct_trace(ct->session, "spawn: GO sent, the caller's files written meanwhile");
	r = net_late(ct, sp, err);
	if (r < 0)
		goto fail;
	r = runtime_hooks(ct, sp, render->hook_state, err);
	if (r < 0)
		goto fail;
	if (lct_seccomp_notifies(sp->seccomp) &&
	    (r = lct_notify_agent(ct, sp->pid, pd->seccomp->listener_path,
				  pd->seccomp->listener_metadata, LIBCT_STATUS_CREATING,
				  sp->sync_fd, render->process_state, err)) < 0)
		goto fail;
	r = lct_sync_expect_logged(sp->sync_fd, LCT_SYNC_READY, ct->session, err);
	if (r < 0)
		goto fail;
	lct_trace(ct->session, "spawn: init ready (namespaces, mounts, devices, credentials)");
	return 0;
fail:
	free_hook_states(&a);
	lct_cgroup_free(callers);
	lct_cgroup_join_release(&a.join);
	if (r == -EPIPE)
		add_death_cause(sp, err);
	else if (r == -ETIMEDOUT)
		lct_spawn_add_stall_cause(sp->pid, err);
	/* from the held namespace, whether init still lives or not */
	lct_net_teardown(ct, sp->netns_fd, true, NULL);
	lct_spawn_abort(sp);
	return r;
}

int lct_spawn_ack(struct lct_spawn *sp, struct libct_error *err)
{
	int r = lct_sync_send(sp->sync_fd, LCT_SYNC_ACK);

	if (r < 0 && lct_sync_peer_error(sp->sync_fd, r, err))
		return r;
	if (r < 0)
		return lct_err(err, r, "sync: send ACK");
	if (sp->mode == LCT_START_SOCKET)
		closep(&sp->sync_fd);
	closep(&sp->listen_fd);
	return 0;
}

int lct_spawn_start(struct lct_spawn *sp, struct libct_error *err)
{
	int r = lct_sync_send(sp->sync_fd, LCT_SYNC_START);

	if (r == -EPIPE || r == -ECONNRESET) {
		/* killed meanwhile (ct kill, the OOM killer): say how it ended */
		if (!lct_sync_peer_error(sp->sync_fd, r, err))
			lct_err_msg(err, r, "sync: container init exited before START");
		add_death_cause(sp, err);
		return r;
	}
	if (r < 0)
		return lct_err(err, r, "sync: send START");
	/* EOF means init's exec closed its end (close-on-exec): success. */
	lct_sync_set_timeout(sp->sync_fd, sp->start_wait_ms);
	r = lct_sync_expect_logged(sp->sync_fd, 0, sp->session, err);
	closep(&sp->sync_fd);
	/* START unread: init ended before its exec */
	if (r == -ECONNRESET)
		add_death_cause(sp, err);
	if (r == -ETIMEDOUT)
		lct_spawn_add_stall_cause(sp->pid, err);
	if (r == -EPIPE) {
		lct_err_clear(err);
		return 0;
	}
	return r;
}

void lct_spawn_kill(pid_t pid, int pidfd)
{
	if (pidfd >= 0)
		syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
	else
		kill(pid, SIGKILL);
	/* bounded: a process in an uninterruptible wait (a hung FUSE or NFS
	 * file) dies only when that wait ends; it is then reaped by whoever
	 * inherits it */
	if (pidfd >= 0)
		lct_pidfd_wait(pidfd, 10000);
	while (waitpid(pid, NULL, pidfd >= 0 ? WNOHANG : 0) < 0 && errno == EINTR)
		;
}

void lct_spawn_abort(struct lct_spawn *sp)
{
	if (sp->pid > 0) {
		lct_spawn_kill(sp->pid, sp->pidfd);
		sp->pid = 0;
	}
	closep(&sp->pidfd);
	lct_spawn_release(sp);
}

void lct_spawn_release(struct lct_spawn *sp)
{
	closep(&sp->sync_fd);
	closep(&sp->listen_fd);
	closep(&sp->netns_fd);
	lct_seccomp_free(sp->seccomp);
	sp->seccomp = NULL;
}

int lct_start_socket_release(int state_dirfd, long wait_ms, struct libct_error *err)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	_cleanup_close_ int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	char go = 1;
	int r;

	if (fd < 0)
		return lct_err(err, -errno, "socket");
	snprintf(sa.sun_path, sizeof(sa.sun_path), "/proc/self/fd/%d/%s", state_dirfd,
		 LCT_START_SOCKET_FILE);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return lct_err(err, -errno, "connect to the container's start socket");
	if (send(fd, &go, 1, MSG_NOSIGNAL) < 0)
		return lct_err(err, -errno, "start container");
	lct_sync_set_timeout(fd, wait_ms);
	r = lct_sync_expect(fd, 0, err);
	if (r == -EPIPE) {
		lct_err_clear(err);
		return 0;
	}
	return r;
}
