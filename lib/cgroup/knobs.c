/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The one table that maps typed resources to cgroup files: a row per knob
 * with its controller, its v1 and v2 file and a formatter that turns the
 * configuration into (file, value) writes for either version. */
#include <inttypes.h>
#include <stdio.h>

#include "cgroup/cgroup-internal.h"
#include "util/util.h"

struct knob;
typedef int (*fmt_fn)(enum lct_cgroup_knob k, const struct knob *kn, const struct lct_resources *r,
		      bool v2, struct lct_cgroup_writes *w, struct libct_error *err);

struct knob {
	const char *name; /* in messages */
	enum lct_cgroup_ctrl ctrl;
	int res;                   /* enum libct_resource of scalar knobs, else -1 */
	const char *v1, *v2;       /* main file; NULL: none on that version */
	fmt_fn fmt;
	unsigned flags;            /* LCT_CGW_* given to the writes */
	const char *missing_err;   /* NULL: a knob with no file on a version is ignored */
};

static int fmt_int(enum lct_cgroup_knob, const struct knob *, const struct lct_resources *, bool,
		   struct lct_cgroup_writes *, struct libct_error *);
static int fmt_swap(enum lct_cgroup_knob, const struct knob *, const struct lct_resources *, bool,
		    struct lct_cgroup_writes *, struct libct_error *);
static int fmt_shares(enum lct_cgroup_knob, const struct knob *, const struct lct_resources *,
		      bool, struct lct_cgroup_writes *, struct libct_error *);
static int fmt_period(enum lct_cgroup_knob, const struct knob *, const struct lct_resources *,
		      bool, struct lct_cgroup_writes *, struct libct_error *);
static int fmt_quota(enum lct_cgroup_knob, const struct knob *, const struct lct_resources *, bool,
		     struct lct_cgroup_writes *, struct libct_error *);
static int fmt_pids(enum lct_cgroup_knob, const struct knob *, const struct lct_resources *, bool,
		    struct lct_cgroup_writes *, struct libct_error *);
static int fmt_cpuset(enum lct_cgroup_knob, const struct knob *, const struct lct_resources *,
		      bool, struct lct_cgroup_writes *, struct libct_error *);
static int fmt_weight(enum lct_cgroup_knob, const struct knob *, const struct lct_resources *,
		      bool, struct lct_cgroup_writes *, struct libct_error *);
static int fmt_weight_dev(enum lct_cgroup_knob, const struct knob *, const struct lct_resources *,
			  bool, struct lct_cgroup_writes *, struct libct_error *);
static int fmt_throttle(enum lct_cgroup_knob, const struct knob *, const struct lct_resources *,
			bool, struct lct_cgroup_writes *, struct libct_error *);
static int fmt_hugetlb(enum lct_cgroup_knob, const struct knob *, const struct lct_resources *,
		       bool, struct lct_cgroup_writes *, struct libct_error *);
static int fmt_net_prio(enum lct_cgroup_knob, const struct knob *, const struct lct_resources *,
			bool, struct lct_cgroup_writes *, struct libct_error *);
static int fmt_devices(enum lct_cgroup_knob, const struct knob *, const struct lct_resources *,
		       bool, struct lct_cgroup_writes *, struct libct_error *);
static int fmt_rdma(enum lct_cgroup_knob, const struct knob *, const struct lct_resources *,
		    bool, struct lct_cgroup_writes *, struct libct_error *);
static int fmt_unified(enum lct_cgroup_knob, const struct knob *, const struct lct_resources *,
		       bool, struct lct_cgroup_writes *, struct libct_error *);

#define DEPR LCT_CGW_DEPRECATED

