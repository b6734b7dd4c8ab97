/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The container's limits as systemd unit properties (StartTransientUnit,
 * SetUnitProperties), converted as runc does; and the
 * org.systemd.property.NAME annotations passed through. A limit with no
 * property here is still written as a file in the delegated scope. */
#include <stdio.h>

#include "cgroup/cgroup-internal.h"
#include "cgroup/systemd.h"
#include "util/util.h"

#define INFINITY_U64 UINT64_MAX
#define ANNOTATION_PREFIX "org.systemd.property."
#define DEFAULT_PERIOD_US 100000

static bool has(const struct lct_resources *r, enum libct_resource k)
{
	return r->set[k];
}

/* A weight in the cgroup v2 scale systemd takes, by the knob's conversion. */
static uint64_t v2_value(const struct lct_resources *r, enum libct_resource k)
{
	return lct_knob_of_resource(k)->to_v2((uint64_t)r->value[k]);
}

/* -1 (and below) is unlimited: systemd's infinity. */
static uint64_t limit(int64_t v)
{
	return v < 0 ? INFINITY_U64 : (uint64_t)v;
}

static int add_u64(struct lct_systemd *sd, sd_bus_message *m, const char *name, uint64_t v)
{
	return sd->append(m, "(sv)", name, "t", v);
}

/* "0-3,8" -> a bit mask, bit i in byte i / 8 (systemd's AllowedCPUs). */
static int cpu_mask(const char *list, uint8_t **ret, size_t *ret_n)
{
	_cleanup_free_ uint8_t *mask = NULL;
	size_t n = 0;
	const char *p = list;

	while (*p) {
		char *end;
		unsigned long a = strtoul(p, &end, 10), b = a;

		if (end == p)
			return -EINVAL;
		p = end;
		if (*p == '-') {
			b = strtoul(p + 1, &end, 10);
			if (end == p + 1 || b < a)
				return -EINVAL;
			p = end;
		}
		if (b >= 8192)
			return -EINVAL;
		if (b / 8 + 1 > n) {
			uint8_t *x = realloc(mask, b / 8 + 1);

			if (!x)
				return -ENOMEM;
			memset(x + n, 0, b / 8 + 1 - n);
			mask = x;
			n = b / 8 + 1;
		}
		for (unsigned long i = a; i <= b; i++)
			mask[i / 8] |= 1u << (i % 8);
		if (*p == ',')
			p++;
		else if (*p)
			return -EINVAL;
	}
	*ret = TAKE_PTR(mask);
	*ret_n = n;
	return 0;
}

static int add_mask(struct lct_systemd *sd, sd_bus_message *m, const char *name, const char *list,
		    struct libct_error *err)
{
	_cleanup_free_ uint8_t *mask = NULL;
	size_t n = 0;
	int r = cpu_mask(list, &mask, &n);

	if (r < 0)
		return lct_err_msg(err, r,
				   "systemd cgroup driver: %s '%s' is not a list like "
				   "'0-3,8'",
				   name, list);
	r = sd->open_container(m, 'r', "sv");
	if (r >= 0)
		r = sd->append(m, "s", name);
	if (r >= 0)
		r = sd->open_container(m, 'v', "ay");
	if (r >= 0)
		r = sd->append_array(m, 'y', mask ? mask : (uint8_t *)"", n);
	if (r >= 0)
		r = sd->close_container(m);
	if (r >= 0)
		r = sd->close_container(m);
	return r < 0 ? lct_err(err, r, "systemd cgroup driver: property %s", name) : 0;
}

/* CPUQuotaPerSecUSec from quota/period, rounded up to systemd's 10 ms steps. */
static uint64_t quota_per_sec(int64_t quota, int64_t period)
{
	uint64_t v;

	if (quota < 0)
		return INFINITY_U64;
	if (period <= 0)
		period = DEFAULT_PERIOD_US;
	v = (uint64_t)quota * 1000000 / (uint64_t)period;
	if (v % 10000)
		v = (v / 10000 + 1) * 10000;
	return v;
}

