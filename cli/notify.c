/* SPDX-License-Identifier: GPL-2.0-or-later */
/* NOTIFY_SOCKET (systemd's sd_notify, Type=notify units), relayed as runc and
 * crun relay it: a container made while ct's environment has NOTIFY_SOCKET
 * gets a socket of its own at /run/notify/notify.sock (and that variable);
 * start and run wait until the container sends READY=1 there, or until it
 * exits, and then tell the host's socket READY=1 with the pid systemd is to
 * watch. Nothing the container sends is passed on as it is: only ct's own
 * fixed message (a container must not steer the host's service manager with
 * MAINPID=, EXTEND_TIMEOUT_USEC= or FDSTORE=). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "cli.h"

/* how long the host's service manager may take to confirm it has read the
 * message (BARRIER=1); systemd answers at once */
#define BARRIER_WAIT_MS 10000

const char *ct_notify_host(void)
{
	const char *s = getenv("NOTIFY_SOCKET");

	return s && *s ? s : NULL;
}

/* the host socket's address: a path, or "@name" for an abstract one */
static int host_addr(const char *host, struct sockaddr_un *sa, socklen_t *len)
{
	size_t n = strlen(host);

	*sa = (struct sockaddr_un){ .sun_family = AF_UNIX };
	if ((host[0] != '/' && host[0] != '@') || n >= sizeof(sa->sun_path))
		return -1;
	memcpy(sa->sun_path, host, n);
	if (host[0] == '@')
		sa->sun_path[0] = '\0';
	*len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + (host[0] == '/'));
	return 0;
}

int ct_notify_check(void)
{
	const char *host = ct_notify_host();
	struct sockaddr_un sa;
	socklen_t len;

	if (host && host_addr(host, &sa, &len) < 0)
		return ct_fail("NOTIFY_SOCKET '%s': not an absolute path or an abstract "
			       "address (@name) of at most %zu bytes",
			       host, sizeof(sa.sun_path) - 1);
	return 0;
}

/* Wait for the host's manager to have read all before it (sd_notify_barrier):
 * the write end of a pipe goes with BARRIER=1; the read end sees EOF once
 * the message is consumed. A receiver that never reads is waited for only so
 * long. */
static int barrier(int sock)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 }, b;
	struct iovec iov = { .iov_base = (char *)"BARRIER=1", .iov_len = 9 };
	struct msghdr mh = { .msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = cbuf,
			     .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	struct pollfd p;
	int pipefd[2], r;

	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return -errno;
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &pipefd[1], sizeof(int));
	r = sendmsg(sock, &mh, MSG_NOSIGNAL) < 0 ? -errno : 0;
	close(pipefd[1]);
	p = (struct pollfd){ pipefd[0], POLLIN, 0 };
	if (r == 0) {
		int k;

		while ((k = poll(&p, 1, BARRIER_WAIT_MS)) < 0 && errno == EINTR)
			;
		if (k < 0)
			r = -errno;
		else if (k == 0)
			ct_warn("NOTIFY_SOCKET: no confirmation of READY=1 within %d s (BARRIER=1)",
				BARRIER_WAIT_MS / 1000);
		else if (read(pipefd[0], &b, 1) != 0)
			r = -EPROTO;
	}
	close(pipefd[0]);
	return r;
}

/* READY=1 and the pid to watch, to the host's socket */
static int tell_host(const char *host, pid_t mainpid)
{
	struct sockaddr_un sa;
	socklen_t len;
	char msg[64];
	int fd, r = 0, n;

	if (host_addr(host, &sa, &len) < 0)
		return ct_notify_check();
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return ct_fail("NOTIFY_SOCKET: socket: %s", strerror(errno));
	n = snprintf(msg, sizeof(msg), "READY=1\nMAINPID=%d", (int)mainpid);
	if (connect(fd, (struct sockaddr *)&sa, len) < 0 ||
	    send(fd, msg, (size_t)n, MSG_NOSIGNAL) < 0)
		r = ct_fail("NOTIFY_SOCKET '%s': send READY=1: %s", host, strerror(errno));
	else if ((n = barrier(fd)) < 0)
		r = ct_fail("NOTIFY_SOCKET '%s': BARRIER=1: %s", host, strerror(-n));
	close(fd);
	return r;
}

/* whether a datagram has the line READY=1 */
static bool says_ready(const char *buf, size_t len)
{
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(buf + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - buf) : len;

		if (end - i == 7 && memcmp(buf + i, "READY=1", 7) == 0)
			return true;
		i = end + 1;
	}
	return false;
}

int ct_notify_read(struct ct_notify *n)
{
	char buf[4096];

	while (n->fd >= 0) {
		/* MSG_TRUNC: a longer datagram is cut at the buffer, and gone */
		ssize_t got = recv(n->fd, buf, sizeof(buf), MSG_DONTWAIT | MSG_TRUNC);

		if (got < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				return 0;
			return ct_fail("notify socket: receive: %s", strerror(errno));
		}
		if (says_ready(buf, (size_t)got < sizeof(buf) ? (size_t)got : sizeof(buf))) {
			n->fd = -1; /* done: what follows is not read */
			return tell_host(n->host, n->mainpid);
		}
	}
	return 0;
}

int ct_notify_wait(struct ct_notify *n, int pidfd)
{
	struct pollfd p[2] = { { n->fd, POLLIN, 0 }, { pidfd, POLLIN, 0 } };
	int r;

	/* without init's pidfd its end would not end the wait */
	if (n->fd >= 0 && pidfd < 0)
		return ct_fail("notify socket: no pidfd of the container's init to wait on");
	while (n->fd >= 0) {
		/* the container's end, READY=1 or its exit; systemd's start
		 * timeout (a signal to ct) bounds a container that does neither */
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return ct_fail("notify socket: poll: %s", strerror(errno));
		}
		if (p[0].revents && (r = ct_notify_read(n)))
			return r;
		if (n->fd >= 0 && p[1].revents) {
			/* what it sent just before its end counts */
			if ((r = ct_notify_read(n)) || n->fd < 0)
				return r;
			ct_notify_ended(n);
			return 0;
		}
	}
	return 0;
}

void ct_notify_ended(struct ct_notify *n)
{
	if (n->fd >= 0)
		ct_warn("the container exited before it sent READY=1 to its notify socket: not "
			"passed on to NOTIFY_SOCKET");
	n->fd = -1;
}
