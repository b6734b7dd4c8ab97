/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The container's /sys/fs/cgroup, mounted in its new mount namespace before
 * pivot_root. v1 and hybrid: a tmpfs holding, per hierarchy, a bind of the
 * container's own directory (named as on the host, with the host's symlinks
 * for co-mounted controllers); v2: a fresh cgroup2 (cgroup namespace) or a
 * bind of the container's directory. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>

#include "cgroup/cgroup-internal.h"
#include "fs/fs.h"
#include "util/util.h"

#ifndef SYS_open_tree
#define SYS_open_tree 428
#endif
#ifndef SYS_move_mount
#define SYS_move_mount 429
#endif
#ifndef SYS_fsopen
#define SYS_fsopen 430
#endif
#ifndef SYS_fsconfig
#define SYS_fsconfig 431
#endif
#ifndef SYS_fsmount
#define SYS_fsmount 432
#endif
/* from linux/mount.h, which clashes with sys/mount.h on some libcs */
#define LCT_FSOPEN_CLOEXEC 0x1
#define LCT_FSCONFIG_SET_STRING 1
#define LCT_FSCONFIG_CMD_CREATE 6
#define LCT_FSMOUNT_CLOEXEC 0x1
#define LCT_MOVE_MOUNT_F_EMPTY_PATH 0x4
#define LCT_MOVE_MOUNT_T_EMPTY_PATH 0x40
#define LCT_OPEN_TREE_CLONE 1
#define LCT_AT_RECURSIVE 0x8000

#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
#define BIND_FLAGS                                                                                 \
	(MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME | MS_RELATIME | \
	 MS_STRICTATIME)

/* Where fd points, for messages. */
static const char *describe(int fd, char *buf, size_t size)
{
	char p[64];
	ssize_t n = readlink(FDPATH(p, fd), buf, size - 1);

	if (n < 0)
		snprintf(buf, size, "%s", p);
	else
		buf[n] = '\0';
	return buf;
}

/* The flags of the mount at path that a bind remount in a user namespace
 * must keep (they are locked), as MS_*. */
static unsigned long locked_flags(const char *path)
{
	struct statvfs sv;

	return statvfs(path, &sv) < 0 ? 0 : lct_st_to_ms_flags(sv.f_flag);
}

/* Apply flags to the mount whose root is at path, with a bind remount. */
static int remount(const char *path, const char *src, const char *what, unsigned long flags,
		   struct libct_error *err)
{
	unsigned long keep;

	flags &= BIND_FLAGS;
	if (!flags)
		return 0;
	/* atime flags are locked as a whole: keep the source's unless given */
	keep = locked_flags(src);
	if (flags & (MS_NOATIME | MS_RELATIME | MS_STRICTATIME))
		keep &= ~(MS_NOATIME | MS_RELATIME);
	if (mount(NULL, path, NULL, MS_REMOUNT | MS_BIND | flags | keep, NULL) < 0)
		return lct_err(err, -errno, "remount '%s' with flags 0x%lx", what, flags | keep);
	return 0;
}

/* The flags as mount attributes (lct_mount_flags_to_attrs), from none. */
static bool as_attrs(unsigned long flags, struct mount_attr *a)
{
	*a = (struct mount_attr){ 0 };
	return lct_mount_flags_to_attrs(flags, a);
}

/* Bind src (recursively) on name under dirfd ("": dirfd itself), then apply
 * flags. With the new mount API the flags go on the detached clone of src
 * before it is moved into place (open_tree, mount_setattr, move_mount); the
 * older way remounts the new mount's root by path. */
static int bind(const char *src, int dirfd, const char *name, const char *what, unsigned long flags,
		struct libct_error *err)
{
	_cleanup_close_ int tree = (int)syscall(SYS_open_tree, AT_FDCWD, src,
						LCT_OPEN_TREE_CLONE | O_CLOEXEC | LCT_AT_RECURSIVE);
	_cleanup_close_ int target = -EBADF;
	struct mount_attr attr;
	char p[64], path[PATH_MAX];
	bool set = false;
	ssize_t n;

