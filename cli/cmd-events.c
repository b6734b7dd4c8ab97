/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ct events [--stats] [--interval D] ID: usage figures as runc prints them,
 * once (--stats) or every interval until the container stops, and OOM kills
 * as they happen. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static const char help[] =
	"events [--stats] [--interval DURATION] ID\n"
	"\n"
	"Print the container's resource usage (cpu, memory, pids, blkio) as JSON,\n"
	"one line every interval until it stops, and a line {\"type\":\"oom\"} as\n"
	"soon as the OOM killer kills one of its processes.\n"
	"\n"
	"Options:\n"
	"  --stats               print the figures once and exit\n"
	"  --interval DURATION   the time between two lines: 5s (the default), 500ms,\n"
	"                        1m30s, or a number of seconds\n"
	"  -h, --help            this help\n";

/* runc's --interval is a Go duration ("5s", "1.5s", "1m30s", "500ms"); a
 * bare number is taken as seconds. Milliseconds, or -1. */
static long long parse_interval(const char *s)
{
	static const struct {
		const char *unit;
		double ms;
	} units[] = { { "ns", 1e-6 }, { "us", 1e-3 }, { "\u00b5s", 1e-3 }, { "ms", 1 },
		      { "s", 1e3 },   { "m", 6e4 },   { "h", 3.6e6 } };
	double total = 0;
	char *end;

	do {
		double v = strtod(s, &end);
		size_t i, n = 0;

		if (end == s || *s == '-' || *s == '+' || !isfinite(v))
			return -1;
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
			n = strlen(units[i].unit);
			/* "m" must not take the "m" of "ms" */
			if (strncmp(end, units[i].unit, n) == 0 &&
			    !(n == 1 && *end == 'm' && end[1] == 's'))
				break;
		}
		if (i == sizeof(units) / sizeof(units[0])) {
			if (*end || total) /* a bare number alone: seconds */
				return -1;
			i = 4, n = 0;
		}
		total += v * units[i].ms;
		s = end + n;
	} while (*s);
	return total >= 1 && total < 1e12 ? (long long)total : -1;
}

/* A figure of the container's cgroup; 0 where it has none, or for "max" */
static uint64_t stat_value(struct libct_container *ct, enum libct_stat key)
{
	uint64_t v = 0;

	libct_container_stat(ct, key, &v, NULL);
	return v == UINT64_MAX ? 0 : v;
}

static json_object *num(struct libct_container *ct, enum libct_stat key)
{
	return json_object_new_uint64(stat_value(ct, key));
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

/* A cgroup file's text, or NULL where the cgroup has none (cpuacct on v2). */
static char *cgroup_text(struct libct_container *ct, const char *ctrl, const char *file)
{
	static char buf[32768];

	return libct_container_read_cgroup_file(ct, ctrl, file, buf, sizeof(buf), NULL) < 0 ? NULL :
											      buf;
}

/* runc's per-CPU usage (cgroup v1's cpuacct only): the numbers of FILE */
static void add_percpu(struct libct_container *ct, json_object *usage, const char *key,
		       const char *file)
{
	char *text = cgroup_text(ct, "cpuacct", file), *p, *end;
	json_object *a;

	if (!text)
		return;
	a = json_object_new_array();
	for (p = text;; p = end) {
		uint64_t v = strtoull(p, &end, 10);

		if (end == p)
			break;
		json_object_array_add(a, json_object_new_uint64(v));
	}
	json_object_object_add(usage, key, a);
}

/* runc's memory "raw": every "key value" line of memory.stat (v1's or v2's
 * keys, as the kernel names them) */
static void add_memory_raw(struct libct_container *ct, json_object *mem)
{
	char *text = cgroup_text(ct, "memory", "memory.stat"), *line, *save = NULL;
	json_object *raw;

	if (!text)
		return;
	raw = json_object_new_object();
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char key[128];
		uint64_t v;

		if (sscanf(line, "%127s %" SCNu64, key, &v) == 2)
			json_object_object_add(raw, key, json_object_new_uint64(v));
	}
	json_object_object_add(mem, "raw", raw);
}

/* A number in a cgroup file: the whole text, or the value after "key " on
 * a line; "max" is UINT64_MAX. false where the cgroup has no such file. */
static bool file_number(struct libct_container *ct, const char *ctrl, const char *file,
			const char *key, uint64_t *ret)
{
	char *p = cgroup_text(ct, ctrl, file);
	size_t n = key ? strlen(key) : 0;

	for (; p && key; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, key, n) == 0 && p[n] == ' ') {
			p += n + 1;
			break;
		}
	if (!p)
		return false;
	*ret = strncmp(p, "max", 3) == 0 ? UINT64_MAX : strtoull(p, NULL, 10);
	return true;
}

