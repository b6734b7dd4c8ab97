/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Paths inside the container's root, resolved without leaving it. */
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "fs/fs.h"
#include "util/util.h"

static int openat2_in_root(int rootfd, const char *path, int flags)
{
	return lct_openat2(rootfd, path, flags, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
}

static int create_path(int rootfd, const char *path, bool as_file, int depth,
		       struct libct_error *err);

/* A dangling symlink on the way: make its target, resolved inside the root
 * (an absolute target from the root, a relative one from the link's
 * directory prefix), as the kernel would then find it. */
static int create_link_target(int rootfd, int parent, const char *prefix, const char *name,
			      bool as_file, int depth, struct libct_error *err)
{
	char target[PATH_MAX], full[PATH_MAX * 2];
	ssize_t n = readlinkat(parent, name, target, sizeof(target) - 1);

	if (n < 0)
		return -errno;
	target[n] = '\0';
	if (depth > 40)
		return lct_err_msg(err, -ELOOP, "resolve '%s' in the container: too many links",
				   prefix);
	if (target[0] == '/')
		snprintf(full, sizeof(full), "%s", target);
	else
		snprintf(full, sizeof(full), "%.*s/%s",
			 (int)(strrchr(prefix, '/') ? strrchr(prefix, '/') - prefix : 0), prefix,
			 target);
	n = create_path(rootfd, full, as_file, depth + 1, err);
	if (n >= 0)
		close((int)n);
	return n < 0 ? (int)n : 0;
}

/* Walk path under rootfd one component at a time, making what is missing.
 * Each prefix is resolved inside the root again, so a symlink met on the way
 * still cannot lead out; new entries are made in the fd of their resolved
 * parent. Returns an O_PATH fd of the whole path. */
static int create_path(int rootfd, const char *path, bool as_file, int depth,
		       struct libct_error *err)
{
	_cleanup_free_ char *p = strdup(path);
	_cleanup_close_ int parent = fcntl(rootfd, F_DUPFD_CLOEXEC, 3);
	char *s = p;

	if (!p || parent < 0)
		return lct_err(err, p ? -errno : -ENOMEM, "resolve '%s'", path);
	while (s) {
		char *slash, *name;
		bool last;
		int fd;

		s += strspn(s, "/");
		if (!*s)
			break;
		name = s;
		slash = strchr(s, '/');
		if (slash)
			*slash = '\0';
		last = !slash || !slash[1 + strspn(slash + 1, "/")];
		fd = openat2_in_root(rootfd, p, O_PATH);
		if (fd == -ENOENT) {
			if (last && as_file) {
				fd = openat(parent, name,
					    O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC,
					    0644);
				if (fd >= 0)
					close(fd);
			} else {
				fd = mkdirat(parent, name, 0755);
			}
			if (fd < 0 && errno == EEXIST)
				fd = create_link_target(rootfd, parent, p, name, last && as_file,
							depth, err);
			else if (fd < 0)
				fd = -errno;
			if (fd < 0)
				return fd == -ELOOP ?
					       fd :
					       lct_err(err, fd, "%s '%s' in the container",
						       last && as_file ? "create" : "mkdir", p);
			fd = openat2_in_root(rootfd, p, O_PATH);
		}
		if (fd < 0)
			return lct_err(err, fd, "resolve '%s' in the container", p);
		close(parent);
		parent = fd;
		if (slash)
			*slash = '/';
		s = slash;
	}
	return TAKE_FD(parent);
}

int lct_open_in_root(int rootfd, const char *path, bool create, bool as_file,
		     struct libct_error *err)
{
	int fd = openat2_in_root(rootfd, path, O_PATH);

	if (fd == -ENOENT && create)
		return create_path(rootfd, path, as_file, 0, err);
	if (fd < 0 && err)
		return lct_err(err, fd, "resolve '%s' in the container", path);
	return fd;
}

/* path's first prefix (into buf) that is a symlink, looked up inside the
 * root; false when none is (the tree changed meanwhile). */
static bool first_symlink(int rootfd, const char *path, char *buf, size_t len)
{
	char *s = buf;

	if ((size_t)snprintf(buf, len, "%s", path) >= len)
		return false;
	for (;;) {
		char *slash;
		int fd;

		s += strspn(s, "/");
		if (!*s)
			return false;
		slash = strchr(s, '/');
		if (slash)
			*slash = '\0';
		fd = lct_openat2(rootfd, buf, O_PATH, RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS);
		if (fd >= 0)
			close(fd);
		if (fd == -ELOOP)
			return true;
		if (fd < 0 || !slash)
			return false;
		*slash = '/';
		s = slash;
	}
}

static int open_no_symlinks(int rootfd, const char *path)
{
	return lct_openat2(rootfd, path, O_PATH, RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS);
}

int lct_open_dir_in_root_nosym(int rootfd, const char *path, struct libct_error *err)
{
	_cleanup_close_ int fd = open_no_symlinks(rootfd, path);
	char link[PATH_MAX];
	struct stat st;

	/* the walk stops at the first symlink: a missing component means
	 * none comes before it, and what is made below it is directories */
	if (fd == -ENOENT) {
		fd = lct_open_in_root(rootfd, path, true, false, err);
		if (fd < 0)
			return fd;
		closep(&fd);
		/* looked at again: the tree may have changed meanwhile */
		fd = open_no_symlinks(rootfd, path);
	}
	if (fd == -ELOOP)
		return lct_err_msg(err, -ELOOP, "'%s' is a symlink",
				   first_symlink(rootfd, path, link, sizeof(link)) ? link : path);
	if (fd < 0)
		return lct_err(err, fd, "resolve '%s' in the container", path);
	if (fstat(fd, &st) < 0)
		return lct_err(err, -errno, "stat '%s' in the container", path);
	if (!S_ISDIR(st.st_mode))
		return lct_err_msg(err, -ENOTDIR, "'%s' is not a directory", path);
	return TAKE_FD(fd);
}
