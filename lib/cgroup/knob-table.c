/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The cgroup knob table: a row per knob (see knob-table.h for the columns).
 * Adding a knob is adding a row here (and, for a scalar, its libct_resource
 * and its config.json key in lib/oci/oci-resources.c); doc/architecture.md walks
 * through it. The formatters are in knobs.c. */
#include <inttypes.h>
#include <stdio.h>

#include "cgroup/cgroup-internal.h"
#include "util/util.h"

/* The largest cpu.shares the kernel takes (MAX_SHARES, kernel/sched/sched.h);
 * 0 is "not set", values below its MIN_SHARES (2) are raised to 2 by it. */
#define CPU_SHARES_MAX 262144
/* cpu.cfs_period_us: at most one second (max_cfs_quota_period, kernel/sched/core.c). */
#define CPU_PERIOD_MAX_US 1000000
/* blkio.weight: the kernel's blkio controllers take at most 1000 (CFQ's
 * CFQ_WEIGHT_MAX, BFQ's BFQ_MAX_WEIGHT); the spec's uint16 is the JSON type,
 * not a range. 0 is "not set"; below 10 is left to the kernel (BFQ takes 1,
 * CFQ wants 10) and, on v2, converted as 10. */
#define BLKIO_WEIGHT_MAX 1000

static bool swap_active(const struct lct_resources *r)
{
	/* runc: memory -1 with swap unset means both unlimited */
	return r->set[LIBCT_MEMORY_SWAP] ||
	       (r->set[LIBCT_MEMORY_LIMIT] && r->value[LIBCT_MEMORY_LIMIT] == -1);
}

static bool cpus_active(const struct lct_resources *r)
{
	return r->cpuset_cpus != NULL;
}

static bool mems_active(const struct lct_resources *r)
{
	return r->cpuset_mems != NULL;
}

static bool weight_dev_active(const struct lct_resources *r)
{
	return r->n_weight_dev > 0;
}

static bool throttle_active(const struct lct_resources *r)
{
	for (int i = LIBCT_BLKIO_READ_BPS; i <= LIBCT_BLKIO_WRITE_IOPS; i++)
		if (r->n_throttle[i] > 0)
			return true;
	return false;
}

static bool hugetlb_active(const struct lct_resources *r)
{
	return r->n_hugetlb > 0;
}

static bool net_prio_active(const struct lct_resources *r)
{
	return r->n_net_prio > 0;
}

static bool rdma_active(const struct lct_resources *r)
{
	return r->n_rdma > 0;
}

static bool devices_active(const struct lct_resources *r)
{
	return r->n_dev_rules > 0;
}

static bool unified_active(const struct lct_resources *r)
{
	return r->n_unified > 0;
}

/* Scalar rows: name, controller, resource, kind, min, max. */
#define SCALAR(n, c, r, k, lo, hi) .name = n, .ctrl = c, .res = r, .kind = k, .min = lo, .max = hi
/* List rows: name, controller, what says it is set. */
#define LIST(n, c, act) .name = n, .ctrl = c, .res = -1, .kind = LCT_KIND_LIST, .active = act

