/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The container lifecycle: create, start, run, wait, kill, delete, and the
 * status read back from the kernel. */
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

#include "cgroup/cgroup.h"
#include "core/confine.h"
#include "core/notify.h"
#include "core/saved-config.h"
#include "core/state.h"
#include "net/net.h"
#include "ns/ns.h"
#include "spawn/spawn.h"
#include "util/util.h"

int lct_container_alloc(struct libct_session *s, const char *id, struct libct_container **ret,
			struct libct_error *err);

static const char *const status_names[] = {
	[LIBCT_STATUS_UNKNOWN] = "unknown", [LIBCT_STATUS_CREATING] = "creating",
	[LIBCT_STATUS_CREATED] = "created", [LIBCT_STATUS_RUNNING] = "running",
	[LIBCT_STATUS_PAUSED] = "paused",   [LIBCT_STATUS_STOPPED] = "stopped",
};

LCT_EXPORT const char *libct_status_to_string(enum libct_status st)
{
	return (unsigned)st <= LIBCT_STATUS_STOPPED ? status_names[st] : "unknown";
}

static bool locked_by_other(struct libct_container *ct)
{
	return lct_state_dir_state(ct) == LCT_DIR_HELD;
}

/* locked: the caller holds the container's lock (delete's second look), so
 * that a held lock is no sign of a create under way */
static int open_record(struct libct_session *s, const char *id, bool locked,
		       struct libct_container **ret, struct libct_error *err)
{
	struct libct_container *ct;
	int r = lct_container_alloc(s, id, &ct, err);

	if (r < 0)
		return r;
	r = lct_state_load(ct, err);
	/* not read (missing or damaged): a create under way, one that finished
	 * since (read again), a directory removed since, or a record that is
	 * really missing or damaged */
	if (r == -EUCLEAN && !locked) {
		switch (lct_state_dir_state(ct)) {
		case LCT_DIR_RECORD:
			/* into a new handle: a damaged record filled part of this one */
			libct_container_free(ct);
			r = lct_container_alloc(s, id, &ct, err);
			if (r < 0)
				return r;
			r = lct_state_load(ct, err);
			break;
		case LCT_DIR_HELD:
			lct_err_msg(err, r,
				    "container '%s' has no state record yet (a create or delete "
				    "of it is under way)",
				    id);
			break;
		case LCT_DIR_GONE:
			r = lct_state_err_missing(id, err);
			break;
		case LCT_DIR_FREE:
			break;
		}
	}
	if (r < 0) {
		libct_container_free(ct);
		return r;
	}
	*ret = ct;
	return 0;
}

LCT_EXPORT int libct_container_open(struct libct_session *s, const char *id,
				    struct libct_container **ret, struct libct_error *err)
{
	return open_record(s, id, false, ret, err);
}

/* What a half-made or damaged container consists of: the cgroup its
 * journal lists, else the one a default create of its id would have made. */
static int rebuild(struct libct_container *ct, const char *damage, bool locked,
		   struct libct_error *err)
{
	struct libct_error jerr = { 0 };

	ct->damage = strdup(damage);
	if (!ct->damage)
		return lct_err(err, -ENOMEM, "open container '%s'", ct->id);
	if (lct_state_journal_load(ct, &jerr) < 0 || !ct->cgroup) {
		lct_log(ct->session, LIBCT_LOG_DEBUG,
			"container '%s': %s; taking the default "
			"cgroup path",
			ct->id, jerr.message);
		if (lct_cgroup_guess(ct->session, ct->id, &ct->cgroup, err) < 0)
			return err ? err->code : -EINVAL;
	}
	ct->forced_status = !locked && locked_by_other(ct) ? LIBCT_STATUS_CREATING :
							     LIBCT_STATUS_STOPPED;
	return 0;
}

static int open_any(struct libct_session *s, const char *id, bool locked,
		    struct libct_container **ret, struct libct_error *err)
{
	struct libct_error why = { 0 };
	struct libct_container *ct;
	int r = open_record(s, id, locked, &ct, &why);

