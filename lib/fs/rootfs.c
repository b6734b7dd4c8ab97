/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The container's root: mounts onto fds resolved inside it, pivot_root,
 * masked and read-only paths. Runs in init, in its new mount namespace. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <sys/syscall.h>

#include "cgroup/cgroup.h"
#include "fs/fs.h"
#include "security/security.h"
#include "util/util.h"

/* Flags a bind remount may change; the rest are kept from the mount. */
#define REMOUNT_FLAGS                                                                              \
	(MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME | MS_RELATIME | \
	 MS_STRICTATIME | MS_SYNCHRONOUS | MS_DIRSYNC | MS_MANDLOCK | MS_NOSYMFOLLOW)

/* The flags a mount has now, as MS_* (a bind remount in a user namespace
 * must keep the locked ones). */
/* The flags of the mount at fd (path: for errors) but read-only, which
 * callers decide: a remount without them would clear nosuid, nodev and
 * noexec, so not knowing them is an error. */
static int current_flags(int fd, const char *path, unsigned long *ret, struct libct_error *err)
{
	struct statvfs sv;

	if (fstatvfs(fd, &sv) < 0)
		return lct_err(err, -errno, "statfs '%s'", path);
	*ret = lct_st_to_ms_flags(sv.f_flag) & ~MS_RDONLY;
	return 0;
}

/* Re-open dest after a mount on it, so the fd is the new mount's root. */
static int reopen(int rootfd, const char *dest, struct libct_error *err)
{
	return lct_open_in_root(rootfd, dest, false, false, err);
}

static int remount_bind(int rootfd, const struct lct_mount *m, struct libct_error *err)
{
	_cleanup_close_ int fd = reopen(rootfd, m->destination, err);
	unsigned long flags;
	char p[64];
	int r;

	if (fd < 0)
		return fd;
	if ((r = current_flags(fd, m->destination, &flags, err)) < 0)
		return r;
	flags = (flags & ~m->clear) | (m->flags & REMOUNT_FLAGS);
	if (mount(NULL, FDPATH(p, fd), NULL, MS_REMOUNT | MS_BIND | flags, NULL) < 0)
		return lct_err(err, -errno, "remount '%s' with its options", m->destination);
	return 0;
}

static int set_rec_attrs(int rootfd, const struct lct_mount *m, struct libct_error *err)
{
	struct mount_attr attr = { .attr_set = m->rec_set, .attr_clr = m->rec_clear };
	_cleanup_close_ int fd = -EBADF;

	if (!m->rec_set && !m->rec_clear)
		return 0;
	fd = reopen(rootfd, m->destination, err);
	if (fd < 0)
		return fd;
	if (syscall(SYS_mount_setattr, fd, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof(attr)) <
	    0)
		return lct_err(err, -errno, "set recursive options on '%s'", m->destination);
	return 0;
}

static int set_propagation(int rootfd, const struct lct_mount *m, struct libct_error *err)
{
	_cleanup_close_ int fd = -EBADF;
	char p[64];

	if (!m->propagation)
		return 0;
	fd = reopen(rootfd, m->destination, err);
	if (fd < 0)
		return fd;
	if (mount(NULL, FDPATH(p, fd), NULL, m->propagation, NULL) < 0)
		return lct_err(err, -errno, "set propagation of '%s'", m->destination);
	return 0;
}

/* A bind mount whose source the parent cloned on the host side (idmap.c):
 * moved into place, then given its options as any bind mount. */
static int attach_bind(int rootfd, const struct lct_mount *m, struct libct_error *err)
{
	int r = lct_idmap_attach(rootfd, m, err);

	if (r == 0 && (m->flags & REMOUNT_FLAGS))
		r = remount_bind(rootfd, m, err);
	return r;
}

