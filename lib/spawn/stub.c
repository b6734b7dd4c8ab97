/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The exec stub (exec-stub.c) as a sealed memfd, one per session, and the
 * exec through it that every process entering a container takes. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "spawn/spawn.h"
#include "util/util.h"

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif
#ifndef F_SEAL_EXEC
#define F_SEAL_EXEC 0x0020
#endif

extern const unsigned char lct_exec_stub[];
extern const size_t lct_exec_stub_len;

static int stub_memfd(struct libct_error *err)
{
	_cleanup_close_ int fd = -EBADF;
	size_t done = 0;

	/* MFD_EXEC: executable even where vm.memfd_noexec=1 makes memfds
	 * non-executable by default (kernels before 6.3 do not know the flag) */
	fd = memfd_create("ct-exec-stub", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
	if (fd < 0 && errno == EINVAL)
		fd = memfd_create("ct-exec-stub", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return lct_err(err, -errno, "exec stub: memfd_create");
	while (done < lct_exec_stub_len) {
		ssize_t n = write(fd, lct_exec_stub + done, lct_exec_stub_len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return lct_err(err, n < 0 ? -errno : -EIO, "exec stub: write memfd");
		done += (size_t)n;
	}
	if (fchmod(fd, 0555) < 0)
		return lct_err(err, -errno, "exec stub: chmod memfd");
	/* sealed: nobody, in the container or not, can change its bytes or mode */
	if (fcntl(fd, F_ADD_SEALS,
		  F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_EXEC) < 0 &&
	    (errno != EINVAL ||
	     fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE) < 0))
		return lct_err(err, -errno, "exec stub: seal memfd");
	return TAKE_FD(fd);
}

int lct_stub_fd(struct libct_session *s, struct libct_error *err)
{
	if (s->stub_fd < 0) {
		int fd = stub_memfd(err);

		if (fd < 0)
			return fd;
		s->stub_fd = fd;
	}
	return s->stub_fd;
}

int lct_stub_execve(int stub_fd, int report_fd, const char *path, char *const argv[],
		    char *const envp[])
{
	size_t n = 0;
	char fdnum[16], proc[32];

	while (argv[n])
		n++;
	{
		/* on the stack: the caller may be a child of a threaded program */
		const char *nargv[n + 3];

		nargv[0] = path;
		snprintf(fdnum, sizeof(fdnum), "%d", report_fd);
		nargv[1] = fdnum;
		memcpy(nargv + 2, argv, (n + 1) * sizeof(char *));
		/* the report socket must survive the first exec; the stub closes it
		 * at the second */
		if (report_fd >= 0)
			fcntl(report_fd, F_SETFD, 0);
		syscall(SYS_execveat, stub_fd, "", nargv, envp, AT_EMPTY_PATH);
		/* a seccomp profile that allows execve but not execveat */
		if (errno == EPERM || errno == ENOSYS) {
			snprintf(proc, sizeof(proc), "/proc/self/fd/%d", stub_fd);
			execve(proc, (char *const *)nargv, envp);
		}
	}
	if (report_fd >= 0)
		fcntl(report_fd, F_SETFD, FD_CLOEXEC);
	return -errno;
}
