/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libct_log_init of the original interface: a file descriptor and a level
 * that the sessions opened afterwards log to. The original kept them for
 * the process, and its programs set them before they open a session, so
 * this is the one process-wide setting; the modern sessions keep theirs. */
#include <stdio.h>
#include <unistd.h>

#include "compat/compat.h"
#include "util/util.h"

static int log_fd = -1;
static unsigned int log_level;

LCT_EXPORT void COMPAT(log_init)(int fd, unsigned int level)
{
	log_fd = fd;
	log_level = level;
}

static void write_line(void *userdata, enum libct_log_level level, const char *message)
{
	static const char *const words[] = { "Error", "Warn", "Info", "Debug" };
	char line[LIBCT_ERROR_MSG_MAX + 16];
	int n = snprintf(line, sizeof(line), "%s: %s\n",
			 (unsigned)level < ARRAY_SIZE(words) ? words[level] : "Log", message);

	if (n > (int)sizeof(line) - 1)
		n = (int)sizeof(line) - 1;
	if (write((int)(intptr_t)userdata, line, (size_t)n) < 0)
		return; /* nowhere to say it */
}

void lct_compat_log_apply(struct libct_session *s)
{
	/* the original's levels are the modern ones plus one (LOG_ERROR 1 is
	 * LIBCT_LOG_ERROR 0); LOG_MSG 0 alone shows nothing of the library */
	if (log_fd < 0 || log_level < 1)
		return;
	libct_session_set_log(s, log_level - 1 > LIBCT_LOG_DEBUG ? LIBCT_LOG_DEBUG : log_level - 1,
			      write_line, (void *)(intptr_t)log_fd);
}
