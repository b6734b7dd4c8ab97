/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Running OCI hooks: each with the state it is given on stdin, under its
 * timeout. The state comes rendered (lib/core/hooks.c renders it): this runs
 * in init too, which renders nothing. */
#include <fcntl.h>
#include <poll.h>
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

/* In the hook's child, why it could not be executed, on its stderr (no
 * stdio: the runtime may have threads, and this is after fork). */
static void say(const char *msg)
{
	struct iovec v[2] = { { (void *)msg, strlen(msg) }, { "\n", 1 } };

	if (writev(STDERR_FILENO, v, 2) < 0)
		return;
}

/* How much of a failed hook's output its error quotes: the end, where the
 * reason usually is, within the error's 1 KiB (LIBCT_ERROR_MSG_MAX) beside
 * the hook's path and the prefixes its callers add. */
#define HOOK_OUTPUT_TAIL 512

/* What a hook wrote: its last HOOK_OUTPUT_TAIL bytes, and how many there
 * were. Nothing more is kept, however much it writes. */
struct hook_output {
	char tail[HOOK_OUTPUT_TAIL];
	size_t len;
	unsigned long long total;
};

/* The hook's stdout and stderr: one pipe for both, read while it runs (its
 * output is passed on to nobody, as runc and crun; the end is kept for the
 * error, as runc keeps it). A pipe, not a file: the hook never waits for
 * the reader, what it writes costs nothing but the tail, and what it left
 * running in the background gets EPIPE once the hook is done, instead of
 * filling memory for as long as it runs. Where no pipe can be made (a
 * seccomp profile that denies pipe2 to a startContainer hook), /dev/null:
 * rd is then -EBADF. */
static int output_pipe(int *rd, int *wr, const char *what, struct libct_error *err)
{
	int p[2];

	*rd = -EBADF;
	if (pipe2(p, O_CLOEXEC) == 0) {
		*rd = p[0];
		*wr = p[1];
		if (fcntl(*rd, F_SETFL, O_NONBLOCK) == 0)
			return 0;
		close(p[0]);
		close(p[1]);
		*rd = -EBADF;
	}
	*wr = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (*wr < 0)
		return lct_err(err, -errno, "%s: a pipe for its output", what);
	return 0;
}

/* Read what is in rd now into o, at most a pipe's default capacity (a
 * writer faster than this reader would otherwise keep it here). 0: more may
 * come; 1: the writers are gone (or rd failed: nothing more is read). */
static int read_output(int rd, struct hook_output *o)
{
	char buf[4096];

	for (int i = 0; i < 16; i++) {
		ssize_t n = read(rd, buf, sizeof(buf));
		size_t k, keep;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return 0;
		if (n <= 0)
			return 1;
		k = (size_t)n;
		o->total += k;
		if (k >= sizeof(o->tail)) {
			memcpy(o->tail, buf + k - sizeof(o->tail), sizeof(o->tail));
			o->len = sizeof(o->tail);
			continue;
		}
		keep = o->len + k > sizeof(o->tail) ? sizeof(o->tail) - k : o->len;
		memmove(o->tail, o->tail + o->len - keep, keep);
		memcpy(o->tail + keep, buf, k);
		o->len = keep + k;
	}
	return 0;
}

/* Wait for pid (pidfd) at most timeout seconds (0: forever), reading its
 * output from rd (-EBADF: none) meanwhile; kill it after. */