/* clang-format off */
static const struct knob knobs[LCT_KNOB__MAX] = {
	[LCT_KNOB_MEMORY_USE_HIERARCHY] = { "memory use_hierarchy", LCT_CG_MEMORY,
		LIBCT_MEMORY_USE_HIERARCHY, "memory.use_hierarchy", NULL, fmt_int },
	[LCT_KNOB_MEMORY_LIMIT] = { "memory limit", LCT_CG_MEMORY, LIBCT_MEMORY_LIMIT,
		"memory.limit_in_bytes", "memory.max", fmt_int },
	[LCT_KNOB_MEMORY_SWAP] = { "memory swap", LCT_CG_MEMORY, LIBCT_MEMORY_SWAP,
		"memory.memsw.limit_in_bytes", "memory.swap.max", fmt_swap },
	[LCT_KNOB_MEMORY_RESERVATION] = { "memory reservation", LCT_CG_MEMORY,
		LIBCT_MEMORY_RESERVATION, "memory.soft_limit_in_bytes", "memory.low", fmt_int },
	[LCT_KNOB_MEMORY_SWAPPINESS] = { "memory swappiness", LCT_CG_MEMORY,
		LIBCT_MEMORY_SWAPPINESS, "memory.swappiness", NULL, fmt_int },
	[LCT_KNOB_MEMORY_OOM_KILL_DISABLE] = { "disable OOM killer", LCT_CG_MEMORY,
		LIBCT_MEMORY_DISABLE_OOM_KILLER, "memory.oom_control", NULL, fmt_int },
	[LCT_KNOB_MEMORY_KERNEL] = { "kernel memory limit", LCT_CG_MEMORY, LIBCT_MEMORY_KERNEL,
		"memory.kmem.limit_in_bytes", NULL, fmt_int, DEPR },
	[LCT_KNOB_MEMORY_KERNEL_TCP] = { "kernel TCP memory limit", LCT_CG_MEMORY,
		LIBCT_MEMORY_KERNEL_TCP, "memory.kmem.tcp.limit_in_bytes", NULL, fmt_int, DEPR,
		"linux.resources.memory.kernelTCP is not supported on cgroup v2" },
	[LCT_KNOB_CPU_SHARES] = { "cpu shares", LCT_CG_CPU, LIBCT_CPU_SHARES,
		"cpu.shares", "cpu.weight", fmt_shares },
	[LCT_KNOB_CPU_PERIOD] = { "cpu period", LCT_CG_CPU, LIBCT_CPU_PERIOD,
		"cpu.cfs_period_us", "cpu.max", fmt_period },
	[LCT_KNOB_CPU_QUOTA] = { "cpu quota", LCT_CG_CPU, LIBCT_CPU_QUOTA,
		"cpu.cfs_quota_us", "cpu.max", fmt_quota },
	[LCT_KNOB_CPU_BURST] = { "cpu burst", LCT_CG_CPU, LIBCT_CPU_BURST,
		"cpu.cfs_burst_us", "cpu.max.burst", fmt_int },
	[LCT_KNOB_CPU_RT_PERIOD] = { "cpu realtime period", LCT_CG_CPU, LIBCT_CPU_RT_PERIOD,
		"cpu.rt_period_us", NULL, fmt_int },
	[LCT_KNOB_CPU_RT_RUNTIME] = { "cpu realtime runtime", LCT_CG_CPU, LIBCT_CPU_RT_RUNTIME,
		"cpu.rt_runtime_us", NULL, fmt_int },
	[LCT_KNOB_CPU_IDLE] = { "cpu idle", LCT_CG_CPU, LIBCT_CPU_IDLE,
		"cpu.idle", "cpu.idle", fmt_int },
	[LCT_KNOB_CPUSET_CPUS] = { "cpuset cpus", LCT_CG_CPUSET, -1,
		"cpuset.cpus", "cpuset.cpus", fmt_cpuset },
	[LCT_KNOB_CPUSET_MEMS] = { "cpuset mems", LCT_CG_CPUSET, -1,
		"cpuset.mems", "cpuset.mems", fmt_cpuset },
	[LCT_KNOB_PIDS_LIMIT] = { "pids limit", LCT_CG_PIDS, LIBCT_PIDS_LIMIT,
		"pids.max", "pids.max", fmt_pids },
	[LCT_KNOB_BLKIO_WEIGHT] = { "blkio weight", LCT_CG_BLKIO, LIBCT_BLKIO_WEIGHT,
		"blkio.weight", "io.bfq.weight", fmt_weight },
	[LCT_KNOB_BLKIO_LEAF_WEIGHT] = { "blkio leaf weight", LCT_CG_BLKIO,
		LIBCT_BLKIO_LEAF_WEIGHT, "blkio.leaf_weight", NULL, fmt_int, 0,
		"linux.resources.blockIO.leafWeight is not supported on cgroup v2" },
	[LCT_KNOB_BLKIO_WEIGHT_DEVICE] = { "blkio weight device", LCT_CG_BLKIO, -1,
		"blkio.weight_device", "io.bfq.weight", fmt_weight_dev },
	[LCT_KNOB_BLKIO_THROTTLE] = { "blkio throttle", LCT_CG_BLKIO, -1,
		"blkio.throttle.read_bps_device", "io.max", fmt_throttle },
	[LCT_KNOB_HUGETLB] = { "hugetlb limit", LCT_CG_HUGETLB, -1,
		"hugetlb.%s.limit_in_bytes", "hugetlb.%s.max", fmt_hugetlb },
	[LCT_KNOB_NET_CLS_CLASSID] = { "net_cls classid", LCT_CG_NET_CLS, LIBCT_NET_CLS_CLASSID,
		"net_cls.classid", NULL, fmt_int, 0,
		"net_cls classid is not supported on cgroup v2" },
	[LCT_KNOB_NET_PRIO] = { "net_prio ifpriomap", LCT_CG_NET_PRIO, -1,
		"net_prio.ifpriomap", NULL, fmt_net_prio, 0,
		"net_prio ifpriomap is not supported on cgroup v2" },
	[LCT_KNOB_RDMA] = { "rdma limit", LCT_CG_RDMA, -1, "rdma.max", "rdma.max", fmt_rdma },
	/* v2: no file; apply.c attaches an eBPF program (devices-bpf.c) instead */
	[LCT_KNOB_DEVICES] = { "device rules", LCT_CG_DEVICES, -1,
		"devices.allow", NULL, fmt_devices },
	[LCT_KNOB_UNIFIED] = { "unified resources", LCT_CG_NONE, -1,
		NULL, "", fmt_unified, 0, "unified resources require cgroup v2" },
};
/* clang-format on */

