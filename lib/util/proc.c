/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What a process is doing, from /proc, for errors about one that is stuck. */
#include <fcntl.h>
#include <stdio.h>

#include "util/util.h"

static const char *state_name(char c)
{
	switch (c) {
	case 'R':
		return "running";
	case 'S':
		return "sleeping";
	case 'D':
		return "in an uninterruptible wait";
	case 'T':
		return "stopped";
	case 't':
		return "stopped by a tracer";
	case 'Z':
		return "a zombie";
	case 'X':
		return "dead";
	default:
		return "in state ?";
	}
}

size_t lct_proc_describe(pid_t pid, char *buf, size_t size)
{
	_cleanup_free_ char *wchan = NULL;
	char path[64], state = lct_pid_stat(pid, NULL, NULL);
	const char *in = "";
	int w;

	if (!size)
		return 0;
	buf[0] = '\0';
	if (!state)
		return 0;
	/* where it waits in the kernel; "0" or nothing: nowhere */
	snprintf(path, sizeof(path), "/proc/%d/wchan", (int)pid);
	if (lct_read_file_at(AT_FDCWD, path, &wchan, NULL, NULL) == 0 && strcmp(wchan, "0") != 0)
		in = wchan;
	w = snprintf(buf, size, "%s%s%s", state_name(state), *in ? ", waiting in " : "", in);
	return w < 0 ? 0 : (size_t)w < size ? (size_t)w : size - 1;
}