	flags &= BIND_FLAGS;
	if (tree >= 0) {
		if (flags && as_attrs(flags, &attr))
			set = syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH, &attr,
				      sizeof(attr)) == 0;
		if (syscall(SYS_move_mount, tree, "", dirfd, name,
			    LCT_MOVE_MOUNT_F_EMPTY_PATH |
				    (*name ? 0 : LCT_MOVE_MOUNT_T_EMPTY_PATH)) < 0)
			return lct_err(err, -errno, "bind mount '%s' on '%s'", src, what);
		return set ? 0 : remount(FDPATH(p, tree), src, what, flags, err);
	}
	if (errno != ENOSYS)
		return lct_err(err, -errno, "open_tree '%s'", src);
	/* before Linux 5.2: mount by the fd, then remount by its path */
	target = *name ? openat(dirfd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) :
			 fcntl(dirfd, F_DUPFD_CLOEXEC, 3);
	if (target < 0)
		return lct_err(err, -errno, "open '%s'", what);
	if (mount(src, FDPATH(p, target), NULL, MS_BIND | MS_REC, NULL) < 0)
		return lct_err(err, -errno, "bind mount '%s' on '%s'", src, what);
	n = readlink(p, path, sizeof(path) - 1);
	if (n < 0)
		return lct_err(err, -errno, "readlink '%s'", p);
	path[n] = '\0';
	return remount(path, src, what, flags, err);
}

/* A tmpfs on target; returns an O_PATH fd of its root (an fd of target
 * itself would still show the directory under the mount). */