const char *lct_cgroup_knob_name(enum lct_cgroup_knob k)
{
	return knobs[k].name;
}

enum lct_cgroup_ctrl lct_cgroup_knob_ctrl(enum lct_cgroup_knob k)
{
	return knobs[k].ctrl;
}

bool lct_cgroup_knob_active(const struct lct_resources *r, enum lct_cgroup_knob k)
{
	size_t n_throttle = 0;

	if (knobs[k].res >= 0)
		return r->set[knobs[k].res] ||
		       /* runc: memory -1 with swap unset means both unlimited */
		       (k == LCT_KNOB_MEMORY_SWAP && r->set[LIBCT_MEMORY_LIMIT] &&
			r->value[LIBCT_MEMORY_LIMIT] == -1);
	switch (k) {
	case LCT_KNOB_CPUSET_CPUS:
		return r->cpuset_cpus != NULL;
	case LCT_KNOB_CPUSET_MEMS:
		return r->cpuset_mems != NULL;
	case LCT_KNOB_BLKIO_WEIGHT_DEVICE:
		return r->n_weight_dev > 0;
	case LCT_KNOB_BLKIO_THROTTLE:
		for (int i = 0; i < 4; i++)
			n_throttle += r->n_throttle[i];
		return n_throttle > 0;
	case LCT_KNOB_HUGETLB:
		return r->n_hugetlb > 0;
	case LCT_KNOB_NET_PRIO:
		return r->n_net_prio > 0;
	case LCT_KNOB_RDMA:
		return r->n_rdma > 0;
	case LCT_KNOB_DEVICES:
		return r->n_dev_rules > 0;
	case LCT_KNOB_UNIFIED:
		return r->n_unified > 0;
	default:
		return false;
	}
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

uint64_t lct_cgroup_shares_to_weight(uint64_t shares)
{
	if (shares < 2)
		shares = 2;
	if (shares > 262144)
		shares = 262144;
	return 1 + ((shares - 2) * 9999) / 262142;
}

uint64_t lct_cgroup_blkio_to_io_weight(uint64_t weight)
{
	if (weight < 10)
		weight = 10;
	if (weight > 1000)
		weight = 1000;
	return 1 + ((weight - 10) * 9999) / 990;
}

/* A number; -1 reads "max" on v2. */
static int fmt_int(enum lct_cgroup_knob k, const struct knob *kn, const struct lct_resources *r,
		   bool v2, struct lct_cgroup_writes *w, struct libct_error *err)
{
	int64_t v = r->value[kn->res];
	char buf[32];

	if (v2 && v == -1)
		snprintf(buf, sizeof(buf), "max");
	else
		snprintf(buf, sizeof(buf), "%" PRId64, v);
	return push(w, kn->flags, v2 ? kn->v2 : kn->v1, buf, NULL, NULL, err);
}

/* v1 memsw is memory+swap; v2 swap.max is swap alone (runc's conversion). */
static int fmt_swap(enum lct_cgroup_knob k, const struct knob *kn, const struct lct_resources *r,
		    bool v2, struct lct_cgroup_writes *w, struct libct_error *err)
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
			return lct_err_msg(err, -EINVAL, "memory swap: cannot set a swap limit "
					   "without a memory limit on cgroup v2");
		if (swap < mem)
			return lct_err_msg(err, -EINVAL, "memory swap %" PRId64 " must be at least "
					   "the memory limit %" PRId64, swap, mem);
		swap -= mem;
	}
	if (swap == -1)
		snprintf(buf, sizeof(buf), "max");
	else
		snprintf(buf, sizeof(buf), "%" PRId64, swap);
	return push(w, flags, kn->v2, buf, NULL, NULL, err);
}

