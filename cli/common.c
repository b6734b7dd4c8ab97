/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What every command shares: errors and the log file, the session, bundles. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <json-c/json.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

/* "ct: " (and what it is, for all but errors) on stderr, and the log */
static void say(const char *level, const char *fmt, va_list ap)
{
	char msg[2048];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (strcmp(level, "error") == 0)
		fprintf(stderr, "ct: %s\n", msg);
	else
		fprintf(stderr, "ct: %s: %s\n", level, msg);
	ct_log_line(level, msg);
}

int ct_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("error", fmt, ap);
	va_end(ap);
	return 1;
}

void ct_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("warning", fmt, ap);
	va_end(ap);
}

int ct_fail_err(const struct libct_error *err, const char *prefix)
{
	if (prefix && *prefix)
		return ct_fail("%s: %s", prefix, err->message);
	return ct_fail("%s", err->message);
}

static void log_sink(void *userdata, enum libct_log_level level, const char *message)
{
	static const char *const names[] = { "error", "warning", "info", "debug" };

	/* --debug without --log: the debug lines go to stderr too (as runc) */
	if (level <= LIBCT_LOG_WARNING || !ct_g.log_path)
		fprintf(stderr, "ct: %s: %s\n", names[level], message);
	ct_log_line(names[level], message);
}

int ct_session(struct libct_session **ret)
{
	struct libct_error err = { 0 };

	if (libct_session_new(ct_g.root, ret, &err) < 0)
		return ct_fail_err(&err, NULL);
	libct_session_set_log(*ret, ct_g.debug ? LIBCT_LOG_DEBUG : LIBCT_LOG_WARNING, log_sink,
			      NULL);
	libct_session_set_rootless(*ret, ct_g.rootless);
	return 0;
}

void ct_synopsis(FILE *f, const char *help)
{
	fprintf(f, "Usage: ct %.*s\n", (int)strcspn(help, "\n"), help);
}

int ct_help(const char *help, bool asked)
{
	if (asked) {
		printf("Usage: ct %s", help);
		return 0;
	}
	ct_synopsis(stderr, help);
	fprintf(stderr, "See 'ct %.*s --help'.\n", (int)strcspn(help, " \n"), help);
	return 2;
}

const char *ct_one_id(int argc, char **argv, int optind, const char *help)
{
	if (optind != argc - 1) {
		ct_fail("%s: %s", argv[0],
			optind >= argc ? "missing container id" : "too many arguments");
		ct_synopsis(stderr, help);
		return NULL;
	}
	return argv[optind];
}

const char *ct_abs_path(const char *path, char buf[PATH_MAX])
{
	char cwd[PATH_MAX];

	if (path[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		return path;
	if (snprintf(buf, PATH_MAX, "%s/%s", strcmp(cwd, "/") ? cwd : "", path) >= PATH_MAX)
		return path;
	return buf;
}

int ct_fd_count(const char *s)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	return errno || *end || !*s || n < 0 || n > CT_FDS_MAX ? -1 : (int)n;
}

int ct_preserve_fds_arg(const char *cmd, const char *arg)
{
	int n = ct_fd_count(arg);

	if (n < 0)
		ct_fail("%s%s--preserve-fds: '%s' is not a count of fds (0 to %d)", cmd ? cmd : "",
			cmd ? ": " : "", arg, CT_FDS_MAX);
	return n;
}

void ct_warn_ignored(const char *why, const char *const *names, size_t n)
{
	char list[512] = "";
	size_t len = 0;

	for (size_t i = 0; i < n; i++)
		if (names[i] && len < sizeof(list))
			len += snprintf(list + len, sizeof(list) - len, "%s--%s", len ? ", " : "",
					names[i]);
	if (len)
		ct_warn("%s: %s ignored", why, list);
}

int ct_fds_inherited(int first, int n, const char *what)
{
	for (int fd = first; fd < first + n; fd++)
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF)
			return ct_fail("%s: fd %d is not open", what, fd);
	return 0;
}

