/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The formatters of the knob table (knob-table.c): each turns the
 * configuration of its row into (file, value) writes for either version. */
#include <inttypes.h>
#include <stdio.h>

#include "cgroup/cgroup-internal.h"
#include "util/util.h"

const char *lct_cgroup_knob_name(enum lct_cgroup_knob k)
{
	return lct_knob_get(k)->name;
}

enum lct_cgroup_ctrl lct_cgroup_knob_ctrl(enum lct_cgroup_knob k)
{
	return lct_knob_get(k)->ctrl;
}

bool lct_cgroup_knob_active(const struct lct_resources *r, enum lct_cgroup_knob k)
{
	const struct lct_knob *kn = lct_knob_get(k);

	if (kn->active)
		return kn->active(r);
	return kn->res >= 0 && r->set[kn->res];
}

void lct_cgroup_writes_free(struct lct_cgroup_writes *w)
{
	for (size_t i = 0; i < w->n; i++) {
		free(w->w[i].file);
		free(w->w[i].value);
		free(w->w[i].alt_file);
		free(w->w[i].alt_value);
	}
	free(w->w);
	w->w = NULL;
	w->n = 0;
}

/* Append a write (alt_file/alt_value may be NULL). */
static int push(struct lct_cgroup_writes *w, unsigned flags, const char *file, const char *value,
		const char *alt_file, const char *alt_value, struct libct_error *err)
{
	struct lct_cgroup_write *x = lct_array_grow(&w->w, &w->n, sizeof(*w->w));

	if (!x)
		return lct_err(err, -ENOMEM, "cgroup write");
	x->flags = flags;
	x->file = strdup(file);
	x->value = strdup(value);
	x->alt_file = lct_strdup_null(alt_file);
	x->alt_value = lct_strdup_null(alt_value);
	if (!x->file || !x->value || (alt_file && !x->alt_file) || (alt_value && !x->alt_value))
		return lct_err(err, -ENOMEM, "cgroup write");
	return 0;
}

/* A write to pattern's file with its '*' as part. */
static int push_named(struct lct_cgroup_writes *w, const char *pattern, const char *part,
		      const char *value, struct libct_error *err)
{
	_cleanup_free_ char *file = lct_knob_file_name(pattern, part);

	if (!file)
		return lct_err(err, -ENOMEM, "cgroup write");
	return push(w, 0, file, value, NULL, NULL, err);
}

/* The ranges the conversions map onto each other: cpu.shares (the kernel's
 * MIN_SHARES..MAX_SHARES) and blkio.weight (CFQ's) to cpu.weight and
 * io.weight (CGROUP_WEIGHT_MIN..MAX), linearly, as runc and crun convert. */
#define SHARES_MIN 2
#define SHARES_MAX 262144
#define BLKIO_WEIGHT_MIN 10
#define BLKIO_WEIGHT_MAX 1000
#define V2_WEIGHT_MIN 1
#define V2_WEIGHT_MAX 10000

static uint64_t scale(uint64_t v, uint64_t min, uint64_t max)
{
	if (v < min)
		v = min;
	if (v > max)
		v = max;
	return V2_WEIGHT_MIN + ((v - min) * (V2_WEIGHT_MAX - V2_WEIGHT_MIN)) / (max - min);
}

uint64_t lct_cgroup_shares_to_weight(uint64_t shares)
{
	return scale(shares, SHARES_MIN, SHARES_MAX);
}

uint64_t lct_cgroup_blkio_to_io_weight(uint64_t weight)
{
	return scale(weight, BLKIO_WEIGHT_MIN, BLKIO_WEIGHT_MAX);
}

/* A number; -1 reads "max" on v2. */
int lct_knob_fmt_int(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
		     struct lct_cgroup_writes *w, struct libct_error *err)
{
	int64_t v = r->value[kn->res];
	char buf[32];

	if (v2 && v == -1)
		snprintf(buf, sizeof(buf), "max");
	else
		snprintf(buf, sizeof(buf), "%" PRId64, v);
	return push(w, kn->write_flags, v2 ? kn->v2 : kn->v1, buf, NULL, NULL, err);
}

/* v1 memsw is memory+swap; v2 swap.max is swap alone (runc's conversion). */
int lct_knob_fmt_swap(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
		      struct lct_cgroup_writes *w, struct libct_error *err)
{
	int64_t mem = r->set[LIBCT_MEMORY_LIMIT] ? r->value[LIBCT_MEMORY_LIMIT] : 0;
	int64_t swap = r->set[LIBCT_MEMORY_SWAP] ? r->value[LIBCT_MEMORY_SWAP] : 0;
	/* implied by memory -1: only where the kernel accounts swap */
	unsigned flags = r->set[LIBCT_MEMORY_SWAP] ? 0 : LCT_CGW_OPTIONAL;
	char buf[32];