static int tmpfs_on(int target, const char *what, struct libct_error *err)
{
	_cleanup_close_ int fs = (int)syscall(SYS_fsopen, "tmpfs", LCT_FSOPEN_CLOEXEC);
	_cleanup_close_ int mnt = -EBADF;
	char p[64], path[PATH_MAX];
	ssize_t n;

	if (fs >= 0) {
		if (syscall(SYS_fsconfig, fs, LCT_FSCONFIG_SET_STRING, "mode", "755", 0) < 0 ||
		    syscall(SYS_fsconfig, fs, LCT_FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
			return lct_err(err, -errno, "create tmpfs for '%s'", what);
		mnt = (int)syscall(SYS_fsmount, fs, LCT_FSMOUNT_CLOEXEC, 0);
		if (mnt < 0)
			return lct_err(err, -errno, "fsmount tmpfs for '%s'", what);
		if (syscall(SYS_move_mount, mnt, "", target, "",
			    LCT_MOVE_MOUNT_F_EMPTY_PATH | LCT_MOVE_MOUNT_T_EMPTY_PATH) < 0)
			return lct_err(err, -errno, "mount tmpfs on '%s'", what);
		return TAKE_FD(mnt);
	}
	if (errno != ENOSYS)
		return lct_err(err, -errno, "fsopen tmpfs");
	/* before Linux 5.2: mount by the fd, then reach the new root by its path */
	if (mount("tmpfs", FDPATH(p, target), "tmpfs", 0, "mode=755") < 0)
		return lct_err(err, -errno, "mount tmpfs on '%s'", what);
	n = readlink(p, path, sizeof(path) - 1);
	if (n < 0)
		return lct_err(err, -errno, "readlink '%s'", p);
	path[n] = '\0';
	mnt = open(path, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (mnt < 0)
		return lct_err(err, -errno, "open '%s'", path);
	return TAKE_FD(mnt);
}

/* The directory name of h under /sys/fs/cgroup: "cpu,cpuacct", "systemd", "unified". */
static void mount_name(const struct lct_cgroup_hier *h, char *buf, size_t size)
{
	const char *nm = strstr(h->name, "name=");

	if (h->version == 2)
		snprintf(buf, size, "unified");
	else if (nm && nm == h->name)
		snprintf(buf, size, "%s", nm + 5);
	else if (nm)
		snprintf(buf, size, "%.*s", (int)(nm - h->name - 1), h->name);
	else
		snprintf(buf, size, "%s", h->name);
}

/* "cpu" -> "cpu,cpuacct" and "cpuacct" -> "cpu,cpuacct", as systemd makes them. */
static int comount_links(int mfd, const char *name, const char *what, struct libct_error *err)
{
	_cleanup_free_ char *copy = strdup(name);
	char *save = NULL;

	if (!copy)
		return lct_err(err, -ENOMEM, "cgroup mount");
	if (!strchr(name, ','))
		return 0;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
		if (symlinkat(name, mfd, t) < 0 && errno != EEXIST)
			return lct_err(err, -errno, "symlink '%s/%s' to '%s'", what, t, name);
	return 0;
}

static int mount_v1(struct lct_cgroup *cg, int target, unsigned long flags, struct libct_error *err)
{
	_cleanup_close_ int mfd = -EBADF;
	char what[PATH_MAX], p[64];
	struct mount_attr attr;
	int r;

	describe(target, what, sizeof(what));
	mfd = tmpfs_on(target, what, err);
	if (mfd < 0)
		return mfd;
	for (size_t i = 0; i < cg->n; i++) {
		char name[256], subwhat[PATH_MAX + 256];

		mount_name(&cg->h[i], name, sizeof(name));
		snprintf(subwhat, sizeof(subwhat), "%s/%s", what, name);
		if (mkdirat(mfd, name, 0755) < 0 && errno != EEXIST)
			return lct_err(err, -errno, "mkdir '%s'", subwhat);
		r = bind(cg->h[i].dir, mfd, name, subwhat, 0, err);
		if (r == 0)
			r = comount_links(mfd, name, what, err);
		if (r < 0)
			return r;
	}
	/* the flags last: the tmpfs read-only only once its directories exist */
	flags &= BIND_FLAGS;
	if (!flags)
		return 0;
	/* one call for the whole tree (each mount call takes the kernel's
	 * global mount lock, which parallel creates contend for) */
	if (as_attrs(flags, &attr) &&
	    syscall(SYS_mount_setattr, mfd, "", AT_EMPTY_PATH | LCT_AT_RECURSIVE, &attr,
		    sizeof(attr)) == 0)
		return 0;
	for (size_t i = 0; i < cg->n; i++) {
		char name[256], subwhat[PATH_MAX + 256];
		_cleanup_close_ int fd = -EBADF;

		mount_name(&cg->h[i], name, sizeof(name));
		snprintf(subwhat, sizeof(subwhat), "%s/%s", what, name);
		fd = openat(mfd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			return lct_err(err, -errno, "open '%s'", subwhat);
		r = remount(FDPATH(p, fd), cg->h[i].dir, subwhat, flags, err);
		if (r < 0)
			return r;
	}
	if (mount(NULL, FDPATH(p, mfd), NULL, MS_REMOUNT | MS_BIND | flags, NULL) < 0)
		return lct_err(err, -errno, "remount tmpfs on '%s' with flags 0x%lx", what, flags);
	return 0;
}

static int mount_v2(struct lct_cgroup *cg, int target, unsigned long flags, bool cgroupns,
		    struct libct_error *err)
{
	struct lct_cgroup_hier *h = lct_cgroup_hier_v2(cg);
	char what[PATH_MAX], p[64];

	if (!h)
		return lct_err_msg(err, -ENOENT, "cgroup mount: no cgroup2 hierarchy");
	describe(target, what, sizeof(what));
	if (cgroupns) {
		/* in its own cgroup namespace, the container's directory is the root */
		if (mount("cgroup2", FDPATH(p, target), "cgroup2", flags & BIND_FLAGS, NULL) == 0)
			return 0;
		if (errno != EPERM && errno != EBUSY)
			return lct_err(err, -errno, "mount cgroup2 on '%s'", what);
		lct_log(cg->s, LIBCT_LOG_DEBUG, "mount cgroup2 on '%s': %s; binding '%s' instead",
			what, strerror(errno), h->dir);
	}
	return bind(h->dir, target, "", what, flags, err);
}

int lct_cgroup_mount(struct lct_cgroup *cg, int target_dirfd, unsigned long flags, bool cgroupns,
		     struct libct_error *err)
{
	if (cg->layout == LCT_CGROUP_V2)
		return mount_v2(cg, target_dirfd, flags, cgroupns, err);
	return mount_v1(cg, target_dirfd, flags, err);
}
