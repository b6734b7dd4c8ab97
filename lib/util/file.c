/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Small file helpers. */
#include <dirent.h>
#include <fcntl.h>
#include <time.h>
#include <inttypes.h>
#include <linux/close_range.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/util.h"

int lct_write_file_at(int dirfd, const char *path, const char *data, size_t len,
		      struct libct_error *err)
{
	_cleanup_close_ int fd = openat(dirfd, path, O_WRONLY | O_CLOEXEC | O_TRUNC);
	ssize_t w;

	if (fd < 0)
		return lct_err(err, -errno, "open '%s'", path);
	w = write(fd, data, len);
	if (w < 0)
		return lct_err(err, -errno, "write '%.*s' to '%s'", (int)(len > 200 ? 200 : len),
			       data, path);
	if ((size_t)w != len)
		return lct_err(err, -EIO, "short write to '%s'", path);
	return 0;
}

int lct_write_file(const char *path, const char *data, struct libct_error *err)
{
	return lct_write_file_at(AT_FDCWD, path, data, strlen(data), err);
}

/* Read fd to its end, LCT_READ_FILE_MAX bytes at most (path: for errors). */
static int read_all(int fd, const char *path, char **ret, size_t *ret_len, struct libct_error *err)
{
	_cleanup_free_ char *buf = NULL;
	size_t len = 0, cap = 0;

	for (;;) {
		ssize_t r;

		if (cap - len < 4096) {
			char *nb;

			if (cap >= LCT_READ_FILE_MAX + 8192)
				return lct_err_msg(err, -EFBIG, "'%s' is larger than %d MiB", path,
						   LCT_READ_FILE_MAX >> 20);
			nb = realloc(buf, cap + (cap < 65536 ? 8192 : cap));
			if (!nb)
				return lct_err(err, -ENOMEM, "read '%s'", path);
			buf = nb;
			cap += cap < 65536 ? 8192 : cap;
		}
		r = read(fd, buf + len, cap - len - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return lct_err(err, -errno, "read '%s'", path);
		}
		if (r == 0)
			break;
		len += r;
	}
	if (len > LCT_READ_FILE_MAX)
		return lct_err_msg(err, -EFBIG, "'%s' is larger than %d MiB", path,
				   LCT_READ_FILE_MAX >> 20);
	buf[len] = '\0';
	if (ret_len)
		*ret_len = len;
	*ret = TAKE_PTR(buf);
	return 0;
}

int lct_read_file_at(int dirfd, const char *path, char **ret, size_t *ret_len,
		     struct libct_error *err)
{
	/* not blocking: a FIFO put where a record or config.json was would hold
	 * the caller for good (ct list, ct state, an engine's poll) */
	_cleanup_close_ int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	struct stat st;

	if (fd < 0)
		return lct_err(err, -errno, "open '%s'", path);
	if (fstat(fd, &st) < 0)
		return lct_err(err, -errno, "stat '%s'", path);
	if (!S_ISREG(st.st_mode))
		return lct_err_msg(err, -EINVAL, "'%s' is not a regular file", path);
	return read_all(fd, path, ret, ret_len, err);
}

int lct_read_stream_at(int dirfd, const char *path, char **ret, size_t *ret_len,
		       struct libct_error *err)
{
	_cleanup_close_ int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return lct_err(err, -errno, "open '%s'", path);
	return read_all(fd, path, ret, ret_len, err);
}

int lct_write_atomic_at(int dirfd, const char *name, const char *data, size_t len,
			struct libct_error *err)
{
	char tmp[256];
	_cleanup_close_ int fd = -EBADF;
	size_t off = 0;

	snprintf(tmp, sizeof(tmp), ".%s.%d.tmp", name, (int)getpid());
	fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return lct_err(err, -errno, "create '%s'", tmp);
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);

		if (w < 0) {
			int r = -errno;

			unlinkat(dirfd, tmp, 0);
			return lct_err(err, r, "write '%s'", tmp);
		}
		off += w;
	}
	if (renameat(dirfd, tmp, dirfd, name) < 0) {
		int r = -errno;

		unlinkat(dirfd, tmp, 0);
		return lct_err(err, r, "rename '%s' to '%s'", tmp, name);
	}
	return 0;
}

int lct_mkdir_p(const char *path, mode_t mode, struct libct_error *err)
{
	_cleanup_free_ char *p = strdup(path);

	if (!p)
		return lct_err(err, -ENOMEM, "mkdir '%s'", path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, mode) < 0 && errno != EEXIST)
			return lct_err(err, -errno, "mkdir '%s'", p);
		*s = '/';
	}
	if (mkdir(p, mode) < 0 && errno != EEXIST)
		return lct_err(err, -errno, "mkdir '%s'", p);
	return 0;
}

