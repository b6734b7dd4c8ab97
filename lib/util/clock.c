/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The monotonic clock in ms, and sleeps for the waits that have nothing to
 * be woken by (a state the kernel or a daemon sends no notification of). */
#include <errno.h>
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