static int wait_hook(pid_t pid, int pidfd, int rd, int timeout, struct hook_output *o,
		     int *ret_status)
{
	long deadline = timeout > 0 ? lct_now_ms() + timeout * 1000L : -1;
	struct pollfd p[2] = { { .fd = pidfd, .events = POLLIN }, { .fd = rd, .events = POLLIN } };

	for (;;) {
		long left = deadline < 0 ? -1 : deadline - lct_now_ms();
		int r = poll(p, 2, deadline < 0 ? -1 : left > 0 ? (int)left : 0);

		if (r == 0 || (r < 0 && errno != EINTR)) {
			int e = r == 0 ? ETIMEDOUT : errno;

			/* no hook goes on unwaited for */
			lct_spawn_kill(pid, pidfd);
			return -e;
		}
		if (r > 0 && p[1].revents && read_output(rd, o))
			p[1].fd = -1; /* poll() skips it from now on */
		if (r > 0 && p[0].revents)
			break;
	}
	/* what it wrote before it exited is still in the pipe */
	if (p[1].fd >= 0)
		read_output(rd, o);
	while (waitpid(pid, ret_status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return 0;
}

/* A byte of a hook's output as the error shows it. */
static char printable(char c)
{
	if (c == '\n' || c == '\t' || c == '\r')
		return ' ';
	return c < 0x20 || c >= 0x7f ? '?' : c;
}

/* Append ", output: TEXT" to err's message: the tail of o, on one line of
 * printable ASCII (line breaks and tabs as spaces, other bytes as '?', "..."
 * where the start is cut). Nothing for no output. */
static void add_output(const struct hook_output *o, struct libct_error *err)
{
	const char *tail = o->tail;
	size_t len, at, b = 0, e;

	for (e = o->len; e > 0 && strchr(" \t\r\n", tail[e - 1]); e--)
		;
	while (b < e && strchr(" \t\r\n", tail[b]))
		b++;
	if (!err || b == e)
		return;
	len = strnlen(err->message, sizeof(err->message));
	at = len + (size_t)snprintf(err->message + len, sizeof(err->message) - len, ", output: %s",
				    o->total > o->len ? "..." : "");
	for (; b < e && at + 1 < sizeof(err->message); b++)
		err->message[at++] = printable(tail[b]);
	err->message[at < sizeof(err->message) ? at : sizeof(err->message) - 1] = '\0';
}

/* Where the hooks on the host run and write (lct_hooks_exec). */
struct host_side {
	/* the bundle, their working directory (-EBADF: the caller's) */
	int dir;
	/* their stdout and stderr (-EBADF: into the memfd) */
	int files[2];
};

/* in: the hook runs in the container (see struct lct_hooks_in); else host
 * says where it runs and writes */
static int run_one(const struct lct_hook *h, const struct lct_hooks_in *in,
		   const struct host_side *host, const char *state, const char *what,
		   struct libct_error *err)
{
	const int *files = host->files;
	char *const *env = h->env ? h->env : in ? in->env : environ;
	struct libct_error e = { 0 };
	struct hook_output o = { .len = 0 };
	_cleanup_close_ int rd = -EBADF, out = -EBADF;
	int sk[2], status = 0, pidfd, r;
	pid_t pid, self = getpid();

	if ((files[0] < 0 || files[1] < 0) && (r = output_pipe(&rd, &out, what, err)) < 0)
		return r;
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
		dup2(files[0] >= 0 ? files[0] : out, STDOUT_FILENO);
		dup2(files[1] >= 0 ? files[1] : out, STDERR_FILENO);
		if (host->dir >= 0 && fchdir(host->dir) < 0) {
			lct_err(&e, -errno, "enter the bundle");
			say(e.message);
			_exit(127);
		}
		/* the state on stdin and its output, none of the runtime's
		 * descriptors, whatever their close-on-exec flag says (as
		 * crun; the stub's own fd is exec'd by itself, so it may be
		 * marked too; a failure leaves init's, all close-on-exec by
		 * now but the process's own) */
		lct_cloexec_fds_from(3);
		/* the container's filter last, as for the process: already
		 * there without no_new_privs (init loaded it while privileged) */
		if (in && lct_seccomp_load(in->seccomp, &e) < 0) {
			say(e.message);
			_exit(127);
		}
		r = in ? lct_stub_execve(in->stub_fd, -1, h->path, h->argv, env) :
			 (execve(h->path, h->argv, env), -errno);
		lct_err(&e, r, "exec %s", h->path);
		say(e.message);
		_exit(127);
	}
	close(sk[0]);
	/* the hook's end, or EOF never comes */
	closep(&out);
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
	r = wait_hook(pid, pidfd, rd, h->timeout, &o, &status);
	close(pidfd);
	if (r == -ETIMEDOUT)
		r = lct_err_msg(err, r, "%s '%s': timed out after %d seconds", what, h->path,
				h->timeout);
	else if (r < 0)
		return lct_err(err, r, "%s '%s': wait", what, h->path);
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		r = lct_err_msg(err, -ENOENT, "%s '%s': could not be executed (exit status 127)",
				what, h->path);
	else if (!WIFEXITED(status) || WEXITSTATUS(status))
		r = lct_err_msg(err, -EIO, "%s '%s': %s %d%s", what, h->path,
				WIFEXITED(status) ? "exit status" : "killed by signal",
				WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
				WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS ?
					" (SIGSYS: a system call the seccomp filter forbids)" :
					"");
	/* what it wrote tells why, as runc says it */
	if (r < 0)
		add_output(&o, err);
	return r;
}

/* The value of annotation key (the last one given), or NULL. */
static const char *annotation(const struct lct_config *cfg, const char *key)
{
	const char *v = NULL;

	for (size_t i = 0; cfg->annotations && cfg->annotations[i] && cfg->annotations[i + 1];
	     i += 2)
		if (strcmp(cfg->annotations[i], key) == 0)
			v = cfg->annotations[i + 1];
	return v;
}

/* The hooks on the host run in the bundle directory, as runc and crun run
 * them (for prestart, createRuntime and poststart both; for poststop crun,
 * runc in its caller's), not in the directory the runtime's caller is in.
 * crun's annotations run.oci.hooks.stdout and run.oci.hooks.stderr name
 * files their output is appended to (made if missing; a relative path is
 * the bundle's). What could not be opened is -EBADF in host. */
static int open_host_side(const struct lct_config *cfg, struct host_side *host,
			  struct libct_error *err)
{
	static const char *const keys[2] = { "run.oci.hooks.stdout", "run.oci.hooks.stderr" };
	int r = 0;

	if (cfg->bundle && *cfg->bundle) {
		host->dir = open(cfg->bundle, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (host->dir < 0)
			r = lct_err(err, -errno, "the bundle '%s'", cfg->bundle);
	}
	for (int i = 0; i < 2 && r == 0; i++) {
		const char *path = annotation(cfg, keys[i]);

		if (!path)
			continue;
		host->files[i] = openat(host->dir >= 0 ? host->dir : AT_FDCWD, path,
					O_WRONLY | O_CREAT | O_APPEND | O_NOCTTY | O_CLOEXEC, 0600);
		if (host->files[i] < 0)
			r = lct_err(err, -errno, "annotation %s: open '%s'", keys[i], path);
	}
	return r;
}

int lct_hooks_exec(struct libct_session *s, const struct lct_config *cfg, enum libct_hook kind,
		   const char *state, const struct lct_hooks_in *in, bool warn_only,
		   struct libct_error *err)
{
	struct host_side host = { -EBADF, { -EBADF, -EBADF } };
	struct libct_error e = { 0 };
	int r = 0;

	if (!cfg->n_hooks[kind])
		return 0;
	if (!state)
		return lct_err(err, -ENOMEM, "%s hooks", hook_names[kind]);
	/* a bundle or file that cannot be opened fails the hooks as a failing
	 * hook would; where that is a warning, they still run (poststop hooks
	 * undo what the others did), in the caller's directory, their output
	 * captured */
	if (!in && (r = open_host_side(cfg, &host, &e)) < 0) {
		lct_err_prefix(&e, "%s hooks", hook_names[kind]);
		if (!warn_only)
			goto out;
		lct_log(s, LIBCT_LOG_WARNING, "%s", e.message);
		r = 0;
	}
	for (size_t i = 0; i < cfg->n_hooks[kind]; i++) {
		char what[64];

		snprintf(what, sizeof(what), "%s hook %zu", hook_names[kind], i);
		r = run_one(&cfg->hooks[kind][i], in, &host, state, what, &e);
		if (r < 0 && warn_only) {
			lct_log(s, LIBCT_LOG_WARNING, "%s", e.message);
			r = 0;
		} else if (r < 0) {
			break;
		}
	}
out:
	if (r < 0 && err)
		*err = e;
	for (int i = 0; i < 2; i++)
		if (host.files[i] >= 0)
			close(host.files[i]);
	if (host.dir >= 0)
		close(host.dir);
	return r;
}
