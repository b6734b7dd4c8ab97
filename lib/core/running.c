/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Processes entered into a running container, pause and resume, the process list. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "cgroup/cgroup.h"
#include "core/confine.h"
#include "core/state.h"
#include "spawn/spawn.h"
#include "util/util.h"

struct libct_process {
	pid_t pid;
	int pidfd;
	int exit_status;
};

/* What create saved of the container's confinement for the processes that
 * enter it: merged into *merged, a shallow copy of pd; the container's seccomp
 * program and agent into entry. Nothing for a container whose namespaces are
 * held for it (it has no state directory). */
static int confine_entry(struct libct_container *ct, bool held, const struct libct_process_desc *pd,
			 struct lct_confine *c, struct libct_process_desc *merged,
			 struct lct_spawn_entry *entry, struct libct_error *err)
{
	_cleanup_close_ int dfd = -EBADF;
	int r;

	*merged = *pd;
	*entry = (struct lct_spawn_entry){ 0 };
	if (held)
		return 0;
	dfd = lct_state_dir_open(ct, err);
	if (dfd < 0)
		return dfd;
	r = lct_confine_load(dfd, ct->id, c, err);
	if (r < 0)
		return r;
	lct_confine_merge(c, merged);
	*entry = (struct lct_spawn_entry){ .seccomp = TAKE_PTR(c->seccomp),
					   .listener_path = c->listener_path,
					   .listener_metadata = c->listener_metadata };
	return 0;
}

LCT_EXPORT int libct_container_exec(struct libct_container *ct, const struct libct_process_desc *pd,
				    struct libct_process **ret, struct libct_error *err)
{
	enum libct_status st = libct_container_status(ct);
	struct libct_process_desc merged;
	struct lct_spawn_entry entry;
	struct lct_confine c = { 0 };
	struct libct_process *p;
	struct lct_ns_fds held;
	bool holds, dying;
	int initfd, r;

	if (!pd || (!pd->fn && (!pd->argv || !pd->argv[0])))
		return lct_err_msg(err, -EINVAL, "process args must not be empty");
	holds = lct_container_enter_fds(ct, &held);
	if (holds) {
		initfd = -1;
	} else {
		/* a paused container takes the process in its frozen cgroup: it
		 * runs, and the call returns, once the container is resumed (runc) */
		if (st == LIBCT_STATUS_UNKNOWN)
			return lct_status_unknown_err(ct, "exec in", err);
		if (st != LIBCT_STATUS_RUNNING && st != LIBCT_STATUS_CREATED &&
		    st != LIBCT_STATUS_PAUSED)
			return lct_err_msg(err, -EINVAL, "cannot exec in a %s container",
					   libct_status_to_string(st));
		initfd = libct_container_pidfd(ct);
		/* init exited since its status was read */
		if (initfd < 0)
			return lct_err_msg(err, -EINVAL, "cannot exec in a %s container",
					   libct_status_to_string(LIBCT_STATUS_STOPPED));
	}
	p = calloc(1, sizeof(*p));
	if (!p)
		return lct_err(err, -ENOMEM, "exec");
	p->exit_status = -1;
	r = confine_entry(ct, holds, pd, &c, &merged, &entry, err);
	/* into a paused container the process waits for the resume (runc's
	 * --ignore-paused); one paused while the process is set up says so */
	entry.fail_if_paused = st != LIBCT_STATUS_PAUSED;
	if (r == 0)
		r = lct_spawn_exec(ct, &merged, initfd, &entry, &lct_render, &p->pid, &p->pidfd,
				   err);
	lct_confine_free(&c);
	/* init gone meanwhile (killed, or the container deleted): say so first,
	 * the failing step (a namespace or cgroup no longer there) after. ESRCH:
	 * the pid namespace is already dying while its init still exits;
	 * ENOMEM: the kernel's answer to a clone into such a namespace (it
	 * takes no new process once its init is exiting); EPIPE, ECONNRESET:
	 * the new process was killed with the cgroup (delete -f), the latter
	 * with a message of ours unread */
	dying = r == -ESRCH || r == -ENOMEM || r == -EPIPE || r == -ECONNRESET;
	if (r < 0 && initfd >= 0 && lct_pidfd_wait(initfd, dying ? 100 : 0) == 0)
		lct_err_prefix(err, "container '%s' stopped during the exec", ct->id);
	if (r < 0) {
		free(p);
		return r;
	}
	*ret = p;
	return 0;
}

LCT_EXPORT pid_t libct_process_pid(const struct libct_process *p)
{
	return p->pid;
}

LCT_EXPORT int libct_process_pidfd(const struct libct_process *p)
{
	return p->pidfd;
}

LCT_EXPORT int libct_process_wait(struct libct_process *p, int *ret_status, struct libct_error *err)
{
	int status;

	if (p->exit_status < 0) {
		while (waitpid(p->pid, &status, 0) < 0)
			if (errno != EINTR)
				return lct_err(err, -errno, "wait for process %d", (int)p->pid);
		p->exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	}
	if (ret_status)
		*ret_status = p->exit_status;
	return 0;
}

LCT_EXPORT int libct_process_kill(struct libct_process *p, int sig, struct libct_error *err)
{
	if (p->exit_status >= 0)
		return lct_err_msg(err, -ESRCH, "process %d has exited", (int)p->pid);
	if (syscall(SYS_pidfd_send_signal, p->pidfd, sig, NULL, 0) < 0)
		return lct_err(err, -errno, "kill process %d", (int)p->pid);
	return 0;
}

