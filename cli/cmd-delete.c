/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ct delete [-f] ID: remove a stopped container (with -f, any), half-made
 * and damaged ones included. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static const char help[] =
	"delete [-f] ID\n"
	"\n"
	"Remove a stopped (or created) container: its processes, cgroup, host\n"
	"network devices and state.\n"
	"\n"
	"Options:\n"
	"  -f, --force    any status: thaw, kill every process with SIGKILL, remove;\n"
	"                 a missing container is no error, a half-made one is removed\n"
	"  -h, --help     this help\n";

int cmd_delete(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	struct libct_error err = { 0 };
	struct libct_session *s = NULL;
	struct libct_container *ct = NULL;
	bool force = false;
	const char *id;
	int c, r;

	while ((c = getopt_long(argc, argv, "fh", opts, NULL)) != -1) {
		if (c == 'f') {
			force = true;
			continue;
		}
		return ct_help(help, c == 'h');
	}
	id = ct_one_id(argc, argv, optind, help);
	if (!id)
		return 2;
	r = ct_session(&s);
	if (r)
		return r;
	/* a half-made or damaged container is removed too (from its journal);
	 * a damaged one is named, under its lock, by the library's warning */
	r = libct_container_open_any(s, id, &ct, &err);
	if (r == 0)
		r = libct_container_delete(ct, force, &err);
	/* as runc: forcing the delete of a container that is not there
	 * succeeds, as does one another delete removed meanwhile */
	r = r < 0 && !(force && err.code == -ENOENT) ? ct_fail_err(&err, NULL) : 0;
	libct_container_free(ct);
	libct_session_free(s);
	return r;
}
