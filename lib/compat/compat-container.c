/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Containers of the original interface: create and open, spawn and enter,
 * kill, wait, destroy, switch, and the options that shape a spawn. */
#include <dirent.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "compat/compat.h"
#include "util/util.h"

extern char **environ;

static struct ct_handler *handler_new(struct libct_session *s, struct libct_container *ct)
{
	struct lct_compat_session *cs = lct_compat_session(s);
	struct ct_handler *h = cs ? calloc(1, sizeof(*h)) : NULL;

	if (!h)
		return NULL;
	h->s = s;
	h->ct = ct;
	h->console_fd = -1;
	h->init = (struct ct_process){ .init = h, .status = -1 };
	h->next = cs->cts;
	cs->cts = h;
	return h;
}

static void handler_unlink(struct ct_handler *h)
{
	struct lct_compat_session *cs = lct_compat_session(h->s);

	for (struct ct_handler **p = cs ? &cs->cts : NULL; p && *p; p = &(*p)->next)
		if (*p == h) {
			*p = h->next;
			break;
		}
}

static void held_close(struct ct_handler *h)
{
	if (!h->held)
		return;
	for (int i = 0; i < LIBCT_NS__MAX; i++)
		if (h->held->fd[i] >= 0)
			close(h->held->fd[i]);
	if (h->held->root >= 0)
		close(h->held->root);
	free(h->held);
	h->held = NULL;
	h->ct->ns_source = NULL;
	h->ct->ns_source_data = NULL;
}

/* The container's ns_source: what hold_namespaces keeps. */
static bool held_enter_fds(void *data, struct lct_ns_fds *ret)
{
	struct ct_handler *h = data;

	if (!h->held)
		return false;
	*ret = *h->held;
	return true;
}

static const struct lct_ns_source held_source = {
	.enter_fds = held_enter_fds,
};

static void handler_free(struct ct_handler *h)
{
	handler_unlink(h);
	held_close(h);
	lct_compat_net_free(h);
	libct_container_free(h->ct);
	free(h->cgroup_submount);
	free(h->private_dir);
	free(h);
}

LCT_EXPORT ct_handler_t COMPAT(container_create)(libct_session_t s, char *name)
{
	_cleanup_free_ char *path = NULL;
	struct libct_container *ct;
	struct libct_error e;
	struct ct_handler *h;

	if (libct_container_new(s, name, &ct, &e) < 0)
		return lct_compat_err_handle(lct_compat_fail(s, &e));
	/* the original's containers share the caller's everything until told */
	libct_container_set_default_devices(ct, false);
	/* and have their cgroups where the original put them:
	 * /sys/fs/cgroup/<controller>/<name> */
	path = lct_asprintf("/%s", name);
	if (!path || libct_container_set_cgroup_path(ct, path, &e) < 0) {
		if (!path)
			lct_err(&e, -ENOMEM, "cgroup path");
		libct_container_free(ct);
		return lct_compat_err_handle(lct_compat_fail(s, &e));
	}
	h = handler_new(s, ct);
	if (!h) {
		libct_container_free(ct);
		return lct_compat_err_handle(-ENOMEM);
	}
	return h;
}

LCT_EXPORT ct_handler_t COMPAT(container_open)(libct_session_t s, char *name)
{
	struct libct_container *ct;
	struct libct_error e;
	struct ct_handler *h;

	if (libct_container_open(s, name, &ct, &e) < 0)
		return lct_compat_err_handle(lct_compat_fail(s, &e) == -ENOENT ? -LCTERR_NOTFOUND :
										 e.code);
	h = handler_new(s, ct);
	if (!h) {
		libct_container_free(ct);
		return lct_compat_err_handle(-ENOMEM);
	}
	for (int i = 0; i < LIBCT_NS__MAX; i++)
		if (ct->cfg.ns_want[i] && !ct->cfg.ns_path[i])
			h->nsmask |= lct_compat_ns_flag(i);
	h->init.pid = ct->pid;
	return h;
}

LCT_EXPORT void COMPAT(container_close)(ct_handler_t h)
{
	if (h && !libct_compat_handle_is_err(h))
		handler_free(h);
}

