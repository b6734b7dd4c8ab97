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

static bool copy(int from, int to)
{
	char buf[8192];
	ssize_t n = read(from, buf, sizeof(buf));

	if (n <= 0)
		return false;
	for (ssize_t off = 0; off < n;) {
		ssize_t w = write(to, buf + off, n - off);

		if (w < 0 && errno != EINTR)
			return false;
		if (w > 0)
			off += w;
	}
	return true;
}

static void resize(int master)
{
	struct winsize ws;

	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0)
		ioctl(master, TIOCSWINSZ, &ws);
}

void ct_tty_proxy(int pidfd, int master, const sigset_t *forward, ct_signal_fn fn, void *userdata)
{
	struct termios saved, raw;
	bool is_tty = tcgetattr(STDIN_FILENO, &saved) == 0;
	int sfd = signalfd(-1, forward, SFD_CLOEXEC);
	struct pollfd p[4] = {
		{ pidfd, POLLIN, 0 },
		{ master, POLLIN, 0 },
		{ STDIN_FILENO, POLLIN, 0 },
		{ sfd, POLLIN, 0 },
	};

	if (is_tty) {
		raw = saved;
		cfmakeraw(&raw);
		tcsetattr(STDIN_FILENO, TCSANOW, &raw);
		resize(master);
	}
	while (poll(p, 4, -1) >= 0 || errno == EINTR) {
		if (p[1].revents && !copy(master, STDOUT_FILENO))
			break;
		if (p[2].revents && !copy(STDIN_FILENO, master))
			p[2].fd = -1; /* stdin closed: keep the output going */
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
			/* init is gone: drain what it wrote last */
			while (poll(&p[1], 1, 0) > 0 && copy(master, STDOUT_FILENO))
				;
			break;
		}
	}
	if (is_tty)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	if (sfd >= 0)
		close(sfd);
}
