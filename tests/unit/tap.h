/* Minimal TAP for the unit tests: ok/not ok lines and a final plan. */
#ifndef CT_TEST_TAP_H
#define CT_TEST_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

#define CHECK(cond, ...)                                                                           \
	do {                                                                                       \
		tap_n++;                                                                           \
		if (cond) {                                                                        \
			printf("ok %d - ", tap_n);                                                 \
		} else {                                                                           \
			tap_failed++;                                                              \
			printf("not ok %d - ", tap_n);                                             \
		}                                                                                  \
		printf(__VA_ARGS__);                                                               \
		printf("\n");                                                                      \
	} while (0)

#define CHECK_STR(got, want, ...)                                                                  \
	do {                                                                                       \
		const char *_g = (got), *_w = (want);                                              \
		CHECK(_g &&strcmp(_g, _w) == 0, __VA_ARGS__);                                      \
		if (!_g || strcmp(_g, _w))                                                         \
			printf("# got '%s', want '%s'\n", _g ? _g : "(null)", _w);                 \
	} while (0)

#define CHECK_CONTAINS(got, want, ...)                                                             \
	do {                                                                                       \
		const char *_g = (got), *_w = (want);                                              \
		CHECK(_g &&strstr(_g, _w), __VA_ARGS__);                                           \
		if (!_g || !strstr(_g, _w))                                                        \
			printf("# got '%s', want it to contain '%s'\n", _g ? _g : "(null)", _w);   \
	} while (0)

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
