/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Small helpers shared by every subsystem: cleanup attributes, errors, files, string vectors. */
#ifndef LCT_UTIL_H
#define LCT_UTIL_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <unistd.h>

#include "libct/libct.h"

#define LCT_EXPORT __attribute__((visibility("default")))
#define _printf_(a, b) __attribute__((format(printf, a, b)))
#define _unused_ __attribute__((unused))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static inline void freep(void *p)
{
	free(*(void **)p);
}
/* Close *fd if it is one (keeping errno) and leave -EBADF, "no fd", in its place. */
static inline void closep(int *fd)
{
	if (*fd >= 0) {
		int saved = errno;
		close(*fd);
		errno = saved;
	}
	*fd = -EBADF;
}
void lct_strv_freep(char ***p);

#define _cleanup_(f) __attribute__((cleanup(f)))
#define _cleanup_free_ _cleanup_(freep)
#define _cleanup_close_ _cleanup_(closep)
#define _cleanup_strv_ _cleanup_(lct_strv_freep)

#define TAKE_PTR(p)                                                                                \
	({                                                                                         \
		__typeof__(p) _p = (p);                                                            \
		(p) = NULL;                                                                        \
		_p;                                                                                \
	})
#define TAKE_FD(fd)                                                                                \
	({                                                                                         \
		int _fd = (fd);                                                                    \
		(fd) = -EBADF;                                                                     \
		_fd;                                                                               \
	})

/* "/proc/self/fd/FD" in buf (a char array of 32 or more), for the calls
 * that take a path of an fd they cannot take (mount, bind sources) */
#define FDPATH(buf, fd) (snprintf(buf, sizeof(buf), "/proc/self/fd/%d", fd), buf)

/* Errors. Each returns the negative errno it was given (code may be given
 * either sign), so callers write `return lct_err(err, -errno, "...")`. */
/* Message "WHAT: strerror(code)". */
int lct_err(struct libct_error *err, int code, const char *fmt, ...) _printf_(3, 4);
/* Message "WHAT" as given. */
int lct_err_msg(struct libct_error *err, int code, const char *fmt, ...) _printf_(3, 4);
/* Prepend "PREFIX: " to the message already in err. */
int lct_err_prefix(struct libct_error *err, const char *fmt, ...) _printf_(2, 3);
void lct_err_clear(struct libct_error *err);

/* Memory: abort on allocation failure is not acceptable in a library;
 * these return NULL and callers return -ENOMEM. */
char *lct_strdup_null(const char *s);
char *lct_asprintf(const char *fmt, ...) _printf_(1, 2);

/* String vectors (NULL-terminated). */
size_t lct_strv_len(char *const *v);
char **lct_strv_copy(const char *const *v);
int lct_strv_push(char ***v, const char *s); /* copies s */
void lct_strv_free(char **v);
bool lct_strv_contains(char *const *v, const char *s);
/* Whether the comma-separated list holds the name of len bytes. */
bool lct_list_has(const char *list, const char *name, size_t len);
/* Whether two comma-separated lists share a name. */
bool lct_lists_overlap(const char *a, const char *b);

/* Grow *arr of *n elements of size sz by one zeroed element; returns it or NULL. */
void *lct_array_grow(void *arr_ptr, size_t *n, size_t sz);

/* Files. */
int lct_write_file_at(int dirfd, const char *path, const char *data, size_t len,
		      struct libct_error *err);
int lct_write_file(const char *path, const char *data, struct libct_error *err);
/* Read a whole small file, a regular one (opened without blocking: -EINVAL
 * for a FIFO, a device, a directory) of at most LCT_READ_FILE_MAX bytes
 * (-EFBIG); *ret is NUL-terminated. */
#define LCT_READ_FILE_MAX (64 << 20)
int lct_read_file_at(int dirfd, const char *path, char **ret, size_t *ret_len,
		     struct libct_error *err);
/* The same for a file the caller names that may be a pipe or a terminal
 * (`exec --process -`, `<(...)`): opened as it is and read to its end. */
int lct_read_stream_at(int dirfd, const char *path, char **ret, size_t *ret_len,
		       struct libct_error *err);
/* Write data to dir/name atomically (temp file + fsync-less rename). */
int lct_write_atomic_at(int dirfd, const char *name, const char *data, size_t len,
			struct libct_error *err);
int lct_mkdir_p(const char *path, mode_t mode, struct libct_error *err);
/* Remove every entry of the directory dirfd (a state directory): files, and
 * sub-directories with what they hold on the same file system (16 deep at
 * most; a mount point is left, with the directories above it). */
void lct_dir_empty_at(int dirfd);
/* Parse a decimal integer, whole string. */
int lct_parse_int64(const char *s, int64_t *ret);
/* Start time (clock ticks since boot) of pid from /proc/PID/stat, 0 if gone. */
uint64_t lct_pid_start_time(pid_t pid);
/* The state letter of pid (R, S, Z, ...) from /proc/PID/stat, 0 if gone;
 * its start time in *ret_start and its parent in *ret_ppid (either may be
 * NULL). */
char lct_pid_stat(pid_t pid, uint64_t *ret_start, pid_t *ret_ppid);

