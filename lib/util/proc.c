/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What a process is doing, from /proc, for errors about one that is stuck. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

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
	char path[64], stat[512], wchan[128] = "";
	_cleanup_close_ int fd = -EBADF;
	ssize_t n;
	char *p;
	int w;

	if (!size)
		return 0;
	buf[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || (n = read(fd, stat, sizeof(stat) - 1)) <= 0)
		return 0;
	stat[n] = '\0';
	/* "pid (comm) S ...": comm may hold anything, the state follows the
	 * last ')' */
	p = strrchr(stat, ')');
	if (!p || p[1] != ' ' || !p[2])
		return 0;
	closep(&fd);
	snprintf(path, sizeof(path), "/proc/%d/wchan", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && (n = read(fd, wchan, sizeof(wchan) - 1)) > 0)
		wchan[n] = '\0';
	else
		wchan[0] = '\0';
	if (strcmp(wchan, "0") == 0)
		wchan[0] = '\0';
	w = snprintf(buf, size, "%s%s%s", state_name(p[2]), *wchan ? ", waiting in " : "", wchan);
	return w < 0 ? 0 : (size_t)w < size ? (size_t)w : size - 1;
}