bool lct_compat_running(struct ct_handler *h)
{
	enum libct_status st;

	if (h->held)
		return true;
	st = libct_container_status(h->ct);
	return st == LIBCT_STATUS_RUNNING || st == LIBCT_STATUS_PAUSED ||
	       st == LIBCT_STATUS_CREATED;
}

LCT_EXPORT enum ct_state COMPAT(container_state)(ct_handler_t h)
{
	if (!h || libct_compat_handle_is_err(h))
		return CT_ERROR;
	if (h->held)
		return CT_RUNNING;
	switch (libct_container_status(h->ct)) {
	case LIBCT_STATUS_CREATED:
	case LIBCT_STATUS_RUNNING:
		return CT_RUNNING;
	case LIBCT_STATUS_PAUSED:
		return CT_PAUSED;
	case LIBCT_STATUS_UNKNOWN:
		return CT_ERROR;
	default:
		return CT_STOPPED;
	}
}

LCT_EXPORT ct_process_t COMPAT(container_load)(ct_handler_t h, pid_t pid)
{
	struct libct_container *ct = h->ct;

	if (lct_compat_running(h))
		return lct_compat_fail_handle(h->s, -LCTERR_BADCTSTATE, "the container is running");
	if (pid <= 0 || kill(pid, 0) < 0)
		return lct_compat_fail_handle(h->s, -ESRCH, "no such process");
	ct->pid = pid;
	ct->pid_start_time = lct_pid_start_time(pid);
	ct->own_child = false;
	ct->exit_status = -1;
	if (!ct->created)
		ct->created = strdup("1970-01-01T00:00:00Z");
	h->init = (struct ct_process){ .pid = pid, .init = h, .status = -1 };
	return &h->init;
}

/* The option mounts, once per container: proc and the cgroup submount. */
static int option_mounts(struct ct_handler *h, struct libct_error *e)
{
	struct libct_container *ct = h->ct;
	int r = 0;

	if ((h->flags & CF_AUTO_PROC) && !(h->applied & CF_AUTO_PROC) &&
	    (h->nsmask & CLONE_NEWPID) && (h->nsmask & CLONE_NEWNS)) {
		const char *opts[] = { "nosuid", "nodev", "noexec" };

		r = libct_container_add_mount(ct, "proc", "/proc", "proc", opts, 3, e);
		h->applied |= CF_AUTO_PROC;
	}
	if (r == 0 && (h->flags & CF_CGROUP_SUBMOUNT) && !(h->applied & CF_CGROUP_SUBMOUNT)) {
		const char *opts[] = { "rw", "nosuid", "nodev", "noexec" };

		r = libct_container_add_mount(ct, "cgroup",
					      h->cgroup_submount ? h->cgroup_submount :
								   "/sys/fs/cgroup",
					      "cgroup", opts, 4, e);
		h->applied |= CF_CGROUP_SUBMOUNT;
	}
	return r;
}

static void private_umount(struct ct_handler *h)
{
	if (h->private_mounted && h->ct->cfg.root)
		umount2(h->ct->cfg.root, MNT_DETACH);
	h->private_mounted = false;
}

/* CT_FS_SUBDIR: the directory on the root, in the caller's mount namespace,
 * for the container's life. */
static int private_mount(struct ct_handler *h, struct libct_error *e)
{
	if (!h->private_dir || h->private_mounted)
		return 0;
	if (!h->ct->cfg.root)
		return lct_err_msg(e, -LCTERR_INVARG, "a private directory needs a root");
	if (mount(h->private_dir, h->ct->cfg.root, NULL, MS_BIND, NULL) < 0)
		return lct_err(e, -errno, "bind private directory '%s' on '%s'", h->private_dir,
			       h->ct->cfg.root);
	h->private_mounted = true;
	return 0;
}

static int no_task(void *arg)
{
	return 0;
}

