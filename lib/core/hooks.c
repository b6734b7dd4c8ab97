/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* OCI hooks: their configuration and running one with the state on stdin,
 * under its timeout. */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

#include "core/internal.h"
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

LCT_EXPORT int libct_container_add_hook(struct libct_container *ct, enum libct_hook kind,
					const char *path, const char *const *argv,
					const char *const *env, int timeout,
					struct libct_error *err)
{
	struct lct_hook *h;

	if ((unsigned)kind >= LIBCT_HOOK__MAX)
		return lct_err_msg(err, -EINVAL, "unknown hook kind %d", (int)kind);
	if (!path || path[0] != '/')
		return lct_err_msg(err, -EINVAL, "%s hook: path '%s' must be absolute",
				   hook_names[kind], path ? path : "");
	if (timeout < 0)
		return lct_err_msg(err, -EINVAL, "%s hook: timeout must not be negative",
				   hook_names[kind]);
	h = lct_array_grow(&ct->cfg.hooks[kind], &ct->cfg.n_hooks[kind], sizeof(*h));
	if (!h)
		return lct_err(err, -ENOMEM, "hook");
	h->timeout = timeout;
	h->path = strdup(path);
	h->argv = argv && argv[0] ? lct_strv_copy(argv) : NULL;
	if (!h->argv && h->path)
		lct_strv_push(&h->argv, path);
	/* NULL: the runtime's own environment, as runc and crun give it */
	h->env = env ? lct_strv_copy(env) : NULL;
	if (!h->path || !h->argv || (env && !h->env)) {
		free(h->path);
		lct_strv_free(h->argv);
		lct_strv_free(h->env);
		ct->cfg.n_hooks[kind]--;
		return lct_err(err, -ENOMEM, "hook");
	}
	return 0;
}

void lct_hooks_free(struct lct_config *cfg)
{
	for (int k = 0; k < LIBCT_HOOK__MAX; k++) {
		for (size_t i = 0; i < cfg->n_hooks[k]; i++) {
			free(cfg->hooks[k][i].path);
			lct_strv_free(cfg->hooks[k][i].argv);
			lct_strv_free(cfg->hooks[k][i].env);
		}
		free(cfg->hooks[k]);
		cfg->hooks[k] = NULL;
		cfg->n_hooks[k] = 0;
	}
}

/* Wait for pid (pidfd) at most timeout seconds (0: forever); kill it after. */
static int wait_hook(pid_t pid, int pidfd, int timeout, int *ret_status)
{
	struct pollfd p = { .fd = pidfd, .events = POLLIN };
	int r;

	do
		r = poll(&p, 1, timeout > 0 ? timeout * 1000 : -1);
	while (r < 0 && errno == EINTR);
	if (r == 0) {
		syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
		waitpid(pid, NULL, 0);
		return -ETIMEDOUT;
	}
	while (waitpid(pid, ret_status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return 0;
}

/* stub_fd >= 0: the hook runs in the container, through the exec stub */
static int run_one(const struct lct_hook *h, int stub_fd, const char *state, const char *what,
		   struct libct_error *err)
{
	int in[2], status = 0, pidfd, r;
	pid_t pid;

	/* a socket, not a pipe: MSG_NOSIGNAL spares us SIGPIPE from a hook that
	 * does not read its stdin, without touching the process's signals */
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) < 0)
		return lct_err(err, -errno, "%s: socketpair", what);
	pid = fork();
	if (pid < 0) {
		r = lct_err(err, -errno, "%s: fork", what);
		close(in[0]);
		close(in[1]);
		return r;
	}
	if (pid == 0) {
		dup2(in[0], STDIN_FILENO);
		if (stub_fd >= 0)
			lct_stub_execve(stub_fd, -1, h->path, h->argv, h->env ? h->env : environ);
		else
			execve(h->path, h->argv, h->env ? h->env : environ);
		_exit(127);
	}
	close(in[0]);
	/* the state fits the socket buffer; a hook may exit without reading it */
	if (send(in[1], state, strlen(state), MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
		lct_log(NULL, LIBCT_LOG_DEBUG, "%s: send state: %s", what, strerror(errno));
	close(in[1]);
	pidfd = syscall(SYS_pidfd_open, pid, 0);
	r = wait_hook(pid, pidfd, h->timeout, &status);
	if (pidfd >= 0)
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
		return lct_err_msg(err, -EIO, "%s '%s': %s %d", what, h->path,
				   WIFEXITED(status) ? "exit status" : "killed by signal",
				   WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	return 0;
}

int lct_hooks_run(struct libct_container *ct, enum libct_hook kind, bool warn_only,
		  struct libct_error *err)
{
	static const enum libct_status status_of[LIBCT_HOOK__MAX] = {
		/* runtime-spec: "created" from createRuntime on (prestart
		 * is called at the same point); crun says the same */
		[LIBCT_HOOK_PRESTART] = LIBCT_STATUS_CREATED,
		[LIBCT_HOOK_CREATE_RUNTIME] = LIBCT_STATUS_CREATED,
		[LIBCT_HOOK_CREATE_CONTAINER] = LIBCT_STATUS_CREATED,
		[LIBCT_HOOK_START_CONTAINER] = LIBCT_STATUS_CREATED,
		[LIBCT_HOOK_POSTSTART] = LIBCT_STATUS_RUNNING,
		[LIBCT_HOOK_POSTSTOP] = LIBCT_STATUS_STOPPED,
	};
	/* these run in the container's namespaces, from init (the stub was
	 * made before init was cloned) */
	bool in_container = kind == LIBCT_HOOK_CREATE_CONTAINER ||
			    kind == LIBCT_HOOK_START_CONTAINER;
	_cleanup_free_ char *state = NULL;

	if (!ct->cfg.n_hooks[kind])
		return 0;
	/* the status the spec gives the hook at this point of the lifecycle */
	ct->forced_status = status_of[kind];
	state = libct_oci_state_json(ct);
	ct->forced_status = LIBCT_STATUS_UNKNOWN;
	if (!state)
		return lct_err(err, -ENOMEM, "%s hooks", hook_names[kind]);
	for (size_t i = 0; i < ct->cfg.n_hooks[kind]; i++) {
		struct libct_error e = { 0 };
		char what[64];
		int r;

		snprintf(what, sizeof(what), "%s hook %zu", hook_names[kind], i);
		r = run_one(&ct->cfg.hooks[kind][i], in_container ? ct->session->stub_fd : -1, state,
			    what, &e);
		if (r < 0 && warn_only) {
			lct_log(ct->session, LIBCT_LOG_WARNING, "%s", e.message);
		} else if (r < 0) {
			if (err)
				*err = e;
			return r;
		}
	}
	return 0;
}
