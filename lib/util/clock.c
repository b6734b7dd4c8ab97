/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The monotonic clock in ms, the wait for a process to exit (on its pidfd,
 * with a deadline), and sleeps for the waits that have nothing to be woken by
 * (a state the kernel or a daemon sends no notification of). */
#include <errno.h>
#include <poll.h>
#include <time.h>

#include "util/util.h"

long lct_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void lct_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

long lct_backoff_sleep(long *step)
{
	long slept = *step > 0 ? *step : 1;

	lct_sleep_ms(slept);
	*step = slept < 8 ? slept * 2 : 10;
	return slept;
}

int lct_pidfd_wait(int pidfd, long timeout_ms)
{
	long deadline = timeout_ms < 0 ? -1 : lct_now_ms() + timeout_ms;

	/* poll() skips a negative fd: it would wait for nothing, for good */
	if (pidfd < 0)
		return -EBADF;

	for (;;) {
		struct pollfd p = { .fd = pidfd, .events = POLLIN };
		long left = deadline < 0 ? -1 : deadline - lct_now_ms();
		int r = poll(&p, 1, deadline < 0 ? -1 : left > 0 ? (int)left : 0);

		if (r > 0)
			return 0;
		if (r == 0)
			return -ETIMEDOUT;
		if (errno != EINTR)
			return -errno;
	}
}
