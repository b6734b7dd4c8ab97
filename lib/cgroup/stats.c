/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Usage figures of a container's cgroup: one table, v1 and v2 files. */
#include <inttypes.h>
#include <stdio.h>

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