	if (r == 0) {
		*ret = ct;
		return 0;
	}
	if (r != -EUCLEAN) {
		if (err)
			*err = why;
		return r;
	}
	r = lct_container_alloc(s, id, &ct, err);
	if (r < 0)
		return r;
	r = rebuild(ct, why.message, locked, err);
	if (r < 0) {
		libct_container_free(ct);
		return r;
	}
	*ret = ct;
	return 0;
}

LCT_EXPORT int libct_container_open_any(struct libct_session *s, const char *id,
					struct libct_container **ret, struct libct_error *err)
{
	return open_any(s, id, false, ret, err);
}

LCT_EXPORT const char *libct_container_damage(const struct libct_container *ct)
{
	return ct->damage;
}

enum init_state {
	INIT_GONE,
	INIT_ALIVE,
	INIT_UNKNOWN
};

/* init is alive when its pid still names the process we started (same start
 * time) and that process has not exited; unknown when /proc cannot say
 * (a failure other than the pid's absence: never taken for its end). */
static enum init_state init_state(struct libct_container *ct)
{
	uint64_t start = 0;
	char state;

	if (ct->pid <= 0 || ct->exit_status >= 0)
		return INIT_GONE;
	errno = 0;
	state = lct_pid_stat(ct->pid, &start, NULL);
	if (!state)
		return errno && errno != ENOENT && errno != ESRCH ? INIT_UNKNOWN : INIT_GONE;
	return state != 'Z' && state != 'X' && start == ct->pid_start_time ? INIT_ALIVE : INIT_GONE;
}

static bool init_alive(struct libct_container *ct)
{
	return init_state(ct) == INIT_ALIVE;
}

static bool start_pending(struct libct_container *ct)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "%s/%s", ct->id, LCT_START_SOCKET_FILE);
	return faccessat(ct->session->state_dirfd, p, F_OK, AT_SYMLINK_NOFOLLOW) == 0;
}

LCT_EXPORT enum libct_status libct_container_status(struct libct_container *ct)
{
	if (ct->forced_status != LIBCT_STATUS_UNKNOWN)
		return ct->forced_status;
	if (!ct->created)
		return LIBCT_STATUS_CREATING;
	switch (init_state(ct)) {
	case INIT_GONE:
		return LIBCT_STATUS_STOPPED;
	case INIT_UNKNOWN:
		return LIBCT_STATUS_UNKNOWN;
	case INIT_ALIVE:
		break;
	}
	if (start_pending(ct))
		return LIBCT_STATUS_CREATED;
	/* a freezer state that cannot be read is not taken for a thawed one:
	 * a paused container called running would take a pause, a kill or an
	 * exec as if it ran */
	switch (ct->cgroup ? lct_cgroup_is_frozen(ct->cgroup) : 0) {
	case 0:
		return LIBCT_STATUS_RUNNING;
	case 1:
		return LIBCT_STATUS_PAUSED;
	default:
		return LIBCT_STATUS_UNKNOWN;
	}
}

int lct_status_unknown_err(struct libct_container *ct, const char *what, struct libct_error *err)
{
	/* the one of the two that cannot be read, asked again (error path) */
	if (init_state(ct) != INIT_UNKNOWN)
		return lct_err_msg(err, -EIO,
				   "cannot %s container '%s': whether it is paused cannot be "
				   "read from its freezer cgroup",
				   what, ct->id);
	return lct_err_msg(err, -EIO,
			   "cannot %s container '%s': whether its init (pid %d) runs "
			   "cannot be read from /proc",
			   what, ct->id, (int)ct->pid);
}

LCT_EXPORT int libct_container_pidfd(struct libct_container *ct)
{
	if (ct->pidfd < 0 && init_alive(ct)) {
		ct->pidfd = syscall(SYS_pidfd_open, ct->pid, 0);
		/* the pid may have been reused between the check and the open */
		if (ct->pidfd >= 0 && !init_alive(ct))
			closep(&ct->pidfd);
	}
	return ct->pidfd;
}

static int validate(struct libct_container *ct, const struct libct_process_desc *pd,
		    struct libct_error *err)
{
	const struct lct_config *cfg = &ct->cfg;
	struct stat st;
	int r;