	if (!r->set[LIBCT_MEMORY_SWAP])
		swap = -1;
	if (!v2) {
		snprintf(buf, sizeof(buf), "%" PRId64, swap);
		return push(w, flags, kn->v1, buf, NULL, NULL, err);
	}
	if (swap == 0)
		return 0; /* 0 is "unset" for runc */
	if (swap != -1) {
		if (mem == 0 || mem == -1)
			return lct_err_msg(err, -EINVAL,
					   "memory swap: cannot set a swap limit "
					   "without a memory limit on cgroup v2");
		if (swap < mem)
			return lct_err_msg(err, -EINVAL,
					   "memory swap %" PRId64 " must be at least "
					   "the memory limit %" PRId64,
					   swap, mem);
		swap -= mem;
	}
	if (swap == -1)
		snprintf(buf, sizeof(buf), "max");
	else
		snprintf(buf, sizeof(buf), "%" PRId64, swap);
	return push(w, flags, kn->v2, buf, NULL, NULL, err);
}

/* A weight: 0 is unset; v2's scale through the row's to_v2. */
int lct_knob_fmt_weight(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
			struct lct_cgroup_writes *w, struct libct_error *err)
{
	int64_t v = r->value[kn->res];
	char buf[32];

	if (v == 0)
		return 0; /* unset */
	snprintf(buf, sizeof(buf), "%" PRIu64, v2 ? kn->to_v2((uint64_t)v) : (uint64_t)v);
	return push(w, 0, v2 ? kn->v2 : kn->v1, buf, NULL, NULL, err);
}

/* v1 writes the period on its own (before the quota, by table order); v2
 * has one file, cpu.max, written with the quota when there is one. */
int lct_knob_fmt_period(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
			struct lct_cgroup_writes *w, struct libct_error *err)
{
	char buf[48];

	if (!v2)
		return lct_knob_fmt_int(kn, r, v2, w, err);
	if (r->set[LIBCT_CPU_QUOTA] || r->value[kn->res] == 0)
		return 0;
	snprintf(buf, sizeof(buf), "max %" PRId64, r->value[kn->res]);
	return push(w, 0, kn->v2, buf, NULL, NULL, err);
}

int lct_knob_fmt_quota(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
		       struct lct_cgroup_writes *w, struct libct_error *err)
{
	int64_t q = r->value[kn->res], p = r->value[LIBCT_CPU_PERIOD];
	char buf[64];
	int n;

	if (!v2)
		return lct_knob_fmt_int(kn, r, v2, w, err);
	if (q > 0)
		n = snprintf(buf, sizeof(buf), "%" PRId64, q);
	else
		n = snprintf(buf, sizeof(buf), "max");
	if (r->set[LIBCT_CPU_PERIOD] && p > 0)
		snprintf(buf + n, sizeof(buf) - n, " %" PRId64, p);
	return push(w, 0, kn->v2, buf, NULL, NULL, err);
}

int lct_knob_fmt_pids(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
		      struct lct_cgroup_writes *w, struct libct_error *err)
{
	int64_t v = r->value[kn->res];
	char buf[32];

	if (v <= 0)
		snprintf(buf, sizeof(buf), "max");
	else
		snprintf(buf, sizeof(buf), "%" PRId64, v);
	return push(w, 0, v2 ? kn->v2 : kn->v1, buf, NULL, NULL, err);
}

int lct_knob_fmt_cpuset_cpus(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
			     struct lct_cgroup_writes *w, struct libct_error *err)
{
	return push(w, 0, v2 ? kn->v2 : kn->v1, r->cpuset_cpus, NULL, NULL, err);
}

int lct_knob_fmt_cpuset_mems(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
			     struct lct_cgroup_writes *w, struct libct_error *err)
{
	return push(w, 0, v2 ? kn->v2 : kn->v1, r->cpuset_mems, NULL, NULL, err);
}

/* v1: blkio.weight, else bfq's; v2: io.bfq.weight (same scale), else io.weight. */
int lct_knob_fmt_blkio_weight(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
			      struct lct_cgroup_writes *w, struct libct_error *err)
{
	int64_t v = r->value[kn->res];
	char buf[32], conv[32];

	if (v == 0)
		return 0; /* unset */
	snprintf(buf, sizeof(buf), "%" PRId64, v);
	if (!v2)
		return push(w, 0, kn->v1, buf, "blkio.bfq.weight", buf, err);
	snprintf(conv, sizeof(conv), "%" PRIu64, kn->to_v2((uint64_t)v));
	return push(w, 0, kn->v2, buf, "io.weight", conv, err);
}

