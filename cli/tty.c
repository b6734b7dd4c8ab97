/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A terminal for `ct run` in the foreground without --console-socket (as
 * runc does): receive the pty master from init and copy between it and our
 * own stdio, in raw mode when stdin is a terminal. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/signalfd.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"

int ct_tty_socketpair(int fds[2])
{
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) < 0)
		return ct_fail("terminal: socketpair: %s", strerror(errno));
	return 0;
}

int ct_recv_fd(int sock)
{
	char b[64];
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { b, sizeof(b) };
	struct msghdr mh = { .msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = u.buf,
			     .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *c;
	int fd;

	if (recvmsg(sock, &mh, MSG_CMSG_CLOEXEC) <= 0)
		return -1;
	c = CMSG_FIRSTHDR(&mh);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

/* One read from `from`, all of it written to `to`: 1 copied, 0 the end of
 * `from`, -1 a failure (errno) of the read (*read_failed) or the write. */
static int copy(int from, int to, bool *read_failed)
{
	char buf[8192];
	ssize_t n;

	do
		n = read(from, buf, sizeof(buf));
	while (n < 0 && errno == EINTR);
	*read_failed = n < 0;
	if (n <= 0)
		return n == 0 ? 0 : -1;
	return ct_write_all(to, buf, (size_t)n) < 0 ? -1 : 1;
}

/* A pty master reads EIO, and polls POLLHUP, once every fd of its other
 * end is closed and what was written is read: the container's side of the
 * terminal is gone. (POLLIN comes only with data: a read that fails then
 * is a failure, not the end.) */
static bool hung_up(int master)
{
	struct pollfd p = { master, POLLIN, 0 };

	return poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLIN)) == POLLHUP;
}

/* What the container wrote, to our stdout: 0 (*ended once its side of the
 * terminal is closed), or an exit code after the error is printed. A
 * failure is never taken for the end: the container would block on a full
 * terminal that nobody reads, and its output would be cut short. */
static int from_container(int master, bool *ended)
{
	bool read_failed;
	int c = copy(master, STDOUT_FILENO, &read_failed), e = errno;

	if (c > 0)
		return 0;
	if (c == 0 || (read_failed && e == EIO && hung_up(master))) {
		*ended = true;
		return 0;
	}
	return ct_fail("terminal: %s: %s",
		       read_failed ? "read from the container's terminal" : "write to stdout",
		       strerror(e));
}

static void resize(int master)
{
	struct winsize ws;

	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0)
		ioctl(master, TIOCSWINSZ, &ws);
}

int ct_tty_proxy(int pidfd, int master, int sfd, struct ct_notify *notify, ct_signal_fn fn,
		 void *userdata)
{
	struct termios saved, raw;
	bool is_tty, ended = false;
	int r = 0;
	struct pollfd p[5] = {
		{ pidfd, POLLIN, 0 },
		{ master, POLLIN, 0 },
		{ STDIN_FILENO, POLLIN, 0 },
		{ sfd, POLLIN, 0 },
		{ notify ? notify->fd : -1, POLLIN, 0 },
	};
	bool read_failed;

	is_tty = tcgetattr(STDIN_FILENO, &saved) == 0;
	if (is_tty) {
		raw = saved;
		cfmakeraw(&raw);
		tcsetattr(STDIN_FILENO, TCSANOW, &raw);
		resize(master);
	}
	while (!r && !ended) {
		if (poll(p, 5, -1) < 0) {
			if (errno != EINTR)
				r = ct_fail("terminal: poll: %s", strerror(errno));
			continue;
		}
		if (p[1].revents && (r = from_container(master, &ended)))
			break;
		/* its end, or a failure (a hung-up terminal reads EIO): the
		 * container's output goes on */
		if (p[2].revents && copy(STDIN_FILENO, master, &read_failed) <= 0)
			p[2].fd = -1;
		if (p[4].revents) {
			if ((r = ct_notify_read(notify)))
				break;
			p[4].fd = notify->fd;
		}
		if (p[3].revents) {
			struct signalfd_siginfo si;

			if (read(sfd, &si, sizeof(si)) == sizeof(si)) {
				if (si.ssi_signo == SIGWINCH)
					resize(master);
				else
					fn(userdata, (int)si.ssi_signo);
			}
		}
		if (p[0].revents) {
			/* the process is gone: drain what it wrote last (a
			 * failed poll is an error: the output would end short
			 * of its last words in silence) */
			while (!r && !ended) {
				int n = poll(&p[1], 1, 0);

				if (n < 0 && errno != EINTR)
					r = ct_fail("terminal: poll: %s", strerror(errno));
				else if (n == 0)
					break;
				else if (n > 0)
					r = from_container(master, &ended);
			}
			break;
		}
	}
	if (is_tty)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	return r;
}