/* runc's memory entry {limit, usage, max, failcnt} from v1's PREFIX.*
 * files (memory.memsw: memory plus swap, memory.kmem, memory.kmem.tcp);
 * NULL where the cgroup has none (no swap accounting, v2). */
static json_object *memory_entry_v1(struct libct_container *ct, const char *prefix)
{
	static const char *const files[4][2] = {
		{ "limit", "limit_in_bytes" },
		{ "usage", "usage_in_bytes" },
		{ "max", "max_usage_in_bytes" },
		{ "failcnt", "failcnt" },
	};
	json_object *e = json_object_new_object();

	for (size_t i = 0; i < 4; i++) {
		char file[64];
		uint64_t v;

		snprintf(file, sizeof(file), "%s.%s", prefix, files[i][1]);
		if (!file_number(ct, "memory", file, NULL, &v)) {
			json_object_put(e);
			return NULL;
		}
		json_object_object_add(e, files[i][0], json_object_new_uint64(v));
	}
	return e;
}

/* runc's swap entry on v2: memory plus swap, as v1 counts it (usage and,
 * where both are set, limit); failcnt: memory.swap.events' "max". NULL
 * without swap accounting. */
static json_object *swap_entry_v2(struct libct_container *ct)
{
	uint64_t usage, limit, mem_usage = stat_value(ct, LIBCT_STAT_MEMORY_USAGE), mem_limit = 0,
			       fails = 0;
	json_object *e;

	if (!file_number(ct, "memory", "memory.swap.current", NULL, &usage) ||
	    !file_number(ct, "memory", "memory.swap.max", NULL, &limit))
		return NULL;
	libct_container_stat(ct, LIBCT_STAT_MEMORY_LIMIT, &mem_limit, NULL);
	file_number(ct, "memory", "memory.swap.events", "max", &fails);
	e = json_object_new_object();
	json_object_object_add(e, "limit",
			       json_object_new_uint64(limit == UINT64_MAX ||
								      mem_limit == UINT64_MAX ?
							      UINT64_MAX :
							      limit + mem_limit));
	json_object_object_add(e, "usage", json_object_new_uint64(usage + mem_usage));
	json_object_object_add(e, "failcnt", json_object_new_uint64(fails));
	return e;
}

/* swap, kernel and kernelTCP, as runc has them (v2: swap only) */
static void add_memory_entries(struct libct_container *ct, json_object *mem)
{
	json_object *swap = memory_entry_v1(ct, "memory.memsw");

	if (!swap)
		swap = swap_entry_v2(ct);
	if (swap)
		json_object_object_add(mem, "swap", swap);
	for (size_t i = 0; i < 2; i++) {
		static const char *const keys[2][2] = { { "kernel", "memory.kmem" },
							{ "kernelTCP", "memory.kmem.tcp" } };
		json_object *e = memory_entry_v1(ct, keys[i][1]);

		if (e)
			json_object_object_add(mem, keys[i][0], e);
	}
}

/* runc's hugetlb figures, per page size the kernel has, named as the
 * hugetlb controller's files name it ("64KB", "2MB", "1GB"):
 * usage, peak (v1) and the times the limit was hit; none without the
 * controller. */
static json_object *hugetlb(struct libct_container *ct)
{
	json_object *o = json_object_new_object();
	DIR *d = opendir("/sys/kernel/mm/hugepages");
	struct dirent *de;

	while (d && (de = readdir(d))) {
		static const char *const units[] = { "KB", "MB", "GB", "TB" };
		unsigned long long kb;
		char size[32], file[96];
		json_object *e;
		uint64_t v;
		int u = 0;

		if (sscanf(de->d_name, "hugepages-%llukB", &kb) != 1 || kb == 0)
			continue;
		while (kb % 1024 == 0 && u < 3) {
			kb /= 1024;
			u++;
		}
		snprintf(size, sizeof(size), "%llu%s", kb, units[u]);
		e = json_object_new_object();
		snprintf(file, sizeof(file), "hugetlb.%s.usage_in_bytes", size);
		if (file_number(ct, "hugetlb", file, NULL, &v)) { /* v1 */
			json_object_object_add(e, "usage", json_object_new_uint64(v));
			snprintf(file, sizeof(file), "hugetlb.%s.max_usage_in_bytes", size);
			if (file_number(ct, "hugetlb", file, NULL, &v))
				json_object_object_add(e, "max", json_object_new_uint64(v));
			snprintf(file, sizeof(file), "hugetlb.%s.failcnt", size);
			v = 0;
			file_number(ct, "hugetlb", file, NULL, &v);
		} else {
			snprintf(file, sizeof(file), "hugetlb.%s.current", size);
			if (!file_number(ct, "hugetlb", file, NULL, &v)) {
				json_object_put(e);
				continue;
			}
			json_object_object_add(e, "usage", json_object_new_uint64(v));
			snprintf(file, sizeof(file), "hugetlb.%s.events", size);
			v = 0;
			file_number(ct, "hugetlb", file, "max", &v);
		}
		json_object_object_add(e, "failcnt", json_object_new_uint64(v));
		json_object_object_add(o, size, e);
	}
	if (d)
		closedir(d);
	return o;
}

