/* Shared by the tests of <libct/compat.h>: TAP (tests/unit/tap.h), a private
 * state directory, a busybox root filesystem, and running a shell command as
 * a container's init or in a running container with its output captured. */
#ifndef CT_COMPAT_TEST_H
#define CT_COMPAT_TEST_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libct/compat.h>

#include "../unit/tap.h"

static char T[64];	    /* the test's directory: /tmp/ct-compat.XXXXXX */
static char URL[128];	    /* "local:T/state", the session's url */
static char ROOTFS[128];    /* T/rootfs, busybox */
static libct_session_t ses; /* the session of most tests */
static int DEVNULL = -1;    /* /dev/null, open for the whole test (fds given to
				set_fds are used at the spawn, not copied) */

#define DIAG(...)                                                                                  \
	do {                                                                                       \
		printf("# ");                                                                      \
		printf(__VA_ARGS__);                                                               \
		printf("\n");                                                                      \
		fflush(stdout);                                                                    \
	} while (0)

/* A handle check with the session's message when it is an error. */
#define CHECK_H(h, ...)                                                                            \
	do {                                                                                       \
		void *_h = (h);                                                                    \
		CHECK(_h && !libct_handle_is_err(_h), __VA_ARGS__);                                \
		if (!_h || libct_handle_is_err(_h))                                                \
			DIAG("error %ld: %s", _h ? libct_handle_to_err(_h) : 0L,                   \
			     libct_session_last_error(ses));                                       \
	} while (0)
/* An int call that must return 0. */
#define CHECK_0(r, ...)                                                                            \
	do {                                                                                       \
		int _r = (r);                                                                      \
		CHECK(_r == 0, __VA_ARGS__);                                                       \
		if (_r)                                                                            \
			DIAG("returned %d: %s", _r, libct_session_last_error(ses));                \
	} while (0)

static inline bool is_err(void *h)
{
	return !h || libct_handle_is_err(h);
}

static inline void need_root(void)
{
	if (geteuid() != 0) {
		printf("1..0 # SKIP needs root\n");
		exit(0);
	}
}