static int fmt_shares(enum lct_cgroup_knob k, const struct knob *kn, const struct lct_resources *r,
		      bool v2, struct lct_cgroup_writes *w, struct libct_error *err)
{
	int64_t v = r->value[kn->res];
	char buf[32];

	if (v == 0)
		return 0; /* unset */
	snprintf(buf, sizeof(buf), "%" PRIu64,
		 v2 ? lct_cgroup_shares_to_weight((uint64_t)v) : (uint64_t)v);
	return push(w, 0, v2 ? kn->v2 : kn->v1, buf, NULL, NULL, err);
}

/* v1 writes the period on its own (before the quota, by table order); v2
 * has one file, cpu.max, written with the quota when there is one. */
static int fmt_period(enum lct_cgroup_knob k, const struct knob *kn, const struct lct_resources *r,
		      bool v2, struct lct_cgroup_writes *w, struct libct_error *err)
{
	char buf[48];

	if (!v2)
		return fmt_int(k, kn, r, v2, w, err);
	if (r->set[LIBCT_CPU_QUOTA] || r->value[kn->res] == 0)
		return 0;
	snprintf(buf, sizeof(buf), "max %" PRId64, r->value[kn->res]);
	return push(w, 0, kn->v2, buf, NULL, NULL, err);
}

static int fmt_quota(enum lct_cgroup_knob k, const struct knob *kn, const struct lct_resources *r,
		     bool v2, struct lct_cgroup_writes *w, struct libct_error *err)
{
	int64_t q = r->value[kn->res], p = r->value[LIBCT_CPU_PERIOD];
	char buf[64];
	int n;

	if (!v2)
		return fmt_int(k, kn, r, v2, w, err);
	if (q > 0)
		n = snprintf(buf, sizeof(buf), "%" PRId64, q);
	else
		n = snprintf(buf, sizeof(buf), "max");
	if (r->set[LIBCT_CPU_PERIOD] && p > 0)
		snprintf(buf + n, sizeof(buf) - n, " %" PRId64, p);
	return push(w, 0, kn->v2, buf, NULL, NULL, err);
}

static int fmt_pids(enum lct_cgroup_knob k, const struct knob *kn, const struct lct_resources *r,
		    bool v2, struct lct_cgroup_writes *w, struct libct_error *err)
{
	int64_t v = r->value[kn->res];
	char buf[32];

	if (v <= 0)
		snprintf(buf, sizeof(buf), "max");
	else
		snprintf(buf, sizeof(buf), "%" PRId64, v);
	return push(w, 0, v2 ? kn->v2 : kn->v1, buf, NULL, NULL, err);
}

static int fmt_cpuset(enum lct_cgroup_knob k, const struct knob *kn, const struct lct_resources *r,
		      bool v2, struct lct_cgroup_writes *w, struct libct_error *err)
{
	const char *v = k == LCT_KNOB_CPUSET_CPUS ? r->cpuset_cpus : r->cpuset_mems;

	return push(w, 0, v2 ? kn->v2 : kn->v1, v, NULL, NULL, err);
}

/* v1: blkio.weight, else bfq's; v2: io.bfq.weight (same scale), else io.weight. */
static int fmt_weight(enum lct_cgroup_knob k, const struct knob *kn, const struct lct_resources *r,
		      bool v2, struct lct_cgroup_writes *w, struct libct_error *err)
{
	int64_t v = r->value[kn->res];
	char buf[32], conv[32];

	if (v == 0)
		return 0; /* unset */
	snprintf(buf, sizeof(buf), "%" PRId64, v);
	if (!v2)
		return push(w, 0, kn->v1, buf, "blkio.bfq.weight", buf, err);
	snprintf(conv, sizeof(conv), "%" PRIu64, lct_cgroup_blkio_to_io_weight((uint64_t)v));
	return push(w, 0, kn->v2, buf, "io.weight", conv, err);
}

