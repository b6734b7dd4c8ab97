/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Sessions: the state directory and the log sink. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>

#include "core/internal.h"
#include "util/util.h"

#define DEFAULT_STATE_DIR "/run/ct"
/* How long the runtime waits for each step of a process it sets up (init
 * from clone to READY, its exec at start, an exec'd process): a process that
 * is stuck (stopped, frozen, blocked on a file of the container's) must not
 * hold the caller and the container's lock forever. Whole seconds;
 * LIBCT_SETUP_TIMEOUT in the environment changes the default. */
#define DEFAULT_SETUP_TIMEOUT_S 60

static long default_setup_timeout_ms(void)
{
	int64_t n;

	/* unset, not a number, negative or over a year: the default */
	if (lct_parse_int64(getenv("LIBCT_SETUP_TIMEOUT"), &n) < 0 || n < 0 || n > 86400 * 365)
		n = DEFAULT_SETUP_TIMEOUT_S;
	return (long)n * 1000L;
}

/* The inode number of the initial user namespace (PROC_USER_INIT_INO), fixed
 * by the kernel since Linux 3.8. */
#define INIT_USER_NS_INO 0xEFFFFFFDUL

/* Whether this process runs in a user namespace other than the host's (one
 * stat; /proc not mounted: taken as the host's). */
static bool in_user_namespace(void)
{
	struct stat st;

	return stat("/proc/self/ns/user", &st) == 0 && st.st_ino != INIT_USER_NS_INO;
}

bool lct_rootless(struct libct_session *s)
{
	if (s->rootless < 0)
		s->rootless = geteuid() != 0 || in_user_namespace();
	return s->rootless;
}

/* The default state directory: /run/ct, but $XDG_RUNTIME_DIR/ct for a user
 * other than root, and for root of a user namespace other than the host's
 * unless $USER says "root" (as runc decides, for rootless podman, which runs
 * the runtime as root of its user namespace with its user's runtime dir). */
static char *default_state_dir(void)
{
	const char *xdg = getenv("XDG_RUNTIME_DIR"), *user = getenv("USER");

	if (xdg && *xdg == '/' &&
	    (geteuid() != 0 || (in_user_namespace() && !(user && strcmp(user, "root") == 0))))
		return lct_asprintf("%s/ct", xdg);
	return strdup(DEFAULT_STATE_DIR);
}

LCT_EXPORT const char *libct_version(void)
{
	return LIBCT_VERSION;
}

LCT_EXPORT int libct_session_new(const char *state_dir, struct libct_session **ret,
				 struct libct_error *err)
{
	struct libct_session *s;
	int r;

	s = calloc(1, sizeof(*s));
	if (!s)
		return lct_err(err, -ENOMEM, "new session");
	s->state_dirfd = -EBADF;
	s->stub_fd = -EBADF;
	s->rootless = -1;
	s->setup_timeout_ms = default_setup_timeout_ms();
	lct_trace_init(s);
	s->state_dir = state_dir && *state_dir ? strdup(state_dir) : default_state_dir();
	if (!s->state_dir) {
		free(s);
		return lct_err(err, -ENOMEM, "new session");
	}
	r = lct_mkdir_p(s->state_dir, 0700, err);
	/* a user other than root without a runtime directory gets /run/ct,
	 * root's: say what to do (an explicit directory speaks for itself) */
	if (!(state_dir && *state_dir) && geteuid() != 0 &&
	    (r == -EACCES ||
	     (r == 0 && faccessat(AT_FDCWD, s->state_dir, R_OK | W_OK | X_OK, AT_EACCESS) < 0 &&
	      errno == EACCES))) {
		r = lct_err_msg(err, -EACCES,
				"state directory '%s': Permission denied for uid %u (set "
				"XDG_RUNTIME_DIR, or name another state directory)",
				s->state_dir, (unsigned)geteuid());
		libct_session_free(s);
		return r;
	}
	if (r < 0) {
		libct_session_free(s);
		return lct_err_prefix(err, "state directory");
	}
	state_dir = s->state_dir;
	s->state_dirfd = open(state_dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (s->state_dirfd < 0) {
		r = lct_err(err, -errno, "open state directory '%s'", state_dir);
		libct_session_free(s);
		return r;
	}
	*ret = s;
	return 0;
}

LCT_EXPORT void libct_session_set_setup_timeout(struct libct_session *s, unsigned int seconds)
{
	s->setup_timeout_ms = (long)seconds * 1000L;
}

LCT_EXPORT unsigned int libct_session_setup_timeout(const struct libct_session *s)
{
	return (unsigned int)(s->setup_timeout_ms / 1000L);
}

LCT_EXPORT void libct_session_set_rootless(struct libct_session *s, enum libct_rootless mode)
{
	s->rootless = mode == LIBCT_ROOTLESS_ON ? 1 : mode == LIBCT_ROOTLESS_OFF ? 0 : -1;
}

LCT_EXPORT bool libct_session_rootless(struct libct_session *s)
{
	return lct_rootless(s);
}

LCT_EXPORT void libct_session_free(struct libct_session *s)
{
	if (!s)
		return;
	if (s->ext_ops)
		s->ext_ops->destroy(s, s->ext);
	closep(&s->state_dirfd);
	closep(&s->stub_fd);
	closep(&s->trace_fd);
	free(s->state_dir);
	free(s);
}

LCT_EXPORT const char *libct_session_state_dir(const struct libct_session *s)
{
	return s->state_dir;
}

LCT_EXPORT void libct_session_set_log(struct libct_session *s, enum libct_log_level max_level,
				      libct_log_fn fn, void *userdata)
{
	s->log_level = max_level;
	s->log_fn = fn;
	s->log_userdata = userdata;
}

void lct_log(struct libct_session *s, enum libct_log_level lvl, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;

	if (!s || !s->log_fn || lvl > s->log_level)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	s->log_fn(s->log_userdata, lvl, buf);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

LCT_EXPORT int libct_session_list(struct libct_session *s, char ***ret_ids, struct libct_error *err)
{
	_cleanup_strv_ char **ids = NULL;
	DIR *d;
	struct dirent *de;
	int fd = openat(s->state_dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return lct_err(err, -errno, "open '%s'", s->state_dir);
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return lct_err(err, -errno, "open '%s'", s->state_dir);
	}
	while ((de = readdir(d))) {
		/* hidden names are no ids: temporaries */
		if (de->d_name[0] == '.')
			continue;
		if (lct_strv_push(&ids, de->d_name) < 0) {
			closedir(d);
			return lct_err(err, -ENOMEM, "list containers");
		}
	}
	closedir(d);
	if (!ids) {
		ids = calloc(1, sizeof(char *));
		if (!ids)
			return lct_err(err, -ENOMEM, "list containers");
	}
	qsort(ids, lct_strv_len(ids), sizeof(char *), cmp_str);
	*ret_ids = TAKE_PTR(ids);
	return 0;
}
