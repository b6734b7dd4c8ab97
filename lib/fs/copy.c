/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copying a directory tree between two open directories (a tmpfs mount
 * with "tmpcopyup" gets the contents of the directory it covers): files,
 * directories, symlinks and device nodes, with owner and mode. */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "fs/fs.h"
#include "util/util.h"

static int copy_data(int from, int to)
{
	char buf[65536];
	ssize_t n;

	while ((n = read(from, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(to, buf + off, n - off);

			if (w < 0 && errno != EINTR)
				return -errno;
			off += w > 0 ? w : 0;
		}
	}
	return 0;
}

static int copy_file(int src, int dst, const char *name)
{
	/* not blocking, should the regular file have become a FIFO since */
	_cleanup_close_ int from = openat(src, name,
					  O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	_cleanup_close_ int to = -EBADF;

	if (from < 0)
		return -errno;
	to = openat(dst, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (to < 0)
		return -errno;
	return copy_data(from, to);
}

static int copy_link(int src, int dst, const char *name)
{
	char target[PATH_MAX];
	ssize_t n = readlinkat(src, name, target, sizeof(target) - 1);

	if (n < 0)
		return -errno;
	target[n] = '\0';
	return symlinkat(target, dst, name) < 0 ? -errno : 0;
}

static int copy_entry(int src, int dst, const char *name, int depth, struct libct_error *err);

static int copy_dir(int src, int dst, int depth, struct libct_error *err)
{
	int fd = fcntl(src, F_DUPFD_CLOEXEC, 3);
	struct dirent *e;
	DIR *d;
	int r = 0;

	if (fd < 0 || !(d = fdopendir(fd))) {
		r = lct_err(err, -errno, "copy up: read directory");
		if (fd >= 0)
			close(fd);
		return r;
	}
	while (r == 0 && (errno = 0, e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			r = copy_entry(src, dst, e->d_name, depth, err);
	closedir(d);
	return r;
}

static int copy_entry(int src, int dst, const char *name, int depth, struct libct_error *err)
{
	struct stat st;
	int r;

	if (fstatat(src, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return lct_err(err, -errno, "copy up: stat '%s'", name);
	if (S_ISDIR(st.st_mode)) {
		_cleanup_close_ int from = -EBADF, to = -EBADF;

		if (depth > 64)
			return lct_err_msg(err, -ELOOP, "copy up: '%s' is nested too deep", name);
		if (mkdirat(dst, name, 0700) < 0)
			return lct_err(err, -errno, "copy up: mkdir '%s'", name);
		from = openat(src, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		to = openat(dst, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (from < 0 || to < 0)
			return lct_err(err, -errno, "copy up: open '%s'", name);
		r = copy_dir(from, to, depth + 1, err);
		if (r < 0)
			return r;
	} else if (S_ISREG(st.st_mode)) {
		r = copy_file(src, dst, name);
		if (r < 0)
			return lct_err(err, r, "copy up: copy '%s'", name);
	} else if (S_ISLNK(st.st_mode)) {
		r = copy_link(src, dst, name);
		if (r < 0)
			return lct_err(err, r, "copy up: symlink '%s'", name);
	} else if (mknodat(dst, name, st.st_mode, st.st_rdev) < 0) {
		return lct_err(err, -errno, "copy up: mknod '%s'", name);
	}
	/* owner before mode: a chown clears the set-id bits */
	if (fchownat(dst, name, st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW) < 0)
		return lct_err(err, -errno, "copy up: chown '%s'", name);
	if (!S_ISLNK(st.st_mode) && fchmodat(dst, name, st.st_mode & 07777, 0) < 0)
		return lct_err(err, -errno, "copy up: chmod '%s'", name);
	return 0;
}

int lct_copy_tree(int src, int dst, struct libct_error *err)
{
	return copy_dir(src, dst, 0, err);
}
