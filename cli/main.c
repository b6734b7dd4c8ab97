/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ct: global options and the command table. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "version.h"

struct ct_globals ct_g;

static const struct ct_command commands[] = {
	{ "checkpoint", cmd_checkpoint, "not supported yet" },
	{ "create", cmd_create, "create a container (init waits for start)" },
	{ "delete", cmd_delete, "delete a stopped container (-f: any)" },
	{ "events", cmd_events, "print resource usage (--stats once, or every --interval)" },
	{ "exec", cmd_exec, "run a new process in a running container" },
	{ "features", cmd_features, "print the runtime-spec features document" },
	{ "kill", cmd_kill, "send a signal to the container's init" },
	{ "list", cmd_list, "list containers" },
	{ "pause", cmd_pause, "freeze every process of a container" },
	{ "ps", cmd_ps, "list the processes of a container" },
	{ "restore", cmd_checkpoint, "not supported yet" },
	{ "resume", cmd_resume, "thaw a paused container" },
	{ "run", cmd_run, "create and start a container, wait for it" },
	{ "spec", cmd_spec, "write a default config.json" },
	{ "start", cmd_start, "start a created container" },
	{ "state", cmd_state, "print the OCI state of a container" },
	{ "update", cmd_update, "change the resource limits of a container" },
};

static void usage(FILE *f)
{
	fprintf(f, "Usage: ct [GLOBAL OPTIONS] COMMAND [OPTIONS] [ARGS]\n\n"
		   "An OCI container runtime built on libct.\n\nCommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nGlobal options:\n"
		   "  --root DIR          state directory (default /run/ct, or\n"
		   "                      $XDG_RUNTIME_DIR/ct when not the host's root)\n"
		   "  --log FILE          write errors and debug messages to FILE (or file:FILE,\n"
		   "                      syslog:[IDENT], journald:[IDENT])\n"
		   "  --log-format FMT    text or json\n"
		   "  --debug             debug messages\n"
		   "  --systemd-cgroup    systemd makes the cgroup (a scope; cgroupsPath "
		   "slice:prefix:name)\n"
		   "  --cgroup-manager M  cgroupfs (default), systemd (--systemd-cgroup) or\n"
		   "                      disabled: no cgroup, the caller's; limits not applied\n"
		   "  --rootless MODE     true, false or auto (default): cgroups that cannot\n"
		   "                      be made for lack of permission are left out\n"
		   "  -v, --version       print the version\n"
		   "  -h, --help          this help\n"
		   "\nSee 'ct COMMAND --help' for the options of a command, ct(8) for more.\n");
}

/* What a command printed must have reached stdout: a full disk or a
 * failing pipe is an error, not a status of 0 with nothing written (what
 * engines read from `state` or `ps` would be empty). The command's own
 * failure status stands. */
static int stdout_written(int r)
{
	int e;

	errno = 0;
	if (fflush(stdout) == 0 && !ferror(stdout))
		return r;
	e = errno;
	ct_fail("write to stdout: %s", e ? strerror(e) : "an earlier write failed");
	return r ? r : 1;
}

/* runc's forms: auto (or empty), and Go's spellings of a boolean. */
static int parse_rootless(const char *v, enum libct_rootless *ret)
{
	static const char *const on[] = { "1", "t", "T", "true", "TRUE", "True" };
	static const char *const off[] = { "0", "f", "F", "false", "FALSE", "False" };

	*ret = LIBCT_ROOTLESS_AUTO;
	if (!*v || strcmp(v, "auto") == 0)
		return 0;
	for (size_t i = 0; i < sizeof(on) / sizeof(on[0]); i++) {
		if (strcmp(v, on[i]) == 0)
			return *ret = LIBCT_ROOTLESS_ON, 0;
		if (strcmp(v, off[i]) == 0)
			return *ret = LIBCT_ROOTLESS_OFF, 0;
	}
	return -1;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "log", required_argument, NULL, 'l' },
		{ "log-format", required_argument, NULL, 'f' },
		{ "debug", no_argument, NULL, 'd' },
		{ "systemd-cgroup", no_argument, NULL, 's' },
		{ "cgroup-manager", required_argument, NULL, 'M' },
		{ "rootless", required_argument, NULL, 'R' },
		{ "criu", required_argument, NULL, 'C' },
		{ "version", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	int c;

	while ((c = getopt_long(argc, argv, "+vh", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			ct_g.root = optarg;
			break;
		case 'l':
			ct_g.log_path = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "json") && strcmp(optarg, "text"))
				return ct_fail("--log-format: unknown format '%s' (text or json)",
					       optarg);
			ct_g.log_json = strcmp(optarg, "json") == 0;
			break;
		case 'd':
			ct_g.debug = true;
			break;
		case 's':
			ct_g.systemd_cgroup = true;
			break;
		case 'M': /* crun's form, which podman passes for --cgroups=disabled */
			if (strcmp(optarg, "cgroupfs") && strcmp(optarg, "systemd") &&
			    strcmp(optarg, "disabled"))
				return ct_fail("--cgroup-manager: '%s' is not cgroupfs, systemd or "
					       "disabled",
					       optarg);
			ct_g.systemd_cgroup = strcmp(optarg, "systemd") == 0;
			ct_g.no_cgroup = strcmp(optarg, "disabled") == 0;
			break;
		case 'R':
			if (parse_rootless(optarg, &ct_g.rootless) < 0)
				return ct_fail("--rootless: '%s' is not true, false or auto",
					       optarg);
			break;
		case 'C':
			break; /* accepted for compatibility */
		case 'v':
			/* runc's first three lines (its version.bats reads them
			 * by position), then ours */
			printf("ct version %s\ncommit: %s\nspec: 1.2.0\nlibct %s\n", LIBCT_VERSION,
			       CT_COMMIT, libct_version());
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	if (ct_g.log_path && ct_log_open(ct_g.log_path))
		return 1;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[optind], commands[i].name) == 0) {
			argv += optind;
			argc -= optind;
			optind = 0;
			return stdout_written(commands[i].run(argc, argv));
		}
	return ct_fail("unknown command '%s' (see ct --help)", argv[optind]);
}
