/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --log: where errors, warnings and debug lines go besides stderr. A file
 * (runc's form, or crun's "file:PATH"), or, as crun takes them,
 * "syslog:[IDENT]" and "journald:[IDENT]" (the journal's native socket, so
 * that no libsystemd is loaded for it). */
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define JOURNAL_SOCKET "/run/systemd/journal/socket"

static enum {
	TO_NONE,
	TO_FILE,
	TO_SYSLOG,
	TO_JOURNALD
} kind;
static const char *ident = "ct";
static int journal_fd = -1;

static int priority(const char *level)
{
	if (strcmp(level, "error") == 0)
		return LOG_ERR;
	if (strcmp(level, "warning") == 0)
		return LOG_WARNING;
	return strcmp(level, "debug") == 0 ? LOG_DEBUG : LOG_INFO;
}

static void file_line(const char *level, const char *msg)
{
	char ts[64];
	struct timespec now;
	struct tm tm;
	FILE *f = fopen(ct_g.log_path, "ae");

	if (!f)
		return;
	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
	if (ct_g.log_json) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "level", json_object_new_string(level));
		json_object_object_add(o, "msg", json_object_new_string(msg));
		snprintf(ts + strlen(ts), sizeof(ts) - strlen(ts), ".%09ldZ", now.tv_nsec);
		json_object_object_add(o, "time", json_object_new_string(ts));
		fprintf(f, "%s\n",
			json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
								  JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
	} else {
		fprintf(f, "%sZ %s: %s\n", ts, level, msg);
	}
	fclose(f);
}

/* One entry in the journal's native format: KEY=value lines, MESSAGE in
 * the length-prefixed form, so that a newline in it is kept. */
static void journal_line(const char *level, const char *msg)
{
	char head[256];
	uint64_t len = strlen(msg);
	int n = snprintf(head, sizeof(head), "PRIORITY=%d\nSYSLOG_IDENTIFIER=%s\nMESSAGE\n",
			 priority(level), ident);
	struct iovec iov[4] = { { head, (size_t)n },
				{ &len, sizeof(len) },
				{ (char *)msg, (size_t)len },
				{ (char *)"\n", 1 } };
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 4 };

	/* the length is little-endian in the protocol; this is x86 and the
	 * like, where it already is (a big-endian host swaps it) */
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	len = __builtin_bswap64(len);
#endif
	if (n > 0 && (size_t)n < sizeof(head))
		sendmsg(journal_fd, &mh, MSG_NOSIGNAL);
}

void ct_log_line(const char *level, const char *msg)
{
	switch (kind) {
	case TO_FILE:
		file_line(level, msg);
		break;
	case TO_SYSLOG:
		syslog(priority(level), "%s", msg);
		break;
	case TO_JOURNALD:
		journal_line(level, msg);
		break;
	case TO_NONE:
		break;
	}
}

static int open_journal(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX, .sun_path = JOURNAL_SOCKET };

	journal_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (journal_fd < 0 || connect(journal_fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -errno;
	return 0;
}

int ct_log_open(const char *spec)
{
	const char *colon = strchr(spec, ':');
	size_t prefix = colon ? (size_t)(colon - spec) : 0;
	int fd, r = 0;

	ct_g.log_path = NULL; /* until it works: errors go to stderr only */
	if (prefix == 6 && strncmp(spec, "syslog", 6) == 0) {
		ident = colon[1] ? colon + 1 : "ct";
		/* syslog(3) drops what it cannot send: a missing /dev/log is an
		 * error now, as a missing log file is */
		if (access("/dev/log", W_OK) < 0)
			return ct_fail("--log '%s': /dev/log: %s", spec, strerror(errno));
		openlog(ident, LOG_PID, LOG_USER);
		kind = TO_SYSLOG;
	} else if (prefix == 8 && strncmp(spec, "journald", 8) == 0) {
		ident = colon[1] ? colon + 1 : "ct";
		if (strchr(ident, '\n'))
			return ct_fail("--log '%s': a newline in the identifier", spec);
		if ((r = open_journal()) < 0)
			return ct_fail("--log '%s': connect to %s: %s", spec, JOURNAL_SOCKET,
				       strerror(-r));
		kind = TO_JOURNALD;
	} else {
		if (prefix == 4 && strncmp(spec, "file", 4) == 0)
			spec = colon + 1;
		/* a log that cannot be written is an error now, not a silence
		 * later (as runc) */
		fd = open(spec, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		if (fd < 0)
			return ct_fail("--log: open '%s': %s", spec, strerror(errno));
		close(fd);
		kind = TO_FILE;
	}
	ct_g.log_path = spec;
	return 0;
}
