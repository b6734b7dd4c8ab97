/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Raw cgroup files by controller and name (libct_container_set_cgroup_file),
 * with the v1 names that have a cgroup v2 counterpart translated, values
 * included, where the controller lives in a v2 hierarchy. */
#include <inttypes.h>
#include <stdio.h>

#include "cgroup/cgroup-internal.h"
#include "util/util.h"

/* "-1" (v1's unlimited) as v2's "max"; anything else as given. */
static char *max_or(const char *v)
{
	return strdup(strcmp(v, "-1") == 0 ? "max" : v);
}

static int cpu_max_part(const char *cur, bool period, const char *v, char **ret)
{
	char quota[32] = "max";
	unsigned long long p = 100000;

	if (cur)
		sscanf(cur, "%31s %llu", quota, &p);
	if (period)
		*ret = lct_asprintf("%s %s", quota, v);
	else
		*ret = lct_asprintf("%s %llu", strcmp(v, "-1") == 0 ? "max" : v, p);
	return *ret ? 0 : -ENOMEM;
}

int lct_cgroup_raw_translate(const char *file, const char *value, const char *cpu_max,
			     char **ret_file, char **ret_value, struct libct_error *err)
{
	static const struct {
		const char *v1, *v2;
	} same_value[] = {
		{ "memory.limit_in_bytes", "memory.max" },
		{ "memory.soft_limit_in_bytes", "memory.low" },
		{ "memory.memsw.limit_in_bytes", "memory.swap.max" },
	};
	int64_t n;
	char size[32];

	*ret_file = *ret_value = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(same_value); i++)
		if (strcmp(file, same_value[i].v1) == 0) {
			*ret_file = strdup(same_value[i].v2);
			*ret_value = max_or(value);
			goto done;
		}
	if (strcmp(file, "cpu.shares") == 0 || strcmp(file, "blkio.weight") == 0) {
		bool cpu = file[1] == 'p';

		if (lct_parse_int64(value, &n) < 0 || n < 0)
			return lct_err_msg(err, -EINVAL, "%s: '%s' is not a number", file, value);
		*ret_file = strdup(cpu ? "cpu.weight" : "io.weight");
		*ret_value = lct_asprintf("%" PRIu64, cpu ? lct_cgroup_shares_to_weight((uint64_t)n) :
							  lct_cgroup_blkio_to_io_weight((uint64_t)n));
		goto done;
	}
	if (strcmp(file, "cpu.cfs_quota_us") == 0 || strcmp(file, "cpu.cfs_period_us") == 0) {
		*ret_file = strdup("cpu.max");
		if (cpu_max_part(cpu_max, file[8] == 'p', value, ret_value) < 0)
			goto nomem;
		goto done;
	}
	if (strcmp(file, "freezer.state") == 0) {
		*ret_file = strdup("cgroup.freeze");
		*ret_value = strdup(strcmp(value, "FROZEN") == 0 ? "1" : "0");
		goto done;
	}
	if (sscanf(file, "hugetlb.%31[^.].limit_in_bytes", size) == 1) {
		*ret_file = lct_asprintf("hugetlb.%s.max", size);
		*ret_value = max_or(value);
		goto done;
	}
	/* v2's own names, and files both versions share (pids.max, cpuset.cpus) */
	*ret_file = strdup(file);
	*ret_value = strdup(value);
done:
	if (*ret_file && *ret_value)
		return 0;
nomem:
	free(*ret_file);
	free(*ret_value);
	*ret_file = *ret_value = NULL;
	return lct_err(err, -ENOMEM, "cgroup file '%s'", file);
}

int lct_cgroup_raw_check(const char *controller, const char *file, struct libct_error *err)
{
	if (!file || !*file || strchr(file, '/') || file[0] == '.')
		return lct_err_msg(err, -EINVAL, "cgroup file '%s' is not a file name",
				   file ? file : "");
	if (lct_cgroup_ctrl_from_name(controller) == LCT_CG_NONE)
		return lct_err_msg(err, -EINVAL, "unknown cgroup controller '%s'", controller);
	return 0;
}

/* The hierarchy that holds controller, after the names are checked. */
static int target(struct lct_cgroup *cg, const char *controller, const char *file,
		  struct lct_cgroup_hier **ret, struct libct_error *err)
{
	int r = lct_cgroup_raw_check(controller, file, err);

	if (r < 0)
		return r;
	*ret = lct_cgroup_hier_for(cg, lct_cgroup_ctrl_from_name(controller));
	if (!*ret)
		return lct_err_msg(err, -ENOENT, "no cgroup hierarchy has the '%s' controller",
				   controller);
	return 0;
}

int lct_cgroup_raw_write(struct lct_cgroup *cg, const char *controller, const char *file,
			 const char *value, struct libct_error *err)
{
	_cleanup_free_ char *cur = NULL, *f = NULL, *v = NULL;
	struct lct_cgroup_hier *h;
	int r = target(cg, controller, file, &h, err);

	if (r < 0)
		return r;
	if (h->version == 1)
		return lct_cgroup_write(h->dir, file, value, err);
	if (strncmp(file, "cpu.cfs_", 8) == 0)
		lct_cgroup_read(h->dir, "cpu.max", &cur, NULL);
	r = lct_cgroup_raw_translate(file, value, cur, &f, &v, err);
	if (r == 0 && strcmp(file, "memory.memsw.limit_in_bytes") == 0) {
		/* v1 limits memory+swap, v2 swap alone: take the memory limit off */
		_cleanup_free_ char *mem = NULL;
		int64_t total, m;

		if (lct_parse_int64(value, &total) == 0 && total >= 0 &&
		    lct_cgroup_read(h->dir, "memory.max", &mem, NULL) == 0 &&
		    lct_parse_int64(mem, &m) == 0) {
			free(v);
			v = lct_asprintf("%" PRId64, total > m ? total - m : 0);
			if (!v)
				return lct_err(err, -ENOMEM, "cgroup file '%s'", file);
		}
	}
	return r < 0 ? r : lct_cgroup_write(h->dir, f, v, err);
}

int lct_cgroup_raw_read(struct lct_cgroup *cg, const char *controller, const char *file,
			char **ret, struct libct_error *err)
{
	_cleanup_free_ char *f = NULL, *v = NULL;
	struct lct_cgroup_hier *h;
	int r = target(cg, controller, file, &h, err);

	if (r < 0)
		return r;
	if (h->version == 1)
		return lct_cgroup_read(h->dir, file, ret, err);
	/* the name only: a v2 file reads in its own format */
	r = lct_cgroup_raw_translate(file, "0", NULL, &f, &v, err);
	return r < 0 ? r : lct_cgroup_read(h->dir, f, ret, err);
}

int lct_cgroup_raw_apply(struct lct_cgroup *cg, const struct lct_resources *r,
			 struct libct_error *err)
{
	for (size_t i = 0; i < r->n_raw; i++) {
		int ret = lct_cgroup_raw_write(cg, r->raw[i].controller, r->raw[i].file,
					       r->raw[i].value, err);

		if (ret < 0)
			return ret;
	}
	return 0;
}
