/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A seccomp agent for the tests: listens on a unix socket, takes each
 * runtime's message (the container process state JSON, with the listener
 * fd as SCM_RIGHTS), appends the JSON as one line to a log file, and answers
 * every notification: mkdir/mkdirat succeed without making anything, any
 * other syscall goes on as if not filtered. An rmdir is held: the agent logs
 * "held PID" once it has received it, and 2 s later (the time to look at how
 * the process waits) answers that it succeeded.
 *
 *   seccomp-agent SOCKET LOG
 *
 * It prints "ready" once listening, and runs until killed. */
#include <errno.h>
#include <poll.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_FDS 64

static void log_line(const char *log, const char *line)
{
	FILE *f = fopen(log, "a");

	if (f) {
		fprintf(f, "%s\n", line);
		fclose(f);
	}
}

static int take_message(int srv, const char *log)
{
	char buf[65536];
	union {
		char b[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { buf, sizeof(buf) - 1 };
	struct msghdr mh = { .msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = u.b,
			     .msg_controllen = sizeof(u.b) };
	struct cmsghdr *c;
	int conn = accept(srv, NULL, NULL), fd = -1;
	ssize_t n;

	if (conn < 0)
		return -1;
	n = recvmsg(conn, &mh, 0);
	close(conn);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
			memcpy(&fd, CMSG_DATA(c), sizeof(int));
	log_line(log, buf);
	return fd;
}

/* One notification on fd: answered; -1 when the fd is done (its filter gone). */
static int answer(int fd, const char *log)
{
	struct seccomp_notif *req = NULL;
	struct seccomp_notif_resp *resp = NULL;
	char *name;
	int r;

	if (seccomp_notify_alloc(&req, &resp) < 0)
		return -1;
	r = seccomp_notify_receive(fd, req);
	if (r < 0) {
		seccomp_notify_free(req, resp);
		return r == -EINTR ? 0 : -1;
	}
	name = seccomp_syscall_resolve_num_arch(req->data.arch, req->data.nr);
	resp->id = req->id;
	if (name && strcmp(name, "rmdir") == 0) {
		char line[64];

		snprintf(line, sizeof(line), "held %u", req->pid);
		log_line(log, line);
		sleep(2);
	}
	if (name &&
	    (!strcmp(name, "mkdir") || !strcmp(name, "mkdirat") || !strcmp(name, "rmdir"))) {
		resp->val = 0;
		resp->error = 0;
		resp->flags = 0;
	} else {
		resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	}
	free(name);
	/* a request whose process died in between is no error of ours */
	seccomp_notify_respond(fd, resp);
	seccomp_notify_free(req, resp);
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct pollfd p[MAX_FDS + 1];
	int srv, n = 0;

	if (argc != 3 || strlen(argv[1]) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "usage: seccomp-agent SOCKET LOG\n");
		return 2;
	}
	strcpy(sa.sun_path, argv[1]);
	srv = socket(AF_UNIX, SOCK_STREAM, 0);
	if (srv < 0 || bind(srv, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(srv, 8) < 0) {
		perror("seccomp-agent: listen");
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	p[0] = (struct pollfd){ .fd = srv, .events = POLLIN };
	for (;;) {
		if (poll(p, (nfds_t)n + 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			return 1;
		}
		for (int i = n; i >= 1; i--) {
			if (!p[i].revents)
				continue;
			if ((p[i].revents & POLLIN) && answer(p[i].fd, argv[2]) == 0)
				continue;
			/* POLLHUP: every process of the filter is gone */
			close(p[i].fd);
			p[i] = p[n--];
		}
		if (p[0].revents & POLLIN) {
			int fd = take_message(srv, argv[2]);

			if (fd >= 0 && n < MAX_FDS)
				p[++n] = (struct pollfd){ .fd = fd, .events = POLLIN };
			else if (fd >= 0)
				close(fd);
		}
	}
}
