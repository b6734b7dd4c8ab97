/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Usage figures of a container's cgroup: one table, v1 and v2 files. */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>

#include "cgroup/cgroup-internal.h"
#include "util/util.h"

/* v1: cpuacct.stat is in USER_HZ ticks (100 a second on Linux: 10 ms each);
 * v2: cpu.stat in microseconds. */
static const struct stat_file {
	enum lct_cgroup_ctrl ctrl;
	const char *v1_file, *v1_key; /* key NULL: the whole file is the number */
	const char *v2_file, *v2_key;
	uint64_t v1_scale, v2_scale; /* to the unit of enum libct_stat */
} table[LIBCT_STAT__MAX] = {
	[LIBCT_STAT_CPU_USAGE_NS] = { LCT_CG_CPUACCT, "cpuacct.usage", NULL, "cpu.stat",
				      "usage_usec", 1, 1000 },
	[LIBCT_STAT_CPU_USER_NS] = { LCT_CG_CPUACCT, "cpuacct.stat", "user", "cpu.stat",
				     "user_usec", 10000000, 1000 },
	[LIBCT_STAT_CPU_SYSTEM_NS] = { LCT_CG_CPUACCT, "cpuacct.stat", "system", "cpu.stat",
				       "system_usec", 10000000, 1000 },
	[LIBCT_STAT_MEMORY_USAGE] = { LCT_CG_MEMORY, "memory.usage_in_bytes", NULL,
				      "memory.current", NULL, 1, 1 },
	[LIBCT_STAT_MEMORY_MAX_USAGE] = { LCT_CG_MEMORY, "memory.max_usage_in_bytes", NULL,
					  "memory.peak", NULL, 1, 1 },
	[LIBCT_STAT_MEMORY_LIMIT] = { LCT_CG_MEMORY, "memory.limit_in_bytes", NULL, "memory.max",
				      NULL, 1, 1 },
	[LIBCT_STAT_PIDS_CURRENT] = { LCT_CG_PIDS, "pids.current", NULL, "pids.current", NULL, 1,
				      1 },
	[LIBCT_STAT_PIDS_LIMIT] = { LCT_CG_PIDS, "pids.max", NULL, "pids.max", NULL, 1, 1 },
	/* v2's cpu.stat has these only where the cpu controller is enabled */
	[LIBCT_STAT_CPU_PERIODS] = { LCT_CG_CPU, "cpu.stat", "nr_periods", "cpu.stat", "nr_periods",
				     1, 1 },
	[LIBCT_STAT_CPU_THROTTLED_PERIODS] = { LCT_CG_CPU, "cpu.stat", "nr_throttled", "cpu.stat",
					       "nr_throttled", 1, 1 },
	[LIBCT_STAT_CPU_THROTTLED_NS] = { LCT_CG_CPU, "cpu.stat", "throttled_time", "cpu.stat",
					  "throttled_usec", 1, 1000 },
	[LIBCT_STAT_MEMORY_CACHE] = { LCT_CG_MEMORY, "memory.stat", "cache", "memory.stat", "file",
				      1, 1 },
	/* v2 counts the times usage hit memory.max as "max" events */
	[LIBCT_STAT_MEMORY_FAILCNT] = { LCT_CG_MEMORY, "memory.failcnt", NULL, "memory.events",
					"max", 1, 1 },
	/* v1's oom_kill line since Linux 4.13 */
	[LIBCT_STAT_MEMORY_OOM_KILLS] = { LCT_CG_MEMORY, "memory.oom_control", "oom_kill",
					  "memory.events", "oom_kill", 1, 1 },
	/* v1 only: v2 has no OOM killer to disable */
	[LIBCT_STAT_MEMORY_UNDER_OOM] = { LCT_CG_MEMORY, "memory.oom_control", "under_oom", NULL,
					  NULL, 1, 1 },
};

/* The number in text: the whole of it, or the value after "key " on a line.
 * "max" is UINT64_MAX. */