/* A cpuset list ("0-3,7") as runc's array of numbers; NULL where the
 * cgroup has no such file. */
static json_object *cpu_list(struct libct_container *ct, const char *file)
{
	char *p = cgroup_text(ct, "cpuset", file), *end;
	json_object *a;

	if (!p)
		return NULL;
	a = json_object_new_array();
	while (*p >= '0' && *p <= '9') {
		unsigned long lo = strtoul(p, &end, 10), hi = lo;

		if (*end == '-')
			hi = strtoul(end + 1, &end, 10);
		for (unsigned long i = lo; i <= hi && i - lo < 65536; i++)
			json_object_array_add(a, json_object_new_uint64(i));
		p = *end == ',' ? end + 1 : end;
	}
	return a;
}

/* FILE's list, or where that is empty (v2 leaves cpuset.cpus and
 * cpuset.mems empty unless set) FILE.effective's; NULL without either. */
static json_object *set_list(struct libct_container *ct, const char *file)
{
	json_object *a = cpu_list(ct, file);
	char effective[64];

	if (a && json_object_array_length(a) > 0)
		return a;
	json_object_put(a);
	snprintf(effective, sizeof(effective), "%s.effective", file);
	return cpu_list(ct, effective);
}

/* runc's cpuset figures: the CPUs and memory nodes (v2: the effective
 * ones) and v1's flags; NULL without the controller. */
static json_object *cpuset(struct libct_container *ct)
{
	static const char *const flags[] = { "cpu_exclusive",	   "mem_hardwall",
					     "mem_exclusive",	   "memory_migrate",
					     "memory_spread_page", "memory_spread_slab",
					     "memory_pressure",	   "sched_load_balance" };
	json_object *o, *cpus = set_list(ct, "cpuset.cpus"), *mems;
	char file[64], *level;
	uint64_t v;

	if (!cpus)
		return NULL;
	mems = set_list(ct, "cpuset.mems");
	o = json_object_new_object();
	json_object_object_add(o, "cpus", cpus);
	if (mems)
		json_object_object_add(o, "mems", mems);
	for (size_t i = 0; i < sizeof(flags) / sizeof(*flags); i++) {
		snprintf(file, sizeof(file), "cpuset.%s", flags[i]);
		if (file_number(ct, "cpuset", file, NULL, &v))
			json_object_object_add(o, flags[i], json_object_new_uint64(v));
	}
	if ((level = cgroup_text(ct, "cpuset", "cpuset.sched_relax_domain_level")))
		json_object_object_add(o, "sched_relax_domain_level",
				       json_object_new_int64(strtoll(level, NULL, 10)));
	return o;
}

static void print_event(json_object *o)
{
	printf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
								 JSON_C_TO_STRING_NOSLASHESCAPE));
	fflush(stdout);
	json_object_put(o);
}

static void print_stats(struct libct_container *ct)
{
	json_object *o = json_object_new_object(), *data = json_object_new_object();
	json_object *cpu = json_object_new_object(), *cu = json_object_new_object();
	json_object *thr = json_object_new_object();
	json_object *mem = json_object_new_object(), *mu = json_object_new_object();
	json_object *pids = json_object_new_object(), *set;

	json_object_object_add(cu, "total", num(ct, LIBCT_STAT_CPU_USAGE_NS));
	json_object_object_add(cu, "user", num(ct, LIBCT_STAT_CPU_USER_NS));
	json_object_object_add(cu, "kernel", num(ct, LIBCT_STAT_CPU_SYSTEM_NS));
	add_percpu(ct, cu, "percpu", "cpuacct.usage_percpu");
	add_percpu(ct, cu, "percpu_kernel", "cpuacct.usage_percpu_sys");
	add_percpu(ct, cu, "percpu_user", "cpuacct.usage_percpu_user");
	json_object_object_add(cpu, "usage", cu);
	json_object_object_add(thr, "periods", num(ct, LIBCT_STAT_CPU_PERIODS));
	json_object_object_add(thr, "throttledPeriods", num(ct, LIBCT_STAT_CPU_THROTTLED_PERIODS));
	json_object_object_add(thr, "throttledTime", num(ct, LIBCT_STAT_CPU_THROTTLED_NS));
	json_object_object_add(cpu, "throttling", thr);
	json_object_object_add(mem, "cache", num(ct, LIBCT_STAT_MEMORY_CACHE));
	json_object_object_add(mu, "usage", num(ct, LIBCT_STAT_MEMORY_USAGE));
	json_object_object_add(mu, "max", num(ct, LIBCT_STAT_MEMORY_MAX_USAGE));
	json_object_object_add(mu, "limit", num(ct, LIBCT_STAT_MEMORY_LIMIT));
	json_object_object_add(mu, "failcnt", num(ct, LIBCT_STAT_MEMORY_FAILCNT));
	json_object_object_add(mem, "usage", mu);
	add_memory_entries(ct, mem);
	add_memory_raw(ct, mem);
	json_object_object_add(pids, "current", num(ct, LIBCT_STAT_PIDS_CURRENT));
	json_object_object_add(pids, "limit", num(ct, LIBCT_STAT_PIDS_LIMIT));
	json_object_object_add(data, "cpu", cpu);
	json_object_object_add(data, "memory", mem);
	json_object_object_add(data, "pids", pids);
	json_object_object_add(data, "blkio", blkio(ct));
	json_object_object_add(data, "hugetlb", hugetlb(ct));
	if ((set = cpuset(ct)))
		json_object_object_add(data, "cpuset", set);
	json_object_object_add(o, "type", json_object_new_string("stats"));
	json_object_object_add(o, "id", json_object_new_string(libct_container_id(ct)));
	json_object_object_add(o, "data", data);
	print_event(o);
}