static int mount_bind(int rootfd, const struct lct_mount *m, struct libct_error *err)
{
	_cleanup_close_ int dst = -EBADF;
	struct stat st;
	char p[64];

	if (!m->source || stat(m->source, &st) < 0) {
		/* a source the container's root may not reach (a parent directory
		 * closed to it): the clone the parent made of it on the host side,
		 * as crun binds every source. Only then: a clone moved in is not
		 * locked as the mounts init copied from the host are (a read-only
		 * host mount could be made writable by a root with CAP_SYS_ADMIN
		 * in the container's user namespace), so the container's own path
		 * stays the rule (doc/security.md). */
		if (m->source && errno == EACCES && m->tree_fd >= 0)
			return attach_bind(rootfd, m, err);
		return lct_err(err, m->source ? -errno : -EINVAL, "bind mount source '%s'",
			       m->source ? m->source : "");
	}
	dst = lct_open_in_root(rootfd, m->destination, true, !S_ISDIR(st.st_mode), err);
	if (dst < 0)
		return dst;
	if (mount(m->source, FDPATH(p, dst), NULL, MS_BIND | (m->flags & MS_REC), NULL) < 0)
		return lct_err(err, -errno, "bind mount '%s' on '%s'", m->source, m->destination);
	if (m->flags & REMOUNT_FLAGS)
		return remount_bind(rootfd, m, err);
	return 0;
}

/* A tmpfs without "mode=" over a directory that was there takes that
 * directory's mode (as runc); NULL: the options as given. */
static char *tmpfs_data(int rootfd, const struct lct_mount *m)
{
	_cleanup_close_ int fd = -EBADF;
	struct stat st;

	if (!m->type || strcmp(m->type, "tmpfs") != 0 ||
	    (m->data && (strncmp(m->data, "mode=", 5) == 0 || strstr(m->data, ",mode="))))
		return NULL;
	fd = lct_open_in_root(rootfd, m->destination, false, false, NULL);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISDIR(st.st_mode))
		return NULL;
	return lct_asprintf("mode=%04o%s%s", st.st_mode & 07777, m->data ? "," : "",
			    m->data ? m->data : "");
}

/* tmpcopyup: what the directory held, copied into the tmpfs now over it
 * (covered, the directory is still reachable through its old fd). */
