/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ct kill [-a] [-r] ID [SIGNAL]: signal init (or, with -a, every process). */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>

#include "cli.h"

static const char help[] =
	"kill [-a] [-r] ID [SIGNAL]\n"
	"\n"
	"Send SIGNAL (default SIGTERM) to the container's init: a name with or\n"
	"without SIG in any case (TERM, SIGKILL), a number, RTMIN+n or RTMAX-n, or 0\n"
	"(only check that init is alive).\n"
	"\n"
	"Options:\n"
	"  -a, --all      every process of the container's cgroup, not only init\n"
	"                 (a stopped container too)\n"
	"  -r, --regex    ID is an extended regular expression: every container whose\n"
	"                 id it matches (crun); one deleted meanwhile is skipped\n"
	"  -h, --help     this help\n";

struct kill_args {
	int sig;
	bool all;
};

/* one container of a --regex */
static int kill_match(struct libct_session *s, const char *id, void *data)
{
	const struct kill_args *a = data;
	struct libct_error err = { 0 };
	struct libct_container *ct = NULL;
	int r = 0;

	if (libct_container_open(s, id, &ct, &err) < 0 ||
	    libct_container_kill(ct, a->sig, a->all, &err) < 0)
		r = err.code == -ENOENT && !ct ? 0 : ct_fail_err(&err, NULL);
	libct_container_free(ct);
	return r;
}

int cmd_kill(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "regex", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	struct libct_error err = { 0 };
	struct libct_session *s = NULL;
	struct libct_container *ct = NULL;
	bool all = false, regex = false;
	int c, r, sig = SIGTERM;

	while ((c = getopt_long(argc, argv, "arh", opts, NULL)) != -1) {
		if (c == 'a' || c == 'r') {
			*(c == 'a' ? &all : &regex) = true;
			continue;
		}
		return ct_help(help, c == 'h');
	}
	if (optind >= argc || argc - optind > 2) {
		ct_fail("kill: %s", optind >= argc ? "missing container id" : "too many arguments");
		ct_synopsis(stderr, help);
		return 2;
	}
	if (argc - optind == 2) {
		sig = ct_signal_from_string(argv[optind + 1]);
		if (sig < 0)
			return ct_fail("kill: unknown signal '%s'", argv[optind + 1]);
	}
	if (regex)
		return ct_for_each_match("kill", argv[optind], kill_match,
					 &(struct kill_args){ .sig = sig, .all = all });
	r = ct_open(argv[optind], &s, &ct);
	if (!r && libct_container_kill(ct, sig, all, &err) < 0)
		r = ct_fail_err(&err, NULL);
	libct_container_free(ct);
	libct_session_free(s);
	return r;
}
