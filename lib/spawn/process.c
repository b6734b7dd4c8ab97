/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The process's own steps, shared by a container's init and by exec: OOM
 * score, LSM label, terminal, rlimits, cwd, umask, the binary, the user and
 * capabilities, no_new_privs; then seccomp and exec. */
#include <fcntl.h>
#include <linux/close_range.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "security/security.h"
#include "spawn/spawn.h"
#include "spawn/sync.h"
#include "util/util.h"

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

static int set_oom_score_adj(const struct libct_process_desc *pd, struct libct_error *err)
{
	char v[16];

	if (!pd->has_oom_score_adj)
		return 0;
	snprintf(v, sizeof(v), "%d", pd->oom_score_adj);
	return lct_write_file_at(AT_FDCWD, "/proc/self/oom_score_adj", v, strlen(v), err);
}

static int set_lsm(const struct libct_process_desc *pd, struct libct_error *err)
{
	int r = 0;

	if (pd->apparmor_profile && *pd->apparmor_profile)
		r = lct_lsm_apparmor_exec(pd->apparmor_profile, err);
	if (r == 0 && pd->selinux_label && *pd->selinux_label)
		r = lct_lsm_selinux_exec(pd->selinux_label, err);
	return r;
}

static int set_rlimits(const struct libct_process_desc *pd, struct libct_error *err)
{
	for (size_t i = 0; i < pd->n_rlimits; i++) {
		struct rlimit rl = { pd->rlimits[i].soft, pd->rlimits[i].hard };

		if (setrlimit(pd->rlimits[i].resource, &rl) < 0)
			return lct_err(err, -errno, "setrlimit %d (soft %llu, hard %llu)",
				       pd->rlimits[i].resource, (unsigned long long)rl.rlim_cur,
				       (unsigned long long)rl.rlim_max);
	}
	return 0;
}

/* cwd is resolved after the root change, so it cannot lead out of the root;
 * a missing one is made, as runc does. */
static int enter_cwd(const struct libct_process_desc *pd, struct libct_error *err)
{
	const char *cwd = pd->cwd ? pd->cwd : "/";

	if (chdir(cwd) == 0)
		return 0;
	if (errno != ENOENT)
		return lct_err(err, -errno, "chdir to cwd '%s'", cwd);
	if (lct_mkdir_p(cwd, 0755, err) < 0)
		return lct_err_prefix(err, "cwd");
	if (chdir(cwd) < 0)
		return lct_err(err, -errno, "chdir to cwd '%s'", cwd);
	return 0;
}

static const char *env_get(char *const *env, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; env && env[i]; i++)
		if (strncmp(env[i], name, n) == 0 && env[i][n] == '=')
			return env[i] + n + 1;
	return NULL;
}

/* Find argv[0] as execvp would, in the container, now: a missing binary is a
 * create error (with the words podman maps to exit 127 and 126). */
static int find_exec(const struct libct_process_desc *pd, char *buf, size_t len,
		     struct libct_error *err)
{
	const char *arg0 = pd->argv[0], *path = env_get(pd->env, "PATH");
	struct stat st;

	if (strchr(arg0, '/')) {
		if (stat(arg0, &st) < 0)
			return lct_err_msg(err, -errno, "exec: \"%s\": stat %s: %s", arg0, arg0,
					   errno == ENOENT ? "no such file or directory" :
							     strerror(errno));
		if (S_ISDIR(st.st_mode) || access(arg0, X_OK) < 0)
			return lct_err_msg(err, -EACCES, "exec: \"%s\": permission denied", arg0);
		snprintf(buf, len, "%s", arg0);
		return 0;
	}
	if (!path)
		path = DEFAULT_PATH;
	for (const char *p = path; p; p = strchr(p, ':') ? strchr(p, ':') + 1 : NULL) {
		size_t dl = strcspn(p, ":");

		snprintf(buf, len, "%.*s%s%s", (int)dl, p, dl ? "/" : "", arg0);
		if (stat(buf, &st) == 0 && S_ISREG(st.st_mode) && access(buf, X_OK) == 0)
			return 0;
	}
	return lct_err_msg(err, -ENOENT, "exec: \"%s\": executable file not found in $PATH",
			   arg0);
}

