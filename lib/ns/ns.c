/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Namespace types: their table, joining by path. */
#include <fcntl.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include "ns/ns.h"
#include "util/util.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

/* One row per namespace type: its clone flag, its /proc/PID/ns entry, and
 * its name in the API and in OCI's linux.namespaces[].type. */
static const struct {
	unsigned long flag;
	const char *proc;
	const char *name;
} table[LIBCT_NS__MAX] = {
	[LIBCT_NS_PID] = { CLONE_NEWPID, "pid", "pid" },
	[LIBCT_NS_NET] = { CLONE_NEWNET, "net", "network" },
	[LIBCT_NS_IPC] = { CLONE_NEWIPC, "ipc", "ipc" },
	[LIBCT_NS_UTS] = { CLONE_NEWUTS, "uts", "uts" },
	[LIBCT_NS_MOUNT] = { CLONE_NEWNS, "mnt", "mount" },
	[LIBCT_NS_USER] = { CLONE_NEWUSER, "user", "user" },
	[LIBCT_NS_CGROUP] = { CLONE_NEWCGROUP, "cgroup", "cgroup" },
	[LIBCT_NS_TIME] = { CLONE_NEWTIME, "time", "time" },
};

LCT_EXPORT const char *libct_ns_to_string(enum libct_ns ns)
{
	return (unsigned)ns < LIBCT_NS__MAX ? table[ns].name : NULL;
}

LCT_EXPORT int libct_ns_from_string(const char *name, enum libct_ns *ret)
{
	for (int i = 0; i < LIBCT_NS__MAX; i++)
		if (strcmp(name, table[i].name) == 0) {
			*ret = i;
			return 0;
		}
	return -EINVAL;
}

unsigned long lct_ns_flag(enum libct_ns ns)
{
	return table[ns].flag;
}

const char *lct_ns_proc_name(enum libct_ns ns)
{
	return table[ns].proc;
}

bool lct_ns_joins_any(const struct lct_config *cfg)
{
	for (int i = 0; i < LIBCT_NS__MAX; i++)
		if (cfg->ns_path[i])
			return true;
	return false;
}

unsigned long lct_ns_clone_flags(const struct lct_config *cfg)
{
	unsigned long flags = 0;

	/* With any namespace joined by path, the new ones must be made after the
	 * join (so that they belong to a joined user namespace): only the pid
	 * namespace, which must exist before init does, is made by clone3 (from
	 * inside a joined user namespace: lct_ns_born_in_userns). */
	if (lct_ns_joins_any(cfg)) {
		if (cfg->ns_want[LIBCT_NS_PID] && !cfg->ns_path[LIBCT_NS_PID])
			flags |= CLONE_NEWPID;
		if (cfg->ns_want[LIBCT_NS_USER] && !cfg->ns_path[LIBCT_NS_USER])
			flags |= CLONE_NEWUSER;
		if (cfg->ns_want[LIBCT_NS_TIME] && !cfg->ns_path[LIBCT_NS_TIME] &&
		    lct_ns_time_offsets(cfg))
			flags |= CLONE_NEWTIME;
		return flags;
	}
	for (int i = 0; i < LIBCT_NS__MAX; i++)
		/* the cgroup namespace is unshared by init once it is in its cgroup */
		if (cfg->ns_want[i] && i != LIBCT_NS_CGROUP)
			flags |= table[i].flag;
	return flags;
}

bool lct_ns_born_in_userns(const struct lct_config *cfg, unsigned long cloned)
{
	return cfg->ns_path[LIBCT_NS_USER] && (cloned & CLONE_NEWPID);
}

bool lct_ns_time_offsets(const struct lct_config *cfg)
{
	return cfg->time_offsets[0].set || cfg->time_offsets[1].set;
}

size_t lct_ns_render_time_offsets(const struct lct_config *cfg, char *buf, size_t size)
{
	static const int clock_id[2] = { 1, 7 }; /* CLOCK_MONOTONIC, CLOCK_BOOTTIME */
	size_t off = 0;

	for (int i = 0; i < 2 && off < size; i++)
		if (cfg->time_offsets[i].set)
			off += snprintf(buf + off, size - off, "%d %lld %u\n", clock_id[i],
					(long long)cfg->time_offsets[i].secs,
					cfg->time_offsets[i].nanosecs);
	return off < size ? off : 0;
}

/* A path of cfg's of a namespace to join (config.json's linux.namespaces[].path),
 * opened without blocking: it must be a namespace of type ns (NS_GET_NSTYPE),
 * not a FIFO that holds the open forever or a file of another kind. */