	if (!pd || (!pd->fn && (!pd->argv || !pd->argv[0])))
		return lct_err_msg(err, -EINVAL, "process args must not be empty");
	if (pd->sub_cgroups)
		return lct_err_msg(err, -EINVAL,
				   "a sub-cgroup is for a process entering a running container, "
				   "not for init");
	/* no root: the caller's */
	if (cfg->root && stat(cfg->root, &st) < 0)
		return lct_err(err, -errno, "root '%s'", cfg->root);
	if (cfg->root && !S_ISDIR(st.st_mode))
		return lct_err_msg(err, -ENOTDIR, "root '%s' is not a directory", cfg->root);
	/* a UTS namespace joined by path gets the names too (as runc) */
	if ((cfg->hostname || cfg->domainname) && !cfg->ns_want[LIBCT_NS_UTS])
		return lct_err_msg(err, -EINVAL, "hostname and domainname need a UTS namespace");
	if (cfg->ns_want[LIBCT_NS_USER] && !cfg->ns_path[LIBCT_NS_USER] &&
	    (!cfg->n_uid_maps || !cfg->n_gid_maps))
		return lct_err_msg(err, -EINVAL, "a new user namespace needs uid and gid maps");
	/* a joined time namespace has its offsets: they are set only before
	 * anyone enters it */
	if (lct_ns_time_offsets(cfg) &&
	    (!cfg->ns_want[LIBCT_NS_TIME] || cfg->ns_path[LIBCT_NS_TIME]))
		return lct_err_msg(err, -EINVAL,
				   "time offsets need a new time namespace (not one joined by "
				   "path)");
	/* before anything is made: no host sysctl is changed */
	r = lct_sysctl_check(cfg, err);
	return r < 0 ? r : lct_net_validate(cfg, err);
}

/* UTC, without gmtime_r and strftime: they would load the time zone
 * (/etc/localtime) on every create for nothing. */
static char *rfc3339_now(void)
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	lct_utc_time(ts.tv_sec, &tm);
	return lct_asprintf("%04d-%02d-%02dT%02d:%02d:%02d.%09ldZ", tm.tm_year + 1900,
			    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
			    ts.tv_nsec);
}

/* Undo a failed create: network devices, init, cgroup, state directory (kept
 * with its journal when the cgroup cannot go, for a later delete -f). */
static void rollback(struct libct_container *ct, struct lct_spawn *sp)
{
	bool keep = false;

	lct_net_teardown(ct, sp->netns_fd, true, NULL);
	lct_spawn_abort(sp);
	if (ct->cgroup) {
		struct libct_error e = { 0 };

		lct_cgroup_kill(ct->cgroup, SIGKILL, NULL);
		if (lct_cgroup_destroy(ct->cgroup, &e) < 0) {
			lct_log(ct->session, LIBCT_LOG_WARNING, "container '%s': %s", ct->id,
				e.message);
			keep = true;
		}
		lct_cgroup_free(ct->cgroup);
		ct->cgroup = NULL;
	}
	if (!keep)
		lct_state_dir_remove(ct, NULL);
	closep(&ct->notify_fd);
	ct->pid = 0;
	free(ct->created);
	ct->created = NULL;
}

/* The state directory of a create that died: kill what lives in the cgroup
 * its journal lists, remove that, and empty the directory for this create. */
static int undo_dead_create(struct libct_container *ct, int lock, struct libct_error *err)
{
	struct lct_cgroup *cg = NULL;
	int r = 0;

	lct_log(ct->session, LIBCT_LOG_WARNING,
		"container '%s': undoing a create that did not finish", ct->id);
	lct_cgroup_free(ct->cgroup);
	ct->cgroup = NULL;
	if (lct_state_journal_load(ct, NULL) == 0)
		cg = TAKE_PTR(ct->cgroup);
	if (cg) {
		lct_cgroup_kill(cg, SIGKILL, NULL);
		r = lct_cgroup_destroy(cg, err);
		lct_cgroup_free(cg);
		if (r < 0)
			return lct_err_prefix(err,
					      "container '%s' already exists (a create that did "
					      "not finish left it; 'ct delete -f %s')",
					      ct->id, ct->id);
	}
	lct_dir_empty_at(lock);
	return 0;
}