static inline int shf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Run a host shell command line (stdout to stderr, off the TAP stream). */
static inline int shf(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	fflush(stdout);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* The output of a host command line (malloc'd, trailing newline dropped). */
static inline char *host_out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline char *host_out(const char *fmt, ...)
{
	char cmd[4096], *buf = NULL;
	size_t len = 0;
	va_list ap;
	FILE *f, *m;
	int c;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	fflush(stdout);
	f = popen(cmd, "r");
	m = open_memstream(&buf, &len);
	while (f && (c = fgetc(f)) != EOF)
		fputc(c, m);
	if (f)
		pclose(f);
	fclose(m);
	while (len && buf[len - 1] == '\n')
		buf[--len] = 0;
	return buf;
}

static inline char *read_file(const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = fopen(path, "re"), *m;
	int c;

	if (!f)
		return NULL;
	m = open_memstream(&buf, &len);
	while ((c = fgetc(f)) != EOF)
		fputc(c, m);
	fclose(f);
	fclose(m);
	return buf;
}

static inline void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "we");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* All of fd until EOF (malloc'd, NUL-terminated). */
static inline char *read_fd(int fd)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	char b[4096];
	ssize_t n;

	while ((n = read(fd, b, sizeof(b))) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			fwrite(b, 1, (size_t)n, m);
	fclose(m);
	return buf;
}

/* A busybox root filesystem at dir (as scripts/mkbundle makes), with a user
 * and a group only this root knows. */
static inline int make_rootfs(const char *dir)
{
	return shf("set -e; r=%s; mkdir -p $r/bin $r/sbin $r/usr/bin $r/usr/sbin $r/etc $r/proc "
		   "$r/sys $r/dev $r/tmp $r/root $r/run $r/var $r/mnt; chmod 1777 $r/tmp; "
		   "cp /bin/busybox $r/bin/busybox; "
		   "for a in $(/bin/busybox --list-full); do [ -e $r/$a ] || ln -s /bin/busybox "
		   "$r/$a; done; "
		   "printf "
		   "'root:x:0:0:root:/root:/bin/sh\\nnobody:x:65534:65534:nobody:/:/bin/false\\n"
		   "ctuser:x:1234:2345:ct user:/:/bin/sh\\n' >$r/etc/passwd; "
		   "printf "
		   "'root:x:0:\\nnogroup:x:65534:\\nctmain:x:2345:\\nctextra:x:3456:ctuser\\n' "
		   ">$r/etc/group; echo rootfs-marker >$r/etc/compat-marker",
		   dir);
}

/* Is anything mounted at or under path (in this mount namespace)? */
static inline bool mounted_under(const char *path)
{
	return shf("grep -q ' %s[/ ]' /proc/self/mountinfo", path) == 0;
}

static inline void test_cleanup(void)
{
	if (!T[0])
		return;
	if (ses && !libct_handle_is_err(ses))
		libct_session_close(ses);
	ses = NULL;
	/* never remove through a mount left behind */
	if (mounted_under(T)) {
		DIAG("a mount is left under %s; not removing it", T);
		return;
	}
	shf("rm -rf %s", T);
}

/* Root, the directory, the rootfs, the session. */
static inline void test_setup(void)
{
	need_root();
	setvbuf(stdout, NULL, _IOLBF, 0);
	snprintf(T, sizeof(T), "/tmp/ct-compat.XXXXXX");
	if (!mkdtemp(T)) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		exit(1);
	}
	DEVNULL = open("/dev/null", O_RDWR | O_CLOEXEC);
	chmod(T, 0755); /* user-namespace tests reach the rootfs through it */
	snprintf(URL, sizeof(URL), "local:%s/state", T);
	snprintf(ROOTFS, sizeof(ROOTFS), "%s/rootfs", T);
	if (make_rootfs(ROOTFS)) {
		printf("Bail out! cannot make a busybox rootfs (apt-get install busybox-static)\n");
		exit(1);
	}
	ses = libct_session_open(URL);
	if (is_err(ses)) {
		printf("Bail out! libct_session_open(%s): %ld\n", URL,
		       ses ? libct_handle_to_err(ses) : 0L);
		exit(1);
	}
	atexit(test_cleanup);
}

/* A container name unique to this run. */
static inline char *ct_name(const char *tag)
{
	static char names[64][48];
	static int n;
	char *s = names[n++ % 64];

	snprintf(s, 48, "cc%d-%s", (int)getpid(), tag);
	return s;
}

/* A description whose stdin is /dev/null and stdout+stderr the write end of a
 * new pipe (*rfd: the read end). pd NULL: a new description. */
static inline ct_process_desc_t capture_desc(ct_process_desc_t pd, int *rfd, int *wfd)
{
	ct_process_desc_t d = pd ? libct_process_desc_copy(pd) : libct_process_desc_create(ses);
	int p[2], fds[3];

	*rfd = *wfd = -1;
	if (is_err(d))
		return d;
	if (pipe2(p, O_CLOEXEC) < 0)
		return libct_err_to_handle(-errno);
	fds[0] = DEVNULL;
	fds[1] = fds[2] = p[1];
	if (libct_process_desc_set_fds(d, fds, 3) < 0)
		DIAG("set_fds failed: %s", libct_session_last_error(ses));
	*rfd = p[0];
	*wfd = p[1];
	return d;
}

/* Run `/bin/sh -c script` in h, as its init (enter false) or as a new
 * process in the running container (enter true); pd: the description to
 * copy, may be NULL. Collects the output and waits. Returns 0 or the error;
 * *status the waitpid status. */
static inline int run_sh(ct_handler_t h, ct_process_desc_t pd, bool enter, const char *script,
			 char **out, int *status)
{
	char *argv[] = { "sh", "-c", (char *)script, NULL };
	ct_process_desc_t d;
	ct_process_t p;
	int rfd, wfd, r;

	*out = NULL;
	*status = -1;
	d = capture_desc(pd, &rfd, &wfd);
	if (is_err(d))
		return d ? (int)libct_handle_to_err(d) : -ENOMEM;
	p = enter ? libct_container_enter_execv(h, d, "/bin/sh", argv) :
		    libct_container_spawn_execv(h, d, "/bin/sh", argv);
	close(wfd);
	libct_process_desc_destroy(d);
	if (is_err(p)) {
		close(rfd);
		DIAG("%s of '%s': %ld: %s", enter ? "enter" : "spawn", script,
		     p ? libct_handle_to_err(p) : 0L, libct_session_last_error(ses));
		return p ? (int)libct_handle_to_err(p) : -EINVAL;
	}
	*out = read_fd(rfd);
	close(rfd);
	r = libct_process_wait(p, status);
	if (r < 0)
		DIAG("process_wait: %d: %s", r, libct_session_last_error(ses));
	if (enter)
		libct_process_destroy(p);
	else
		libct_container_wait(h);
	return r;
}

static inline int spawn_sh(ct_handler_t h, ct_process_desc_t pd, const char *script, char **out,
			   int *status)
{
	return run_sh(h, pd, false, script, out, status);
}

static inline int enter_sh(ct_handler_t h, ct_process_desc_t pd, const char *script, char **out,
			   int *status)
{
	return run_sh(h, pd, true, script, out, status);
}

/* Start h with a long sleep as init (stdio on /dev/null). */
static inline ct_process_t spawn_sleep(ct_handler_t h, ct_process_desc_t pd)
{
	char *argv[] = { "sleep", "1000", NULL };
	ct_process_desc_t d = pd ? libct_process_desc_copy(pd) : libct_process_desc_create(ses);
	int fds[3];
	ct_process_t p;

	if (is_err(d))
		return (ct_process_t)d;
	fds[0] = fds[1] = fds[2] = DEVNULL;
	libct_process_desc_set_fds(d, fds, 3);
	p = libct_container_spawn_execv(h, d, "/bin/sleep", argv);
	libct_process_desc_destroy(d);
	if (is_err(p))
		DIAG("spawn of sleep: %ld: %s", p ? libct_handle_to_err(p) : 0L,
		     libct_session_last_error(ses));
	return p;
}

/* Stop a container started with spawn_sleep: container_kill, and when that
 * fails, SIGKILL to its init from here (so that the test goes on), then
 * container_wait. Returns container_kill's result. */
static inline int stop_ct(ct_handler_t h, ct_process_t p)
{
	int r = libct_container_kill(h);

	if (r < 0) {
		DIAG("container_kill: %d: %s", r, libct_session_last_error(ses));
		if (!is_err(p) && libct_process_get_pid(p) > 0)
			kill(libct_process_get_pid(p), SIGKILL);
	}
	libct_container_wait(h);
	return r;
}

/* A process gone (or a zombie) within about two seconds. */
static inline bool pid_gone(pid_t pid)
{
	char path[64], *st;

	for (int i = 0; i < 40; i++) {
		waitpid(pid, NULL, WNOHANG); /* reap it if it is ours */
		snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
		st = read_file(path);
		if (!st)
			return true;
		char *rp = strrchr(st, ')');
		bool zombie = rp && rp[1] == ' ' && (rp[2] == 'Z' || rp[2] == 'X');
		free(st);
		if (zombie)
			return true;
		usleep(50000);
	}
	return false;
}

static inline bool exited_with(int status, int code)
{
	return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == code;
}

/* A page shared with the forked processes (the callbacks). */
static inline void *shared_page(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		printf("Bail out! mmap: %s\n", strerror(errno));
		exit(1);
	}
	memset(p, 0, 4096);
	return p;
}

#endif
