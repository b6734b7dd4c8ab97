/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The process's own steps, shared by a container's init and by exec: OOM
 * score, LSM label, terminal, rlimits, cwd, umask, the binary, the user and
 * capabilities, no_new_privs; then seccomp and exec. */
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/ioctl.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "security/security.h"
#include "spawn/spawn.h"
#include "spawn/sync.h"
#include "util/util.h"

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

int lct_process_oom_score(int procfd, pid_t pid, const struct libct_process_desc *pd,
			  struct libct_error *err)
{
	_cleanup_close_ int own = -EBADF, fd = -EBADF;
	char path[32], v[16];
	int n;

	if (!pd->has_oom_score_adj)
		return 0;
	if (procfd < 0 && (procfd = own = lct_proc_root(err)) < 0)
		return procfd;
	if (pid > 0)
		snprintf(path, sizeof(path), "%d/oom_score_adj", (int)pid);
	else
		snprintf(path, sizeof(path), "self/oom_score_adj");
	n = snprintf(v, sizeof(v), "%d", pd->oom_score_adj);
	fd = lct_open_proc(procfd, path, O_WRONLY);
	if (fd < 0)
		return lct_err(err, fd, "open '/proc/%s'", path);
	if (write(fd, v, (size_t)n) != n)
		return lct_err(err, -errno, "set the OOM score %s of '/proc/%s'", v, path);
	return 0;
}

static int set_lsm(int procfd, const struct libct_process_desc *pd, struct libct_error *err)
{
	int r = 0;

	if (pd->apparmor_profile && *pd->apparmor_profile)
		r = lct_lsm_apparmor_exec(procfd, pd->apparmor_profile, err);
	if (r == 0 && pd->selinux_label && *pd->selinux_label)
		r = lct_lsm_selinux_exec(procfd, pd->selinux_label, err);
	return r;
}

static int set_rlimits(const struct libct_process_desc *pd, struct libct_error *err)
{
	for (size_t i = 0; i < pd->n_rlimits; i++) {
		struct rlimit rl = { pd->rlimits[i].soft, pd->rlimits[i].hard };
		const char *name = libct_rlimit_to_string(pd->rlimits[i].resource);

		/* a hard limit above the caller's needs CAP_SYS_RESOURCE */
		if (setrlimit(pd->rlimits[i].resource, &rl) < 0)
			return lct_err(err, -errno, "setrlimit %s (soft %llu, hard %llu)",
				       name ? name : "?", (unsigned long long)rl.rlim_cur,
				       (unsigned long long)rl.rlim_max);
	}
	return 0;
}

/* cwd is resolved after the root change, so it cannot lead out of the root;
 * init's was made before the root change (lib/spawn/child.c), and a missing
 * one of exec is an error, as with runc. */
static int enter_cwd(const struct libct_process_desc *pd, struct libct_error *err)
{
	const char *cwd = pd->cwd ? pd->cwd : "/";

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
	const char *arg0, *path = env_get(pd->env, "PATH");
	struct stat st;

	if (pd->fn)
		return 0;
	arg0 = pd->exec_path ? pd->exec_path : pd->argv[0];

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
	/* an environment without PATH: a bare name is not found, as with runc
	 * and crun; none set at all (a library caller's description): the
	 * usual search path */
	if (!pd->env)
		path = DEFAULT_PATH;
	for (const char *p = path; p; p = strchr(p, ':') ? strchr(p, ':') + 1 : NULL) {
		size_t dl = strcspn(p, ":");

		snprintf(buf, len, "%.*s%s%s", (int)dl, p, dl ? "/" : "", arg0);
		if (stat(buf, &st) == 0 && S_ISREG(st.st_mode) && access(buf, X_OK) == 0)
			return 0;
	}
	return lct_err_msg(err, -ENOENT, "exec: \"%s\": executable file not found in $PATH", arg0);
}