/* init died before READY: say why when the kernel knows (the OOM killer). */
static void explain_init_death(struct libct_container *ct, uint64_t oom_before,
			       struct libct_error *err)
{
	const struct lct_resources *res = &ct->cfg.res;
	char was[LIBCT_ERROR_MSG_MAX];

	if (!err || !ct->cgroup || lct_cgroup_oom_kills(ct->cgroup) <= oom_before)
		return;
	memcpy(was, err->message, sizeof(was));
	if (res->set[LIBCT_MEMORY_LIMIT])
		lct_err_msg(err, err->code ? err->code : -ENOMEM,
			    "%.700s: the OOM killer killed it "
			    "(memory limit %" PRId64 " bytes is too low)",
			    was, res->value[LIBCT_MEMORY_LIMIT]);
	else
		lct_err_msg(err, err->code ? err->code : -ENOMEM,
			    "%.700s: the OOM killer killed it", was);
}

/* What create writes while init sets itself up: the config.json later
 * processes are entered with, and init's confinement (with the filter spawn
 * compiled for it) that every exec takes. */
struct create_files {
	struct libct_container *ct;
	const struct libct_process_desc *pd;
	int lock;
};

static int write_create_files(void *arg, void *seccomp, struct libct_error *err)
{
	struct create_files *f = arg;
	int r = lct_saved_config_write(f->ct, f->lock, err);

	return r < 0 ? r : lct_confine_save(f->lock, f->pd, seccomp, err);
}

/* On success *ret_lock holds the container's lock: the caller keeps it for
 * as long as the container must not be seen half done (run: until started). */
static int create(struct libct_container *ct, const struct libct_process_desc *pd,
		  enum lct_start_mode mode, struct lct_spawn *sp, int *ret_lock,
		  struct libct_error *err)
{
	struct create_files files = { ct, pd, -EBADF };
	struct lct_spawn_meanwhile meanwhile = { write_create_files, &files };
	_cleanup_close_ int lock = -EBADF;
	uint64_t oom_before;
	bool stale = false;
	int r;

	r = validate(ct, pd, err);
	if (r < 0)
		return r;
	lct_trace(ct->session, "create: validated");
	lock = lct_state_dir_create(ct, &stale, err);
	if (lock < 0)
		return lock;
	lct_trace(ct->session, "create: state directory made and locked");
	if (stale) {
		r = undo_dead_create(ct, lock, err);
		if (r < 0)
			return r;
	}
	*sp = (struct lct_spawn){ .pidfd = -EBADF,
				  .sync_fd = -EBADF,
				  .listen_fd = -EBADF,
				  .netns_fd = -EBADF };
	/* a handle may create again after a delete: nothing of the last run stays */
	ct->exit_status = -1;
	closep(&ct->pidfd);
	lct_cgroup_free(ct->cgroup);
	ct->cgroup = NULL;
	free(ct->created);
	ct->created = rfc3339_now();
	if (!ct->created) {
		r = lct_err(err, -ENOMEM, "create");
		goto fail;
	}
	/* bound before init exists: the process may send as soon as it runs */
	r = lct_notify_prepare(ct, lock, err);
	if (r < 0)
		goto fail;
	/* recorded before it is made: a kill from here on leaves a journal that
	 * delete -f and the next create of this id undo */
	r = lct_cgroup_plan(ct->session, ct->id, &ct->cfg, &ct->cgroup, err);
	if (r == 0)
		r = lct_state_journal_write(ct, lock, err);
	if (r < 0)
		goto fail;
	lct_trace(ct->session, "create: cgroup planned, journal written");
	/* a cgroup taken over may have counted OOM kills before */
	oom_before = ct->cgroup ? lct_cgroup_oom_kills_before(ct->cgroup) : 0;
	/* spawn makes the cgroup, around init's clone */
	files.lock = lock;
	r = lct_spawn_init(ct, pd, mode, lock, &lct_render, &meanwhile, sp, err);
	if (r < 0) {
		explain_init_death(ct, oom_before, err);
		goto fail;
	}
	ct->pid = sp->pid;
	ct->pidfd = TAKE_FD(sp->pidfd);
	ct->own_child = true;
	/* init's identity for every later call: without it, a live init would
	 * be taken for a stopped one */
	errno = 0;
	ct->pid_start_time = lct_pid_start_time(ct->pid);
	if (!ct->pid_start_time) {
		r = lct_err(err, errno ? -errno : -ESRCH, "read the start time of init (pid %d)",
			    (int)ct->pid);
		goto fail;
	}
	r = lct_state_save(ct, err);
	if (r < 0)
		goto fail;
	lct_trace(ct->session, "create: state.json written");
	r = lct_spawn_ack(sp, err);
	if (r < 0)
		goto fail;
	*ret_lock = TAKE_FD(lock);
	return 0;
fail:
	sp->pidfd = TAKE_FD(ct->pidfd);
	rollback(ct, sp);
	return r;
}

