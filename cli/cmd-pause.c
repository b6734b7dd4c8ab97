/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ct pause ID / ct resume ID: freeze and thaw every process of a container. */
#include "cli.h"

static int freeze(int argc, char **argv, bool pause)
{
	struct libct_error err = { 0 };
	struct libct_session *s = NULL;
	struct libct_container *ct = NULL;
	int r = ct_open_one(argc, argv, pause ? "pause ID" : "resume ID", &s, &ct);

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
