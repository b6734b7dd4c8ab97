/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ct update [-r FILE|-] [--memory N ...] ID: change a running container's limits. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char help[] =
	"update [-r FILE|-] [OPTIONS] ID\n"
	"\n"
	"Change the resource limits of a created, running or paused container; only\n"
	"what is given is written. BYTES: a number with an optional k, m, g or t\n"
	"(powers of 1024), -1 for unlimited; US: microseconds.\n"
	"\n"
	"Options:\n"
	"  -r, --resources FILE         a LinuxResources JSON object (- for stdin);\n"
	"                               the options below are then ignored\n"
	"  --cpuset-cpus LIST           the CPUs it may run on (0-3,7)\n"
	"  --cpuset-mems LIST           the memory nodes it may use\n";

/* The flag -> resource table (runc's flag names), with its help. */
static const struct {
	const char *name;
	enum libct_resource res;
	const char *arg, *help;
} flags[] = {
	{ "memory", LIBCT_MEMORY_LIMIT, "BYTES", "the memory limit" },
	{ "memory-reservation", LIBCT_MEMORY_RESERVATION, "BYTES", "the soft memory limit" },
	{ "memory-swap", LIBCT_MEMORY_SWAP, "BYTES", "the memory plus swap limit" },
	{ "kernel-memory", LIBCT_MEMORY_KERNEL, "BYTES", "kernel memory (cgroup v1)" },
	{ "kernel-memory-tcp", LIBCT_MEMORY_KERNEL_TCP, "BYTES", "TCP buffers (cgroup v1)" },
	{ "cpu-shares", LIBCT_CPU_SHARES, "N", "the relative CPU weight (2-262144)" },
	{ "cpu-share", LIBCT_CPU_SHARES, "N", "the same (runc's spelling)" },
	{ "cpu-quota", LIBCT_CPU_QUOTA, "US", "CPU time per period, -1 for none" },
	{ "cpu-period", LIBCT_CPU_PERIOD, "US", "the period of --cpu-quota" },
	{ "cpu-burst", LIBCT_CPU_BURST, "US", "unused quota a period may borrow" },
	{ "cpu-idle", LIBCT_CPU_IDLE, "0|1", "1: the SCHED_IDLE weight" },
	{ "cpu-rt-runtime", LIBCT_CPU_RT_RUNTIME, "US", "real-time CPU time per period" },
	{ "cpu-rt-period", LIBCT_CPU_RT_PERIOD, "US", "the real-time period" },
	{ "pids-limit", LIBCT_PIDS_LIMIT, "N", "the most processes, -1 for none" },
	{ "blkio-weight", LIBCT_BLKIO_WEIGHT, "N", "the relative block I/O weight (10-1000)" },
};
#define N_FLAGS (sizeof(flags) / sizeof(flags[0]))

/* "64m", "1G", "-1", "1024" -> bytes (or a plain count). */
static int parse_size(const char *s, int64_t *ret)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	int64_t mul = 1;

	if (end == s)
		return -1;
	switch (*end) {
	case 'k':
	case 'K':
		mul = 1LL << 10;
		end++;
		break;
	case 'm':
	case 'M':
		mul = 1LL << 20;
		end++;
		break;
	case 'g':
	case 'G':
		mul = 1LL << 30;
		end++;
		break;
	case 't':
	case 'T':
		mul = 1LL << 40;
		end++;
		break;
	}
	if (*end == 'b' || *end == 'B')
		end++;
	if (*end || v > INT64_MAX / mul || v < INT64_MIN / mul)
		return -1;
	*ret = v * mul;
	return 0;
}

static int usage(bool asked)
{
	if (!asked)
		return ct_help(help, false);
	ct_help(help, true);
	for (size_t i = 0; i < N_FLAGS; i++) {
		char opt[64];

		if (!flags[i].help)
			continue;
		snprintf(opt, sizeof(opt), "--%s %s", flags[i].name, flags[i].arg);
		printf("  %-28s %s\n", opt, flags[i].help);
	}
	printf("  -h, --help                   this help\n");
	return 0;
}

static void warn_ignored(const char *const *values, const char *cpus, const char *mems)
{
	const char *given[N_FLAGS + 2];

	for (size_t i = 0; i < N_FLAGS; i++)
		given[i] = values[i] ? flags[i].name : NULL;
	given[N_FLAGS] = cpus ? "cpuset-cpus" : NULL;
	given[N_FLAGS + 1] = mems ? "cpuset-mems" : NULL;
	ct_warn_ignored("update: --resources gives the limits", given, N_FLAGS + 2);
}

int cmd_update(int argc, char **argv)
{
	struct option opts[N_FLAGS + 5] = {
		{ "resources", required_argument, NULL, 'r' },
		{ "cpuset-cpus", required_argument, NULL, 'C' },
		{ "cpuset-mems", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
	};
	struct libct_error err = { 0 };
	struct libct_session *s = NULL;
	struct libct_container *ct = NULL;
	const char *resources = NULL, *cpus = NULL, *mems = NULL;
	const char *values[N_FLAGS] = { 0 };
	int c, idx, r;

	for (size_t i = 0; i < N_FLAGS; i++)
		opts[4 + i] = (struct option){ flags[i].name, required_argument, NULL,
					       1000 + (int)i };
	while ((c = getopt_long(argc, argv, "r:h", opts, &idx)) != -1) {
		if (c == 'r')
			resources = optarg;
		else if (c == 'C')
			cpus = optarg;
		else if (c == 'M')
			mems = optarg;
		else if (c >= 1000)
			values[c - 1000] = optarg;
		else
			return usage(c == 'h');
	}
	if (optind != argc - 1)
		return ct_fail("update: %s",
			       optind >= argc ? "missing container id" : "too many arguments");
	/* as runc and crun: the file gives the limits, the flags are not read */
	if (resources)
		warn_ignored(values, cpus, mems);
	r = ct_open(argv[optind], &s, &ct);
	if (!r && resources && libct_oci_load_resources_file(ct, resources, &err) < 0)
		r = ct_fail_err(&err, "update");
	for (size_t i = 0; !r && !resources && i < N_FLAGS; i++) {
		int64_t v;

		if (!values[i])
			continue;
		if (parse_size(values[i], &v) < 0)
			r = ct_fail("update: --%s: '%s' is not a number", flags[i].name, values[i]);
		else if (libct_container_set_resource(ct, flags[i].res, v, &err) < 0)
			r = ct_fail_err(&err, "update");
	}
	if (!r && !resources && (cpus || mems) &&
	    libct_container_set_cpuset(ct, cpus, mems, &err) < 0)
		r = ct_fail_err(&err, "update");
	if (!r && libct_container_update(ct, &err) < 0)
		r = ct_fail_err(&err, "update");
	libct_container_free(ct);
	libct_session_free(s);
	return r;
}