/* The handle that created a container with network devices keeps its
 * network namespace, so that a delete through it can take host devices back
 * even after init has exited. */
static void keep_netns(struct libct_container *ct, struct lct_spawn *sp)
{
	if (sp->netns_fd >= 0 && lct_net_has_links(&ct->cfg)) {
		closep(&ct->netns_fd);
		ct->netns_fd = TAKE_FD(sp->netns_fd);
	}
}

LCT_EXPORT int libct_container_create(struct libct_container *ct,
				      const struct libct_process_desc *pd, struct libct_error *err)
{
	_cleanup_close_ int lock = -EBADF;
	struct lct_spawn sp;
	int r = create(ct, pd, LCT_START_SOCKET, &sp, &lock, err);

	if (r == 0) {
		keep_netns(ct, &sp);
		lct_spawn_release(&sp);
	}
	return r;
}

LCT_EXPORT int libct_container_run(struct libct_container *ct, const struct libct_process_desc *pd,
				   struct libct_error *err)
{
	/* held until started, as start holds it: a delete, kill or pause in
	 * between waits, and a failed start undoes only this container */
	_cleanup_close_ int lock = -EBADF;
	struct lct_spawn sp;
	int r = create(ct, pd, LCT_START_SYNC, &sp, &lock, err);

	if (r < 0)
		return r;
	/* init's pidfd goes with it: a failed start says how init ended */
	sp.pid = ct->pid;
	sp.pidfd = TAKE_FD(ct->pidfd);
	r = lct_spawn_start(&sp, err);
	if (r < 0) {
		/* run is all or nothing */
		rollback(ct, &sp);
		return r;
	}
	ct->pidfd = TAKE_FD(sp.pidfd);
	keep_netns(ct, &sp);
	lct_spawn_release(&sp);
	lct_trace(ct->session, "run: started");
	lct_hooks_run(ct, LIBCT_HOOK_POSTSTART, true, NULL);
	return 0;
}

LCT_EXPORT int libct_container_start(struct libct_container *ct, struct libct_error *err)
{
	_cleanup_close_ int lock = lct_state_lock(ct, err);
	enum libct_status st;
	int r;

	if (lock < 0)
		return lock;
	st = libct_container_status(ct);
	if (st != LIBCT_STATUS_CREATED)
		return lct_err_msg(err, -EINVAL, "cannot start a container that is %s",
				   libct_status_to_string(st));
	r = lct_start_socket_release(lock, lct_spawn_wait_ms(ct, LIBCT_HOOK_START_CONTAINER), err);
	if (r == -ETIMEDOUT)
		lct_spawn_add_stall_cause(ct->pid, err);
	unlinkat(lock, LCT_START_SOCKET_FILE, 0);
	if (r == 0)
		lct_hooks_run(ct, LIBCT_HOOK_POSTSTART, true, NULL);
	return r;
}

LCT_EXPORT int libct_container_wait(struct libct_container *ct, int *ret_status,
				    struct libct_error *err)
{
	int status;