/* statvfs f_flag bits (ST_*) as the MS_* mount flags they stand for. */
unsigned long lct_st_to_ms_flags(unsigned long f_flag);

/* Close every fd >= 3 but those in keep (any order, negatives ignored) and
 * 3 .. 3+n_preserved-1: close_range, or where the kernel or a seccomp
 * profile refuses it, each fd listed in /proc/self/fd (every number up to
 * the fd limit without a /proc). 0, or -errno when the fds could not be
 * listed (the rest is still closed): fds may then be left open. */
int lct_close_fds_except(const int *keep, size_t n_keep, unsigned int n_preserved);
/* Mark every fd from `from` up close-on-exec, the same way
 * (close_range(CLOSE_RANGE_CLOEXEC), or fcntl on each). No malloc. 0, or
 * -errno of the first fd that could not be marked. */
int lct_cloexec_fds_from(unsigned int from);
/* Close the close-on-exec fds from 3 up but those in keep: what an exec
 * would close, without one. No malloc (for the child between clone and
 * exec). 0, or -errno when the fds or an fd's flags could not be read. */
int lct_close_cloexec_fds_except(const int *keep, size_t n_keep);

/* Whether the session is rootless (core/session.c; libct_session_set_rootless). */
bool lct_rootless(struct libct_session *s);
/* Logging through the session sink. */
void lct_log(struct libct_session *s, enum libct_log_level lvl, const char *fmt, ...)
	_printf_(3, 4);

/* fd-pass.c: one sendmsg of iov with n fds (SCM_RIGHTS, n <=
 * LCT_SEND_FDS_MAX; none when 0), retried on EINTR, without SIGPIPE:
 * 0 or -errno. */
#include <sys/uio.h>
#define LCT_SEND_FDS_MAX 16
int lct_send_fds(int sock, struct iovec *iov, size_t niov, const int *fds, size_t n);
/* One recvmsg into buf, retried on EINTR, its fds (close-on-exec) into fds,
 * max at most (<= LCT_SEND_FDS_MAX; the others closed), their number into
 * *ret_n: recvmsg's return. */
ssize_t lct_recv_fds(int sock, void *buf, size_t size, int *fds, size_t max, size_t *ret_n);
/* Bound sock's receives or sends (opt: SO_RCVTIMEO, SO_SNDTIMEO; a send's
 * bound holds for connect too) to ms milliseconds, 0 for none: 0 or -errno. */
int lct_sock_set_timeout(int sock, int opt, long ms);

/* clock.c: CLOCK_MONOTONIC in ms; a sleep of ms (resumed when a signal
 * interrupts it); a sleep of *step ms, *step then doubled up to 10 (1, 2, 4,
 * 8, 10, 10, ...: a state read again quickly at first), returning the ms
 * slept. For waits with nothing to be woken by; the others poll an fd. */
long lct_now_ms(void);
void lct_sleep_ms(long ms);
long lct_backoff_sleep(long *step);
/* Wait until the process behind pidfd has exited, timeout_ms at most (-1: no
 * bound; a signal does not restart the count): 0, -ETIMEDOUT or -errno
 * (-EBADF for a negative pidfd). */
int lct_pidfd_wait(int pidfd, long timeout_ms);

/* proc.c: what process pid is doing, in words ("stopped", "sleeping,
 * waiting in pipe_read"), into buf; its length (0: it is gone). */
size_t lct_proc_describe(pid_t pid, char *buf, size_t size);

/* procfs.c: an O_PATH fd of the caller's /proc, checked to be a procfs, to
 * be opened before a process joins a container's mount namespace; and path
 * below it ("self/oom_score_adj") opened with no link out of it, no magic
 * link and no other mount on the way: an fd, or -errno. */
int lct_proc_root(struct libct_error *err);
int lct_open_proc(int procfd, const char *path, int flags);
/* mountinfo.c: one line of /proc/self/mountinfo split in place, its octal
 * escapes undone (the mount point, root and source); false when malformed.
 * The fields point into line. */
struct lct_mountinfo {
	unsigned long id;
	char *root, *point, *fstype, *source, *super;
};
bool lct_mountinfo_parse(char *line, struct lct_mountinfo *ret);
/* openat2(2) with flags | O_CLOEXEC and resolve (RESOLVE_*), tried again
 * while the kernel says EAGAIN: an fd, or -errno. */
int lct_openat2(int dirfd, const char *path, int flags, uint64_t resolve);

/* The UTC calendar time of t (as gmtime_r, without loading the time zone). */
#include <time.h>
void lct_utc_time(time_t t, struct tm *tm);

/* LIBCT_TRACE (trace.c): set up from the environment when a session is made;
 * one line per step of the caller's process and of init, when on. */
struct libct_session;
void lct_trace_init(struct libct_session *s);
void lct_trace(const struct libct_session *s, const char *step);
/* Whether s traces: for a step whose name must be made first. */
bool lct_tracing(const struct libct_session *s);
/* A whole line (init's, received on the sync socket) into the trace. */
void lct_trace_write(const struct libct_session *s, const char *line, size_t len);

#endif