static int copy_up(int rootfd, const struct lct_mount *m, int covered, struct libct_error *err)
{
	_cleanup_close_ int mnt = reopen(rootfd, m->destination, err);
	_cleanup_close_ int to = -EBADF;

	if (mnt < 0)
		return mnt;
	to = openat(mnt, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (to < 0)
		return lct_err(err, -errno, "copy up into '%s'", m->destination);
	if (lct_copy_tree(covered, to, err) < 0)
		return lct_err_prefix(err, "'%s'", m->destination);
	return 0;
}

/* linux.mountLabel: only on a host with SELinux (as runc); NULL else */
static const char *mount_label(const struct lct_config *cfg)
{
	return cfg->mount_label && lct_lsm_selinux_enabled() ? cfg->mount_label : NULL;
}

/* mqueue takes no context option: its root is labelled once mounted */
static int label_mqueue(int rootfd, const struct lct_mount *m, const char *label,
			struct libct_error *err)
{
	_cleanup_close_ int fd = -EBADF;
	char p[64];

	if (!label || !m->type || strcmp(m->type, "mqueue") != 0)
		return 0;
	/* the new mount's root, not what it covers */
	fd = reopen(rootfd, m->destination, err);
	if (fd < 0)
		return fd;
	if (setxattr(FDPATH(p, fd), "security.selinux", label, strlen(label) + 1, 0) < 0)
		return lct_err(err, -errno, "label '%s' with '%s'", m->destination, label);
	return 0;
}

/* proc and sysfs go on a directory reached through no symlink, the last
 * component or any other (as runc and crun): a symlink in the image would
 * put them where the config does not say, outside the masks and read-only
 * paths written for their destination (runc's CVE-2019-19921). */
static bool pseudo_fs(const struct lct_mount *m)
{
	return m->type && (strcmp(m->type, "proc") == 0 || strcmp(m->type, "sysfs") == 0);
}

static int open_target(int rootfd, const struct lct_mount *m, struct libct_error *err)
{
	int fd;

	if (!pseudo_fs(m))
		return lct_open_in_root(rootfd, m->destination, true, false, err);
	fd = lct_open_dir_in_root_nosym(rootfd, m->destination, err);
	if (fd == -ELOOP || fd == -ENOTDIR)
		lct_err_prefix(err, "mount %s on '%s' (a directory, never through a symlink)",
			       m->type, m->destination);
	return fd;
}

static int mount_fs(int rootfd, const struct lct_mount *m, const char *label,
		    struct libct_error *err)
{
	_cleanup_free_ char *data = tmpfs_data(rootfd, m), *labelled = NULL;
	_cleanup_close_ int dst = open_target(rootfd, m, err);
	_cleanup_close_ int covered = -EBADF;
	const char *src = m->source ? m->source : m->type;
	bool tmpfs = m->type && strcmp(m->type, "tmpfs") == 0;
	char p[64];

	if (dst < 0)
		return dst;
	if (label) {
		bool oom;

		labelled = lct_mount_data_with_label(m->type, data ? data : m->data, label, &oom);
		if (oom)
			return lct_err(err, -ENOMEM, "mount '%s'", m->destination);
	}
	if (m->copy_up && tmpfs) {
		covered = openat(dst, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (covered < 0)
			return lct_err(err, -errno, "open '%s' to copy up", m->destination);
	}
	if (mount(src, FDPATH(p, dst), m->type, m->flags & ~(MS_REMOUNT | MS_BIND),
		  labelled ? labelled :
		  data	   ? data :
			     m->data) < 0)
		return lct_err(err, -errno, "mount '%s' (%s) on '%s'", src,
			       m->type ? m->type : "none", m->destination);
	return covered >= 0 ? copy_up(rootfd, m, covered, err) : 0;
}

bool lct_mount_is_cgroup(const struct lct_mount *m)
{
	return m->type && !m->bind &&
	       (strcmp(m->type, "cgroup") == 0 || strcmp(m->type, "cgroup2") == 0);
}

static int mount_cgroup(int rootfd, const struct lct_mount *m, struct lct_cgroup *cg, bool cgroupns,
			struct libct_error *err)
{
	_cleanup_close_ int dst = lct_open_in_root(rootfd, m->destination, true, false, err);

	if (dst < 0)
		return dst;
	if (!cg)
		return lct_err_msg(err, -EINVAL,
				   "mount of cgroup on '%s': the container has no cgroup",
				   m->destination);
	return lct_cgroup_mount(cg, dst, m->flags & REMOUNT_FLAGS, cgroupns, err);
}

/* A mount's command: fork, exec, wait; any exit but 0 is an error. */
static int run_cmd(const struct lct_mount *m, const struct lct_cmd *c, struct libct_error *err)
{
	char *const empty[] = { NULL };
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return lct_err(err, -errno, "fork for mount command '%s'", c->path);
	if (pid == 0) {
		if (c->dir && chdir(c->dir) < 0)
			_exit(126);
		execve(c->path, c->argv ? c->argv : (char *const[]){ c->path, NULL },
		       c->env ? c->env : empty);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return lct_err(err, -errno, "wait for mount command '%s'", c->path);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status))
		return lct_err_msg(err, -ECHILD,
				   "mount command '%s' for '%s' exited with status %d", c->path,
				   m->destination, WEXITSTATUS(status));
	return lct_err_msg(err, -ECHILD, "mount command '%s' for '%s' killed by signal %d", c->path,
			   m->destination, WTERMSIG(status));
}

static int run_cmds(const struct lct_mount *m, bool after, struct libct_error *err)
{
	for (size_t i = 0; i < m->n_cmds[after]; i++) {
		int r = run_cmd(m, &m->cmds[after][i], err);

		if (r < 0)
			return r;
	}
	return 0;
}

/* A read-only /dev is mounted writable and made read-only once the nodes,
 * links and mounts under it are made (as runc). */
static bool readonly_dev(const struct lct_mount *m)
{
	return !m->bind && (m->flags & MS_RDONLY) && strcmp(m->destination, "/dev") == 0;
}

static int make_dev_readonly(const struct lct_config *cfg, int rootfd, struct libct_error *err)
{
	_cleanup_close_ int fd = -EBADF;
	unsigned long flags;
	bool want = false;
	char p[64];
	int r;

	for (size_t i = 0; i < cfg->n_mounts; i++)
		want = want || readonly_dev(&cfg->mounts[i]);
	if (!want)
		return 0;
	fd = reopen(rootfd, "/dev", err);
	if (fd < 0)
		return fd;
	if ((r = current_flags(fd, "/dev", &flags, err)) < 0)
		return r;
	if (mount(NULL, FDPATH(p, fd), NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | flags, NULL) < 0)
		return lct_err(err, -errno, "make '/dev' read-only");
	return 0;
}

static int mount_one(int rootfd, const struct lct_config *cfg, const struct lct_mount *m,
		     struct lct_cgroup *cg, struct libct_error *err)
{
	struct lct_mount writable;
	bool cgroup = lct_mount_is_cgroup(m);
	/* looked up only for a filesystem mounted here (SELinux's state: a file) */
	const char *label = m->bind || cgroup ? NULL : mount_label(cfg);
	int r = run_cmds(m, false, err);

	if (r < 0)
		return r;
	if (readonly_dev(m)) {
		writable = *m;
		writable.flags &= ~MS_RDONLY;
		m = &writable;
	}
	if (cgroup)
		r = mount_cgroup(rootfd, m, cg, cfg->ns_want[LIBCT_NS_CGROUP], err);
	else if (m->idmap)
		r = lct_idmap_attach(rootfd, m, err);
	else
		r = m->bind ? mount_bind(rootfd, m, err) : mount_fs(rootfd, m, label, err);
	if (r == 0 && !cgroup && !m->bind)
		r = label_mqueue(rootfd, m, label, err);
	if (r == 0 && !cgroup)
		r = set_rec_attrs(rootfd, m, err);
	if (r == 0 && !cgroup)
		r = set_propagation(rootfd, m, err);
	return r < 0 ? r : run_cmds(m, true, err);
}

/* pivot_root(".", ".") in the new root, then detach the old one (made a slave
 * first, so the unmount cannot propagate to the host). */
static int pivot(const char *root, struct libct_error *err)
{
	_cleanup_close_ int newroot = open(root, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
	_cleanup_close_ int oldroot = open("/", O_DIRECTORY | O_RDONLY | O_CLOEXEC);

	if (newroot < 0 || oldroot < 0)
		return lct_err(err, -errno, "open root '%s'", newroot < 0 ? root : "/");
	if (fchdir(newroot) < 0)
		return lct_err(err, -errno, "chdir to root '%s'", root);
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return lct_err(err, -errno, "pivot_root to '%s'", root);
	/* "." must name the old root, stacked on the new one; left on the new
	 * root, the slave below would also reach the container's own mounts */
	if (fchdir(oldroot) < 0)
		return lct_err(err, -errno, "chdir to the old root");
	if (mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0)
		return lct_err(err, -errno, "make the old root a slave");
	if (umount2(".", MNT_DETACH) < 0)
		return lct_err(err, -errno, "detach the old root");
	if (chdir("/") < 0)
		return lct_err(err, -errno, "chdir to '/'");
	return 0;
}

/* A whole proc or sysfs (its root "/"), mounted on point. */
struct pseudo_mount {
	unsigned long id;
	char *point;
};

static void pseudo_mounts_free(struct pseudo_mount *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].point);
	free(v);
}

