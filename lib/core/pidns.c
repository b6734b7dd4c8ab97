/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The processes of a container that has no cgroup of its own (rootless):
 * those in its pid namespace or in one nested in it, found through /proc. */
#include <dirent.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <signal.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "core/internal.h"
#include "util/util.h"

/* The container's pid namespace, and the caller's own (a process there is
 * not the container's, and is the common case of a /proc scan). */
struct scope {
	struct stat ns, own;
};

static bool same(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* The pid namespaces nest 32 deep at most (the kernel's MAX_PID_NS_LEVEL). */
#define PIDNS_MAX_DEPTH 32

/* Whether pid is in the container's pid namespace or in one nested in it:
 * its own namespace is, or one of its parents up to the caller's (where
 * NS_GET_PARENT stops) is the container's. */
static bool member(pid_t pid, const struct scope *sc)
{
	char path[64];
	struct stat st;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/ns/pid", (int)pid);
	if (stat(path, &st) < 0)
		return false;
	if (same(&st, &sc->ns))
		return true;
	if (same(&st, &sc->own))
		return false;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	for (int depth = 0; fd >= 0 && depth < PIDNS_MAX_DEPTH; depth++) {
		int up = ioctl(fd, NS_GET_PARENT);

		close(fd);
		fd = up;
		if (fd < 0 || fstat(fd, &st) < 0)
			break;
		if (same(&st, &sc->ns)) {
			close(fd);
			return true;
		}
		if (same(&st, &sc->own))
			break;
	}
	if (fd >= 0)
		close(fd);
	return false;
}

/* The members of the container's pid namespace and of those nested in it
 * into *ret (sc->ns: that namespace, st_ino 0 when init is gone and there
 * are none). */
static int scan(struct libct_container *ct, struct scope *sc, pid_t **ret, size_t *ret_n,
		struct libct_error *err)
{
	_cleanup_free_ pid_t *v = NULL;
	size_t n = 0;
	struct dirent *e;
	char path[64];
	DIR *d;

	*sc = (struct scope){ 0 };
	if (!ct->cfg.ns_want[LIBCT_NS_PID] || ct->cfg.ns_path[LIBCT_NS_PID])
		return lct_err_msg(err, -EOPNOTSUPP,
				   "container '%s' has no cgroup and no pid namespace of its own: "
				   "its processes cannot be told apart",
				   ct->id);
	snprintf(path, sizeof(path), "/proc/%d/ns/pid", (int)ct->pid);
	/* init's still: its pidfd says it has not exited since the stat */
	if (ct->pid <= 0 || stat(path, &sc->ns) < 0 || libct_container_pidfd(ct) < 0 ||
	    syscall(SYS_pidfd_send_signal, libct_container_pidfd(ct), 0, NULL, 0) < 0) {
		sc->ns = (struct stat){ 0 };
		*ret = calloc(1, sizeof(pid_t));
		*ret_n = 0;
		return *ret ? 0 : lct_err(err, -ENOMEM, "processes");
	}
	if (stat("/proc/self/ns/pid", &sc->own) < 0)
		return lct_err(err, -errno, "stat /proc/self/ns/pid");
	d = opendir("/proc");
	if (!d)
		return lct_err(err, -errno, "open /proc");
	while ((e = readdir(d))) {
		int64_t pid;
		pid_t *slot;

		if (lct_parse_int64(e->d_name, &pid) < 0 || pid <= 0 || !member((pid_t)pid, sc))
			continue;
		slot = lct_array_grow(&v, &n, sizeof(*v));
		if (!slot) {
			closedir(d);
			return lct_err(err, -ENOMEM, "processes");
		}
		*slot = (pid_t)pid;
	}
	closedir(d);
	if (!v && !(v = calloc(1, sizeof(pid_t))))
		return lct_err(err, -ENOMEM, "processes");
	*ret = TAKE_PTR(v);
	*ret_n = n;
	return 0;
}

int lct_pidns_members(struct libct_container *ct, pid_t **ret, size_t *ret_n,
		      struct libct_error *err)
{
	struct scope sc;

	return scan(ct, &sc, ret, ret_n, err);
}

int lct_pidns_kill(struct libct_container *ct, int sig, struct libct_error *err)
{
	_cleanup_free_ pid_t *pids = NULL;
	struct scope sc;
	size_t n;
	int r = scan(ct, &sc, &pids, &n, err);

	for (size_t i = 0; r == 0 && i < n; i++) {
		_cleanup_close_ int fd = (int)syscall(SYS_pidfd_open, pids[i], 0);

		/* the pidfd's process, not one that took a pid freed since the
		 * scan, unless that one is in the container too */
		if (fd < 0 || !member(pids[i], &sc))
			continue;
		if (syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0) < 0 && errno != ESRCH)
			r = lct_err(err, -errno, "signal %d to process %d of container '%s'", sig,
				    (int)pids[i], ct->id);
	}
	return r;
}