/* Open what a taskless container keeps: its namespaces and root. */
static int hold_namespaces(struct ct_handler *h, struct libct_error *e)
{
	struct lct_ns_fds *fds = malloc(sizeof(*fds));
	char p[64];

	if (!fds)
		return lct_err(e, -ENOMEM, "taskless namespaces");
	for (int i = 0; i < LIBCT_NS__MAX; i++)
		fds->fd[i] = -1;
	fds->root = -1;
	for (int i = 0; i < LIBCT_NS__MAX; i++) {
		static const char *const files[] = {
			[LIBCT_NS_PID] = "pid",	      [LIBCT_NS_NET] = "net",
			[LIBCT_NS_IPC] = "ipc",	      [LIBCT_NS_UTS] = "uts",
			[LIBCT_NS_MOUNT] = "mnt",     [LIBCT_NS_USER] = "user",
			[LIBCT_NS_CGROUP] = "cgroup", [LIBCT_NS_TIME] = "time",
		};

		if (!h->ct->cfg.ns_want[i])
			continue;
		snprintf(p, sizeof(p), "/proc/%d/ns/%s", (int)h->ct->pid, files[i]);
		fds->fd[i] = open(p, O_RDONLY | O_CLOEXEC);
		if (fds->fd[i] < 0)
			goto fail;
	}
	snprintf(p, sizeof(p), "/proc/%d/root", (int)h->ct->pid);
	fds->root = open(p, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fds->root < 0)
		goto fail;
	h->held = fds;
	h->ct->ns_source = &held_source;
	h->ct->ns_source_data = h;
	return 0;
fail:
	lct_err(e, -errno, "open '%s'", p);
	for (int i = 0; i < LIBCT_NS__MAX; i++)
		if (fds->fd[i] >= 0)
			close(fds->fd[i]);
	free(fds);
	return e->code;
}

/* The process description of a spawn or enter: a copy of the caller's with
 * what to run, its fds resolved, and a session of its own unless NOSETSID. */
static int desc_for(struct ct_handler *h, struct ct_process_desc *cpd, int (*fn)(void *), void *arg,
		    const char *path, char **argv, char **env, struct libct_process_desc **ret,
		    struct libct_error *e)
{
	struct libct_process_desc *pd;
	int fds[16];
	int r = 0;

	if (cpd)
		pd = lct_process_desc_copy(cpd->pd);
	else if (libct_process_desc_new(&pd, e) < 0)
		return e->code;
	if (!pd)
		return lct_err(e, -ENOMEM, "process description");
	if (fn) {
		/* the original ran a callback as fork() would: the caller's
		 * fds stay open in it, unless it was given its fds */
		libct_process_desc_set_function(pd, fn, arg);
		pd->fn_keeps_fds = !(cpd && cpd->n_fds);
	} else if (path) {
		r = libct_process_desc_set_args(pd, (const char *const *)argv, e);
		if (r == 0)
			r = libct_process_desc_set_exec_path(pd, path, e);
		if (r == 0 && (env || !pd->env))
			r = libct_process_desc_set_env(pd,
						       (const char *const *)(env ? env : environ),
						       e);
	}
	if (r == 0 && cpd && cpd->n_fds) {
		for (int i = 0; i < cpd->n_fds && i < 16; i++)
			fds[i] = cpd->fds[i] == LIBCT_CONSOLE_FD ? h->console_fd : cpd->fds[i];
		r = libct_process_desc_set_fds(pd, fds, (size_t)cpd->n_fds, e);
	} else if (r == 0 && h->console_fd >= 0 && !(cpd && cpd->n_fds)) {
		int con[3] = { h->console_fd, h->console_fd, h->console_fd };

		r = libct_process_desc_set_fds(pd, con, 3, e);
	}
	libct_process_desc_set_new_session(pd, !(h->flags & CF_NOSETSID));
	/* in the caller's tree the process starts where the caller is, as
	 * the original's did ("./prog" runs the caller's prog) */
	if (r == 0 && !h->ct->cfg.root && !pd->cwd) {
		_cleanup_free_ char *cwd = getcwd(NULL, 0);

		r = cwd ? libct_process_desc_set_cwd(pd, cwd, e) : lct_err(e, -errno, "getcwd");
	}
	if (r < 0) {
		libct_process_desc_free(pd);
		return r;
	}
	*ret = pd;
	return 0;
}

