/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ct delete [-f] [-r] ID: remove a stopped container (with -f, any), half-made
 * and damaged ones included. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static const char help[] =
	"delete [-f] [-r] ID\n"
	"\n"
	"Remove a stopped (or created) container: its processes, cgroup, host\n"
	"network devices and state.\n"
	"\n"
	"Options:\n"
	"  -f, --force    any status: thaw, kill every process with SIGKILL, remove;\n"
	"                 a missing container is no error, a half-made one is removed\n"
	"  -r, --regex    ID is an extended regular expression: every container whose\n"
	"                 id it matches (crun); one deleted meanwhile is skipped\n"
	"  -h, --help     this help\n";

/* Delete container id; errors printed. missing_ok: one that is not there
 * (any more) is no error. */
static int delete_one(struct libct_session *s, const char *id, bool force, bool missing_ok)
{
	struct libct_error err = { 0 };
	struct libct_container *ct = NULL;
	int r;

	/* a half-made or damaged container is removed too (from its journal);
	 * a damaged one is named, under its lock, by the library's warning */
	r = libct_container_open_any(s, id, &ct, &err);
	if (r == 0)
		r = libct_container_delete(ct, force, &err);
	r = r < 0 && !(missing_ok && err.code == -ENOENT) ? ct_fail_err(&err, NULL) : 0;
	libct_container_free(ct);
	return r;
}

static int delete_match(struct libct_session *s, const char *id, void *data)
{
	return delete_one(s, id, *(bool *)data, true);
}

int cmd_delete(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "regex", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	struct libct_session *s = NULL;
	bool force = false, regex = false;
	const char *id;
	int c, r;

	while ((c = getopt_long(argc, argv, "frh", opts, NULL)) != -1) {
		if (c == 'f' || c == 'r') {
			*(c == 'f' ? &force : &regex) = true;
			continue;
		}
		return ct_help(help, c == 'h');
	}
	id = ct_one_id(argc, argv, optind, help);
	if (!id)
		return 2;
	if (regex)
		return ct_for_each_match("delete", id, delete_match, &force);
	r = ct_session(&s);
	if (r)
		return r;
	/* as runc: forcing the delete of a container that is not there
	 * succeeds, as does one another delete removed meanwhile */
	r = delete_one(s, id, force, force);
	libct_session_free(s);
	return r;
}