int lct_ns_open(const struct lct_config *cfg, enum libct_ns ns, struct libct_error *err)
{
	const char *path = cfg->ns_path[ns];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	int type;

	if (fd < 0)
		return lct_err(err, -errno, "open %s namespace '%s'", libct_ns_to_string(ns), path);
	type = ioctl(fd, NS_GET_NSTYPE);
	if (type >= 0 && (unsigned long)type == table[ns].flag)
		return fd;
	close(fd);
	if (type < 0)
		return lct_err_msg(err, -EINVAL, "%s namespace '%s' is not a namespace file",
				   libct_ns_to_string(ns), path);
	for (int i = 0; i < LIBCT_NS__MAX; i++)
		if ((unsigned long)type == table[i].flag)
			return lct_err_msg(err, -EINVAL, "%s namespace '%s' is a %s namespace",
					   libct_ns_to_string(ns), path, table[i].name);
	return lct_err_msg(err, -EINVAL, "%s namespace '%s' is a namespace of type %#x",
			   libct_ns_to_string(ns), path, type);
}

bool lct_ns_is_current(int fd, enum libct_ns ns)
{
	char path[32];
	struct stat a, b;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", table[ns].proc);
	return fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino;
}

/* The namespaces but pid (the parent's: init is born in it) that cfg joins
 * by path, opened into fds (-EBADF: none, or this process's already, asked
 * before any join while /proc/self is its own: an intermediate joined it,
 * or init was born in it; a setns into the user namespace a process is in
 * would fail). */
static int open_joins(const struct lct_config *cfg, int fds[LIBCT_NS__MAX], struct libct_error *err)
{
	for (int i = 0; i < LIBCT_NS__MAX; i++)
		fds[i] = -EBADF;
	for (int i = 0; i < LIBCT_NS__MAX; i++) {
		if (i == LIBCT_NS_PID || !cfg->ns_want[i] || !cfg->ns_path[i])
			continue;
		fds[i] = lct_ns_open(cfg, i, err);
		if (fds[i] < 0) {
			int r = fds[i];

			fds[i] = -EBADF;
			for (int k = 0; k < i; k++)
				closep(&fds[k]);
			return r;
		}
		if (lct_ns_is_current(fds[i], i))
			closep(&fds[i]);
	}
	return 0;
}

/* Join the namespaces of fds, the user namespace's only when user (each
 * closed once joined). EPERM leaves one for later unless last; another
 * error is one. */
static int join_fds(const struct lct_config *cfg, int fds[LIBCT_NS__MAX], bool user, bool last,
		    struct libct_error *err)
{
	for (int i = 0; i < LIBCT_NS__MAX; i++) {
		if (fds[i] < 0 || (i == LIBCT_NS_USER) != user)
			continue;
		if (setns(fds[i], table[i].flag) < 0) {
			if (errno == EPERM && !last)
				continue;
			return lct_err(err, -errno, "join %s namespace '%s'", libct_ns_to_string(i),
				       cfg->ns_path[i]);
		}
		closep(&fds[i]);
	}
	return 0;
}

void lct_ns_join_early(const struct lct_config *cfg)
{
	int fds[LIBCT_NS__MAX];

	if (open_joins(cfg, fds, NULL) < 0)
		return;
	/* not the mount namespace: the intermediate still reads its own /proc
	 * (a time namespace's offsets), which that would hide; one another
	 * user namespace owns would not take the container's mounts anyway */
	closep(&fds[LIBCT_NS_MOUNT]);
	/* what fails here, init tries again and reports */
	join_fds(cfg, fds, false, false, NULL);
	for (int i = 0; i < LIBCT_NS__MAX; i++)
		closep(&fds[i]);
}

int lct_ns_join(const struct lct_config *cfg, unsigned long *made, struct libct_error *err)
{
	unsigned long to_unshare = 0;
	int fds[LIBCT_NS__MAX];
	int r;

	/* all opened first: once a mount namespace is joined, the paths may
	 * lead elsewhere */
	r = open_joins(cfg, fds, err);
	if (r < 0)
		return r;
	/* the others before the user namespace (as runc, and nsenter): one
	 * that another user namespace owns than the one joined can only be
	 * entered with the caller's privilege; those refused (EPERM) again
	 * after it, which is where a rootless caller gets its privilege */
	r = join_fds(cfg, fds, false, false, err);
	if (r == 0)
		r = join_fds(cfg, fds, true, true, err);
	if (r == 0)
		r = join_fds(cfg, fds, false, true, err);
	for (int i = 0; i < LIBCT_NS__MAX; i++)
		closep(&fds[i]);
	if (r < 0)
		return r;
	for (int i = 0; i < LIBCT_NS__MAX; i++)
		if (i != LIBCT_NS_USER && cfg->ns_want[i] && !cfg->ns_path[i] &&
		    !(*made & table[i].flag) && i != LIBCT_NS_CGROUP && i != LIBCT_NS_PID)
			to_unshare |= table[i].flag;
	if (to_unshare && unshare(to_unshare) < 0)
		return lct_err(err, -errno, "unshare namespaces 0x%lx", to_unshare);
	*made |= to_unshare;
	return 0;
}