static ct_process_t spawn(struct ct_handler *h, struct ct_process_desc *cpd, int (*fn)(void *),
			  void *arg, const char *path, char **argv, char **env)
{
	struct libct_process_desc *pd = NULL;
	struct libct_error e = { 0 };
	bool taskless = (h->flags & CF_TASKLESS) && !fn && !path;
	int r;

	if (lct_compat_running(h))
		return lct_compat_fail_handle(h->s, -LCTERR_BADCTSTATE, "the container is running");
	/* a stopped container is spawned again from a clean state record */
	if (h->ct->created)
		libct_container_delete(h->ct, true, NULL);
	r = lct_compat_apply_nsmask(h, &e);
	if (r == 0)
		r = option_mounts(h, &e);
	if (r == 0)
		r = desc_for(h, cpd, taskless ? no_task : fn, arg, path, argv, env, &pd, &e);
	if (r == 0)
		r = private_mount(h, &e);
	if (r < 0)
		goto fail;
	if (taskless) {
		/* init sets everything up and stops before its start: hold the
		 * namespaces, then let it go */
		r = libct_container_create(h->ct, pd, &e);
		if (r == 0 && (r = hold_namespaces(h, &e)) < 0)
			libct_container_delete(h->ct, true, NULL);
		if (r == 0 && (r = libct_container_start(h->ct, &e)) < 0) {
			held_close(h);
			libct_container_delete(h->ct, true, NULL);
		}
		if (r == 0)
			libct_container_wait(h->ct, NULL, NULL);
	} else {
		r = libct_container_run(h->ct, pd, &e);
	}
	if (r < 0)
		goto fail;
	libct_process_desc_free(pd);
	h->init = (struct ct_process){ .pid = h->ct->pid, .init = h, .status = -1 };
	return &h->init;
fail:
	libct_process_desc_free(pd);
	private_umount(h);
	return lct_compat_err_handle(lct_compat_fail(h->s, &e));
}

LCT_EXPORT ct_process_t COMPAT(container_spawn_cb)(ct_handler_t h, ct_process_desc_t pd,
						   int (*fn)(void *), void *arg)
{
	if (!fn && !(h->flags & CF_TASKLESS))
		return lct_compat_fail_handle(h->s, -LCTERR_INVARG, "no function to run");
	return spawn(h, pd, fn, arg, NULL, NULL, NULL);
}

LCT_EXPORT ct_process_t COMPAT(container_spawn_execve)(ct_handler_t h, ct_process_desc_t pd,
						       char *path, char **argv, char **env)
{
	if (!path || !argv || !argv[0])
		return lct_compat_fail_handle(h->s, -LCTERR_INVARG, "no program to run");
	return spawn(h, pd, NULL, NULL, path, argv, env);
}

LCT_EXPORT ct_process_t COMPAT(container_spawn_execv)(ct_handler_t h, ct_process_desc_t pd,
						      char *path, char **argv)
{
	return libct_compat_container_spawn_execve(h, pd, path, argv, NULL);
}

static ct_process_t enter(struct ct_handler *h, struct ct_process_desc *cpd, int (*fn)(void *),
			  void *arg, const char *path, char **argv, char **env)
{
	struct libct_process_desc *pd = NULL;
	struct libct_error e = { 0 };
	struct ct_process *p;
	int r;

	if (!lct_compat_running(h))
		return lct_compat_fail_handle(h->s, -LCTERR_BADCTSTATE,
					      "the container is not running");
	p = calloc(1, sizeof(*p));
	if (!p)
		return lct_compat_err_handle(-ENOMEM);
	r = desc_for(h, cpd, fn, arg, path, argv, env, &pd, &e);
	if (r == 0)
		r = libct_container_exec(h->ct, pd, &p->p, &e);
	libct_process_desc_free(pd);
	if (r < 0) {
		free(p);
		return lct_compat_err_handle(lct_compat_fail(h->s, &e));
	}
	p->pid = libct_process_pid(p->p);
	p->status = -1;
	return p;
}