LCT_EXPORT void libct_process_free(struct libct_process *p)
{
	if (!p)
		return;
	closep(&p->pidfd);
	free(p);
}

static int freeze(struct libct_container *ct, bool frozen, struct libct_error *err)
{
	_cleanup_close_ int lock = lct_state_lock(ct, err);
	enum libct_status st, want = frozen ? LIBCT_STATUS_RUNNING : LIBCT_STATUS_PAUSED;

	if (lock < 0)
		return lock;
	st = libct_container_status(ct);
	if (st == LIBCT_STATUS_UNKNOWN)
		return lct_status_unknown_err(ct, frozen ? "pause" : "resume", err);
	if (st != want)
		return lct_err_msg(err, -EINVAL, "container '%s' is %s, not %s", ct->id,
				   libct_status_to_string(st), libct_status_to_string(want));
	if (!ct->cgroup)
		return lct_err_msg(err, -EINVAL, "container '%s' has no cgroup", ct->id);
	return lct_cgroup_freeze(ct->cgroup, frozen, err);
}

LCT_EXPORT int libct_container_pause(struct libct_container *ct, struct libct_error *err)
{
	return freeze(ct, true, err);
}

LCT_EXPORT int libct_container_resume(struct libct_container *ct, struct libct_error *err)
{
	return freeze(ct, false, err);
}

LCT_EXPORT int libct_container_update(struct libct_container *ct, struct libct_error *err)
{
	_cleanup_close_ int lock = lct_state_lock(ct, err);
	enum libct_status st;

	if (lock < 0)
		return lock;
	st = libct_container_status(ct);
	if (st == LIBCT_STATUS_STOPPED)
		return lct_err_msg(err, -EINVAL, "container '%s' is stopped", ct->id);
	if (!ct->cgroup)
		return lct_err_msg(err, -EINVAL, "container '%s' has no cgroup", ct->id);
	return lct_cgroup_update(ct->cgroup, &ct->cfg.res, err);
}

LCT_EXPORT int libct_container_stat(struct libct_container *ct, enum libct_stat key, uint64_t *ret,
				    struct libct_error *err)
{
	if (!ct->cgroup)
		return lct_err_msg(err, -EINVAL, "container '%s' has no cgroup", ct->id);
	return lct_cgroup_stat(ct->cgroup, key, ret, err);
}

LCT_EXPORT int libct_container_oom_fd(struct libct_container *ct, struct libct_error *err)
{
	if (!ct->cgroup)
		return lct_err_msg(err, -EINVAL, "container '%s' has no cgroup", ct->id);
	return lct_cgroup_oom_fd(ct->cgroup, err);
}

LCT_EXPORT int libct_container_io_stats(struct libct_container *ct, struct libct_io_stat **ret,
					size_t *ret_n, struct libct_error *err)
{
	if (!ct->cgroup)
		return lct_err_msg(err, -EINVAL, "container '%s' has no cgroup", ct->id);
	return lct_cgroup_io_stats(ct->cgroup, ret, ret_n, err);
}

struct started {
	bool top; /* its parent is not in the container */
	uint64_t at;
	pid_t pid, ppid;
};

static int by_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return x < y ? -1 : x > y;
}

static int by_top_then_start(const void *a, const void *b)
{
	const struct started *x = a, *y = b;

	if (x->top != y->top)
		return x->top ? -1 : 1;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->pid < y->pid ? -1 : x->pid > y->pid;
}

/* The tops of the container's process trees first (init, then what exec
 * started: their parents are outside the container), then the processes
 * those started; each group in the order it started; pids gone since the
 * cgroup was read are left out. An engine that matches
 * pids to its exec ids finds them ahead of the short-lived children of a
 * shell loop, and pid order means nothing once pids wrap. */
LCT_EXPORT int libct_container_processes(struct libct_container *ct, pid_t **ret_pids,
					 size_t *ret_n, struct libct_error *err)
{
	_cleanup_free_ struct started *s = NULL;
	_cleanup_free_ pid_t *sorted = NULL;
	size_t n;
	int r;

	r = ct->cgroup ? lct_cgroup_pids(ct->cgroup, ret_pids, ret_n, err) :
			 lct_pidns_members(ct, ret_pids, ret_n, err);
	/* its cgroup removed by a delete since the container was opened */
	if (r == -ENOENT)
		lct_err_prefix(err, "container '%s' was deleted meanwhile", ct->id);
	n = *ret_n;
	if (r < 0 || n < 2)
		return r;
	s = malloc(n * sizeof(*s));
	sorted = malloc(n * sizeof(*sorted));
	if (!s || !sorted)
		return 0; /* unordered is still the answer */
	memcpy(sorted, *ret_pids, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), by_pid);
	for (size_t i = 0, kept = 0; i < n; i++) {
		struct started *p = &s[kept];

		*p = (struct started){ .pid = (*ret_pids)[i] };
		if (!lct_pid_stat(p->pid, &p->at, &p->ppid))
			continue; /* gone since the cgroup was read */
		p->top = !bsearch(&p->ppid, sorted, n, sizeof(*sorted), by_pid);
		*ret_n = ++kept;
	}
	qsort(s, *ret_n, sizeof(*s), by_top_then_start);
	for (size_t i = 0; i < *ret_n; i++)
		(*ret_pids)[i] = s[i].pid;
	return 0;
}
