/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* LIBCT_TRACE: the library's steps with timestamps, for finding where the
 * time of a create goes. Set LIBCT_TRACE=1 (stderr) or LIBCT_TRACE=PATH
 * (appended) in the environment of the process that makes the session; each
 * step then writes one line
 *
 *     libct-trace PID MS STEP
 *
 * MS being milliseconds since the session was made (CLOCK_MONOTONIC), so
 * that the span of a step is the difference to the line before it of the
 * same process. The container's init traces its setup too, as PID "init":
 * it sends each line to the runtime on the sync socket (lib/spawn/sync.c),
 * and the runtime writes it, so that nothing is written from inside a
 * container and no file of the host is open there. The runtime writes init's
 * lines when it reads them: the file is in time order per process only.
 * Off (the default) it costs one branch per step. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/config.h"
#include "util/util.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

void lct_trace_init(struct libct_session *s)
{
	const char *v = getenv("LIBCT_TRACE");

	s->trace_fd = -1;
	if (!v || !*v || strcmp(v, "0") == 0)
		return;
	s->trace_fd = strcmp(v, "1") == 0 ?
			      fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3) :
			      open(v, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	s->trace_t0 = now_ms();
}

void lct_trace(const struct libct_session *s, const char *step)
{
	char line[160], who[16];
	size_t len;
	int n;

	if (!lct_tracing(s))
		return;
	/* init's lines as "init": its pid is 1 of its own pid namespace */
	if (s->trace_fn)
		snprintf(who, sizeof(who), "init");
	else
		snprintf(who, sizeof(who), "%d", (int)getpid());
	n = snprintf(line, sizeof(line), "libct-trace %s %.3f %s\n", who, now_ms() - s->trace_t0,
		     step);
	if (n <= 0)
		return;
	len = (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1;
	if (s->trace_fn)
		s->trace_fn(s->trace_userdata, line, len);
	else
		lct_trace_write(s, line, len);
}

bool lct_tracing(const struct libct_session *s)
{
	return s && (s->trace_fn || s->trace_fd >= 0);
}

void lct_trace_write(const struct libct_session *s, const char *line, size_t len)
{
	if (s && s->trace_fd >= 0 && len && write(s->trace_fd, line, len) < 0)
		return;
}