/* Files of the container's own read by the runtime (/etc/passwd, /etc/group)
 * hold what the image, or for an exec a process of the running container,
 * put there: a FIFO would block the open or the read forever, a link to
 * /dev/zero would feed the parser without end, a file that keeps growing
 * would keep it reading. So only a regular file, read whole without
 * blocking (lct_read_file_at) and of at most CONTAINER_DB_MAX bytes, into
 * *buf, which the stream reads from. NULL and errno otherwise: EINVAL for a
 * file that is not regular, EFBIG for one too large. */
#define CONTAINER_DB_MAX (16 << 20)

static FILE *open_container_db(const char *path, char **buf)
{
	size_t len;
	int r = lct_read_file_at(AT_FDCWD, path, buf, &len, NULL);

	if (r == 0 && len > CONTAINER_DB_MAX)
		r = -EFBIG;
	if (r < 0) {
		errno = -r;
		return NULL;
	}
	/* a last line without its newline ends all the same (and an empty
	 * file is one empty line, which the parsers skip): the NUL after the
	 * text becomes a newline */
	(*buf)[len] = '\n';
	return fmemopen(*buf, len + 1, "r");
}

/* HOME, when the process environment has none: from the container's
 * /etc/passwd for the process's uid, else "/" (as runc and crun do). */