LCT_EXPORT ct_process_t COMPAT(container_enter_cb)(ct_handler_t h, ct_process_desc_t pd,
						   int (*fn)(void *), void *arg)
{
	if (!fn)
		return lct_compat_fail_handle(h->s, -LCTERR_INVARG, "no function to run");
	return enter(h, pd, fn, arg, NULL, NULL, NULL);
}

LCT_EXPORT ct_process_t COMPAT(container_enter_execve)(ct_handler_t h, ct_process_desc_t pd,
						       char *path, char **argv, char **env)
{
	if (!path || !argv || !argv[0])
		return lct_compat_fail_handle(h->s, -LCTERR_INVARG, "no program to run");
	return enter(h, pd, NULL, NULL, path, argv, env);
}

LCT_EXPORT ct_process_t COMPAT(container_enter_execv)(ct_handler_t h, ct_process_desc_t pd,
						      char *path, char **argv)
{
	return libct_compat_container_enter_execve(h, pd, path, argv, NULL);
}

/* The original's service hierarchy: a named v1 one (name=libct) at
 * /sys/fs/cgroup/.libct, mounted for a killable container, so that its
 * cgroup there lists the container's processes as the original's did. Only
 * where /sys/fs/cgroup is the tmpfs of v1 hierarchies (v1 and hybrid); the
 * kill itself goes through the container's own cgroups. */
#define SERVICE_DIR "/sys/fs/cgroup/.libct"

static bool service_mounted(void)
{
	struct statfs sf;

	return statfs(SERVICE_DIR, &sf) == 0 && sf.f_type == CGROUP_SUPER_MAGIC;
}

static int service_mount(struct ct_handler *h)
{
	struct statfs sf;
	bool made;

	if (statfs("/sys/fs/cgroup", &sf) < 0 || sf.f_type != TMPFS_MAGIC || service_mounted())
		return 0;
	made = mkdir(SERVICE_DIR, 0755) == 0;
	if (!made && errno != EEXIST)
		goto fail;
	if (mount("cgroup", SERVICE_DIR, "cgroup", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  "none,name=libct") == 0)
		return 0;
	if (made)
		rmdir(SERVICE_DIR);
fail : {
	char msg[LIBCT_ERROR_MSG_MAX];

	snprintf(msg, sizeof(msg), "mount the service cgroup hierarchy (name=libct) on '%s': %s",
		 SERVICE_DIR, strerror(errno));
	return lct_compat_fail_code(h->s, -LCTERR_CGCREATE, msg);
}
}

/* The hierarchy goes when its last container's cgroup has gone. */
static void service_release(void)
{
	struct dirent *de;
	bool empty = true;
	DIR *d;

	if (!service_mounted() || !(d = opendir(SERVICE_DIR)))
		return;
	while (empty && (de = readdir(d)))
		if (de->d_type == DT_DIR && strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			empty = false;
	closedir(d);
	if (empty && umount2(SERVICE_DIR, 0) == 0)
		rmdir(SERVICE_DIR);
}

LCT_EXPORT int COMPAT(container_kill)(ct_handler_t h)
{
	struct libct_error e;
	bool all;

	if (h->held) {
		held_close(h);
		return 0;
	}
	if (!lct_compat_running(h))
		return lct_compat_fail_code(h->s, -LCTERR_BADCTSTATE,
					    "the container is not running");
	/* a pid namespace ends with its init; without one only the cgroup
	 * reaches every process, and only when asked to (KILLABLE) */
	all = !(h->nsmask & CLONE_NEWPID) && (h->flags & CF_KILLABLE);
	if (h->ct->cgroup && lct_cgroup_is_frozen(h->ct->cgroup) == 1)
		libct_container_resume(h->ct, NULL);
	if (libct_container_kill(h->ct, SIGKILL, all, &e) < 0)
		return lct_compat_fail(h->s, &e);
	return 0;
}

LCT_EXPORT int COMPAT(container_wait)(ct_handler_t h)
{
	int status;

	if (h->held)
		return 0;
	if (!h->ct->created)
		return lct_compat_fail_code(h->s, -LCTERR_BADCTSTATE,
					    "the container is not running");
	return libct_compat_process_wait(&h->init, &status);
}

/* After a switch the caller's root is a container's: its cgroups and the
 * state directory are out of sight. A child goes back to the caller's
 * mount namespace and root and deletes the container from there. */
static void delete_from_home(struct ct_handler *h, const struct lct_compat_session *cs)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (setns(cs->home_mntns, CLONE_NEWNS) < 0 || fchdir(cs->home_root) < 0 ||
		    chroot(".") < 0 || chdir("/") < 0)
			_exit(1);
		_exit(libct_container_delete(h->ct, true, NULL) < 0);
	}
	while (pid > 0 && waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	if (pid < 0)
		libct_container_delete(h->ct, true, NULL);
}