	if (ct->exit_status >= 0)
		goto done;
	if (!ct->own_child) {
		int fd = libct_container_pidfd(ct);

		if (fd >= 0 && lct_pidfd_wait(fd, -1) < 0)
			return lct_err(err, -errno, "wait for container '%s'", ct->id);
		return lct_err_msg(err, -ECHILD,
				   "container '%s' was not started by this process: exited, status "
				   "unknown",
				   ct->id);
	}
	while (waitpid(ct->pid, &status, 0) < 0)
		if (errno != EINTR)
			return lct_err(err, -errno, "wait for container '%s' (pid %d)", ct->id,
				       (int)ct->pid);
	ct->exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	lct_trace(ct->session, "wait: init reaped");
done:
	if (ret_status)
		*ret_status = ct->exit_status;
	return 0;
}

LCT_EXPORT int libct_container_kill(struct libct_container *ct, int sig, bool all,
				    struct libct_error *err)
{
	enum libct_status st = libct_container_status(ct);
	int fd;

	if (sig < 0 || sig >= _NSIG)
		return lct_err_msg(err, -EINVAL, "invalid signal %d", sig);
	/* init gone, its children may live on (a pid namespace not its own):
	 * --all still reaches them, as runc (containerd's teardown needs it) */
	if (st == LIBCT_STATUS_STOPPED && all && ct->cgroup)
		return lct_cgroup_kill(ct->cgroup, sig, err);
	/* runc's words, which containerd's shim maps to "not found" (a kill
	 * that finds the process gone is no error to it) */
	if (st == LIBCT_STATUS_STOPPED || st == LIBCT_STATUS_CREATING)
		return lct_err_msg(err, -ESRCH, "container not running: '%s'", ct->id);
	if (all && ct->cgroup)
		return lct_cgroup_kill(ct->cgroup, sig, err);
	/* no cgroup of its own (rootless): the members of its pid namespace */
	if (all && ct->cfg.ns_want[LIBCT_NS_PID] && !ct->cfg.ns_path[LIBCT_NS_PID] &&
	    st != LIBCT_STATUS_UNKNOWN)
		return lct_pidns_kill(ct, sig, err);
	if (st == LIBCT_STATUS_UNKNOWN)
		return lct_status_unknown_err(ct, "signal", err);
	fd = libct_container_pidfd(ct);
	if (fd < 0)
		return lct_err_msg(err, -ESRCH, "container '%s' is not running", ct->id);
	if (syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0) < 0)
		return lct_err(err, -errno, "kill container '%s' with signal %d", ct->id, sig);
	return 0;
}

/* Before init is killed, while its network namespace is there: host devices
 * go back (those asked to), veths' host ends go. A device that cannot come
 * back is a warning: the rest of the delete goes on. */
static void net_teardown(struct libct_container *ct)
{
	_cleanup_close_ int nsfd = -EBADF;
	struct libct_error e = { 0 };
	char path[64];

	if (!lct_net_has_links(&ct->cfg))
		return;
	if (init_alive(ct)) {
		snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)ct->pid);
		nsfd = open(path, O_RDONLY | O_CLOEXEC);
		/* the pid may have been reused between the check and the open */
		if (nsfd >= 0 && !init_alive(ct))
			closep(&nsfd);
	}
	if (nsfd < 0 && ct->netns_fd >= 0)
		nsfd = TAKE_FD(ct->netns_fd);
	if (lct_net_teardown(ct, nsfd, false, &e) < 0)
		lct_log(ct->session, LIBCT_LOG_WARNING, "delete container '%s': %s", ct->id,
			e.message);
}

/* Kill init and everything in the cgroup, and wait until init is gone, for
 * LCT_STOP_WAIT_MS at most: a task frozen by a freezer cgroup ct did not make,
 * or stuck in the kernel, is reported instead of waited for forever. */
#define LCT_STOP_WAIT_MS 10000

static int stop(struct libct_container *ct, struct libct_error *err)
{
	int fd = libct_container_pidfd(ct);
	int r = 0;

	if (ct->cgroup && lct_cgroup_is_frozen(ct->cgroup) == 1)
		lct_cgroup_freeze(ct->cgroup, false, NULL);
	if (ct->cgroup)
		r = lct_cgroup_kill(ct->cgroup, SIGKILL, err);
	if (fd >= 0) {
		syscall(SYS_pidfd_send_signal, fd, SIGKILL, NULL, 0);
		if (lct_pidfd_wait(fd, LCT_STOP_WAIT_MS) == -ETIMEDOUT)
			return lct_err_msg(err, -ETIMEDOUT,
					   "container '%s': init (pid %d) is still "
					   "there %d s after SIGKILL (frozen by a freezer cgroup "
					   "of someone else, or stuck in the kernel?)",
					   ct->id, (int)ct->pid, LCT_STOP_WAIT_MS / 1000);
		if (ct->own_child)
			libct_container_wait(ct, NULL, NULL);
	}
	return r;
}