static char **env_with_home(const struct libct_process_desc *pd)
{
	char **env = pd->env ? lct_strv_copy((const char *const *)pd->env) :
			       calloc(1, sizeof(char *));
	_cleanup_free_ char *buf = NULL;
	char line[1024], *home = NULL;
	FILE *f;

	if (!env || env_get(env, "HOME"))
		return env;
	f = open_container_db("/etc/passwd", &buf);
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

/* The user named in pd, from the container's /etc/passwd and /etc/group,
 * read by hand (fgetpwent, fgetgrent): no NSS module is loaded from the
 * container. Runs in the child, on its own copy of pd. */
static int resolve_user(struct libct_process_desc *pd, struct libct_error *err)
{
	_cleanup_free_ char *pwbuf = NULL, *grbuf = NULL;
	struct passwd *pw;
	struct group *gr;
	FILE *f;
	bool found = false;

	if (!pd->user_name)
		return 0;
	f = open_container_db("/etc/passwd", &pwbuf);
	if (!f)
		return lct_err(err, -errno, "user '%s': the container's /etc/passwd%s",
			       pd->user_name, errno == EINVAL ? " is not a regular file" : "");
	while (!found && (pw = fgetpwent(f)))
		if (strcmp(pw->pw_name, pd->user_name) == 0) {
			pd->uid = pw->pw_uid;
			pd->gid = pw->pw_gid;
			found = true;
		}
	fclose(f);
	if (!found)
		return lct_err_msg(err, -ENOENT,
				   "user '%s': not found in the container's /etc/passwd",
				   pd->user_name);
	f = open_container_db("/etc/group", &grbuf);
	if (!f && errno != ENOENT)
		return lct_err(err, -errno, "user '%s': the container's /etc/group%s",
			       pd->user_name, errno == EINVAL ? " is not a regular file" : "");
	while (f && (gr = fgetgrent(f))) {
		for (char **m = gr->gr_mem; m && *m; m++) {
			gid_t *g;

			if (strcmp(*m, pd->user_name) != 0 || gr->gr_gid == pd->gid)
				continue;
			g = realloc(pd->groups, (pd->n_groups + 1) * sizeof(gid_t));
			if (!g) {
				fclose(f);
				return lct_err(err, -ENOMEM, "groups of user '%s'", pd->user_name);
			}
			pd->groups = g;
			pd->groups[pd->n_groups++] = gr->gr_gid;
		}
	}
	if (f)
		fclose(f);
	return 0;
}

/* The process's stdio that is a regular file or a pipe of the runtime's
 * user goes to the process's user (the uid only), so that it can reopen it
 * (/dev/stdout, /proc/self/fd/1), as runc does. A terminal is left alone
 * (the caller's own, or the container's pty, chowned when made), and so is
 * a file of anyone else. An owner the user namespace does not map, or a
 * read-only file system, is skipped, not an error. */
static int chown_stdio(const struct libct_process_desc *pd, struct libct_error *err)
{
	uid_t runtime = geteuid();
	struct stat st;

	for (int i = 0; i < 3; i++) {
		int fd = (size_t)i < pd->n_fds ? pd->fds[i] : i;

		if (fstat(fd, &st) < 0 || !(S_ISREG(st.st_mode) || S_ISFIFO(st.st_mode)) ||
		    st.st_uid != runtime || st.st_uid == pd->uid)
			continue;
		if (fchown(fd, pd->uid, -1) < 0 && errno != EPERM && errno != EINVAL &&
		    errno != EROFS)
			return lct_err(err, -errno, "chown fd %d of the process to uid %u", i,
				       pd->uid);
	}
	return 0;
}

int lct_process_label_proc(const struct libct_process_desc *pd, int *ret_fd,
			   struct libct_error *err)
{
	*ret_fd = -EBADF;
	if (!(pd->apparmor_profile && *pd->apparmor_profile) &&
	    !(pd->selinux_label && *pd->selinux_label))
		return 0;
	*ret_fd = lct_proc_root(err);
	return *ret_fd < 0 ? *ret_fd : 0;
}

int lct_process_pre_root(int procfd, const struct libct_process_desc *pd, struct libct_error *err)
{
	return set_lsm(procfd, pd, err);
}

/* The first fd that is not the process's own: past the preserved ones and
 * those given with libct_process_desc_set_fds. */
static unsigned int keep_from(const struct libct_process_desc *pd)
{
	unsigned int from = 3 + pd->preserve_fds;

	return pd->n_fds > from ? (unsigned int)pd->n_fds : from;
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
		r = lct_attrs_setup(pd, err);
	if (r == 0)
		r = enter_cwd(pd, err);
	if (r < 0)
		return r;
	umask(pd->has_umask ? pd->umask : 022);
	r = resolve_user((struct libct_process_desc *)pd, err);
	if (r == 0)
		r = chown_stdio(pd, err);
	if (r == 0)
		r = find_exec(pd, exec_path, len, err);
	if (r < 0)
		return r;
	/* HOME from the container's passwd, read while still root */
	*ret_env = env_with_home(pd);
	if (!*ret_env)
		return lct_err(err, -ENOMEM, "process environment");
	/* no fd of the runtime's survives the exec, only the process's own:
	 * marked now, before any filter is loaded (here, at the listener's
	 * send or right before the exec), which may forbid close_range (an
	 * allow-list older than it) and fcntl. Every fd opened from here on is
	 * close-on-exec (the start socket, the seccomp listener, the moves of
	 * place_fds and of the stub's memfd), and the process's own are below
	 * keep_from. A function run without exec closes them itself. */
	if (!pd->fn && (r = lct_cloexec_fds_from(keep_from(pd))) < 0)
		return lct_err(err, r, "close the runtime's fds on exec");
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

/* fds[i] -> i: each first to a free number above the targets (a source may
 * be a target of another), then down. The report fd moves out of the way
 * first; returns its new number (negated on error). */
static int place_fds(const struct libct_process_desc *pd, int report_fd, struct libct_error *err)
{
	int tmp[LCT_PROCESS_FDS_MAX];
	int n = (int)pd->n_fds;

	if (!n)
		return report_fd;
	if (report_fd < n) {
		int moved = fcntl(report_fd, F_DUPFD_CLOEXEC, n);

		if (moved < 0)
			return lct_err(err, -errno, "move the sync fd"), -report_fd;
		close(report_fd);
		report_fd = moved;
	}
	for (int i = 0; i < n; i++) {
		tmp[i] = fcntl(pd->fds[i], F_DUPFD_CLOEXEC, n);
		if (tmp[i] < 0)
			return lct_err(err, -errno, "fd %d of the process (caller's fd %d)", i,
				       pd->fds[i]),
			       -report_fd;
	}
	for (int i = 0; i < n; i++) {
		if (dup2(tmp[i], i) < 0)
			return lct_err(err, -errno, "dup2 to fd %d", i), -report_fd;
		close(tmp[i]);
	}
	return report_fd;
}

/* A session of its own when asked (a terminal already made one), with fd 0
 * as the controlling terminal when it is one. */
static int set_session(const struct libct_process_desc *pd, struct libct_error *err)
{
	if (!pd->new_session || pd->terminal)
		return 0;
	if (setsid() < 0 && getsid(0) != getpid())
		return lct_err(err, -errno, "setsid");
	if (isatty(0))
		ioctl(0, TIOCSCTTY, 0);
	return 0;
}

_Noreturn void lct_process_exec(const struct libct_process_desc *pd, void *seccomp, int stub_fd,
				int report_fd, const char *exec_path, char **env)
{
	struct libct_error err = { 0 };
	int r;

	/* with no_new_privs, seccomp last: the filter may forbid what the steps above need */
	if (pd->no_new_privs && lct_seccomp_load(seccomp, &err) < 0)
		goto fail;
	/* (the report fd, moved or not, negative on a failure) */
	if ((r = place_fds(pd, report_fd, &err)) < 0) {
		report_fd = -r;
		goto fail;
	}
	report_fd = r;
	if (set_session(pd, &err) < 0 || lct_attrs_final(pd, &err) < 0)
		goto fail;
	/* after the credential change, which clears it */
	if (pd->pdeathsig && prctl(PR_SET_PDEATHSIG, pd->pdeathsig) < 0) {
		lct_err(&err, -errno, "prctl PR_SET_PDEATHSIG %d", pd->pdeathsig);
		goto fail;
	}
	/* no fd of the runtime's survives exec, only those asked to be kept
	 * (a number of the preserved range that is not open is skipped) */
	for (unsigned int i = 0; i < keep_from(pd) - 3; i++)
		if (fcntl(3 + (int)i, F_SETFD, 0) < 0 && errno != EBADF) {
			lct_err(&err, -errno, "keep fd %u open", 3 + i);
			goto fail;
		}
	if (pd->fn) {
		/* no exec to close them: success is the report fd closing, once
		 * the others are */
		r = pd->fn_keeps_fds ? lct_close_cloexec_fds_except(&report_fd, 1) :
				       lct_close_fds_except(&report_fd, 1, keep_from(pd) - 3);
		if (r < 0) {
			lct_err(&err, r, "close the runtime's fds");
			goto fail;
		}
		close(report_fd);
		_exit(pd->fn(pd->fn_arg));
	}
	/* the stub's memfd above the process's own fds (place_fds may have
	 * reused its number; a preserved range must not pass it on) */
	if (stub_fd < (int)keep_from(pd))
		stub_fd = fcntl(stub_fd, F_DUPFD_CLOEXEC, keep_from(pd));
	/* never execve from here: see exec-stub.c */
	r = stub_fd < 0 ? -errno : lct_stub_execve(stub_fd, report_fd, exec_path, pd->argv, env);
	if (stub_fd >= 0 && (r == -EPERM || r == -ENOSYS || r == -EACCES))
		lct_err_msg(&err, r,
			    "exec: \"%s\": cannot execute the runtime's exec stub "
			    "(execveat of a sealed memfd: %s; a seccomp profile must allow "
			    "execveat or execve, and vm.memfd_noexec must be below 2)",
			    pd->exec_path ? pd->exec_path : pd->argv[0], strerror(-r));
	else
		lct_err_msg(&err, r, "exec %s: %s", exec_path,
			    r == -ENOENT ? "no such file or directory" :
			    r == -EACCES ? "permission denied" :
					   strerror(-r));
fail:
	lct_sync_send_error(report_fd, &err);
	_exit(127);
}
