/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Running OCI hooks: each with the state it is given on stdin, under its
 * timeout. The state comes rendered (lib/core/hooks.c renders it): this runs
 * in init too, which renders nothing. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>

#include "security/security.h"
#include "spawn/spawn.h"
#include "util/util.h"

static const char *const hook_names[LIBCT_HOOK__MAX] = {
	[LIBCT_HOOK_PRESTART] = "prestart",
	[LIBCT_HOOK_CREATE_RUNTIME] = "createRuntime",
	[LIBCT_HOOK_CREATE_CONTAINER] = "createContainer",
	[LIBCT_HOOK_START_CONTAINER] = "startContainer",
	[LIBCT_HOOK_POSTSTART] = "poststart",
	[LIBCT_HOOK_POSTSTOP] = "poststop",
};

LCT_EXPORT const char *libct_hook_to_string(enum libct_hook kind)
{
	return (unsigned)kind < LIBCT_HOOK__MAX ? hook_names[kind] : NULL;
}

/* Wait for pid (pidfd) at most timeout seconds (0: forever); kill it after. */
static int wait_hook(pid_t pid, int pidfd, int timeout, int *ret_status)
{
	if (lct_pidfd_wait(pidfd, timeout > 0 ? timeout * 1000L : -1) == -ETIMEDOUT) {
		lct_spawn_kill(pid, pidfd);
		return -ETIMEDOUT;
	}
	while (waitpid(pid, ret_status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return 0;
}

/* In the hook's child, why it could not be executed, on its stderr (no
 * stdio: the runtime may have threads, and this is after fork). */
static void say(const char *msg)
{
	struct iovec v[2] = { { (void *)msg, strlen(msg) }, { "\n", 1 } };

	if (writev(STDERR_FILENO, v, 2) < 0)
		return;
}

/* in: the hook runs in the container (see struct lct_hooks_in) */
static int run_one(const struct lct_hook *h, const struct lct_hooks_in *in, const char *state,
		   const char *what, struct libct_error *err)
{
	char *const *env = h->env ? h->env : in ? in->env : environ;
	struct libct_error e = { 0 };
	int sk[2], status = 0, pidfd, r;
	pid_t pid, self = getpid();

	/* a socket, not a pipe: MSG_NOSIGNAL spares us SIGPIPE from a hook that
	 * does not read its stdin, without touching the process's signals */
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sk) < 0)
		return lct_err(err, -errno, "%s: socketpair", what);
	pid = fork();
	if (pid < 0) {
		r = lct_err(err, -errno, "%s: fork", what);
		close(sk[0]);
		close(sk[1]);
		return r;
	}
	if (pid == 0) {
		/* a hook ends with the runtime that waits for it: one left
		 * running by a killed create would act on a container that
		 * delete -f has already removed */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != self)
			_exit(127);
		dup2(sk[0], STDIN_FILENO);
		/* the state on stdin and the caller's stdout and stderr, none of
		 * its other descriptors, whatever their close-on-exec flag says
		 * (as crun; the stub's own fd is exec'd by itself, so it may be
		 * marked too; a failure leaves init's, all close-on-exec by
		 * now but the process's own) */
		lct_cloexec_fds_from(3);
		/* the container's filter last, as for the process: already
		 * there without no_new_privs (init loaded it while privileged) */
		if (in && lct_seccomp_load(in->seccomp, &e) < 0) {
			say(e.message);
			_exit(127);
		}
		if (in)
			lct_stub_execve(in->stub_fd, -1, h->path, h->argv, env);
		else
			execve(h->path, h->argv, env);
		_exit(127);
	}
	close(sk[0]);
	/* the state fits the socket buffer; a hook may exit without reading it */
	if (send(sk[1], state, strlen(state), MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
		lct_log(NULL, LIBCT_LOG_DEBUG, "%s: send state: %s", what, strerror(errno));
	close(sk[1]);
	pidfd = syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0) { /* no way to bound the wait (out of fds): no hook */
		r = lct_err(err, -errno, "%s '%s': pidfd_open", what, h->path);
		lct_spawn_kill(pid, -1);
		return r;
	}
	r = wait_hook(pid, pidfd, h->timeout, &status);
	close(pidfd);
	if (r == -ETIMEDOUT)
		return lct_err_msg(err, r, "%s '%s': timed out after %d seconds", what, h->path,
				   h->timeout);
	if (r < 0)
		return lct_err(err, r, "%s '%s': wait", what, h->path);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return lct_err_msg(err, -ENOENT, "%s '%s': could not be executed (exit status 127)",
				   what, h->path);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return lct_err_msg(err, -EIO, "%s '%s': %s %d%s", what, h->path,
				   WIFEXITED(status) ? "exit status" : "killed by signal",
				   WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
				   WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS ?
					   " (SIGSYS: a system call the seccomp filter forbids)" :
					   "");
	return 0;
}

int lct_hooks_exec(struct libct_session *s, const struct lct_config *cfg, enum libct_hook kind,
		   const char *state, const struct lct_hooks_in *in, bool warn_only,
		   struct libct_error *err)
{
	if (!cfg->n_hooks[kind])
		return 0;
	if (!state)
		return lct_err(err, -ENOMEM, "%s hooks", hook_names[kind]);
	for (size_t i = 0; i < cfg->n_hooks[kind]; i++) {
		struct libct_error e = { 0 };
		char what[64];
		int r;

		snprintf(what, sizeof(what), "%s hook %zu", hook_names[kind], i);
		r = run_one(&cfg->hooks[kind][i], in, state, what, &e);
		if (r < 0 && warn_only) {
			lct_log(s, LIBCT_LOG_WARNING, "%s", e.message);
		} else if (r < 0) {
			if (err)
				*err = e;
			return r;
		}
	}
	return 0;
}
