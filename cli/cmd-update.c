/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ct update [-r FILE|-] [--memory N ...] ID: change a running container's limits. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The flag -> resource table (runc's flag names). */
static const struct {
	const char *name;
	enum libct_resource res;
} flags[] = {
	{ "memory", LIBCT_MEMORY_LIMIT },
	{ "memory-reservation", LIBCT_MEMORY_RESERVATION },
	{ "memory-swap", LIBCT_MEMORY_SWAP },
	{ "kernel-memory", LIBCT_MEMORY_KERNEL },
	{ "kernel-memory-tcp", LIBCT_MEMORY_KERNEL_TCP },
	{ "cpu-shares", LIBCT_CPU_SHARES },
	{ "cpu-share", LIBCT_CPU_SHARES }, /* runc's spelling */
	{ "cpu-quota", LIBCT_CPU_QUOTA },
	{ "cpu-period", LIBCT_CPU_PERIOD },
	{ "cpu-burst", LIBCT_CPU_BURST },
	{ "cpu-idle", LIBCT_CPU_IDLE },
	{ "cpu-rt-runtime", LIBCT_CPU_RT_RUNTIME },
	{ "cpu-rt-period", LIBCT_CPU_RT_PERIOD },
	{ "pids-limit", LIBCT_PIDS_LIMIT },
	{ "blkio-weight", LIBCT_BLKIO_WEIGHT },
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
	if (*end)
		return -1;
	*ret = v * mul;
	return 0;
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
		else {
			fprintf(c == 'h' ? stdout : stderr,
				"Usage: ct update [-r FILE|-] [--memory N] [--cpu-shares N] ... "
				"ID\n");
			return c == 'h' ? 0 : 2;
		}
	}
	if (optind != argc - 1)
		return ct_fail("update: %s",
			       optind >= argc ? "missing container id" : "too many arguments");
	r = ct_open(argv[optind], &s, &ct);
	if (!r && resources && libct_oci_load_resources_file(ct, resources, &err) < 0)
		r = ct_fail_err(&err, "update");
	for (size_t i = 0; !r && i < N_FLAGS; i++) {
		int64_t v;

		if (!values[i])
			continue;
		if (parse_size(values[i], &v) < 0)
			r = ct_fail("update: --%s: '%s' is not a number", flags[i].name, values[i]);
		else if (libct_container_set_resource(ct, flags[i].res, v, &err) < 0)
			r = ct_fail_err(&err, "update");
	}
	if (!r && (cpus || mems) && libct_container_set_cpuset(ct, cpus, mems, &err) < 0)
		r = ct_fail_err(&err, "update");
	if (!r && libct_container_update(ct, &err) < 0)
		r = ct_fail_err(&err, "update");
	libct_container_free(ct);
	libct_session_free(s);
	return r;
}
