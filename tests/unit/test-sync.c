/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The sync socket's LOG lines: what a child logs the way init does (its
 * session's sink forwarded to the socket) reaches the caller's callback in
 * the parent, at its level, while the parent waits for the next message;
 * the child never calls the callback itself; a wait with a bound ends.
 * TRACE lines (LIBCT_TRACE) the same way, into the parent's trace file, the
 * child's copy of which it never writes. No root needed. */
#include <fcntl.h>
#include <signal.h>
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

/* A socketpair and a child: in the child, *ret_fd is its end and the
 * parent's is closed (0 returned); in the parent, the child's pid, the
 * parent's end in fds[0]. */
static pid_t peer(int fds[2], int *ret_fd)
{
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) < 0)
		exit(1);
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		*ret_fd = fds[1];
	} else {
		close(fds[1]);
	}
	return pid;
}

int main(void)
{
	struct libct_session *s = NULL;
	struct libct_error err = { 0 };
	char dir[] = "/tmp/ct-unit-sync.XXXXXX";
	int fds[2], fd = -1, status = -1, r;
	pid_t pid;

	if (!mkdtemp(dir) || libct_session_new(dir, &s, &err) < 0) {
		printf("Bail out! session: %s\n", err.message);
		return 1;
	}
	libct_session_set_log(s, LIBCT_LOG_DEBUG, record, NULL);
	pid = peer(fds, &fd);
	if (pid == 0) {
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

	/* a bounded wait: a peer that sends nothing is a timeout with its
	 * words; a LOG line on the way starts the count again */
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) < 0)
		return 1;
	CHECK(lct_sync_set_timeout(fds[0], 200) == 0, "SO_RCVTIMEO set");
	r = lct_sync_expect(fds[0], LCT_SYNC_READY, &err);
	CHECK(r == -ETIMEDOUT, "nothing sent: -ETIMEDOUT (%d)", r);
	CHECK_STR(err.message,
		  "sync: no READY from the container's process within 0.2 s (the setup timeout)",
		  "the timeout's message names the message and the bound");
	pid = fork();
	if (pid == 0) {
		fd = fds[1];
		lct_sync_log_forward(s, &fd);
		for (int i = 0; i < 3; i++) {
			usleep(120 * 1000);
			lct_log(s, LIBCT_LOG_ERROR, "step %d", i);
		}
		lct_sync_send(fd, LCT_SYNC_READY);
		_exit(0);
	}
	r = lct_sync_expect_logged(fds[0], LCT_SYNC_READY, s, &err);
	CHECK(r == 0, "LOG lines every 120 ms keep a 200 ms bound from running out (%s)",
	      r < 0 ? err.message : "ok");
	waitpid(pid, &status, 0);
	close(fds[0]);
	close(fds[1]);

	/* TRACE lines: the child's steps, written by the parent as it waits,
	 * with "init" for a pid; the child's copy of the trace fd is never
	 * written (it is closed in init) */
	{
		struct libct_session *t = NULL;
		char path[sizeof(dir) + 16], buf[1024] = "";
		int tfd;
		ssize_t n;

		snprintf(path, sizeof(path), "%s/trace", dir);
		setenv("LIBCT_TRACE", path, 1);
		r = libct_session_new(dir, &t, &err);
		unsetenv("LIBCT_TRACE");
		CHECK(r == 0, "a tracing session (%s)", r < 0 ? err.message : "ok");
		pid = peer(fds, &fd);
		if (pid == 0) {
			lct_sync_log_forward(t, &fd);
			lct_sync_trace_forward(t, &fd);
			lct_trace(t, "init: one");
			lct_trace(t, "init: two");
			lct_sync_send(fd, LCT_SYNC_READY);
			/* its copy of the fd is forgotten */
			_exit(t->trace_fd == -1 ? 0 : 3);
		}
		lct_trace(t, "caller: waiting");
		r = lct_sync_expect_logged(fds[0], LCT_SYNC_READY, t, &err);
		CHECK(r == 0, "READY arrives after the TRACE lines (%s)",
		      r < 0 ? err.message : "ok");
		waitpid(pid, &status, 0);
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "the child forgot its copy of the trace fd (status 0x%x)", status);
		close(fds[0]);
		libct_session_free(t);
		tfd = open(path, O_RDONLY | O_CLOEXEC);
		n = tfd >= 0 ? read(tfd, buf, sizeof(buf) - 1) : -1;
		if (n > 0)
			buf[n] = '\0';
		if (tfd >= 0)
			close(tfd);
		/* (not the file in the line: TAP takes one line a check) */
		CHECK(strstr(buf, " caller: waiting\n") != NULL, "the caller's line");
		CHECK(strstr(buf, "libct-trace init ") &&
			      strstr(buf, " init: one\nlibct-trace init "),
		      "the child's lines as PID init, in their order");
		CHECK(strstr(buf, " init: two\n") != NULL, "both of them");
		CHECK(strstr(buf, "caller: waiting") < strstr(buf, "init: one"),
		      "written by the parent when it read them");
		{
			char own[32];

			snprintf(own, sizeof(own), "libct-trace %d ", (int)pid);
			CHECK(!strstr(buf, own), "no line written by the child itself");
		}
		unlink(path);
	}

	/* what a process is doing, for those messages */
	{
		char what[192];
		pid_t child = fork();

		if (child == 0) {
			pause();
			_exit(0);
		}
		kill(child, SIGSTOP);
		waitpid(child, &status, WUNTRACED);
		CHECK(lct_proc_describe(child, what, sizeof(what)) > 0,
		      "a stopped child described");
		CHECK(strncmp(what, "stopped", 7) == 0, "as stopped (%s)", what);
		kill(child, SIGKILL);
		waitpid(child, &status, 0);
		CHECK(lct_proc_describe(child, what, sizeof(what)) == 0 && !*what,
		      "a reaped one: nothing");
	}
	libct_session_free(s);
	rmdir(dir);
	return tap_done();
}
