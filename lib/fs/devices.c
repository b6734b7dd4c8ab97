/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Device nodes and the standard /dev links. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>

#include "fs/fs.h"
#include "util/util.h"

/* The devices every container gets (runtime-spec config-linux.md, "Default Devices"). */
static const struct lct_device default_devices[] = {
	{ "/dev/null", 'c', 1, 3, 0666, 0, 0 },	   { "/dev/zero", 'c', 1, 5, 0666, 0, 0 },
	{ "/dev/full", 'c', 1, 7, 0666, 0, 0 },	   { "/dev/random", 'c', 1, 8, 0666, 0, 0 },
	{ "/dev/urandom", 'c', 1, 9, 0666, 0, 0 }, { "/dev/tty", 'c', 5, 0, 0666, 0, 0 },
};

static const struct {
	const char *target, *link;
} default_links[] = {
	{ "/proc/self/fd", "/dev/fd" },	      { "/proc/self/fd/0", "/dev/stdin" },
	{ "/proc/self/fd/1", "/dev/stdout" }, { "/proc/self/fd/2", "/dev/stderr" },
	{ "pts/ptmx", "/dev/ptmx" },	      { "/proc/kcore", "/dev/core" },
};

static mode_t type_bits(char type)
{
	switch (type) {
	case 'b':
		return S_IFBLK;
	case 'p':
		return S_IFIFO;
	default:
		return S_IFCHR;
	}
}

/* The directory of the last node made, kept open for the next one (the nodes
 * of a config are almost all in /dev). */
struct parent_cache {
	char dir[PATH_MAX];
	int fd;
};

/* Split path into its parent (resolved and made inside the root, or the
 * cached one) and name; the fd belongs to the cache. */
static int open_parent(int rootfd, const char *path, struct parent_cache *pc, const char **ret_name,
		       struct libct_error *err)
{
	const char *slash = strrchr(path, '/');
	size_t len = slash ? (size_t)(slash - path) : 0;
	char dir[PATH_MAX];
	int fd;

	if (!slash || len >= sizeof(dir))
		return lct_err_msg(err, -EINVAL, "device '%s': not an absolute path", path);
	memcpy(dir, path, len);
	dir[len] = '\0';
	*ret_name = slash + 1;
	if (pc->fd >= 0 && strcmp(pc->dir, dir) == 0)
		return pc->fd;
	fd = lct_open_in_root(rootfd, *dir ? dir : "/", true, false, err);
	if (fd < 0)
		return fd;
	if (pc->fd >= 0)
		close(pc->fd);
	pc->fd = fd;
	memcpy(pc->dir, dir, len + 1);
	return fd;
}

/* In a user namespace mknod is refused: bind the host's node instead (one
 * the host does not have is an error, before anything is made for it), and
 * nosuid,noexec on the bind, as crun does. */
static int bind_device(int rootfd, const struct lct_device *d, struct libct_error *err)
{
	_cleanup_close_ int src = open(d->path, O_PATH | O_CLOEXEC), dst = -EBADF;
	struct mount_attr attr = { .attr_set = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC };
	char s[64], p[64];

	if (src < 0)
		return lct_err(err, -errno,
			       "device '%s': the host has no such node to bind "
			       "(a user namespace cannot make one)",
			       d->path);
	dst = lct_open_in_root(rootfd, d->path, true, true, err);
	if (dst < 0)
		return dst;
	if (mount(FDPATH(s, src), FDPATH(p, dst), NULL, MS_BIND, NULL) < 0)
		return lct_err(err, -errno, "bind device '%s'", d->path);
	/* the new mount, not what the old fd was opened on */
	closep(&dst);
	dst = lct_open_in_root(rootfd, d->path, false, false, err);
	if (dst < 0)
		return dst;
	if (syscall(SYS_mount_setattr, dst, "", AT_EMPTY_PATH, &attr, sizeof(attr)) < 0)
		return lct_err(err, -errno, "make the bind of device '%s' nosuid,noexec", d->path);
	return 0;
}

