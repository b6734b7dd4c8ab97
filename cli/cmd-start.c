/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ct start: let a created container's init exec its process. */
#include <errno.h>

#include "cli.h"

static const char help[] = "start ID\n"
			   "\n"
			   "Let the init of a created container execute its process. With\n"
			   "NOTIFY_SOCKET set (and at create), wait until the container sends\n"
			   "READY=1 to its notify socket, or exits, and pass READY=1 on.\n"
			   "\n"
			   "Options:\n"
			   "  -h, --help     this help\n";

int cmd_start(int argc, char **argv)
{
	struct libct_error err = { 0 }, nerr = { 0 };
	struct libct_session *s = NULL;
	struct libct_container *ct = NULL;
	struct ct_notify notify = { -1, ct_notify_host(), 0 };
	int r;

	r = ct_open_one(argc, argv, help, &s, &ct);
	if (!r && notify.host && !(r = ct_notify_check())) {
		/* bound before the process runs; none when the create was made
		 * without NOTIFY_SOCKET */
		notify.fd = libct_container_notify_socket(ct, &nerr);
		if (notify.fd < 0 && nerr.code != -ENOENT)
			r = ct_fail_err(&nerr, NULL);
	}
	if (!r && libct_container_start(ct, &err) < 0)
		r = ct_fail_err(&err, NULL);
	if (!r && notify.fd >= 0) {
		notify.mainpid = libct_container_pid(ct);
		r = ct_notify_wait(&notify, libct_container_pidfd(ct));
	}
	libct_container_free(ct);
	libct_session_free(s);
	return r;
}
