/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A new user namespace's id maps, written from the parent once init exists.
 * Root writes them directly. A caller without the privilege may write a map
 * of its own id alone (the gid map after setgroups is set to "deny", as the
 * kernel requires); any other map goes through the shadow-utils helpers
 * newuidmap and newgidmap, setuid programs that grant the ranges of
 * /etc/subuid and /etc/subgid, as runc and crun do. */
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ns/ns.h"
#include "util/util.h"

extern char **environ;

/* How long a helper may take: it reads two small files and writes one. */
#define HELPER_WAIT_MS 10000
#define MAX_MAPS 340 /* the kernel's limit of lines in a map */

static size_t render(const struct lct_idmap *maps, size_t n, char *buf, size_t size)
{
	size_t off = 0;

	for (size_t i = 0; i < n && off < size; i++)
		off += (size_t)snprintf(buf + off, size - off, "%u %u %u\n", maps[i].container_id,
					maps[i].host_id, maps[i].size);
	return off < size ? off : size;
}

/* Run tool (newuidmap, newgidmap) on pid with maps: 0, or an error with what
 * the tool said. */
static int run_helper(const char *tool, pid_t pid, const struct lct_idmap *maps, size_t n,
		      struct libct_error *err)
{
	char args[2 + 3 * MAX_MAPS][16], *argv[3 + 3 * MAX_MAPS], said[512] = "";
	posix_spawn_file_actions_t fa;
	_cleanup_close_ int pidfd = -EBADF;
	int pipefd[2], status = 0, r;
	size_t k = 0, a = 0;
	ssize_t got;
	pid_t child;

	argv[k++] = (char *)tool;
	snprintf(args[a], sizeof(args[a]), "%d", (int)pid);
	argv[k++] = args[a++];
	for (size_t i = 0; i < n && i < MAX_MAPS; i++) {
		const uint32_t v[3] = { maps[i].container_id, maps[i].host_id, maps[i].size };

		for (int j = 0; j < 3; j++) {
			snprintf(args[a], sizeof(args[a]), "%u", v[j]);
			argv[k++] = args[a++];
		}
	}
	argv[k] = NULL;
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return lct_err(err, -errno, "pipe for %s", tool);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDERR_FILENO);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO);
	/* a setuid program: none of the caller's descriptors beyond stdio,
	 * whatever their close-on-exec flag says */
	posix_spawn_file_actions_addclosefrom_np(&fa, 3);
	r = posix_spawnp(&child, tool, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[1]);
	if (r) {
		close(pipefd[0]);
		if (r == ENOENT)
			return lct_err_msg(err, -EPERM,
					   "%s is not installed (the uidmap package): without it "
					   "only the caller's own id can be mapped",
					   tool);
		return lct_err(err, -r, "run %s", tool);
	}
	pidfd = (int)syscall(SYS_pidfd_open, child, 0);
	if (lct_pidfd_wait(pidfd, HELPER_WAIT_MS) == -ETIMEDOUT) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		close(pipefd[0]);
		return lct_err_msg(err, -ETIMEDOUT, "%s did not finish within %d s", tool,
				   HELPER_WAIT_MS / 1000);
	}
	while ((r = waitpid(child, &status, 0)) < 0 && errno == EINTR)
		;
	/* reaped by someone else (a caller's SIGCHLD handler): its answer is lost */
	if (r < 0) {
		close(pipefd[0]);
		return lct_err(err, -errno, "wait for %s", tool);
	}
	fcntl(pipefd[0], F_SETFL, O_NONBLOCK);
	got = read(pipefd[0], said, sizeof(said) - 1);
	close(pipefd[0]);
	said[got > 0 ? got : 0] = '\0';
	said[strcspn(said, "\n")] = '\0';
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	return lct_err_msg(err, -EPERM, "%s %d: %s %d%s%s", tool, (int)pid,
			   WIFEXITED(status) ? "exit status" : "killed by signal",
			   WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
			   *said ? ": " : "", said);
}

/* Whether maps is the one line that an unprivileged caller may write for
 * itself: its own id, once. */
static bool own_id_only(const struct lct_idmap *maps, size_t n, uint32_t own)
{
	return n == 1 && maps[0].host_id == own && maps[0].size == 1;
}

static int write_map(pid_t pid, bool gid, const struct lct_idmap *maps, size_t n,
		     struct libct_error *err)
{
	const char *file = gid ? "gid_map" : "uid_map";
	char path[64], buf[MAX_MAPS * 36];
	size_t len = render(maps, n, buf, sizeof(buf));
	int r;

	if (!n)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	r = lct_write_file_at(AT_FDCWD, path, buf, len, err);
	if (r != -EPERM)
		return r;
	/* not privileged over the ids: the kernel takes the caller's own id
	 * alone (its gid once setgroups is denied), the helpers the rest */
	if (gid && own_id_only(maps, n, getegid())) {
		snprintf(path, sizeof(path), "/proc/%d/setgroups", (int)pid);
		if (lct_write_file_at(AT_FDCWD, path, "deny", 4, NULL) == 0) {
			lct_err_clear(err);
			snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
			return lct_write_file_at(AT_FDCWD, path, buf, len, err);
		}
	}
	if (!gid && own_id_only(maps, n, geteuid()))
		return r;
	lct_err_clear(err);
	return run_helper(gid ? "newgidmap" : "newuidmap", pid, maps, n, err);
}

int lct_ns_write_id_maps(pid_t pid, const struct lct_config *cfg, struct libct_error *err)
{
	int r = write_map(pid, false, cfg->uid_maps, cfg->n_uid_maps, err);

	if (r == 0)
		r = write_map(pid, true, cfg->gid_maps, cfg->n_gid_maps, err);
	return r < 0 ? lct_err_prefix(err, "user namespace") : 0;
}