/* delete with the lock held; a damaged container's processes are found
 * through its cgroup alone. */
static int delete_locked(struct libct_container *ct, bool force, struct libct_error *err)
{
	enum libct_status st = libct_container_status(ct);
	int r;

	if (ct->damage && !force)
		return lct_err_msg(err, -EUCLEAN, "%s ('ct delete -f %s' removes it)", ct->damage,
				   ct->id);
	/* a created container that never ran goes too, as with runc and crun
	 * (containerd relies on it); doc/differences.md says why */
	if (st != LIBCT_STATUS_STOPPED && st != LIBCT_STATUS_CREATED && !force)
		return lct_err_msg(err, -EBUSY,
				   "cannot delete container '%s' that is not stopped: %s", ct->id,
				   libct_status_to_string(st));
	if (!ct->damage)
		net_teardown(ct);
	/* the kernel kills what is left only with a pid namespace of its own:
	 * none, or one joined by path, leaves the rest to us (as runc) */
	/* ...and with one, a stopped container's cgroup is empty once its
	 * exiting processes have left (destroy waits for them), unless its
	 * record no longer names its init: forced, whoever is there goes now
	 * rather than after the removal's wait (not looked for when this
	 * process reaped init: the kernel ended the rest before that) */
	if (ct->damage || st != LIBCT_STATUS_STOPPED || !ct->cfg.ns_want[LIBCT_NS_PID] ||
	    ct->cfg.ns_path[LIBCT_NS_PID] ||
	    (force && ct->exit_status < 0 && ct->cgroup &&
	     lct_cgroup_has_members(ct->cgroup) == 1)) {
		r = stop(ct, err);
		if (r < 0)
			return r;
	} else if (ct->own_child) {
		libct_container_wait(ct, NULL, NULL);
	}
	lct_trace(ct->session, "delete: processes gone");
	if (ct->cgroup) {
		r = lct_cgroup_destroy(ct->cgroup, err);
		/* stopped, and yet processes in its cgroup (an init whose record
		 * no longer names it): forced, they are the container's, and go */
		if (r == -EBUSY && force && (r = stop(ct, err)) == 0)
			r = lct_cgroup_destroy(ct->cgroup, err);
		if (r < 0)
			return r;
	}
	lct_trace(ct->session, "delete: cgroup removed");
	r = lct_state_dir_remove(ct, err);
	lct_trace(ct->session, "delete: state directory removed");
	if (r == 0 && !ct->damage)
		lct_hooks_run(ct, LIBCT_HOOK_POSTSTOP, true, NULL);
	return r;
}

LCT_EXPORT int libct_container_delete(struct libct_container *ct, bool force,
				      struct libct_error *err)
{
	_cleanup_close_ int lock = ct->damage ? lct_state_lock_settled(ct, err) :
						lct_state_lock(ct, err);
	struct libct_container *now = NULL;
	int r;

	if (lock < 0 && !(ct->damage && (lock == -ENOTDIR || lock == -ELOOP)))
		return lock;
	if (!ct->damage)
		return delete_locked(ct, force, err);
	/* it was half made or damaged when opened: read it again under the lock
	 * (the create that held it may have finished meanwhile) */
	r = open_any(ct->session, ct->id, true, &now, err);
	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return r;
	if (now->damage && force)
		lct_log(ct->session, LIBCT_LOG_WARNING, "%s; removing what it made", now->damage);
	now->forced_status = now->damage ? LIBCT_STATUS_STOPPED : LIBCT_STATUS_UNKNOWN;
	r = delete_locked(now, force, err);
	libct_container_free(now);
	return r;
}