/* Whether path is dir or below it. */
static bool path_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (strcmp(dir, "/") == 0)
		return true;
	return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* From /proc/self/mountinfo: the whole proc and sysfs mounts of this mount
 * namespace, in its order, and the mount point of the mount root_id (the
 * root's, as the kernel spells it). */
static int find_pseudo_mounts(unsigned long root_id, struct pseudo_mount **ret, size_t *ret_n,
			      char **ret_root, struct libct_error *err)
{
	_cleanup_free_ char *text = NULL, *root = NULL;
	struct pseudo_mount *v = NULL;
	char *save = NULL;
	size_t n = 0;
	int r = lct_read_file_at(AT_FDCWD, "/proc/self/mountinfo", &text, NULL, err);

	if (r < 0)
		return r;
	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		struct lct_mountinfo m;
		struct pseudo_mount *p;

		if (!lct_mountinfo_parse(l, &m))
			continue;
		if (m.id == root_id && !root && !(root = strdup(m.point)))
			goto oom;
		if (strcmp(m.root, "/") != 0 ||
		    (strcmp(m.fstype, "proc") != 0 && strcmp(m.fstype, "sysfs") != 0))
			continue;
		p = lct_array_grow(&v, &n, sizeof(*v));
		if (!p)
			goto oom;
		p->id = m.id;
		if (!(p->point = strdup(m.point)))
			goto oom;
	}
	if (!root) {
		pseudo_mounts_free(v, n);
		return lct_err_msg(err, -ENOENT, "the root's mount (%lu) is not in mountinfo",
				   root_id);
	}
	*ret = v;
	*ret_n = n;
	*ret_root = TAKE_PTR(root);
	return 0;
oom:
	pseudo_mounts_free(v, n);
	return lct_err(err, -ENOMEM, "read /proc/self/mountinfo");
}