int lct_knob_fmt_weight_device(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
			       struct lct_cgroup_writes *w, struct libct_error *err)
{
	char buf[96], conv[96];
	int ret;

	for (size_t i = 0; i < r->n_weight_dev; i++) {
		const struct lct_blkio_dev *d = &r->weight_dev[i];

		if (d->value) {
			snprintf(buf, sizeof(buf), "%" PRId64 ":%" PRId64 " %" PRIu64, d->major,
				 d->minor, d->value);
			snprintf(conv, sizeof(conv), "%" PRId64 ":%" PRId64 " %" PRIu64, d->major,
				 d->minor, kn->to_v2(d->value));
			ret = v2 ? push(w, 0, kn->v2, buf, "io.weight", conv, err) :
				   push(w, 0, kn->v1, buf, "blkio.bfq.weight_device", buf, err);
			if (ret < 0)
				return ret;
		}
		if (d->leaf_weight && !v2) {
			snprintf(buf, sizeof(buf), "%" PRId64 ":%" PRId64 " %u", d->major, d->minor,
				 d->leaf_weight);
			ret = push(w, 0, "blkio.leaf_weight_device", buf, NULL, NULL, err);
			if (ret < 0)
				return ret;
		}
	}
	return 0;
}

/* the '*' of the row's v1 file, by enum libct_blkio_throttle */
static const char *const throttle_v1[4] = { "read_bps", "write_bps", "read_iops", "write_iops" };
static const char *const throttle_v2[4] = { "rbps", "wbps", "riops", "wiops" };

/* v2: one io.max line per device with every limit given for it. */
static int io_max_line(const struct lct_resources *r, int64_t major, int64_t minor,
		       struct lct_cgroup_writes *w, const char *file, struct libct_error *err)
{
	char buf[256];
	int n = snprintf(buf, sizeof(buf), "%" PRId64 ":%" PRId64, major, minor);

	for (int kind = 0; kind < 4; kind++)
		for (size_t i = 0; i < r->n_throttle[kind]; i++) {
			const struct lct_blkio_dev *d = &r->throttle[kind][i];

			if (d->major == major && d->minor == minor)
				n += snprintf(buf + n, sizeof(buf) - n, " %s=%" PRIu64,
					      throttle_v2[kind], d->value);
		}
	return push(w, 0, file, buf, NULL, NULL, err);
}

static bool seen_before(const struct lct_resources *r, int kind, size_t idx)
{
	const struct lct_blkio_dev *d = &r->throttle[kind][idx];

	for (int k = 0; k <= kind; k++)
		for (size_t i = 0; i < (k == kind ? idx : r->n_throttle[k]); i++) {
			const struct lct_blkio_dev *o = &r->throttle[k][i];

			if (o->major == d->major && o->minor == d->minor)
				return true;
		}
	return false;
}

int lct_knob_fmt_throttle(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
			  struct lct_cgroup_writes *w, struct libct_error *err)
{
	char buf[96];
	int ret = 0;

	for (int kind = 0; kind < 4 && ret == 0; kind++)
		for (size_t i = 0; i < r->n_throttle[kind] && ret == 0; i++) {
			const struct lct_blkio_dev *d = &r->throttle[kind][i];

			if (v2) {
				if (!seen_before(r, kind, i))
					ret = io_max_line(r, d->major, d->minor, w, kn->v2, err);
				continue;
			}
			snprintf(buf, sizeof(buf), "%" PRId64 ":%" PRId64 " %" PRIu64, d->major,
				 d->minor, d->value);
			ret = push_named(w, kn->v1, throttle_v1[kind], buf, err);
		}
	return ret;
}

int lct_knob_fmt_hugetlb(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
			 struct lct_cgroup_writes *w, struct libct_error *err)
{
	int ret;

	for (size_t i = 0; i < r->n_hugetlb; i++) {
		ret = push_named(w, v2 ? kn->v2 : kn->v1, r->hugetlb[i].key, r->hugetlb[i].value,
				 err);
		if (ret < 0)
			return ret;
	}
	return 0;
}

int lct_knob_fmt_rdma(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
		      struct lct_cgroup_writes *w, struct libct_error *err)
{
	char line[256];
	int ret;

	for (size_t i = 0; i < r->n_rdma; i++) {
		snprintf(line, sizeof(line), "%s %s", r->rdma[i].key, r->rdma[i].value);
		ret = push(w, 0, v2 ? kn->v2 : kn->v1, line, NULL, NULL, err);
		if (ret < 0)
			return ret;
	}
	return 0;
}