/* clang-format off */
static const struct lct_knob knobs[LCT_KNOB__MAX] = {
	[LCT_KNOB_MEMORY_USE_HIERARCHY] = {
		SCALAR("memory use_hierarchy", LCT_CG_MEMORY, LIBCT_MEMORY_USE_HIERARCHY,
		       LCT_KIND_BOOL, 0, 1),
		.v1 = "memory.use_hierarchy", .fmt = lct_knob_fmt_int },
	/* v1 wants limit <= memsw at every step: memsw goes first when it grows */
	[LCT_KNOB_MEMORY_LIMIT] = {
		SCALAR("memory limit", LCT_CG_MEMORY, LIBCT_MEMORY_LIMIT, LCT_KIND_INT,
		       -1, INT64_MAX), .flags = LCT_KNOBF_ZERO_UNSET,
		.v1 = "memory.limit_in_bytes", .v2 = "memory.max", .fmt = lct_knob_fmt_int,
		.first_if = lct_cgroup_v1_swap_first, .first = LCT_KNOB_MEMORY_SWAP,
		.raw = LCT_RAW_MAX, .raw_v2 = "memory.max" },
	[LCT_KNOB_MEMORY_SWAP] = {
		SCALAR("memory swap", LCT_CG_MEMORY, LIBCT_MEMORY_SWAP, LCT_KIND_INT,
		       -1, INT64_MAX), .flags = LCT_KNOBF_ZERO_UNSET, .active = swap_active,
		.v1 = "memory.memsw.limit_in_bytes", .v2 = "memory.swap.max",
		.fmt = lct_knob_fmt_swap,
		.raw = LCT_RAW_SWAP, .raw_v2 = "memory.swap.max", .raw_with = "memory.max" },
	[LCT_KNOB_MEMORY_RESERVATION] = {
		SCALAR("memory reservation", LCT_CG_MEMORY, LIBCT_MEMORY_RESERVATION,
		       LCT_KIND_INT, -1, INT64_MAX), .flags = LCT_KNOBF_ZERO_UNSET,
		.v1 = "memory.soft_limit_in_bytes", .v2 = "memory.low", .fmt = lct_knob_fmt_int,
		.raw = LCT_RAW_MAX, .raw_v2 = "memory.low" },
	[LCT_KNOB_MEMORY_SWAPPINESS] = {
		SCALAR("memory swappiness", LCT_CG_MEMORY, LIBCT_MEMORY_SWAPPINESS,
		       LCT_KIND_INT, 0, 100),
		.v1 = "memory.swappiness", .fmt = lct_knob_fmt_int },
	[LCT_KNOB_MEMORY_OOM_KILL_DISABLE] = {
		SCALAR("disable OOM killer", LCT_CG_MEMORY, LIBCT_MEMORY_DISABLE_OOM_KILLER,
		       LCT_KIND_BOOL, 0, 1),
		.v1 = "memory.oom_control", .fmt = lct_knob_fmt_int },
	[LCT_KNOB_MEMORY_KERNEL] = {
		SCALAR("kernel memory limit", LCT_CG_MEMORY, LIBCT_MEMORY_KERNEL, LCT_KIND_INT,
		       -1, INT64_MAX), .flags = LCT_KNOBF_ZERO_UNSET,
		.v1 = "memory.kmem.limit_in_bytes", .fmt = lct_knob_fmt_int,
		.write_flags = LCT_CGW_DEPRECATED },
	[LCT_KNOB_MEMORY_KERNEL_TCP] = {
		SCALAR("kernel TCP memory limit", LCT_CG_MEMORY, LIBCT_MEMORY_KERNEL_TCP,
		       LCT_KIND_INT, -1, INT64_MAX), .flags = LCT_KNOBF_ZERO_UNSET,
		.v1 = "memory.kmem.tcp.limit_in_bytes", .fmt = lct_knob_fmt_int,
		.write_flags = LCT_CGW_DEPRECATED,
		.missing_err = "linux.resources.memory.kernelTCP is not supported on cgroup v2" },
	[LCT_KNOB_CPU_SHARES] = {
		SCALAR("cpu shares", LCT_CG_CPU, LIBCT_CPU_SHARES, LCT_KIND_INT,
		       0, CPU_SHARES_MAX), .flags = LCT_KNOBF_ZERO_UNSET,
		.v1 = "cpu.shares", .v2 = "cpu.weight", .fmt = lct_knob_fmt_weight,
		.to_v2 = lct_cgroup_shares_to_weight,
		.raw = LCT_RAW_CONVERT, .raw_v2 = "cpu.weight" },
	/* before the quota: v1 checks the quota against the period */
	[LCT_KNOB_CPU_PERIOD] = {
		SCALAR("cpu period", LCT_CG_CPU, LIBCT_CPU_PERIOD, LCT_KIND_INT,
		       0, CPU_PERIOD_MAX_US), .flags = LCT_KNOBF_ZERO_UNSET,
		.v1 = "cpu.cfs_period_us", .v2 = "cpu.max", .fmt = lct_knob_fmt_period,
		.raw = LCT_RAW_CPU_PERIOD, .raw_v2 = "cpu.max", .raw_with = "cpu.max" },
	[LCT_KNOB_CPU_QUOTA] = {
		SCALAR("cpu quota", LCT_CG_CPU, LIBCT_CPU_QUOTA, LCT_KIND_INT, -1, INT64_MAX),
		.flags = LCT_KNOBF_ZERO_UNSET,
		.v1 = "cpu.cfs_quota_us", .v2 = "cpu.max", .fmt = lct_knob_fmt_quota,
		.raw = LCT_RAW_CPU_QUOTA, .raw_v2 = "cpu.max", .raw_with = "cpu.max" },
	[LCT_KNOB_CPU_BURST] = {
		SCALAR("cpu burst", LCT_CG_CPU, LIBCT_CPU_BURST, LCT_KIND_INT, 0, INT64_MAX),
		.v1 = "cpu.cfs_burst_us", .v2 = "cpu.max.burst", .fmt = lct_knob_fmt_int },
	/* before the runtime: v1 checks the runtime against the period */
	[LCT_KNOB_CPU_RT_PERIOD] = {
		SCALAR("cpu realtime period", LCT_CG_CPU, LIBCT_CPU_RT_PERIOD, LCT_KIND_INT,
		       0, INT64_MAX), .flags = LCT_KNOBF_ZERO_UNSET,
		.v1 = "cpu.rt_period_us", .fmt = lct_knob_fmt_int },
	[LCT_KNOB_CPU_RT_RUNTIME] = {
		SCALAR("cpu realtime runtime", LCT_CG_CPU, LIBCT_CPU_RT_RUNTIME, LCT_KIND_INT,
		       -1, INT64_MAX), .flags = LCT_KNOBF_ZERO_UNSET,
		.v1 = "cpu.rt_runtime_us", .fmt = lct_knob_fmt_int,
		.write_flags = LCT_CGW_PARENT_BUDGET },
	[LCT_KNOB_CPU_IDLE] = {
		SCALAR("cpu idle", LCT_CG_CPU, LIBCT_CPU_IDLE, LCT_KIND_INT, 0, 1),
		.v1 = "cpu.idle", .v2 = "cpu.idle", .fmt = lct_knob_fmt_int },
	[LCT_KNOB_CPUSET_CPUS] = {
		LIST("cpuset cpus", LCT_CG_CPUSET, cpus_active),
		.v1 = "cpuset.cpus", .v2 = "cpuset.cpus", .fmt = lct_knob_fmt_cpuset_cpus },
	[LCT_KNOB_CPUSET_MEMS] = {
		LIST("cpuset mems", LCT_CG_CPUSET, mems_active),
		.v1 = "cpuset.mems", .v2 = "cpuset.mems", .fmt = lct_knob_fmt_cpuset_mems },
	[LCT_KNOB_PIDS_LIMIT] = {
		SCALAR("pids limit", LCT_CG_PIDS, LIBCT_PIDS_LIMIT, LCT_KIND_INT, -1, INT64_MAX),
		.v1 = "pids.max", .v2 = "pids.max", .fmt = lct_knob_fmt_pids },
	/* v1 blkio.weight, else BFQ's; v2 io.bfq.weight (the same scale), else
	 * io.weight converted; a raw blkio.weight goes to io.weight */
	[LCT_KNOB_BLKIO_WEIGHT] = {
		SCALAR("blkio weight", LCT_CG_BLKIO, LIBCT_BLKIO_WEIGHT, LCT_KIND_INT,
		       0, BLKIO_WEIGHT_MAX), .flags = LCT_KNOBF_ZERO_UNSET,
		.v1 = "blkio.weight", .v2 = "io.bfq.weight", .fmt = lct_knob_fmt_blkio_weight,
		.to_v2 = lct_cgroup_blkio_to_io_weight,
		.raw = LCT_RAW_CONVERT, .raw_v2 = "io.weight" },
	[LCT_KNOB_BLKIO_LEAF_WEIGHT] = {
		SCALAR("blkio leaf weight", LCT_CG_BLKIO, LIBCT_BLKIO_LEAF_WEIGHT, LCT_KIND_INT,
		       0, BLKIO_WEIGHT_MAX), .flags = LCT_KNOBF_ZERO_UNSET,
		.v1 = "blkio.leaf_weight", .fmt = lct_knob_fmt_int,
		.missing_err = "linux.resources.blockIO.leafWeight is not supported on cgroup v2" },
	[LCT_KNOB_BLKIO_WEIGHT_DEVICE] = {
		LIST("blkio weight device", LCT_CG_BLKIO, weight_dev_active),
		.v1 = "blkio.weight_device", .v2 = "io.bfq.weight",
		.fmt = lct_knob_fmt_weight_device, .to_v2 = lct_cgroup_blkio_to_io_weight },
	/* v1: one file per kind (read_bps, write_bps, read_iops, write_iops) */
	[LCT_KNOB_BLKIO_THROTTLE] = {
		LIST("blkio throttle", LCT_CG_BLKIO, throttle_active),
		.v1 = "blkio.throttle.*_device", .v2 = "io.max", .fmt = lct_knob_fmt_throttle },
	[LCT_KNOB_HUGETLB] = {
		LIST("hugetlb limit", LCT_CG_HUGETLB, hugetlb_active),
		.v1 = "hugetlb.*.limit_in_bytes", .v2 = "hugetlb.*.max",
		.fmt = lct_knob_fmt_hugetlb, .raw = LCT_RAW_MAX, .raw_v2 = "hugetlb.*.max" },
	[LCT_KNOB_NET_CLS_CLASSID] = {
		SCALAR("net_cls classid", LCT_CG_NET_CLS, LIBCT_NET_CLS_CLASSID, LCT_KIND_INT,
		       0, UINT32_MAX), .flags = LCT_KNOBF_ZERO_UNSET,
		.v1 = "net_cls.classid", .fmt = lct_knob_fmt_int,
		.missing_err = "net_cls classid is not supported on cgroup v2" },
	[LCT_KNOB_NET_PRIO] = {
		LIST("net_prio ifpriomap", LCT_CG_NET_PRIO, net_prio_active),
		.v1 = "net_prio.ifpriomap", .fmt = lct_knob_fmt_net_prio,
		.missing_err = "net_prio ifpriomap is not supported on cgroup v2" },
	/* one "DEVICE hca_handle=N hca_object=M" line per write, the same on v1 and v2 */
	[LCT_KNOB_RDMA] = {
		LIST("rdma limit", LCT_CG_RDMA, rdma_active),
		.v1 = "rdma.max", .v2 = "rdma.max", .fmt = lct_knob_fmt_rdma },
	/* v2 has no devices controller: an eBPF program (devices-bpf.c) where the
	 * hierarchy that serves them is cgroup2 (a unified host) */
	[LCT_KNOB_DEVICES] = {
		LIST("device rules", LCT_CG_DEVICES, devices_active), .flags = LCT_KNOBF_AT_CREATE,
		.v1 = "devices.allow", .fmt = lct_knob_fmt_devices,
		.apply_v2 = lct_cgroup_devices_bpf_apply },
	/* no resource: libct freezes with lct_cgroup_freeze; the row is for raw
	 * freezer.state writes on v2 */
	[LCT_KNOB_FREEZER_STATE] = {
		.name = "freezer state", .ctrl = LCT_CG_FREEZER, .res = -1, .kind = LCT_KIND_LIST,
		.v1 = "freezer.state", .v2 = "cgroup.freeze",
		.raw = LCT_RAW_FREEZE, .raw_v2 = "cgroup.freeze" },
	[LCT_KNOB_UNIFIED] = {
		LIST("unified resources", LCT_CG_NONE, unified_active),
		.v2 = "", .fmt = lct_knob_fmt_unified,
		.missing_err = "unified resources require cgroup v2" },
};
/* clang-format on */