/* With chroot (--no-pivot) the host's /proc and /sys stay in the container's
 * mount namespace, out of sight but mounted; the kernel lets a process in a
 * user namespace of its own mount a new, unmasked procfs (sysfs) as long as
 * one whole mount of it in the namespace is not covered by a locked one, so
 * each such mount outside the root is made a slave (nothing propagates back
 * to the host) and lazily unmounted, or where that is refused (a mount the
 * caller's user namespace locked) covered with a tmpfs, which is locked in a
 * nested namespace (runc's msMoveRoot). From the last one to the first: one
 * mounted on another is gone before the one below it is looked at. A mount
 * no longer at its mount point (gone with its parent, or covered already)
 * is left alone. pivot_root needs none of this: the old root goes whole. */
static int hide_pseudo_mounts(int rootfd, struct libct_error *err)
{
	_cleanup_free_ char *root = NULL;
	struct pseudo_mount *v = NULL;
	struct statx stx;
	size_t n = 0;
	int r;

	if (statx(rootfd, "", AT_EMPTY_PATH, STATX_MNT_ID, &stx) < 0)
		return lct_err(err, -errno, "statx the root's mount");
	r = find_pseudo_mounts(stx.stx_mnt_id, &v, &n, &root, err);
	for (size_t i = n; r == 0 && i-- > 0;) {
		const char *p = v[i].point;

		if (path_under(p, root) ||
		    statx(AT_FDCWD, p, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT, STATX_MNT_ID, &stx) <
			    0 ||
		    stx.stx_mnt_id != v[i].id)
			continue;
		if (mount(NULL, p, NULL, MS_SLAVE | MS_REC, NULL) < 0)
			r = lct_err(err, -errno, "make '%s' a slave before its unmount", p);
		else if (umount2(p, MNT_DETACH) == 0)
			continue;
		else if (errno != EINVAL && errno != EPERM)
			r = lct_err(err, -errno, "unmount '%s' before the move of the root", p);
		else if (mount("tmpfs", p, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
			       "size=0k") < 0)
			r = lct_err(err, -errno, "cover '%s' before the move of the root", p);
	}
	pseudo_mounts_free(v, n);
	return r;
}

/* Without pivot_root (--no-pivot): move the root over "/" and chroot. */
static int move_root(const char *root, struct libct_error *err)
{
	if (chdir(root) < 0)
		return lct_err(err, -errno, "chdir to root '%s'", root);
	if (mount(root, "/", NULL, MS_MOVE, NULL) < 0)
		return lct_err(err, -errno, "move root '%s' to '/'", root);
	if (chroot(".") < 0)
		return lct_err(err, -errno, "chroot to '%s'", root);
	if (chdir("/") < 0)
		return lct_err(err, -errno, "chdir to '/'");
	return 0;
}

/* What lct_open_in_root's failure r says of a path: that it is not there
 * (a missing component, or one that is not a directory), as runc and crun
 * read it; any other failure leaves the question open. */
static bool absent(int r)
{
	return r == -ENOENT || r == -ENOTDIR;
}

/* Whether fd is the null device (character 1:3): 1, 0, or -errno. */
static int is_null_device(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -errno;
	return S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3);
}

/* What masks are bound from: the null device, never anything else. The
 * container's /dev/null when it is that (as runc), else the host's (as
 * crun): one from the image may be a symlink to a file of the container's
 * /proc (a sysctl), and a mask bound from it would make that file writable
 * where it is masked; and a config may make /dev/null another device on
 * purpose (linux.devices), which then stays as it is, the masks none of
 * its business. */
/* fd when it is the null device; else closed, and -ENODEV with err unset
 * (or the error of looking at it) */
static int null_or_close(int fd, const char *whose, struct libct_error *err)
{
	int r = is_null_device(fd);

	if (r > 0)
		return fd;
	close(fd);
	return r < 0 ? lct_err(err, r, "stat %s /dev/null", whose) : -ENODEV;
}

static int open_null(int rootfd, struct libct_error *err)
{
	int fd = lct_open_in_root(rootfd, "/dev/null", false, false, NULL);

	if (fd < 0 && !absent(fd))
		return lct_err(err, fd, "resolve '/dev/null' in the container");
	if (fd >= 0 && (fd = null_or_close(fd, "the container's", err)) != -ENODEV)
		return fd;
	fd = open("/dev/null", O_PATH | O_CLOEXEC);
	if (fd < 0)
		return lct_err(err, -errno, "open the host's /dev/null");
	if ((fd = null_or_close(fd, "the host's", err)) != -ENODEV)
		return fd;
	return lct_err_msg(err, -EPERM,
			   "cannot mask paths: neither the container's nor the host's /dev/null "
			   "is the null device (char 1:3)");
}

