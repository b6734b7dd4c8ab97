/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The unix sockets a caller names: --console-socket (the terminal's master
 * goes there) and --pidfd-socket (a pidfd of the container's process). */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "cli.h"

/* The connect waits while the listener's backlog is full (a receiver that
 * does not accept), as long as the session's setup timeout at most. */
int ct_connect_socket(struct libct_session *s, const char *option, const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	unsigned int wait_s = libct_session_setup_timeout(s);
	struct timeval tv = { .tv_sec = wait_s };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path))
		return ct_fail("%s: path '%s' is too long", option, path), -1;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && wait_s && setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) < 0) {
		ct_fail("%s: SO_SNDTIMEO: %s", option, strerror(errno));
		close(fd);
		return -1;
	}
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		if (errno == EAGAIN)
			ct_fail("%s: connect to '%s': not accepted within %u s (the setup "
				"timeout)",
				option, path, wait_s);
		else
			ct_fail("%s: connect to '%s': %s", option, path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* The pidfd goes from here, not from the process: the container's process
 * never holds the caller's socket (runc's init sends its own pidfd_open). */
int ct_send_pidfd(int sock, int pidfd, const char *name)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u = { 0 };
	struct iovec iov = { (void *)name, strlen(name) };
	struct msghdr mh = { .msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = u.buf,
			     .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	ssize_t n;
	int r = 0;

	if (pidfd < 0) {
		close(sock);
		return ct_fail("--pidfd-socket: no pidfd for the process");
	}
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &pidfd, sizeof(int));
	do
		n = sendmsg(sock, &mh, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		r = ct_fail("--pidfd-socket: send the pidfd: %s", strerror(errno));
	close(sock);
	return r;
}
