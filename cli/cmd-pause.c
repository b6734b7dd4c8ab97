/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ct pause ID / ct resume ID: freeze and thaw every process of a container. */
#include "cli.h"

static const char pause_help[] = "pause ID\n"
				 "\n"
				 "Freeze every process of a running container; its status becomes "
				 "paused.\n"
				 "\n"
				 "Options:\n"
				 "  -h, --help     this help\n";
static const char resume_help[] = "resume ID\n"
				  "\n"
				  "Thaw a paused container; it is running again.\n"
				  "\n"
				  "Options:\n"
				  "  -h, --help     this help\n";

static int freeze(int argc, char **argv, bool pause)
{
	struct libct_error err = { 0 };
	struct libct_session *s = NULL;
	struct libct_container *ct = NULL;
	int r = ct_open_one(argc, argv, pause ? pause_help : resume_help, &s, &ct);

	if (!r && (pause ? libct_container_pause(ct, &err) : libct_container_resume(ct, &err)) < 0)
		r = ct_fail_err(&err, NULL);
	libct_container_free(ct);
	libct_session_free(s);
	return r;
}

int cmd_pause(int argc, char **argv)
{
	return freeze(argc, argv, true);
}

int cmd_resume(int argc, char **argv)
{
	return freeze(argc, argv, false);
}