LCT_EXPORT void COMPAT(container_destroy)(ct_handler_t h)
{
	if (!h || libct_compat_handle_is_err(h))
		return;
	bool killable = h->flags & CF_KILLABLE;
	struct lct_compat_session *cs = lct_compat_session(h->s);

	held_close(h);
	if (h->ct->created && cs && cs->switched)
		delete_from_home(h, cs);
	else if (h->ct->created)
		libct_container_delete(h->ct, true, NULL);
	private_umount(h);
	handler_free(h);
	if (killable)
		service_release();
}

LCT_EXPORT int COMPAT(container_pause)(ct_handler_t h)
{
	struct libct_error e;

	if (libct_container_pause(h->ct, &e) < 0)
		return lct_compat_fail(h->s, &e);
	return 0;
}

LCT_EXPORT int COMPAT(container_resume)(ct_handler_t h)
{
	struct libct_error e;

	if (libct_container_resume(h->ct, &e) < 0)
		return lct_compat_fail(h->s, &e);
	return 0;
}

/* The calling process joins the container: user namespace first, then the
 * others; the mount namespace brings its root, a chroot'ed container's root
 * is taken from its init (or the held fd). */
LCT_EXPORT int COMPAT(container_switch)(ct_handler_t h)
{
	static const char *const files[] = {
		[LIBCT_NS_NET] = "net",	  [LIBCT_NS_IPC] = "ipc",   [LIBCT_NS_UTS] = "uts",
		[LIBCT_NS_MOUNT] = "mnt", [LIBCT_NS_USER] = "user", [LIBCT_NS_CGROUP] = "cgroup",
		[LIBCT_NS_TIME] = "time",
	};
	struct libct_container *ct = h->ct;
	int order[] = { LIBCT_NS_USER,	 LIBCT_NS_NET,	LIBCT_NS_IPC,  LIBCT_NS_UTS,
			LIBCT_NS_CGROUP, LIBCT_NS_TIME, LIBCT_NS_MOUNT };
	struct lct_compat_session *cs = lct_compat_session(h->s);
	const struct lct_ns_fds *held = h->held;
	char p[64];

	if (!lct_compat_running(h))
		return lct_compat_fail_code(h->s, -LCTERR_BADCTSTATE,
					    "the container is not running");
	if (!cs)
		return lct_compat_fail_code(h->s, -ENOMEM, "switch");
	if (!cs->switched) {
		int mnt = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
		int root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);

		if (mnt < 0 || root < 0) {
			int r = -errno;

			if (mnt >= 0)
				close(mnt);
			return lct_compat_fail_code(h->s, r, "open the caller's mount namespace");
		}
		cs->home_mntns = mnt;
		cs->home_root = root;
		cs->switched = true;
	}
	/* a process cannot change its own pid namespace: the others only */
	for (size_t k = 0; k < ARRAY_SIZE(order); k++) {
		int i = order[k], fd, r;

		if (!ct->cfg.ns_want[i])
			continue;
		if (held) {
			fd = held->fd[i];
		} else {
			snprintf(p, sizeof(p), "/proc/%d/ns/%s", (int)ct->pid, files[i]);
			fd = open(p, O_RDONLY | O_CLOEXEC);
		}
		r = fd < 0 ? -1 : setns(fd, 0);
		if (!held && fd >= 0)
			close(fd);
		if (r < 0) {
			r = -errno;
			snprintf(cs->error, sizeof(cs->error), "join the %s namespace: %s",
				 libct_ns_to_string(i), strerror(-r));
			return r;
		}
	}
	if (!ct->cfg.ns_want[LIBCT_NS_MOUNT] && ct->cfg.root) {
		int fd;

		snprintf(p, sizeof(p), "/proc/%d/root", (int)ct->pid);
		fd = held ? dup(held->root) : open(p, O_PATH | O_DIRECTORY);
		if (fd < 0 || fchdir(fd) < 0 || chroot(".") < 0) {
			int r = -errno;

			if (fd >= 0)
				close(fd);
			return lct_compat_fail_code(h->s, r, "enter the container's root");
		}
		close(fd);
	}
	return chdir("/") < 0 ? -errno : 0;
}

