/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Small helpers of lib/util: the UTC calendar time computed without gmtime_r
 * equals gmtime_r's, second by second over 1966-2128 in uneven steps, leap
 * days and years (2000, 2100) included; the wait on a pidfd keeps its
 * deadline through signals; the fds are marked close-on-exec, or closed,
 * under a seccomp filter that denies close_range; a mountinfo line is split
 * into its fields, its escapes undone, and a malformed one is refused. */
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/util.h"
#include "tap.h"

static void on_alarm(int sig)
{
	(void)sig;
}

/* A child that sleeps ms; its pidfd. */
static int sleeper(long ms, pid_t *ret)
{
	pid_t pid = fork();

	if (pid == 0) {
		lct_sleep_ms(ms);
		_exit(0);
	}
	*ret = pid;
	return pid > 0 ? (int)syscall(SYS_pidfd_open, pid, 0) : -1;
}

static void pidfd_wait_checks(void)
{
	struct sigaction sa = { .sa_handler = on_alarm }; /* no SA_RESTART: poll sees EINTR */
	struct itimerval every_20ms = { { 0, 20000 }, { 0, 20000 } }, off = { 0 };
	pid_t pid;
	long t0;
	int fd = sleeper(2000, &pid), r;

	CHECK(fd >= 0, "pidfd of a child");
	t0 = lct_now_ms();
	r = lct_pidfd_wait(fd, 50);
	CHECK(r == -ETIMEDOUT && lct_now_ms() - t0 >= 50,
	      "a live process: -ETIMEDOUT after the timeout (%d)", r);
	/* signals every 20 ms while waiting: the deadline holds, not restarted */
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &every_20ms, NULL);
	t0 = lct_now_ms();
	r = lct_pidfd_wait(fd, 100);
	CHECK(r == -ETIMEDOUT && lct_now_ms() - t0 < 1000,
	      "interrupted by signals: still -ETIMEDOUT after about 100 ms (%ld ms)",
	      lct_now_ms() - t0);
	r = lct_pidfd_wait(fd, -1);
	setitimer(ITIMER_REAL, &off, NULL);
	CHECK(r == 0, "no bound: returns once it exits, signals or not (%d)", r);
	CHECK(lct_pidfd_wait(fd, 0) == 0, "an exited process: 0 at once");
	waitpid(pid, NULL, 0);
	close(fd);
}

/* In a child under a filter that denies close_range (errno e, as an
 * allow-list older than the call answers): fds 5 and 9 (not close-on-exec)
 * marked by lct_cloexec_fds_from(5), fd 4 below it left alone, then 9
 * closed by lct_close_fds_except keeping 5 (and 3, 4). The child's exit status: a bit
 * per failed step. */
static int under_filter(int e)
{
	pid_t pid = fork();
	int st = 0;

	if (pid == 0) {
		scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
		int r = 0;

		if (!ctx ||
		    seccomp_rule_add(ctx, SCMP_ACT_ERRNO(e), SCMP_SYS(close_range), 0) < 0 ||
		    seccomp_load(ctx) < 0)
			_exit(64);
		for (int fd = 4; fd < 10; fd++)
			dup2(0, fd);
		close(6), close(7), close(8);
		if (syscall(SYS_close_range, 5, ~0U, 0) == 0 || errno != e)
			r |= 1; /* the filter does not deny it */
		if (lct_cloexec_fds_from(5) != 0)
			r |= 2;
		if (fcntl(5, F_GETFD) != FD_CLOEXEC || fcntl(9, F_GETFD) != FD_CLOEXEC)
			r |= 4;
		if (fcntl(4, F_GETFD) != 0)
			r |= 8;
		if (lct_close_fds_except((const int[]){ 5 }, 1, 2) != 0)
			r |= 16;
		if (fcntl(9, F_GETFD) >= 0 || fcntl(5, F_GETFD) < 0 || fcntl(4, F_GETFD) < 0)
			r |= 32;
		_exit(r);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static void mountinfo_checks(void)
{
	char line[] = "36 35 98:0 /mnt\\0401 /mnt/a\\040b rw,noatime master:1 shared:7 - "
		      "ext3 /dev/root\\040x rw,errors=continue";
	char no_sep[] = "36 35 98:0 / /proc rw shared:1 proc proc rw";
	char bad_id[] = "x 35 0:5 / /proc rw - proc proc rw";
	char short_line[] = "36 35 0:5 / /proc";
	struct lct_mountinfo m;
	bool ok = lct_mountinfo_parse(line, &m);

	CHECK(ok && m.id == 36, "mountinfo: the mount id");
	CHECK(ok && strcmp(m.root, "/mnt 1") == 0 && strcmp(m.point, "/mnt/a b") == 0,
	      "mountinfo: root and mount point, \\040 undone");
	CHECK(ok && strcmp(m.fstype, "ext3") == 0 && strcmp(m.source, "/dev/root x") == 0 &&
		      strcmp(m.super, "rw,errors=continue") == 0,
	      "mountinfo: the fields after the optional ones and the separator");
	CHECK(!lct_mountinfo_parse(no_sep, &m), "mountinfo: a line without '-' is refused");
	CHECK(!lct_mountinfo_parse(bad_id, &m),
	      "mountinfo: a mount id that is no number is refused");
	CHECK(!lct_mountinfo_parse(short_line, &m), "mountinfo: a short line is refused");
}

int main(void)
{
	long long bad = -1, n = 0;

	for (long long t = -100000000LL; t < 5000000000LL; t += 86399LL * 7 + 13, n++) {
		struct tm a, b;
		time_t x = (time_t)t;

		gmtime_r(&x, &a);
		lct_utc_time(x, &b);
		if (a.tm_year != b.tm_year || a.tm_mon != b.tm_mon || a.tm_mday != b.tm_mday ||
		    a.tm_hour != b.tm_hour || a.tm_min != b.tm_min || a.tm_sec != b.tm_sec) {
			bad = t;
			break;
		}
	}
	CHECK(bad < 0, "lct_utc_time equals gmtime_r at %lld instants (first mismatch: %lld)", n,
	      bad);
	{
		struct tm b;

		lct_utc_time(951782400, &b); /* 2000-02-29T00:00:00Z */
		CHECK(b.tm_year == 100 && b.tm_mon == 1 && b.tm_mday == 29, "2000-02-29 is a day");
		lct_utc_time(4107542399LL, &b); /* 2100-02-28T23:59:59Z */
		CHECK(b.tm_mon == 1 && b.tm_mday == 28 && b.tm_sec == 59,
		      "2100-02-28 23:59:59, the last second of February 2100");
	}
	pidfd_wait_checks();
	CHECK(under_filter(EPERM) == 0,
	      "close_range denied (EPERM): fds marked close-on-exec and closed one by one (%#x)",
	      under_filter(EPERM));
	CHECK(under_filter(ENOSYS) == 0, "close_range denied (ENOSYS): the same (%#x)",
	      under_filter(ENOSYS));
	mountinfo_checks();
	return tap_done();
}