static int mask_paths(const struct lct_config *cfg, int rootfd, struct libct_error *err)
{
	_cleanup_close_ int null = -EBADF;
	_cleanup_free_ char *dir_data = NULL;
	char nullpath[64];
	bool oom;

	if (!cfg->masked_paths || !cfg->masked_paths[0])
		return 0;
	/* a masked directory: an empty read-only tmpfs, labelled as the
	 * container's other mounts */
	dir_data = lct_mount_data_with_label("tmpfs", "size=0k", mount_label(cfg), &oom);
	if (oom)
		return lct_err(err, -ENOMEM, "mask paths");
	null = open_null(rootfd, err);
	if (null < 0)
		return null;
	FDPATH(nullpath, null);
	for (size_t i = 0; cfg->masked_paths && cfg->masked_paths[i]; i++) {
		const char *path = cfg->masked_paths[i];
		_cleanup_close_ int fd = lct_open_in_root(rootfd, path, false, false, NULL);
		struct stat st;
		char p[64];
		int r;

		/* nothing there to hide; but a path that could not be looked at
		 * may be there, and is never left unmasked */
		if (fd < 0 && absent(fd))
			continue;
		if (fd < 0)
			return lct_err(err, fd, "resolve masked path '%s'", path);
		if (fstat(fd, &st) < 0)
			return lct_err(err, -errno, "stat masked path '%s'", path);
		if (S_ISDIR(st.st_mode))
			r = mount("tmpfs", FDPATH(p, fd), "tmpfs", MS_RDONLY,
				  dir_data ? dir_data : "size=0k");
		else
			r = mount(nullpath, FDPATH(p, fd), NULL, MS_BIND, NULL);
		if (r < 0)
			return lct_err(err, -errno, "mask '%s'", path);
	}
	return 0;
}

static int readonly_paths(const struct lct_config *cfg, int rootfd, struct libct_error *err)
{
	for (size_t i = 0; cfg->readonly_paths && cfg->readonly_paths[i]; i++) {
		const char *path = cfg->readonly_paths[i];
		_cleanup_close_ int fd = lct_open_in_root(rootfd, path, false, false, NULL);
		_cleanup_close_ int again = -EBADF;
		unsigned long flags;
		char p[64];
		int r;

		if (fd < 0 && absent(fd))
			continue;
		if (fd < 0)
			return lct_err(err, fd, "resolve read-only path '%s'", path);
		if (mount(FDPATH(p, fd), FDPATH(p, fd), NULL, MS_BIND | MS_REC, NULL) < 0)
			return lct_err(err, -errno, "bind '%s' for read-only", path);
		again = reopen(rootfd, path, err);
		if (again < 0)
			return again;
		if ((r = current_flags(again, path, &flags, err)) < 0)
			return r;
		if (mount(NULL, FDPATH(p, again), NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | flags,
			  NULL) < 0)
			return lct_err(err, -errno, "make '%s' read-only", path);
	}
	return 0;
}

static int readonly_root(struct libct_error *err)
{
	_cleanup_close_ int fd = open("/", O_PATH | O_CLOEXEC);
	unsigned long flags;
	int r;

	if (fd < 0)
		return lct_err(err, -errno, "open '/'");
	if ((r = current_flags(fd, "/", &flags, err)) < 0)
		return r;
	if (mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | flags, NULL) < 0)
		return lct_err(err, -errno, "make the root read-only");
	return 0;
}

/* The mount that holds dir: walk up by ".." while the mount id stays the
 * same. Returns an fd on that mount's root. */
