/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Small helpers of lib/util: the UTC calendar time computed without gmtime_r
 * equals gmtime_r's, second by second over 1966-2128 in uneven steps, leap
 * days and years (2000, 2100) included. */
#include <time.h>

#include "util/util.h"
#include "tap.h"

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
	return tap_done();
}