int lct_parse_int64(const char *s, int64_t *ret)
{
	char *end;
	long long v;

	if (!s || !*s)
		return -EINVAL;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end)
		return errno ? -errno : -EINVAL;
	*ret = v;
	return 0;
}

char lct_pid_stat(pid_t pid, uint64_t *ret_start, pid_t *ret_ppid)
{
	char path[64], buf[1024], state;
	_cleanup_close_ int fd = -EBADF;
	unsigned long long st = 0;
	int ppid;
	ssize_t n;
	char *p;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	/* comm may hold spaces and parentheses: fields start after the last ')' */
	p = strrchr(buf, ')');
	if (!p || p[1] != ' ')
		return 0;
	p += 2;
	state = *p;
	if (ret_ppid && sscanf(p + 1, " %d", &ppid) == 1)
		*ret_ppid = ppid;
	/* starttime is field 22; field 3 (state) is where p is */
	for (int field = 3; field < 22 && p; field++) {
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	if (!p || sscanf(p, "%llu", &st) != 1)
		return 0;
	if (ret_start)
		*ret_start = st;
	return state;
}

uint64_t lct_pid_start_time(pid_t pid)
{
	uint64_t st = 0;

	return lct_pid_stat(pid, &st, NULL) ? st : 0;
}

/* Call fn(fd, arg) on each open fd in [from, to], lowest first; the first
 * error fn returns is returned, the rest are still visited. From
 * /proc/self/fd, or without a /proc (a root of the caller's making) on every
 * number up to the fd limit, which the fds in use are below but for a
 * lowered one. No malloc (for the child between clone and exec). */
static int each_fd(unsigned int from, unsigned int to, int (*fn)(int fd, const void *arg),
		   const void *arg)
{
	char buf[4096];
	long n;
	int r = 0, dfd = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (dfd < 0) {
		struct rlimit rl;
		unsigned int max = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < 65536 ?
					   (unsigned int)rl.rlim_cur :
					   65536;

		for (unsigned int fd = from; fd < max && fd <= to; fd++)
			r = r ?: fn((int)fd, arg);
		return r;
	}
	/* closing while reading is safe: the directory is read by fd number */
	while ((n = syscall(SYS_getdents64, dfd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n;) {
			struct dirent64 *d = (struct dirent64 *)(void *)(buf + off);
			unsigned int fd = 0;
			const char *c = d->d_name;

			off += d->d_reclen;
			if (*c < '0' || *c > '9')
				continue;
			for (; *c >= '0' && *c <= '9'; c++)
				fd = fd * 10 + (unsigned int)(*c - '0');
			if ((int)fd != dfd && fd >= from && fd <= to)
				r = r ?: fn((int)fd, arg);
		}
	}
	if (n < 0)
		r = r ?: -errno;
	close(dfd);
	return r;
}

static int close_one(int fd, const void *arg)
{
	(void)arg;
	close(fd);
	return 0;
}

static int set_cloexec(int fd, const void *arg)
{
	int f = fcntl(fd, F_GETFD);

	(void)arg;
	if (f < 0 || (!(f & FD_CLOEXEC) && fcntl(fd, F_SETFD, f | FD_CLOEXEC) < 0))
		return errno == EBADF ? 0 : -errno;
	return 0;
}

/* close_range(from, to, flags), or, where it fails, the same one fd at a
 * time: a kernel before 5.9 (ENOSYS) or, for CLOSE_RANGE_CLOEXEC, 5.11
 * (EINVAL), and a seccomp profile that denies it (EPERM, ENOSYS or any
 * errno the profile names: older allow-lists do not know it). */
static int close_range_or_each(unsigned int from, unsigned int to, unsigned int flags)
{
	if (syscall(SYS_close_range, from, to, flags) == 0)
		return 0;
	return each_fd(from, to, flags & CLOSE_RANGE_CLOEXEC ? set_cloexec : close_one, NULL);
}

int lct_close_fds_except(const int *keep, size_t n_keep, unsigned int n_preserved)
{
	unsigned int from = 3 + n_preserved;
	int r = 0;

	/* the gaps between the kept fds, lowest first; no copy to sort: the
	 * list may be long (a fd per bind mount) and this runs after clone */
	for (;;) {
		int next = -1;

		for (size_t i = 0; i < n_keep; i++)
			if (keep[i] >= (int)from && (next < 0 || keep[i] < next))
				next = keep[i];
		if (next < 0)
			break;
		if ((unsigned int)next > from)
			r = r ?: close_range_or_each(from, (unsigned int)next - 1, 0);
		from = (unsigned int)next + 1;
	}
	return r ?: close_range_or_each(from, ~0U, 0);
}

int lct_cloexec_fds_from(unsigned int from)
{
	return close_range_or_each(from, ~0U, CLOSE_RANGE_CLOEXEC);
}

static bool kept(const int *keep, size_t n_keep, int fd)
{
	for (size_t i = 0; i < n_keep; i++)
		if (keep[i] == fd)
			return true;
	return false;
}

struct keep_list {
	const int *fds;
	size_t n;
};

/* 0, or -errno when whether fd is close-on-exec could not be read */
static int close_if_cloexec(int fd, const void *arg)
{
	const struct keep_list *k = arg;
	int f;

	if (kept(k->fds, k->n, fd))
		return 0;
	f = fcntl(fd, F_GETFD);
	if (f < 0)
		return errno == EBADF ? 0 : -errno;
	if (f & FD_CLOEXEC)
		close(fd);
	return 0;
}

int lct_close_cloexec_fds_except(const int *keep, size_t n_keep)
{
	return each_fd(3, ~0U, close_if_cloexec, &(struct keep_list){ keep, n_keep });
}

/* the kernel's since 5.10 (linux/statfs.h), not in every libc's statvfs.h */
#ifndef ST_NOSYMFOLLOW
#define ST_NOSYMFOLLOW 0x2000
#endif

unsigned long lct_st_to_ms_flags(unsigned long f_flag)
{
	static const struct {
		unsigned long st, ms;
	} map[] = {
		{ ST_RDONLY, MS_RDONLY },     { ST_NOSUID, MS_NOSUID },
		{ ST_NODEV, MS_NODEV },	      { ST_NOEXEC, MS_NOEXEC },
		{ ST_NOATIME, MS_NOATIME },   { ST_NODIRATIME, MS_NODIRATIME },
		{ ST_RELATIME, MS_RELATIME }, { ST_NOSYMFOLLOW, MS_NOSYMFOLLOW },
	};
	unsigned long f = 0;

	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (f_flag & map[i].st)
			f |= map[i].ms;
	return f;
}

/* The id of the mount fd is on (0: unknown). */
static uint64_t mount_id(int fd)
{
	struct statx stx;

	if (statx(fd, "", AT_EMPTY_PATH, STATX_MNT_ID, &stx) < 0 || !(stx.stx_mask & STATX_MNT_ID))
		return 0;
	return stx.stx_mnt_id;
}

static void dir_empty(int dirfd, uint64_t mnt, int depth)
{
	DIR *d = fdopendir(fcntl(dirfd, F_DUPFD_CLOEXEC, 3));
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		_cleanup_close_ int sub = -EBADF;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    unlinkat(dirfd, de->d_name, 0) == 0 || errno != EISDIR || depth >= 16 || !mnt)
			continue;
		/* a directory where a file should be: its contents first, on this
		 * mount only (a mount point stays, bind mounts of the same file
		 * system included, and so do the directories above it) */
		sub = openat(dirfd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub < 0 || mount_id(sub) != mnt)
			continue;
		dir_empty(sub, mnt, depth + 1);
		unlinkat(dirfd, de->d_name, AT_REMOVEDIR);
	}
	closedir(d);
}

void lct_dir_empty_at(int dirfd)
{
	dir_empty(dirfd, mount_id(dirfd), 0);
}

/* The UTC calendar time of t, without gmtime_r: glibc loads the time zone
 * file (/etc/localtime) on the first gmtime_r of a process, for nothing.
 * Days to civil date after Howard Hinnant's days_from_civil inverse. */
void lct_utc_time(time_t t, struct tm *tm)
{
	long long days = t / 86400, secs = t % 86400, era, doe, yoe, doy, mp, y;

	if (secs < 0)
		secs += 86400, days--;
	days += 719468;
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = days - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*tm = (struct tm){ 0 };
	tm->tm_mday = (int)(doy - (153 * mp + 2) / 5 + 1);
	tm->tm_mon = (int)(mp < 10 ? mp + 2 : mp - 10);
	tm->tm_year = (int)(y + (tm->tm_mon < 2) - 1900);
	tm->tm_hour = (int)(secs / 3600);
	tm->tm_min = (int)(secs / 60 % 60);
	tm->tm_sec = (int)(secs % 60);
}
