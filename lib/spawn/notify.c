/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Seccomp user notification (SCMP_ACT_NOTIFY): the process loads its filter
 * before it reports ready and sends the listener fd over the sync socket
 * (SECCOMP_FD, the fd as SCM_RIGHTS); the runtime connects to the agent's
 * unix socket (linux.seccomp.listenerPath) and sends it one message, the
 * runtime-spec's "container process state" as JSON with the fd:
 *
 *   {"ociVersion": ..., "fds": ["seccompFd"], "pid": PID,
 *    "metadata": listenerMetadata, "state": {the container's state}}
 */
#include <stdio.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>

#include "security/security.h"
#include "spawn/spawn.h"
#include "spawn/sync.h"
#include "util/util.h"

int lct_notify_send_listener(void *seccomp, int sync_fd, struct libct_error *err)
{
	int fd, r;

	if (!lct_seccomp_notifies(seccomp))
		return 0;
	/* now, not at exec: the runtime hands the listener to the agent
	 * before create returns (no_new_privs is set by now, or the filter
	 * was loaded before the capabilities went) */
	r = lct_seccomp_load(seccomp, err);
	if (r < 0)
		return r;
	fd = lct_seccomp_listener(seccomp);
	if (fd < 0)
		return lct_err_msg(err, -EBADF, "seccomp: the filter made no listener");
	r = lct_sync_send_fds(sync_fd, LCT_SYNC_SECCOMP_FD, &fd, 1);
	close(fd);
	if (r < 0)
		return lct_err(err, r, "sync: send the seccomp listener");
	return 0;
}

/* Connect to the agent at path and send it msg with the listener fd; both
 * waits (a full backlog, a full buffer) last wait_ms at most (SO_SNDTIMEO;
 * 0: no bound): an agent that stopped accepting fails the create. */
static int tell_agent(const char *path, const char *msg, int listener, long wait_ms,
		      struct libct_error *err)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	_cleanup_close_ int sock = -EBADF;
	int r;

	if (strlen(path) >= sizeof(sa.sun_path))
		return lct_err_msg(err, -ENAMETOOLONG, "seccomp: listener path '%s' is too long",
				   path);
	strcpy(sa.sun_path, path);
	sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (sock < 0)
		return lct_err(err, -errno, "seccomp: socket for the listener");
	r = lct_sock_set_timeout(sock, SO_SNDTIMEO, wait_ms);
	if (r < 0)
		return lct_err(err, r, "seccomp: SO_SNDTIMEO");
	if (connect(sock, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return errno == EAGAIN ?
			       lct_err_msg(err, -ETIMEDOUT,
					   "seccomp: the agent at the listener path '%s' "
					   "accepted no connection within %.3g s",
					   path, (double)wait_ms / 1000) :
			       lct_err(err, -errno, "seccomp: connect to the listener path '%s'",
				       path);
	r = lct_send_fds(sock, &(struct iovec){ (void *)msg, strlen(msg) }, 1, &listener, 1);
	if (r == -EAGAIN)
		return lct_err_msg(err, -ETIMEDOUT,
				   "seccomp: the agent at '%s' took nothing within %.3g s", path,
				   (double)wait_ms / 1000);
	if (r < 0)
		return lct_err(err, r, "seccomp: send the listener to '%s'", path);
	return 0;
}

int lct_notify_agent(struct libct_container *ct, pid_t pid, const char *path, const char *metadata,
		     enum libct_status status, int sync_fd, lct_process_state_fn *process_state,
		     struct libct_error *err)
{
	_cleanup_close_ int listener = -EBADF;
	_cleanup_free_ char *msg = NULL;
	int r = lct_sync_expect_fd(sync_fd, LCT_SYNC_SECCOMP_FD, ct->session, &listener, err);

	if (r < 0)
		return r;
	if (!path)
		return lct_err_msg(err, -EINVAL,
				   "seccomp: SCMP_ACT_NOTIFY needs a listener path "
				   "(linux.seccomp.listenerPath)");
	msg = process_state(ct, pid, metadata, status);
	if (!msg)
		return lct_err(err, -ENOMEM, "seccomp: the container process state");
	return tell_agent(path, msg, listener, lct_spawn_wait_ms(ct, -1), err);
}