static int mount_root_of(int dirfd, struct libct_error *err)
{
	_cleanup_close_ int fd = fcntl(dirfd, F_DUPFD_CLOEXEC, 3);
	struct statx here, up;

	if (fd < 0)
		return lct_err(err, -errno, "dup the root fd");
	for (;;) {
		_cleanup_close_ int parent = openat(fd, "..", O_PATH | O_DIRECTORY | O_CLOEXEC);

		if (parent < 0)
			return lct_err(err, -errno, "open the parent of the root");
		if (statx(fd, "", AT_EMPTY_PATH, STATX_MNT_ID | STATX_INO, &here) < 0 ||
		    statx(parent, "", AT_EMPTY_PATH, STATX_MNT_ID | STATX_INO, &up) < 0)
			return lct_err(err, -errno, "statx the root's mount");
		/* "/" is its own parent */
		if (here.stx_mnt_id != up.stx_mnt_id ||
		    (here.stx_ino == up.stx_ino && here.stx_dev_major == up.stx_dev_major &&
		     here.stx_dev_minor == up.stx_dev_minor))
			return TAKE_FD(fd);
		close(fd);
		fd = TAKE_FD(parent);
	}
}

/* The mount holding the root must not be shared: pivot_root refuses it, and
 * the bind of the root below would reach the host through it. That mount
 * alone becomes a slave under a slave propagation, private otherwise; a
 * recursive slave or private propagation of "/" (prop, just applied) has
 * reached it already (it is under "/"): then no walk up to find it. */
static int unshare_root_parent(int rootfd, unsigned long prop, struct libct_error *err)
{
	_cleanup_close_ int fd = -EBADF;
	unsigned long flag = prop & MS_SLAVE ? MS_SLAVE : MS_PRIVATE;
	char p[64];

	if ((prop & MS_REC) && (prop & (MS_SLAVE | MS_PRIVATE)))
		return 0;
	fd = mount_root_of(rootfd, err);
	if (fd < 0)
		return fd;
	if (mount(NULL, FDPATH(p, fd), NULL, flag, NULL) < 0)
		return lct_err(err, -errno, "make the mount holding the root %s",
			       flag == MS_SLAVE ? "a slave" : "private");
	return 0;
}

