/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* clone3 for the library's children (a container's init, a process entering
 * a container), safe in a caller with several threads.
 *
 * A raw clone3 copies the caller as it is at that instant, locks included:
 * if another thread of an embedding program (a Go runtime starting a thread,
 * a Python thread, a finalizer freeing a handle) holds malloc's lock then,
 * the child, which allocates before it execs, waits on it forever. glibc's
 * fork() takes those locks around the copy. So when the caller has other
 * threads, a fork()ed intermediate (single-threaded, consistent) makes the
 * clone3 with CLONE_PARENT, so that the new process is still the caller's
 * child, sends its pidfd back over a socket and exits. A single-threaded
 * caller (ct) clones directly.
 *
 * Either way the clone3 is made by a single-threaded process, which can also
 * make a time namespace with clock offsets for the child: unshare it for its
 * children, write the offsets while it is empty, clone, and return to its
 * own (setns of a time namespace wants a single thread). */
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "ns/ns.h"
#include "spawn/spawn.h"
#include "util/util.h"

/* The caller's thread count, from /proc/self/stat (field 20). */
static long threads(void)
{
	char buf[1024], *p;
	int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	long v = 0;

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return 2; /* unknown: take the safe way */
	buf[n] = '\0';
	p = strrchr(buf, ')');
	/* after "pid (comm)": state is field 3, num_threads field 20 */
	for (int field = 2; p && field < 20; field++)
		p = strchr(p + 1, ' ');
	if (p)
		v = strtol(p + 1, NULL, 10);
	return v > 0 ? v : 2;
}

/* A new time namespace for this process's children, with offsets. */
static int new_timens(const char *offsets, int *ret_saved)
{
	_cleanup_close_ int saved = open("/proc/self/ns/time_for_children", O_RDONLY | O_CLOEXEC);

	if (saved < 0 || unshare(CLONE_NEWTIME) < 0)
		return -1;
	if (lct_write_file_at(AT_FDCWD, "/proc/self/timens_offsets", offsets, strlen(offsets),
			      NULL) < 0) {
		int e = errno;

		setns(saved, CLONE_NEWTIME);
		errno = e;
		return -1;
	}
	*ret_saved = TAKE_FD(saved);
	return 0;
}

static pid_t clone_here(struct clone_args *args, int pidns_fd, const char *time_offsets)
{
	_cleanup_close_ int saved = -EBADF, saved_time = -EBADF;
	pid_t pid;
	int e;

	if (pidns_fd >= 0) {
		saved = open("/proc/self/ns/pid_for_children", O_RDONLY | O_CLOEXEC);
		if (saved < 0 || setns(pidns_fd, CLONE_NEWPID) < 0)
			return -1;
	}
	/* a failure of either step: -1 and its errno, the namespaces put back */
	if (time_offsets && new_timens(time_offsets, &saved_time) < 0)
		pid = -1;
	else
		pid = (pid_t)syscall(SYS_clone3, args, sizeof(*args));
	if (pid == 0)
		return 0;
	e = errno;
	if (saved >= 0)
		setns(saved, CLONE_NEWPID);
	if (saved_time >= 0)
		setns(saved_time, CLONE_NEWTIME);
	errno = e;
	return pid;
}

/* In the intermediate: set the OOM score of pd (NULL: none) that the child
 * inherits (while this process's /proc files are still its user's: the
 * child's are the host root's), join what it may of join_first's
 * namespaces (NULL: none; lct_ns_join_early), then the user namespace of
 * userns_fd (a pidfd: its process's; -1: none), clone, report (pid and
 * pidfd, or errno), exit. */
static pid_t intermediate(struct clone_args *args, int pidns_fd, const char *time_offsets,
			  int userns_fd, const struct libct_process_desc *pd,
			  const struct lct_config *join_first, int sock)
{
	struct clone_args a = *args;
	int pidfd = -1;
	int32_t msg[2];
	struct iovec iov = { msg, sizeof(msg) };
	pid_t pid;

	/* a copy of the caller's image, possibly in the container's pid namespace;
	 * what failed as the value lct_clone3_in_userns returns */
	msg[0] = 0;
	if (pd && lct_process_oom_score(-1, 0, pd, NULL) < 0)
		msg[0] = LCT_CLONE_FAILED_OOM_SCORE;
	else if (prctl(PR_SET_DUMPABLE, 0) < 0)
		msg[0] = -1;
	if (!msg[0] && join_first)
		lct_ns_join_early(join_first);
	/* (the caller's own: a setns would fail, there is nothing to join) */
	if (!msg[0] && userns_fd >= 0 && !lct_ns_is_current(userns_fd, LIBCT_NS_USER) &&
	    setns(userns_fd, CLONE_NEWUSER) < 0)
		msg[0] = LCT_CLONE_FAILED_USERNS;
	if (msg[0]) {
		msg[1] = errno;
		lct_send_fds(sock, &iov, 1, NULL, 0);
		_exit(0);
	}
	a.flags |= CLONE_PARENT;
	a.exit_signal = 0; /* the caller's child, with the intermediate's SIGCHLD */
	a.pidfd = (uint64_t)(uintptr_t)&pidfd;
	pid = clone_here(&a, pidns_fd, time_offsets);
	if (pid == 0) {
		close(sock);
		return 0;
	}
	msg[0] = pid < 0 ? -1 : pid;
	msg[1] = pid < 0 ? errno : 0;
	lct_send_fds(sock, &iov, 1, &pidfd, pid > 0 && (args->flags & CLONE_PIDFD) ? 1 : 0);
	_exit(0);
}

static pid_t via_intermediate(struct clone_args *args, int pidns_fd, const char *time_offsets,
			      int userns_fd, const struct libct_process_desc *pd,
			      const struct lct_config *join_first)
{
	int sk[2], status;
	int32_t msg[2] = { -1, EIO };
	int pidfd = -EBADF;
	size_t nfd = 0;
	pid_t mid;
	ssize_t n;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sk) < 0)
		return -1;
	mid = fork();
	if (mid < 0) {
		close(sk[0]);
		close(sk[1]);
		return -1;
	}
	if (mid == 0) {
		close(sk[0]);
		return intermediate(args, pidns_fd, time_offsets, userns_fd, pd, join_first, sk[1]);
	}
	close(sk[1]);
	n = lct_recv_fds(sk[0], msg, sizeof(msg), &pidfd, 1, &nfd);
	close(sk[0]);
	while (waitpid(mid, &status, 0) < 0 && errno == EINTR)
		;
	if (n != (ssize_t)sizeof(msg)) {
		errno = n < 0 ? errno : EIO;
		return -1;
	}
	if (msg[0] < 0) {
		errno = msg[1];
		return msg[0] == LCT_CLONE_FAILED_OOM_SCORE || msg[0] == LCT_CLONE_FAILED_USERNS ?
			       msg[0] :
			       -1;
	}
	if ((args->flags & CLONE_PIDFD) && nfd)
		*(int *)(uintptr_t)args->pidfd = pidfd;
	return msg[0];
}

pid_t lct_clone3(struct clone_args *args, int pidns_fd, const char *time_offsets)
{
	if (threads() <= 1)
		return clone_here(args, pidns_fd, time_offsets);
	return via_intermediate(args, pidns_fd, time_offsets, -1, NULL, NULL);
}

pid_t lct_clone3_in_userns(struct clone_args *args, int userns_fd, int pidns_fd,
			   const char *time_offsets, const struct libct_process_desc *pd,
			   const struct lct_config *join_first)
{
	return via_intermediate(args, pidns_fd, time_offsets, userns_fd, pd, join_first);
}
