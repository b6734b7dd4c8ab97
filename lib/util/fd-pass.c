/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Passing fds over a unix socket (SCM_RIGHTS): the sync socket's messages,
 * the seccomp listener to its agent, the terminal to the console socket, the
 * pidfd from the clone intermediate; and the bounds of a socket's waits. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "util/util.h"

int lct_send_fds(int sock, struct iovec *iov, size_t niov, const int *fds, size_t n)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * LCT_SEND_FDS_MAX)];
		struct cmsghdr align;
	} u;
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = niov };

	if (n > LCT_SEND_FDS_MAX)
		return -E2BIG;
	if (n) {
		struct cmsghdr *c;

		memset(&u, 0, sizeof(u));
		mh.msg_control = u.buf;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * n);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * n);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
	}
	while (sendmsg(sock, &mh, MSG_NOSIGNAL) < 0)
		if (errno != EINTR)
			return -errno;
	return 0;
}

ssize_t lct_recv_fds(int sock, void *buf, size_t size, int *fds, size_t max, size_t *ret_n)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * LCT_SEND_FDS_MAX)];
		struct cmsghdr align;
	} u;
	struct iovec iov = { buf, size };
	struct msghdr mh = { .msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = u.buf,
			     .msg_controllen = sizeof(u.buf) };
	ssize_t n;

	*ret_n = 0;
	do
		n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	for (struct cmsghdr *c = n > 0 ? CMSG_FIRSTHDR(&mh) : NULL; c; c = CMSG_NXTHDR(&mh, c)) {
		const int *got = (const int *)CMSG_DATA(c);
		size_t k;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS ||
		    c->cmsg_len < CMSG_LEN(0))
			continue;
		k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < k; i++) {
			int fd;

			memcpy(&fd, got + i, sizeof(fd));
			if (*ret_n < max)
				fds[(*ret_n)++] = fd;
			else
				close(fd); /* more than asked for: not kept open */
		}
	}
	return n;
}

int lct_sock_set_timeout(int sock, int opt, long ms)
{
	struct timeval tv = { .tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000 };

	return setsockopt(sock, SOL_SOCKET, opt, &tv, sizeof(tv)) < 0 ? -errno : 0;
}
