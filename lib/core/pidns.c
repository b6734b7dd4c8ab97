/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The processes of a container that has no cgroup of its own (rootless):
 * those in its pid namespace, found through /proc. */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "core/internal.h"
#include "util/util.h"

static bool same_ns(pid_t pid, const struct stat *ns)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d/ns/pid", (int)pid);
	return stat(path, &st) == 0 && st.st_dev == ns->st_dev && st.st_ino == ns->st_ino;
}

/* The members of the container's pid namespace into *ret (*ns: that
 * namespace, st_ino 0 when init is gone and there are none). */
static int scan(struct libct_container *ct, struct stat *ns, pid_t **ret, size_t *ret_n,
		struct libct_error *err)
{
	_cleanup_free_ pid_t *v = NULL;
	size_t n = 0;
	struct dirent *e;
	char path[64];
	DIR *d;

	*ns = (struct stat){ 0 };
	if (!ct->cfg.ns_want[LIBCT_NS_PID] || ct->cfg.ns_path[LIBCT_NS_PID])
		return lct_err_msg(err, -EOPNOTSUPP,
				   "container '%s' has no cgroup and no pid namespace of its own: "
				   "its processes cannot be told apart",
				   ct->id);
	snprintf(path, sizeof(path), "/proc/%d/ns/pid", (int)ct->pid);
	/* init's still: its pidfd says it has not exited since the stat */
	if (ct->pid <= 0 || stat(path, ns) < 0 || libct_container_pidfd(ct) < 0 ||
	    syscall(SYS_pidfd_send_signal, libct_container_pidfd(ct), 0, NULL, 0) < 0) {
		*ns = (struct stat){ 0 };
		*ret = calloc(1, sizeof(pid_t));
		*ret_n = 0;
		return *ret ? 0 : lct_err(err, -ENOMEM, "processes");
	}
	d = opendir("/proc");
	if (!d)
		return lct_err(err, -errno, "open /proc");
	while ((e = readdir(d))) {
		int64_t pid;
		pid_t *slot;

		if (lct_parse_int64(e->d_name, &pid) < 0 || pid <= 0 || !same_ns((pid_t)pid, ns))
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
	struct stat ns;

	return scan(ct, &ns, ret, ret_n, err);
}

int lct_pidns_kill(struct libct_container *ct, int sig, struct libct_error *err)
{
	_cleanup_free_ pid_t *pids = NULL;
	struct stat ns;
	size_t n;
	int r = scan(ct, &ns, &pids, &n, err);

	for (size_t i = 0; r == 0 && i < n; i++) {
		_cleanup_close_ int fd = (int)syscall(SYS_pidfd_open, pids[i], 0);

		/* the pidfd's process, not one that took a pid freed since the
		 * scan, unless that one is in the container too */
		if (fd < 0 || !same_ns(pids[i], &ns))
			continue;
		if (syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0) < 0 && errno != ESRCH)
			r = lct_err(err, -errno, "signal %d to process %d of container '%s'", sig,
				    (int)pids[i], ct->id);
	}
	return r;
}