static int fmt_weight_dev(enum lct_cgroup_knob k, const struct knob *kn,
			  const struct lct_resources *r, bool v2, struct lct_cgroup_writes *w,
			  struct libct_error *err)
{
	char buf[96], conv[96];
	int ret;

	for (size_t i = 0; i < r->n_weight_dev; i++) {
		const struct lct_blkio_dev *d = &r->weight_dev[i];

		if (d->value) {
			snprintf(buf, sizeof(buf), "%" PRId64 ":%" PRId64 " %" PRIu64, d->major,
				 d->minor, d->value);
			snprintf(conv, sizeof(conv), "%" PRId64 ":%" PRId64 " %" PRIu64, d->major,
				 d->minor, lct_cgroup_blkio_to_io_weight(d->value));
			ret = v2 ? push(w, 0, kn->v2, buf, "io.weight", conv, err)
				 : push(w, 0, kn->v1, buf, "blkio.bfq.weight_device", buf, err);
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

static const char *const throttle_v1[4] = {
	"blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device",
	"blkio.throttle.read_iops_device", "blkio.throttle.write_iops_device",
};
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

static int fmt_throttle(enum lct_cgroup_knob k, const struct knob *kn,
			const struct lct_resources *r, bool v2, struct lct_cgroup_writes *w,
			struct libct_error *err)
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
			ret = push(w, 0, throttle_v1[kind], buf, NULL, NULL, err);
		}
	return ret;
}

static int fmt_hugetlb(enum lct_cgroup_knob k, const struct knob *kn, const struct lct_resources *r,
		       bool v2, struct lct_cgroup_writes *w, struct libct_error *err)
{
	char file[128];
	int ret;

	for (size_t i = 0; i < r->n_hugetlb; i++) {
		snprintf(file, sizeof(file), v2 ? "hugetlb.%s.max" : "hugetlb.%s.limit_in_bytes",
			 r->hugetlb[i].key);
		ret = push(w, 0, file, r->hugetlb[i].value, NULL, NULL, err);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/* rdma.max takes one "DEVICE hca_handle=N hca_object=M" line per write, the
 * same on v1 and v2. */
static int fmt_rdma(enum lct_cgroup_knob k, const struct knob *kn, const struct lct_resources *r,
		    bool v2, struct lct_cgroup_writes *w, struct libct_error *err)
{
	char line[256];
	int ret;

	for (size_t i = 0; i < r->n_rdma; i++) {
		snprintf(line, sizeof(line), "%s %s", r->rdma[i].key, r->rdma[i].value);
		ret = push(w, 0, "rdma.max", line, NULL, NULL, err);
		if (ret < 0)
			return ret;
	}
	return 0;
}

static int fmt_net_prio(enum lct_cgroup_knob k, const struct knob *kn,
			const struct lct_resources *r, bool v2, struct lct_cgroup_writes *w,
			struct libct_error *err)
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
static int fmt_devices(enum lct_cgroup_knob k, const struct knob *kn,
		       const struct lct_resources *r, bool v2, struct lct_cgroup_writes *w,
		       struct libct_error *err)
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

static int fmt_unified(enum lct_cgroup_knob k, const struct knob *kn,
		       const struct lct_resources *r, bool v2, struct lct_cgroup_writes *w,
		       struct libct_error *err)
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
	const struct knob *kn;
	int ret;

	if ((unsigned)k >= LCT_KNOB__MAX)
		return lct_err_msg(err, -EINVAL, "unknown cgroup knob %d", (int)k);
	kn = &knobs[k];
	*out = (struct lct_cgroup_writes){ NULL, 0 };
	if (!(v2 ? kn->v2 : kn->v1)) {
		if (kn->missing_err)
			return lct_err_msg(err, -EOPNOTSUPP, "%s", kn->missing_err);
		return 1;
	}
	ret = kn->fmt(k, kn, r, v2, out, err);
	if (ret < 0)
		lct_cgroup_writes_free(out);
	return ret;
}