static int make_device(int rootfd, const struct lct_device *d, bool in_userns,
		       struct parent_cache *pc, struct libct_error *err)
{
	mode_t type = type_bits(d->type);
	dev_t dev = d->type == 'p' ? 0 : makedev(d->major, d->minor);
	const char *name;
	struct stat st;
	int parent;

	if (in_userns)
		return bind_device(rootfd, d, err);
	parent = open_parent(rootfd, d->path, pc, &name, err);
	if (parent < 0)
		return parent;
	/* the usual case, a fresh /dev: one call. init runs with umask 0 and as
	 * root, so the node has its mode, and root's owner, already */
	if (mknodat(parent, name, type | (d->mode & 07777), dev) == 0) {
		if (d->uid == 0 && d->gid == 0)
			return 0;
		goto own;
	}
	if (errno != EEXIST)
		return lct_err(err, -errno, "mknod '%s'", d->path);
	/* a node already there (a bind-mounted /dev, a rootfs that ships one) is
	 * replaced only if it is not the same device */
	if (fstatat(parent, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return lct_err(err, -errno, "stat '%s'", d->path);
	if ((st.st_mode & S_IFMT) != type || st.st_rdev != dev) {
		if (unlinkat(parent, name, 0) < 0)
			return lct_err(err, -errno, "replace '%s'", d->path);
		if (mknodat(parent, name, type | (d->mode & 07777), dev) < 0)
			return lct_err(err, -errno, "mknod '%s'", d->path);
	}
	if (fchmodat(parent, name, d->mode & 07777, 0) < 0)
		return lct_err(err, -errno, "chmod '%s'", d->path);
own:
	if (fchownat(parent, name, d->uid, d->gid, AT_SYMLINK_NOFOLLOW) < 0)
		return lct_err(err, -errno, "chown '%s' to %u:%u", d->path, d->uid, d->gid);
	return 0;
}

static int make_links(int rootfd, struct parent_cache *pc, struct libct_error *err)
{
	for (size_t i = 0; i < ARRAY_SIZE(default_links); i++) {
		const char *name;
		int parent;

		if (strcmp(default_links[i].target, "/proc/kcore") == 0 &&
		    access("/proc/kcore", F_OK) < 0)
			continue;
		parent = open_parent(rootfd, default_links[i].link, pc, &name, err);
		if (parent < 0)
			return parent;
		if (symlinkat(default_links[i].target, parent, name) < 0 && errno != EEXIST)
			return lct_err(err, -errno, "symlink '%s' -> '%s'", default_links[i].link,
				       default_links[i].target);
	}
	return 0;
}

static bool configured(const struct lct_config *cfg, const char *path)
{
	for (size_t i = 0; i < cfg->n_devices; i++)
		if (strcmp(cfg->devices[i].path, path) == 0)
			return true;
	return false;
}

static int create_all(int rootfd, const struct lct_config *cfg, bool in_userns,
		      struct parent_cache *pc, struct libct_error *err)
{
	int r;

	if (!cfg->no_default_devices) {
		for (size_t i = 0; i < ARRAY_SIZE(default_devices); i++) {
			if (configured(cfg, default_devices[i].path))
				continue;
			r = make_device(rootfd, &default_devices[i], in_userns, pc, err);
			if (r < 0)
				return r;
		}
		r = make_links(rootfd, pc, err);
		if (r < 0)
			return r;
	}
	for (size_t i = 0; i < cfg->n_devices; i++) {
		r = make_device(rootfd, &cfg->devices[i], in_userns, pc, err);
		if (r < 0)
			return r;
	}
	return 0;
}

int lct_devices_create(int rootfd, const struct lct_config *cfg, bool in_userns,
		       struct libct_error *err)
{
	struct parent_cache pc = { .fd = -EBADF };
	int r = create_all(rootfd, cfg, in_userns, &pc, err);

	if (pc.fd >= 0)
		close(pc.fd);
	return r;
}