int lct_systemd_props_resources(struct lct_systemd *sd, sd_bus_message *m,
				const struct lct_resources *r, struct libct_error *err)
{
	const int64_t *v = r->value;
	int ret = 0;

	if (has(r, LIBCT_MEMORY_LIMIT))
		ret = add_u64(sd, m, "MemoryMax", limit(v[LIBCT_MEMORY_LIMIT]));
	if (ret >= 0 && has(r, LIBCT_MEMORY_RESERVATION))
		ret = add_u64(sd, m, "MemoryLow", limit(v[LIBCT_MEMORY_RESERVATION]));
	/* OCI's swap is memory+swap: systemd's MemorySwapMax is swap alone */
	if (ret >= 0 && has(r, LIBCT_MEMORY_SWAP) && v[LIBCT_MEMORY_SWAP] < 0)
		ret = add_u64(sd, m, "MemorySwapMax", INFINITY_U64);
	else if (ret >= 0 && has(r, LIBCT_MEMORY_SWAP) && has(r, LIBCT_MEMORY_LIMIT) &&
		 v[LIBCT_MEMORY_LIMIT] >= 0 && v[LIBCT_MEMORY_SWAP] >= v[LIBCT_MEMORY_LIMIT])
		ret = add_u64(sd, m, "MemorySwapMax",
			      (uint64_t)(v[LIBCT_MEMORY_SWAP] - v[LIBCT_MEMORY_LIMIT]));
	if (ret >= 0 && has(r, LIBCT_CPU_SHARES) && v[LIBCT_CPU_SHARES] > 0)
		ret = add_u64(sd, m, "CPUWeight", v2_value(r, LIBCT_CPU_SHARES));
	if (ret >= 0 && has(r, LIBCT_CPU_PERIOD) && v[LIBCT_CPU_PERIOD] > 0)
		ret = add_u64(sd, m, "CPUQuotaPeriodUSec", (uint64_t)v[LIBCT_CPU_PERIOD]);
	if (ret >= 0 && has(r, LIBCT_CPU_QUOTA))
		ret = add_u64(sd, m, "CPUQuotaPerSecUSec",
			      quota_per_sec(v[LIBCT_CPU_QUOTA],
					    has(r, LIBCT_CPU_PERIOD) ? v[LIBCT_CPU_PERIOD] : 0));
	if (ret >= 0 && has(r, LIBCT_PIDS_LIMIT))
		ret = add_u64(sd, m, "TasksMax",
			      v[LIBCT_PIDS_LIMIT] <= 0 ? INFINITY_U64 :
							 (uint64_t)v[LIBCT_PIDS_LIMIT]);
	if (ret >= 0 && has(r, LIBCT_BLKIO_WEIGHT) && v[LIBCT_BLKIO_WEIGHT] > 0)
		ret = add_u64(sd, m, "IOWeight", v2_value(r, LIBCT_BLKIO_WEIGHT));
	if (ret < 0)
		return lct_err(err, ret, "systemd cgroup driver: build the unit properties");
	if (r->cpuset_cpus && *r->cpuset_cpus &&
	    (ret = add_mask(sd, m, "AllowedCPUs", r->cpuset_cpus, err)) < 0)
		return ret;
	if (r->cpuset_mems && *r->cpuset_mems &&
	    (ret = add_mask(sd, m, "AllowedMemoryNodes", r->cpuset_mems, err)) < 0)
		return ret;
	return 0;
}

/* One annotation value in GVariant text, appended as property name;
 * -EBADMSG when the value is not in a form understood here. */
static int add_annotation(struct lct_systemd *sd, sd_bus_message *m, const char *name,
			  const char *value)
{
	size_t len = strlen(value);
	const char *num = NULL;
	char type = 't';
	int64_t n;

	if (strcmp(value, "true") == 0 || strcmp(value, "false") == 0)
		return sd->append(m, "(sv)", name, "b", (int)(value[0] == 't'));
	if (len >= 2 && (value[0] == '\'' || value[0] == '"') && value[len - 1] == value[0]) {
		_cleanup_free_ char *s = strndup(value + 1, len - 2);

		return s ? sd->append(m, "(sv)", name, "s", s) : -ENOMEM;
	}
	if (strncmp(value, "uint64 ", 7) == 0)
		num = value + 7;
	else if (strncmp(value, "int64 ", 6) == 0)
		num = value + 6, type = 'x';
	else if (strncmp(value, "uint32 ", 7) == 0)
		num = value + 7, type = 'u';
	else
		num = value;
	if (lct_parse_int64(num, &n) < 0 || (type != 'x' && n < 0) ||
	    (type == 'u' && n > UINT32_MAX))
		return -EBADMSG;
	if (type == 'u')
		return sd->append(m, "(sv)", name, "u", (uint32_t)n);
	if (type == 'x')
		return sd->append(m, "(sv)", name, "x", n);
	return sd->append(m, "(sv)", name, "t", (uint64_t)n);
}

int lct_systemd_props_annotations(struct lct_systemd *sd, sd_bus_message *m, char *const *kv,
				  struct libct_error *err)
{
	for (size_t i = 0; kv && kv[i] && kv[i + 1]; i += 2) {
		const char *name = kv[i] + strlen(ANNOTATION_PREFIX);
		int r;

		if (strncmp(kv[i], ANNOTATION_PREFIX, strlen(ANNOTATION_PREFIX)) != 0)
			continue;
		if (!*name || strchr(name, '.'))
			return lct_err_msg(err, -EINVAL,
					   "systemd cgroup driver: annotation '%s' "
					   "names no property",
					   kv[i]);
		r = add_annotation(sd, m, name, kv[i + 1]);
		if (r == -EBADMSG)
			return lct_err_msg(err, -EINVAL,
					   "systemd cgroup driver: annotation '%s' "
					   "value '%s' is not true, false, a number ('uint64 N') "
					   "or a quoted string",
					   kv[i], kv[i + 1]);
		if (r < 0)
			return lct_err(err, r, "systemd cgroup driver: annotation '%s'", kv[i]);
	}
	return 0;
}
