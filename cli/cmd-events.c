/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ct events [--stats] [--interval S] ID: usage figures as runc prints them,
 * once (--stats) or every interval until the container stops. */
#include <getopt.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"

static json_object *num(struct libct_container *ct, enum libct_stat key)
{
	uint64_t v = 0;

	libct_container_stat(ct, key, &v, NULL);
	return json_object_new_uint64(v == UINT64_MAX ? 0 : v);
}

static json_object *io_entry(const struct libct_io_stat *s, const char *op, uint64_t v)
{
	json_object *e = json_object_new_object();

	json_object_object_add(e, "major", json_object_new_uint64(s->major));
	json_object_object_add(e, "minor", json_object_new_uint64(s->minor));
	json_object_object_add(e, "op", json_object_new_string(op));
	json_object_object_add(e, "value", json_object_new_uint64(v));
	return e;
}

/* runc's blkio shape: per device and operation, bytes and counts. */
static json_object *blkio(struct libct_container *ct)
{
	json_object *o = json_object_new_object(), *bytes = json_object_new_array(),
		    *ios = json_object_new_array();
	struct libct_io_stat *s = NULL;
	size_t n = 0;

	libct_container_io_stats(ct, &s, &n, NULL);
	for (size_t i = 0; i < n; i++) {
		json_object_array_add(bytes, io_entry(&s[i], "Read", s[i].read_bytes));
		json_object_array_add(bytes, io_entry(&s[i], "Write", s[i].write_bytes));
		json_object_array_add(bytes,
				      io_entry(&s[i], "Total", s[i].read_bytes + s[i].write_bytes));
		json_object_array_add(ios, io_entry(&s[i], "Read", s[i].read_ios));
		json_object_array_add(ios, io_entry(&s[i], "Write", s[i].write_ios));
		json_object_array_add(ios,
				      io_entry(&s[i], "Total", s[i].read_ios + s[i].write_ios));
	}
	free(s);
	json_object_object_add(o, "ioServiceBytesRecursive", bytes);
	json_object_object_add(o, "ioServicedRecursive", ios);
	return o;
}

static void print_stats(struct libct_container *ct)
{
	json_object *o = json_object_new_object(), *data = json_object_new_object();
	json_object *cpu = json_object_new_object(), *cu = json_object_new_object();
	json_object *mem = json_object_new_object(), *mu = json_object_new_object();
	json_object *pids = json_object_new_object();

	json_object_object_add(cu, "total", num(ct, LIBCT_STAT_CPU_USAGE_NS));
	json_object_object_add(cu, "user", num(ct, LIBCT_STAT_CPU_USER_NS));
	json_object_object_add(cu, "kernel", num(ct, LIBCT_STAT_CPU_SYSTEM_NS));
	json_object_object_add(cpu, "usage", cu);
	json_object_object_add(mu, "usage", num(ct, LIBCT_STAT_MEMORY_USAGE));
	json_object_object_add(mu, "max", num(ct, LIBCT_STAT_MEMORY_MAX_USAGE));
	json_object_object_add(mu, "limit", num(ct, LIBCT_STAT_MEMORY_LIMIT));
	json_object_object_add(mem, "usage", mu);
	json_object_object_add(pids, "current", num(ct, LIBCT_STAT_PIDS_CURRENT));
	json_object_object_add(pids, "limit", num(ct, LIBCT_STAT_PIDS_LIMIT));
	json_object_object_add(data, "cpu", cpu);
	json_object_object_add(data, "memory", mem);
	json_object_object_add(data, "pids", pids);
	json_object_object_add(data, "blkio", blkio(ct));
	json_object_object_add(o, "type", json_object_new_string("stats"));
	json_object_object_add(o, "id", json_object_new_string(libct_container_id(ct)));
	json_object_object_add(o, "data", data);
	printf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
								 JSON_C_TO_STRING_NOSLASHESCAPE));
	fflush(stdout);
	json_object_put(o);
}

int cmd_events(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "stats", no_argument, NULL, 's' },
		{ "interval", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	struct libct_session *s = NULL;
	struct libct_container *ct = NULL;
	bool once = false;
	unsigned int interval = 5;
	int c, r;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 's')
			once = true;
		else if (c == 'i')
			interval = (unsigned int)strtoul(optarg, NULL, 10) ?: 1;
		else {
			fprintf(c == 'h' ? stdout : stderr,
				"Usage: ct events [--stats] [--interval SECONDS] ID\n");
			return c == 'h' ? 0 : 2;
		}
	}
	if (optind != argc - 1)
		return ct_fail("events: missing container id");
	r = ct_open(argv[optind], &s, &ct);
	if (!r && libct_container_status(ct) == LIBCT_STATUS_STOPPED)
		r = ct_fail("events: container '%s' is not running", argv[optind]);
	while (!r) {
		print_stats(ct);
		if (once)
			break;
		sleep(interval);
		if (libct_container_status(ct) == LIBCT_STATUS_STOPPED)
			break;
	}
	libct_container_free(ct);
	libct_session_free(s);
	return r;
}
