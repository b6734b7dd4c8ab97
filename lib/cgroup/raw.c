/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Raw cgroup files by controller and name (libct_container_set_cgroup_file),
 * with the v1 names that have a cgroup v2 counterpart translated, values
 * included, where the controller lives in a v2 hierarchy: the knob table's
 * raw columns say which and how (knob-table.c). */
#include <inttypes.h>
#include <stdio.h>

#include "cgroup/cgroup-internal.h"
#include "util/util.h"

/* "-1" (v1's unlimited) as v2's "max"; anything else as given. */
static char *max_or(const char *v)
{
	return strdup(strcmp(v, "-1") == 0 ? "max" : v);
}

/* The default cpu.cfs_period_us, when cpu.max could not be read. */
#define CPU_PERIOD_DEFAULT_US 100000ULL

/* One half of cpu.max ("QUOTA PERIOD") set to v, the other from cur. */
static char *cpu_max_part(const char *cur, bool period, const char *v)
{
	char quota[32] = "max";
	unsigned long long p = CPU_PERIOD_DEFAULT_US;

	if (cur)
		sscanf(cur, "%31s %llu", quota, &p);
	if (period)
		return lct_asprintf("%s %s", quota, v);
	return lct_asprintf("%s %llu", strcmp(v, "-1") == 0 ? "max" : v, p);
}

/* v1 memsw is memory+swap, v2 swap.max swap alone: the memory limit (mem,
 * the current memory.max) is taken off when both are numbers. */
static char *swap_alone(const char *value, const char *mem)
{
	int64_t total, m;

	if (mem && lct_parse_int64(value, &total) == 0 && total >= 0 &&
	    lct_parse_int64(mem, &m) == 0)
		return lct_asprintf("%" PRId64, total > m ? total - m : 0);
	return max_or(value);
}

/* value of kn's v1 file as v2 wants it in kn->raw_v2. */
static int raw_value(const struct lct_knob *kn, const char *file, const char *value,
		     const char *with, char **ret, struct libct_error *err)
{
	int64_t n;

	switch (kn->raw) {
	case LCT_RAW_MAX:
		*ret = max_or(value);
		break;
	case LCT_RAW_CONVERT:
		if (lct_parse_int64(value, &n) < 0 || n < 0)
			return lct_err_msg(err, -EINVAL, "%s: '%s' is not a number", file, value);
		*ret = lct_asprintf("%" PRIu64, kn->to_v2((uint64_t)n));
		break;
	case LCT_RAW_SWAP:
		*ret = swap_alone(value, with);
		break;
	case LCT_RAW_CPU_QUOTA:
	case LCT_RAW_CPU_PERIOD:
		*ret = cpu_max_part(with, kn->raw == LCT_RAW_CPU_PERIOD, value);
		break;
	case LCT_RAW_FREEZE:
		*ret = strdup(strcmp(value, "FROZEN") == 0 ? "1" : "0");
		break;
	case LCT_RAW_NONE:
		*ret = strdup(value);
		break;
	}
	return 0;
}

/* The row that translates raw file, NULL when the name is kept as it is. */
static const struct lct_knob *raw_row(const char *file, char *part, size_t part_len)
{
	const struct lct_knob *kn = lct_knob_of_v1_file(file, part, part_len);

	return kn && kn->raw != LCT_RAW_NONE ? kn : NULL;
}

int lct_cgroup_raw_translate(const char *file, const char *value, const char *with, char **ret_file,
			     char **ret_value, struct libct_error *err)
{
	char part[64];
	const struct lct_knob *kn = raw_row(file, part, sizeof(part));
	int r;

	*ret_file = *ret_value = NULL;
	if (kn) {
		r = raw_value(kn, file, value, with, ret_value, err);
		if (r < 0)
			return r;
		*ret_file = lct_knob_file_name(kn->raw_v2, part);
	} else {
		/* v2's own names, and files both versions share (pids.max, cpuset.cpus) */
		*ret_file = strdup(file);
		*ret_value = strdup(value);
	}
	if (*ret_file && *ret_value)
		return 0;
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
	_cleanup_free_ char *with = NULL, *f = NULL, *v = NULL;
	const struct lct_knob *kn;
	struct lct_cgroup_hier *h;
	int r = target(cg, controller, file, &h, err);

	if (r < 0)
		return r;
	if (h->version == 1)
		return lct_cgroup_write(h->dir, file, value, err);
	/* the v2 file the value combines with, when it can be read */
	kn = raw_row(file, NULL, 0);
	if (kn && kn->raw_with)
		lct_cgroup_read(h->dir, kn->raw_with, &with, NULL);
	r = lct_cgroup_raw_translate(file, value, with, &f, &v, err);
	return r < 0 ? r : lct_cgroup_write(h->dir, f, v, err);
}

int lct_cgroup_raw_read(struct lct_cgroup *cg, const char *controller, const char *file, char **ret,
			struct libct_error *err)
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
