/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Files of procfs written by a process on its way into a container (its
 * OOM score, its exec label): through a procfs root opened before it joined
 * the container's mount namespace, which the container's processes cannot
 * cover with mounts of their own, as they can cover the container's /proc
 * (runc's CVE-2025-52881: a write redirected to another file, or to none). */
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <sys/statfs.h>
#include <sys/syscall.h>

#include "util/util.h"

int lct_proc_root(struct libct_error *err)
{
	int fd = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	struct statfs sf;

	if (fd < 0)
		return lct_err(err, -errno, "open /proc");
	if (fstatfs(fd, &sf) < 0 || sf.f_type != PROC_SUPER_MAGIC) {
		close(fd);
		return lct_err_msg(err, -EXDEV, "/proc is not a procfs");
	}
	return fd;
}

int lct_openat2(int dirfd, const char *path, int flags, uint64_t resolve)
{
	struct open_how how = { .flags = (unsigned)flags | O_CLOEXEC, .resolve = resolve };
	int fd;

	/* EAGAIN: a rename or mount raced the lookup (RESOLVE_IN_ROOT, _BENEATH) */
	do
		fd = (int)syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
	while (fd < 0 && errno == EAGAIN);
	return fd < 0 ? -errno : fd;
}

int lct_open_proc(int procfd, const char *path, int flags)
{
	return lct_openat2(procfd, path, flags,
			   RESOLVE_BENEATH | RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS);
}