const struct lct_knob *lct_knob_get(enum lct_cgroup_knob k)
{
	if ((unsigned)k >= LCT_KNOB__MAX)
		return NULL;
	return &knobs[k];
}

const struct lct_knob *lct_knob_of_resource(enum libct_resource res)
{
	for (size_t k = 0; k < ARRAY_SIZE(knobs); k++)
		if (knobs[k].kind != LCT_KIND_LIST && knobs[k].res == (int)res)
			return &knobs[k];
	return NULL;
}

int lct_knob_check(enum libct_resource res, int64_t value, struct libct_error *err)
{
	const struct lct_knob *kn = lct_knob_of_resource(res);

	if (!kn)
		return lct_err_msg(err, -EINVAL, "unknown resource %d", (int)res);
	if (value < kn->min || value > kn->max)
		return lct_err_msg(err, -ERANGE,
				   "%s %" PRId64 " is out of range (%" PRId64 " to %" PRId64 ")",
				   kn->name, value, kn->min, kn->max);
	return 0;
}

/* Whether file is pattern, its '*' standing for a non-empty part copied to
 * part (when given, and when it fits). */
static bool name_matches(const char *pattern, const char *file, char *part, size_t part_len)
{
	const char *star = strchr(pattern, '*');
	size_t pre, post, len = strlen(file), n;

	if (!star)
		return strcmp(pattern, file) == 0;
	pre = (size_t)(star - pattern);
	post = strlen(star + 1);
	if (len <= pre + post || strncmp(file, pattern, pre) != 0 ||
	    strcmp(file + len - post, star + 1) != 0)
		return false;
	n = len - pre - post;
	if (part) {
		if (n >= part_len)
			return false;
		memcpy(part, file + pre, n);
		part[n] = '\0';
	}
	return true;
}

const struct lct_knob *lct_knob_of_v1_file(const char *file, char *ret_part, size_t part_len)
{
	for (size_t k = 0; k < ARRAY_SIZE(knobs); k++)
		if (knobs[k].v1 && name_matches(knobs[k].v1, file, ret_part, part_len))
			return &knobs[k];
	return NULL;
}

char *lct_knob_file_name(const char *pattern, const char *part)
{
	const char *star = strchr(pattern, '*');

	if (!star)
		return strdup(pattern);
	return lct_asprintf("%.*s%s%s", (int)(star - pattern), pattern, part ? part : "", star + 1);
}