static int parse(const char *text, const char *key, uint64_t *ret)
{
	const char *p = text;

	if (key) {
		size_t n = strlen(key);

		for (p = text; p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
			if (strncmp(p, key, n) == 0 && p[n] == ' ')
				break;
		if (!p)
			return -ENOENT;
		p += n + 1;
	}
	if (strncmp(p, "max", 3) == 0) {
		*ret = UINT64_MAX;
		return 0;
	}
	return sscanf(p, "%" SCNu64, ret) == 1 ? 0 : -EINVAL;
}

int lct_cgroup_stat(struct lct_cgroup *cg, enum libct_stat key, uint64_t *ret,
		    struct libct_error *err)
{
	const struct stat_file *f;
	struct lct_cgroup_hier *h;
	_cleanup_free_ char *text = NULL;
	uint64_t v;
	bool v2;
	int r;

	if ((unsigned)key >= LIBCT_STAT__MAX)
		return lct_err_msg(err, -EINVAL, "unknown statistic %d", (int)key);
	f = &table[key];
	/* cpu usage lives with cpu on v2 (cpuacct has no v2 name) */
	h = lct_cgroup_hier_for(cg, f->ctrl);
	if (!h && f->ctrl == LCT_CG_CPUACCT)
		h = lct_cgroup_hier_v2(cg);
	if (!h || !h->dir)
		return lct_err_msg(err, -ENOENT, "no cgroup hierarchy for this statistic");
	v2 = h->version == 2;
	if (!(v2 ? f->v2_file : f->v1_file))
		return lct_err_msg(err, -ENODATA, "no such statistic on cgroup v%d", v2 ? 2 : 1);
	r = lct_cgroup_read(h->dir, v2 ? f->v2_file : f->v1_file, &text, err);
	if (r < 0)
		return r;
	r = parse(text, v2 ? f->v2_key : f->v1_key, &v);
	if (r < 0)
		return lct_err_msg(err, r, "parse '%s/%s'", h->dir, v2 ? f->v2_file : f->v1_file);
	if (v != UINT64_MAX)
		v *= v2 ? f->v2_scale : f->v1_scale;
	*ret = v;
	return 0;
}

uint64_t lct_cgroup_oom_kills(struct lct_cgroup *cg)
{
	uint64_t n;

	return lct_cgroup_stat(cg, LIBCT_STAT_MEMORY_OOM_KILLS, &n, NULL) == 0 && n != UINT64_MAX ?
		       n :
		       0;
}

/* v1: an eventfd the kernel signals on an OOM in the cgroup (and once more
 * when the cgroup goes), registered by writing "<eventfd> <fd of
 * memory.oom_control>" to cgroup.event_control; the registration lives as
 * long as the eventfd. v2: inotify on memory.events, which the kernel
 * touches on every memory event it counts. */
int lct_cgroup_oom_fd(struct lct_cgroup *cg, struct libct_error *err)
{
	struct lct_cgroup_hier *h = lct_cgroup_hier_for(cg, LCT_CG_MEMORY);
	_cleanup_free_ char *path = NULL, *reg = NULL;
	_cleanup_close_ int fd = -EBADF, oom = -EBADF;
	int r;

	if (!h || !h->dir)
		return lct_err_msg(err, -ENOENT, "no cgroup hierarchy has the memory controller");
	path = lct_asprintf("%s/%s", h->dir,
			    h->version == 2 ? "memory.events" : "memory.oom_control");
	if (!path)
		return lct_err(err, -ENOMEM, "watch for OOM events");
	if (h->version == 2) {
		fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
		if (fd < 0)
			return lct_err(err, -errno, "inotify_init1");
		if (inotify_add_watch(fd, path, IN_MODIFY) < 0)
			return lct_err(err, -errno, "watch '%s'", path);
		return TAKE_FD(fd);
	}
	fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (fd < 0)
		return lct_err(err, -errno, "eventfd");
	oom = open(path, O_RDONLY | O_CLOEXEC);
	if (oom < 0)
		return lct_err(err, -errno, "open '%s'", path);
	reg = lct_asprintf("%d %d", fd, oom);
	if (!reg)
		return lct_err(err, -ENOMEM, "watch for OOM events");
	r = lct_cgroup_write(h->dir, "cgroup.event_control", reg, err);
	if (r < 0) {
		lct_err_prefix(err, "register for OOM events of '%s'", h->dir);
		return r;
	}
	return TAKE_FD(fd);
}

static struct libct_io_stat *io_dev(struct libct_io_stat **list, size_t *n, unsigned maj,
				    unsigned min)
{
	struct libct_io_stat *s;

	for (size_t i = 0; i < *n; i++)
		if ((*list)[i].major == maj && (*list)[i].minor == min)
			return &(*list)[i];
	s = lct_array_grow(list, n, sizeof(**list));
	if (s)
		*s = (struct libct_io_stat){ .major = maj, .minor = min };
	return s;
}

/* v1: "MAJ:MIN Read|Write|... N" lines of the throttle files (counted for
 * every policy, unlike the CFQ ones); v2: io.stat "MAJ:MIN rbytes=N ...". */
static int io_parse(const char *text, bool v2, bool ios, struct libct_io_stat **list, size_t *n)
{
	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		unsigned maj, min;
		char op[16];
		uint64_t v;
		struct libct_io_stat *s;
		int used;

		if (sscanf(p, "%u:%u %n", &maj, &min, &used) != 2)
			continue;
		if (!v2) {
			if (sscanf(p + used, "%15s %" SCNu64, op, &v) != 2 ||
			    (strcmp(op, "Read") && strcmp(op, "Write")))
				continue;
			if (!(s = io_dev(list, n, maj, min)))
				return -ENOMEM;
			if (op[0] == 'R')
				*(ios ? &s->read_ios : &s->read_bytes) = v;
			else
				*(ios ? &s->write_ios : &s->write_bytes) = v;
			continue;
		}
		if (!(s = io_dev(list, n, maj, min)))
			return -ENOMEM;
		for (const char *q = p + used; *q && *q != '\n';) {
			char key[16];
			int k;

			if (sscanf(q, "%15[a-z]=%" SCNu64 "%n", key, &v, &k) != 2)
				break;
			if (!strcmp(key, "rbytes"))
				s->read_bytes = v;
			else if (!strcmp(key, "wbytes"))
				s->write_bytes = v;
			else if (!strcmp(key, "rios"))
				s->read_ios = v;
			else if (!strcmp(key, "wios"))
				s->write_ios = v;
			q += k;
			while (*q == ' ')
				q++;
		}
	}
	return 0;
}

int lct_cgroup_io_stats(struct lct_cgroup *cg, struct libct_io_stat **ret, size_t *ret_n,
			struct libct_error *err)
{
	struct lct_cgroup_hier *h = lct_cgroup_hier_for(cg, LCT_CG_BLKIO);
	struct libct_io_stat *list = NULL;
	size_t n = 0;
	int r = 0;

	if (!h || !h->dir)
		return lct_err_msg(err, -ENOENT, "no cgroup hierarchy has the blkio/io controller");
	for (int ios = 0; ios < (h->version == 2 ? 1 : 2) && r == 0; ios++) {
		_cleanup_free_ char *text = NULL;
		const char *file = h->version == 2 ? "io.stat" :
				   ios		   ? "blkio.throttle.io_serviced_recursive" :
						     "blkio.throttle.io_service_bytes_recursive";

		r = lct_cgroup_read(h->dir, file, &text, err);
		if (r == 0 && io_parse(text, h->version == 2, ios, &list, &n) < 0)
			r = lct_err(err, -ENOMEM, "parse '%s'", file);
	}
	if (r < 0) {
		free(list);
		return r;
	}
	*ret = list;
	*ret_n = n;
	return 0;
}
