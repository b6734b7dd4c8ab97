/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The sync socket's LOG lines: what a child logs the way init does (its
 * session's sink forwarded to the socket) reaches the caller's callback in
 * the parent, at its level, while the parent waits for the next message;
 * the child never calls the callback itself. No root needed. */
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "spawn/sync.h"
#include "util/util.h"
#include "tap.h"

static char seen[1024];
static int seen_level = -1, calls;
static pid_t seen_pid;

static void record(void *userdata, enum libct_log_level level, const char *message)
{
	snprintf(seen, sizeof(seen), "%s", message);
	seen_level = level;
	seen_pid = getpid();
	calls++;
}

int main(void)
{
	struct libct_session *s = NULL;
	struct libct_error err = { 0 };
	char dir[] = "/tmp/ct-unit-sync.XXXXXX";
	int fds[2], status = -1, r;
	pid_t pid;

	if (!mkdtemp(dir) || libct_session_new(dir, &s, &err) < 0) {
		printf("Bail out! session: %s\n", err.message);
		return 1;
	}
	libct_session_set_log(s, LIBCT_LOG_DEBUG, record, NULL);
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) < 0)
		return 1;
	pid = fork();
	if (pid == 0) {
		int fd = fds[1];

		close(fds[0]);
		lct_sync_log_forward(s, &fd);
		lct_log(s, LIBCT_LOG_DEBUG, "mount cgroup2 on '%s': binding instead", "/x");
		lct_log(s, LIBCT_LOG_WARNING, "second line");
		/* a line above the session's level is not sent at all */
		libct_session_set_log(s, LIBCT_LOG_ERROR, s->log_fn, s->log_userdata);
		lct_log(s, LIBCT_LOG_DEBUG, "filtered");
		lct_sync_send(fd, LCT_SYNC_READY);
		/* the callback ran here: the parent's count would not know, so
		 * say it with the exit status */
		_exit(calls ? 2 : 0);
	}
	close(fds[1]);
	r = lct_sync_expect_logged(fds[0], LCT_SYNC_READY, s, &err);
	CHECK(r == 0, "READY arrives after the LOG lines (%s)", r < 0 ? err.message : "ok");
	CHECK(calls == 2, "the parent's callback got both lines, not the filtered one (%d)", calls);
	CHECK_STR(seen, "second line", "the last line, as the child logged it");
	CHECK(seen_level == LIBCT_LOG_WARNING, "at its level (%d)", seen_level);
	CHECK(seen_pid == getpid(), "in the parent");
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "the child never called the callback itself (status 0x%x)", status);
	close(fds[0]);
	libct_session_free(s);
	rmdir(dir);
	return tap_done();
}
