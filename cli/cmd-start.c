/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ct start: let a created container's init exec its process. */
#include "cli.h"

static const char help[] = "start ID\n"
			   "\n"
			   "Let the init of a created container execute its process.\n"
			   "\n"
			   "Options:\n"
			   "  -h, --help     this help\n";

int cmd_start(int argc, char **argv)
{
	struct libct_error err = { 0 };
	struct libct_session *s = NULL;
	struct libct_container *ct = NULL;
	int r;

	r = ct_open_one(argc, argv, help, &s, &ct);
	if (!r && libct_container_start(ct, &err) < 0)
		r = ct_fail_err(&err, NULL);
	libct_container_free(ct);
	libct_session_free(s);
	return r;
}