/* HOME, when the process environment has none: from the container's
 * /etc/passwd for the process's uid, else "/" (as runc and crun do). */
static char **env_with_home(const struct libct_process_desc *pd)
{
	char **env = pd->env ? lct_strv_copy((const char *const *)pd->env) :
			       calloc(1, sizeof(char *));
	char line[1024], *home = NULL;
	FILE *f;

	if (!env || env_get(env, "HOME"))
		return env;
	f = fopen("/etc/passwd", "re");
	while (f && !home && fgets(line, sizeof(line), f)) {
		char *fields[7], *s = line;
		int n = 0;

		for (; n < 7 && s; n++)
			fields[n] = strsep(&s, ":");
		if (n >= 6 && (uid_t)strtoul(fields[2], NULL, 10) == pd->uid && *fields[5])
			home = lct_asprintf("HOME=%s", strsep(&fields[5], "\n"));
	}
	if (f)
		fclose(f);
	lct_strv_push(&env, home ? home : "HOME=/");
	free(home);
	return env;
}

int lct_process_pre_root(const struct libct_process_desc *pd, struct libct_error *err)
{
	int r = set_oom_score_adj(pd, err);

	return r < 0 ? r : set_lsm(pd, err);
}

int lct_process_setup(const struct libct_process_desc *pd, void *seccomp, char *exec_path,
		      size_t len, char ***ret_env, struct libct_error *err)
{
	int r;

	/* the terminal comes from the container's own devpts, so after the root */
	r = lct_console_setup(pd, err);
	/* rlimits while still privileged: raising a hard limit needs CAP_SYS_RESOURCE */
	if (r == 0)
		r = set_rlimits(pd, err);
	if (r == 0)
		r = enter_cwd(pd, err);
	if (r < 0)
		return r;
	umask(pd->has_umask ? pd->umask : 022);
	r = find_exec(pd, exec_path, len, err);
	if (r < 0)
		return r;
	/* HOME from the container's passwd, read while still root */
	*ret_env = env_with_home(pd);
	if (!*ret_env)
		return lct_err(err, -ENOMEM, "process environment");
	/* without no_new_privs, loading a filter needs CAP_SYS_ADMIN: load it while
	 * still privileged (as runc does); the steps after it must be allowed by it */
	if (!pd->no_new_privs && (r = lct_seccomp_load(seccomp, err)) < 0)
		return r;
	/* bounding set before the uid change, which needs CAP_SETUID; then the user */
	if ((r = lct_caps_drop_bounding(pd, err)) < 0 || (r = lct_caps_set_user(pd, err)) < 0)
		return r;
	if (pd->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return lct_err(err, -errno, "prctl PR_SET_NO_NEW_PRIVS");
	return 0;
}

_Noreturn void lct_process_exec(const struct libct_process_desc *pd, void *seccomp,
				int report_fd, const char *exec_path, char **env)
{
	struct libct_error err = { 0 };

	/* with no_new_privs, seccomp last: the filter may forbid what the steps above need */
	if (pd->no_new_privs && lct_seccomp_load(seccomp, &err) < 0) {
		lct_sync_send_error(report_fd, &err);
		_exit(127);
	}
	/* no fd of the runtime's survives exec, only those asked to be kept */
	for (unsigned int i = 0; i < pd->preserve_fds; i++)
		fcntl(3 + (int)i, F_SETFD, 0);
	syscall(SYS_close_range, 3 + pd->preserve_fds, ~0U, CLOSE_RANGE_CLOEXEC);
	execve(exec_path, pd->argv, env);
	lct_err_msg(&err, -errno, "exec: \"%s\": %s", pd->argv[0],
		    errno == ENOENT ? "no such file or directory" :
		    errno == EACCES ? "permission denied" : strerror(errno));
	lct_sync_send_error(report_fd, &err);
	_exit(127);
}