int lct_knob_fmt_net_prio(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
			  struct lct_cgroup_writes *w, struct libct_error *err)
{
	char buf[64];
	int ret;

	for (size_t i = 0; i < r->n_net_prio; i++) {
		snprintf(buf, sizeof(buf), "%s %s", r->net_prio[i].key, r->net_prio[i].value);
		ret = push(w, 0, kn->v1, buf, NULL, NULL, err);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/* Allowed after the user's rules whatever the configuration, as runc and crun do. */
const struct lct_device_rule lct_cgroup_default_dev_rules[] = {
	{ true, 'c', -1, -1, "m" },    { true, 'b', -1, -1, "m" },
	{ true, 'c', 1, 3, "rwm" },    /* null */
	{ true, 'c', 1, 5, "rwm" },    /* zero */
	{ true, 'c', 1, 7, "rwm" },    /* full */
	{ true, 'c', 5, 0, "rwm" },    /* tty */
	{ true, 'c', 1, 8, "rwm" },    /* random */
	{ true, 'c', 1, 9, "rwm" },    /* urandom */
	{ true, 'c', 5, 1, "rwm" },    /* console */
	{ true, 'c', 5, 2, "rwm" },    /* ptmx */
	{ true, 'c', 136, -1, "rwm" }, /* pts */
	{ true, 'c', 10, 200, "rwm" }, /* tun */
};
const size_t lct_cgroup_n_default_dev_rules = ARRAY_SIZE(lct_cgroup_default_dev_rules);

static int push_rule(struct lct_cgroup_writes *w, const struct lct_device_rule *d,
		     struct libct_error *err)
{
	char maj[24] = "*", min[24] = "*", buf[80];

	if (d->major >= 0)
		snprintf(maj, sizeof(maj), "%" PRId64, d->major);
	if (d->minor >= 0)
		snprintf(min, sizeof(min), "%" PRId64, d->minor);
	snprintf(buf, sizeof(buf), "%c %s:%s %s", d->type, maj, min,
		 *d->access ? d->access : "rwm");
	return push(w, 0, d->allow ? "devices.allow" : "devices.deny", buf, NULL, NULL, err);
}

/* v1: deny everything, then the user's rules in order, then the defaults. */
int lct_knob_fmt_devices(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
			 struct lct_cgroup_writes *w, struct libct_error *err)
{
	int ret = push(w, 0, "devices.deny", "a", NULL, NULL, err);

	for (size_t i = 0; i < r->n_dev_rules && ret == 0; i++)
		ret = push_rule(w, &r->dev_rules[i], err);
	for (size_t i = 0; i < lct_cgroup_n_default_dev_rules && ret == 0; i++)
		ret = push_rule(w, &lct_cgroup_default_dev_rules[i], err);
	return ret;
}

int lct_cgroup_unified_key_check(const char *key, struct libct_error *err)
{
	if (!key || !*key || strchr(key, '/') || strstr(key, "..") || strpbrk(key, "\t\n|"))
		return lct_err_msg(err, -EINVAL, "unified resources: invalid cgroup file name '%s'",
				   key ? key : "");
	return 0;
}

int lct_knob_fmt_unified(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
			 struct lct_cgroup_writes *w, struct libct_error *err)
{
	int ret;

	for (size_t i = 0; i < r->n_unified; i++) {
		ret = lct_cgroup_unified_key_check(r->unified[i].key, err);
		if (ret < 0)
			return ret;
		ret = push(w, 0, r->unified[i].key, r->unified[i].value ? r->unified[i].value : "",
			   NULL, NULL, err);
		if (ret < 0)
			return ret;
	}
	return 0;
}

int lct_cgroup_knob_writes(const struct lct_resources *r, enum lct_cgroup_knob k, bool v2,
			   struct lct_cgroup_writes *out, struct libct_error *err)
{
	const struct lct_knob *kn = lct_knob_get(k);
	int ret;

	if (!kn)
		return lct_err_msg(err, -EINVAL, "unknown cgroup knob %d", (int)k);
	*out = (struct lct_cgroup_writes){ NULL, 0 };
	if (!(v2 ? kn->v2 : kn->v1)) {
		if (kn->missing_err)
			return lct_err_msg(err, -EOPNOTSUPP, "%s", kn->missing_err);
		return 1;
	}
	if (!kn->fmt)
		return 1; /* a row for raw files only */
	ret = kn->fmt(kn, r, v2, out, err);
	if (ret < 0)
		lct_cgroup_writes_free(out);
	return ret;
}