LCT_EXPORT struct libct_processes *COMPAT(container_processes)(ct_handler_t h)
{
	struct libct_processes *ps;
	struct libct_error e;
	pid_t *pids;
	size_t n;

	if (libct_container_processes(h->ct, &pids, &n, &e) < 0)
		return lct_compat_err_handle(lct_compat_fail(h->s, &e));
	ps = malloc(sizeof(*ps) + n * sizeof(int));
	if (!ps) {
		free(pids);
		return lct_compat_err_handle(-ENOMEM);
	}
	ps->nproc = (int)n;
	for (size_t i = 0; i < n; i++)
		ps->array[i] = pids[i];
	free(pids);
	return ps;
}

LCT_EXPORT void COMPAT(processes_free)(struct libct_processes *p)
{
	if (p && !libct_compat_handle_is_err(p))
		free(p);
}

LCT_EXPORT int COMPAT(container_set_option)(ct_handler_t h, int opt, void *args)
{
	struct libct_error e;

	switch (opt) {
	case LIBCT_OPT_AUTO_PROC_MOUNT:
		h->flags |= CF_AUTO_PROC;
		return 0;
	case LIBCT_OPT_CGROUP_SUBMOUNT:
		/* a relative path is in the container's root */
		free(h->cgroup_submount);
		h->cgroup_submount = args ? lct_compat_ct_path(args) : NULL;
		h->flags |= CF_CGROUP_SUBMOUNT;
		return 0;
	case LIBCT_OPT_KILLABLE: {
		int r = service_mount(h);

		if (r == 0)
			h->flags |= CF_KILLABLE;
		return r;
	}
	case LIBCT_OPT_NOSETSID:
		h->flags |= CF_NOSETSID;
		return 0;
	case LIBCT_OPT_SYSTEMD: {
		/* systemd's place for it: a scope systemd makes where it runs
		 * (the systemd driver), else the directory where it would be */
		char *path = lct_asprintf("system.slice:libct:%s", libct_container_id(h->ct));
		int r = path ? libct_container_set_cgroup_path(h->ct, path, &e) : -ENOMEM;

		if (r == 0 && access("/run/systemd/system", F_OK) == 0)
			r = libct_container_set_systemd_cgroup(h->ct, true, &e);

		free(path);
		return r < 0 ? lct_compat_fail(h->s, &e) : 0;
	}
	case LIBCT_OPT_TASKLESS:
		if (h->nsmask & CLONE_NEWPID)
			return lct_compat_fail_code(h->s, -LCTERR_INVARG,
						    "a taskless container has no pid namespace");
		h->flags |= CF_TASKLESS;
		return 0;
	}
	return lct_compat_fail_code(h->s, -LCTERR_BADTYPE, "unknown option");
}

LCT_EXPORT int COMPAT(container_set_console_fd)(ct_handler_t h, int tty_fd)
{
	if (tty_fd < 0 || fcntl(tty_fd, F_GETFD) < 0)
		return lct_compat_fail_code(h->s, -EBADF, "the console is not an open fd");
	h->console_fd = tty_fd;
	return 0;
}