int ct_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = ENOSPC;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int ct_write_file_atomic(const char *path, const char *data, size_t len)
{
	char tmp[PATH_MAX];
	int fd, r;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%d", path, (int)getpid()) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	r = ct_write_all(fd, data, len);
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0)
		unlink(tmp);
	return r;
}

int ct_write_pid_file(const char *path, pid_t pid)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%d", (int)pid);
	int r = ct_write_file_atomic(path, buf, (size_t)n);

	return r < 0 ? ct_fail("pid file '%s': %s", path, strerror(-r)) : 0;
}

int ct_load_bundle(struct libct_session *s, const char *bundle, const char *config, const char *id,
		   struct libct_container **ret_ct, struct libct_process_desc **ret_pd)
{
	struct libct_error err = { 0 };
	struct libct_container *ct = NULL;
	char abs[PATH_MAX];

	if (!realpath(bundle ? bundle : ".", abs))
		return ct_fail("bundle '%s': %s", bundle ? bundle : ".", strerror(errno));
	/* relative bind sources in config.json are relative to the bundle */
	if (chdir(abs) < 0)
		return ct_fail("bundle '%s': %s", abs, strerror(errno));
	if (libct_container_new(s, id, &ct, &err) < 0)
		return ct_fail_err(&err, NULL);
	if ((config ? libct_oci_load_file(ct, abs, config, ret_pd, &err) :
		      libct_oci_load(ct, abs, ret_pd, &err)) < 0 ||
	    (ct_g.systemd_cgroup && libct_container_set_systemd_cgroup(ct, true, &err) < 0)) {
		libct_container_free(ct);
		return ct_fail_err(&err, NULL);
	}
	libct_container_set_no_cgroup(ct, ct_g.no_cgroup);
	*ret_ct = ct;
	return 0;
}

int ct_signal_from_string(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s && !*end)
		return n >= 0 && n < NSIG ? (int)n : -1; /* 0: is it alive? */
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (int i = 1; i < NSIG; i++) {
		const char *name = sigabbrev_np(i);

		if (name && strcasecmp(name, s) == 0)
			return i;
	}
	if (strncasecmp(s, "RTMIN", 5) == 0 || strncasecmp(s, "RTMAX", 5) == 0) {
		long off = s[5] ? strtol(s + 5, &end, 10) : 0;

		if (*end)
			return -1;
		n = strncasecmp(s, "RTMIN", 5) == 0 ? SIGRTMIN + off : SIGRTMAX + off;
		return n >= SIGRTMIN && n <= SIGRTMAX ? (int)n : -1;
	}
	return -1;
}

int ct_for_each_match(const char *cmd, const char *pattern, ct_match_fn fn, void *data)
{
	struct libct_error err = { 0 };
	struct libct_session *s = NULL;
	char **ids = NULL, msg[256];
	regex_t re;
	int r, failed = 0;

	r = regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB);
	if (r) {
		regerror(r, &re, msg, sizeof(msg));
		return ct_fail("%s: invalid regular expression '%s': %s", cmd, pattern, msg);
	}
	r = ct_session(&s);
	if (!r && libct_session_list(s, &ids, &err) < 0)
		r = ct_fail_err(&err, NULL);
	for (size_t i = 0; !r && ids[i]; i++)
		if (regexec(&re, ids[i], 0, NULL, 0) == 0 && fn(s, ids[i], data))
			failed = 1;
	libct_strv_free(ids);
	libct_session_free(s);
	regfree(&re);
	return r ? r : failed;
}

int ct_open(const char *id, struct libct_session **ret_s, struct libct_container **ret_ct)
{
	struct libct_error err = { 0 };
	int r = ct_session(ret_s);

	if (r)
		return r;
	if (libct_container_open(*ret_s, id, ret_ct, &err) < 0)
		return ct_fail_err(&err, NULL);
	return 0;
}

int ct_open_one(int argc, char **argv, const char *help, struct libct_session **ret_s,
		struct libct_container **ret_ct)
{
	static const struct option opts[] = { { "help", no_argument, NULL, 'h' }, {} };
	const char *id;
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1)
		exit(ct_help(help, c == 'h'));
	id = ct_one_id(argc, argv, optind, help);
	return id ? ct_open(id, ret_s, ret_ct) : 2;
}
