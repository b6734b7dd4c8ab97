/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Sending fds over a unix socket (SCM_RIGHTS): the sync socket's messages,
 * the seccomp listener to its agent, the terminal to the console socket. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

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