/* runc's OOM event: no data */
static void print_oom(struct libct_container *ct)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "type", json_object_new_string("oom"));
	json_object_object_add(o, "id", json_object_new_string(libct_container_id(ct)));
	print_event(o);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Stats every interval; between them, wait on init's pidfd (the end) and the
 * memory cgroup's OOM notification, and print an "oom" line for every wake
 * in which the count of OOM kills grew. v1 notifies before the OOM killer
 * has chosen and counted: after a notification the count is read again
 * every 10 ms for a second. A second without a kill after a notification,
 * with the cgroup still out of memory (v1's OOM killer disabled: its
 * processes wait for memory), is an "oom" line too, as runc prints one for
 * every v1 notification. Without the notification (a cgroup ct cannot
 * register on) the count is compared at every interval. */
static int follow(struct libct_container *ct, long long interval)
{
	struct pollfd p[2] = { { .fd = libct_container_pidfd(ct), .events = POLLIN },
			       { .fd = libct_container_oom_fd(ct, NULL), .events = POLLIN } };
	uint64_t kills = stat_value(ct, LIBCT_STAT_MEMORY_OOM_KILLS);
	long long next = now_ms(), recheck_until = 0;
	bool stopped = false;
	int r = 0;

	while (!stopped) {
		long long wait = next - now_ms();
		uint64_t k;

		if (wait <= 0) {
			print_stats(ct);
			next += interval;
			continue;
		}
		if (recheck_until && now_ms() >= recheck_until) {
			if (stat_value(ct, LIBCT_STAT_MEMORY_UNDER_OOM) == 1)
				print_oom(ct);
			recheck_until = 0;
		}
		if (now_ms() < recheck_until && wait > 10)
			wait = 10;
		if (poll(p, 2, wait > INT32_MAX ? INT32_MAX : (int)wait) < 0 && errno != EINTR) {
			r = ct_fail("events: poll: %s", strerror(errno));
			break;
		}
		if (p[1].revents) {
			char buf[4096];

			while (read(p[1].fd, buf, sizeof(buf)) > 0)
				;
			recheck_until = now_ms() + 1000;
		}
		/* init's end is reported after the kill that caused it */
		stopped = p[0].revents || libct_container_status(ct) == LIBCT_STATUS_STOPPED;
		k = stat_value(ct, LIBCT_STAT_MEMORY_OOM_KILLS);
		if (k > kills) {
			print_oom(ct);
			kills = k;
			recheck_until = 0;
		}
	}
	if (p[1].fd >= 0)
		close(p[1].fd);
	return r;
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
	long long interval = 5000;
	int c, r;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 's')
			once = true;
		else if (c == 'i' && (interval = parse_interval(optarg)) < 0)
			return ct_fail("events: --interval: '%s' is not a duration (5s, 500ms, 1m)",
				       optarg);
		else if (c != 'i')
			return ct_help(help, c == 'h');
	}
	if (optind != argc - 1)
		return ct_fail("events: missing container id");
	r = ct_open(argv[optind], &s, &ct);
	if (!r && libct_container_status(ct) == LIBCT_STATUS_STOPPED)
		r = ct_fail("events: container '%s' is not running", argv[optind]);
	if (!r && once)
		print_stats(ct);
	else if (!r)
		r = follow(ct, interval);
	libct_container_free(ct);
	libct_session_free(s);
	return r;
}