static int prepare_root(const struct lct_config *cfg, int *ret_rootfd, struct libct_error *err)
{
	/* rootfsPropagation decides what of the container's mounts reaches the
	 * host (rshared for a Bidirectional volume); by default nothing does */
	unsigned long prop = cfg->root_propagation ? cfg->root_propagation : MS_SLAVE | MS_REC;
	_cleanup_close_ int fd = -EBADF;
	int r;

	if (mount(NULL, "/", NULL, prop, NULL) < 0)
		return lct_err(err, -errno, "set the propagation of '/'");
	fd = open(cfg->root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return lct_err(err, -errno, "open root '%s'", cfg->root);
	if ((r = unshare_root_parent(fd, prop, err)) < 0)
		return r;
	/* pivot_root needs the root to be a mount point */
	if (mount(cfg->root, cfg->root, NULL, MS_BIND | MS_REC, NULL) < 0)
		return lct_err(err, -errno, "bind mount root '%s'", cfg->root);
	*ret_rootfd = open(cfg->root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (*ret_rootfd < 0)
		return lct_err(err, -errno, "open root '%s'", cfg->root);
	return 0;
}

/* No root of its own: the mounts go onto a private copy of the caller's tree
 * ("/" made a recursive slave, so nothing propagates back). */
static int prepare_shared_root(int *ret_rootfd, struct libct_error *err)
{
	if (mount(NULL, "/", NULL, MS_SLAVE | MS_REC, NULL) < 0)
		return lct_err(err, -errno, "make '/' a recursive slave");
	*ret_rootfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (*ret_rootfd < 0)
		return lct_err(err, -errno, "open '/'");
	return 0;
}

/* init's terminal is bound on /dev/console (spawn/console.c) after the root
 * change, when a read-only /dev or root refuses a new file: the file it is
 * bound on is made here, with the device nodes, unless something is there
 * already (never through a symlink: one there is refused at the bind). */
static int console_target(int rootfd, struct libct_error *err)
{
	_cleanup_close_ int dev = lct_open_in_root(rootfd, "/dev", true, false, err);
	int fd;

	if (dev < 0)
		return dev;
	fd = openat(dev, "console", O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 && errno != EEXIST)
		return lct_err(err, -errno, "create /dev/console");
	if (fd >= 0)
		close(fd);
	return 0;
}

/* Device nodes after the mounts: /dev is usually a tmpfs among them. On the
 * caller's own tree only those asked for: the default set would land in its
 * /dev. */
static int devices(const struct lct_config *cfg, int rootfd, bool in_userns,
		   struct libct_error *err)
{
	struct lct_config only;

	if (cfg->root)
		return lct_devices_create(rootfd, cfg, in_userns, err);
	if (!cfg->n_devices)
		return 0;
	only = *cfg;
	only.no_default_devices = true;
	return lct_devices_create(rootfd, &only, in_userns, err);
}

int lct_rootfs_setup(const struct libct_session *s, const struct lct_config *cfg,
		     struct lct_cgroup *cg, bool in_userns, bool console,
		     lct_before_pivot_fn before_pivot, void *userdata, struct libct_error *err)
{
	_cleanup_close_ int rootfd = -EBADF;
	int r;

	r = cfg->root ? prepare_root(cfg, &rootfd, err) : prepare_shared_root(&rootfd, err);
	if (r < 0)
		return r;
	lct_trace(s, "init: root prepared (propagation, bind)");
	for (size_t i = 0; i < cfg->n_mounts; i++) {
		r = mount_one(rootfd, cfg, &cfg->mounts[i], cg, err);
		if (r < 0)
			return r;
		if (lct_tracing(s)) {
			char step[128];

			snprintf(step, sizeof(step), "init: mount %s", cfg->mounts[i].destination);
			lct_trace(s, step);
		}
	}
	r = devices(cfg, rootfd, in_userns, err);
	/* before /dev or the root is made read-only (as runc and crun) */
	if (r == 0 && console && cfg->root)
		r = console_target(rootfd, err);
	if (r == 0)
		r = make_dev_readonly(cfg, rootfd, err);
	if (r < 0)
		return r;
	lct_trace(s, "init: devices");
	/* masks and read-only paths before the root change, while the host's
	 * /proc (for the fd paths) is still there */
	if ((r = mask_paths(cfg, rootfd, err)) < 0 || (r = readonly_paths(cfg, rootfd, err)) < 0)
		return r;
	lct_trace(s, "init: masked and read-only paths");
	/* the hooks that run before pivot_root (createRuntime, createContainer) */
	if (before_pivot && (r = before_pivot(userdata, err)) < 0)
		return r;
	if (cfg->root && cfg->no_pivot &&
	    ((r = hide_pseudo_mounts(rootfd, err)) < 0 || (r = move_root(cfg->root, err)) < 0))
		return r;
	if (cfg->root && !cfg->no_pivot && (r = pivot(cfg->root, err)) < 0)
		return r;
	lct_trace(s, "init: cwd, hooks, pivot_root");
	/* shared (or unbindable): the container's "/" takes it after the root
	 * change, not the host mount the root came from (as runc); private and
	 * slave were done in prepare_root, and again here would undo the
	 * propagation of the container's own mounts */
	if (cfg->root_propagation && !(cfg->root_propagation & (MS_PRIVATE | MS_SLAVE)) &&
	    mount(NULL, "/", NULL, cfg->root_propagation, NULL) < 0)
		return lct_err(err, -errno, "set root propagation");
	return cfg->root && cfg->root_readonly ? readonly_root(err) : 0;
}

/* No mount namespace of its own: the mounts go into the one init
 * inherited, under the root (or the caller's "/"), as runc and crun do;
 * they outlive the container there, as they would under those. */
static int inherited_mounts(const struct lct_config *cfg, struct lct_cgroup *cg,
			    struct libct_error *err)
{
	const char *root = cfg->root ? cfg->root : "/";
	_cleanup_close_ int rootfd = -EBADF;

	if (!cfg->n_mounts)
		return 0;
	rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return lct_err(err, -errno, "open root '%s'", root);
	for (size_t i = 0; i < cfg->n_mounts; i++) {
		int r = mount_one(rootfd, cfg, &cfg->mounts[i], cg, err);

		if (r < 0)
			return r;
	}
	/* and the device nodes in them, as with a namespace of its own */
	return devices(cfg, rootfd, cfg->ns_want[LIBCT_NS_USER], err);
}

int lct_rootfs_chroot(const struct lct_config *cfg, struct lct_cgroup *cg,
		      lct_before_pivot_fn before_pivot, void *userdata, struct libct_error *err)
{
	int r;

	if ((r = inherited_mounts(cfg, cg, err)) < 0)
		return r;
	if (before_pivot && (r = before_pivot(userdata, err)) < 0)
		return r;
	if (!cfg->root)
		return 0;
	if (chroot(cfg->root) < 0)
		return lct_err(err, -errno, "chroot to '%s'", cfg->root);
	if (chdir("/") < 0)
		return lct_err(err, -errno, "chdir to '/'");
	return 0;
}
