/* Unit: every row of the cgroup knob table (lib/cgroup/knob-table.c). For a
 * scalar knob its config.json key parses to its resource, its range limits are
 * taken and the values beyond refused with errors naming the key (config.json)
 * or the knob (C API); for every row the v1 and v2 writes of a sample, and the
 * v2 form of a raw write of its v1 file. A new row fails here until it has its
 * sample. */
#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "cgroup/cgroup-internal.h"
#include "oci/oci.h"
#include "util/util.h"
#include "knob-writes.h"
#include "tap.h"

static struct libct_session *sess;

struct sample {
	const char *v1, *v2; /* the writes; a trailing "..." compares the beginning only */
};

/* Fill r with a sample configuration of knob k and say what it writes; false
 * when k has no sample yet. */
static bool sample(enum lct_cgroup_knob k, struct lct_resources *r, struct sample *want)
{
	static struct lct_blkio_dev wd = { 8, 0, 200, 100 }, rbps = { 8, 0, 1048576, 0 },
				    wiops = { 8, 0, 100, 0 };
	static struct lct_kv huge = { "2MB", "4194304" }, prio = { "eth0", "5" },
			     rdma = { "mlx5_1", "hca_handle=3 hca_object=max" },
			     uni = { "memory.high", "1073741824" };
	static struct lct_device_rule rule = { true, 'c', 1, 3, "rw" };

	switch (k) {
	case LCT_KNOB_MEMORY_USE_HIERARCHY:
		set(r, LIBCT_MEMORY_USE_HIERARCHY, 1);
		*want = (struct sample){ "memory.use_hierarchy=1", "IGNORED" };
		return true;
	case LCT_KNOB_MEMORY_LIMIT:
		set(r, LIBCT_MEMORY_LIMIT, 67108864);
		*want = (struct sample){ "memory.limit_in_bytes=67108864", "memory.max=67108864" };
		return true;
	case LCT_KNOB_MEMORY_SWAP:
		set(r, LIBCT_MEMORY_LIMIT, 67108864);
		set(r, LIBCT_MEMORY_SWAP, 134217728);
		*want = (struct sample){ "memory.memsw.limit_in_bytes=134217728",
					 "memory.swap.max=67108864" };
		return true;
	case LCT_KNOB_MEMORY_RESERVATION:
		set(r, LIBCT_MEMORY_RESERVATION, 33554432);
		*want = (struct sample){ "memory.soft_limit_in_bytes=33554432",
					 "memory.low=33554432" };
		return true;
	case LCT_KNOB_MEMORY_SWAPPINESS:
		set(r, LIBCT_MEMORY_SWAPPINESS, 60);
		*want = (struct sample){ "memory.swappiness=60", "IGNORED" };
		return true;
	case LCT_KNOB_MEMORY_OOM_KILL_DISABLE:
		set(r, LIBCT_MEMORY_DISABLE_OOM_KILLER, 1);
		*want = (struct sample){ "memory.oom_control=1", "IGNORED" };
		return true;
	case LCT_KNOB_MEMORY_KERNEL:
		set(r, LIBCT_MEMORY_KERNEL, 1048576);
		*want = (struct sample){ "memory.kmem.limit_in_bytes=1048576", "IGNORED" };
		return true;
	case LCT_KNOB_MEMORY_KERNEL_TCP:
		set(r, LIBCT_MEMORY_KERNEL_TCP, 2097152);
		*want = (struct sample){ "memory.kmem.tcp.limit_in_bytes=2097152",
					 "ERR: linux.resources.memory.kernelTCP is not "
					 "supported on cgroup v2" };
		return true;
	case LCT_KNOB_CPU_SHARES:
		set(r, LIBCT_CPU_SHARES, 1024);
		*want = (struct sample){ "cpu.shares=1024", "cpu.weight=39" };
		return true;
	case LCT_KNOB_CPU_PERIOD:
		set(r, LIBCT_CPU_PERIOD, 100000);
		*want = (struct sample){ "cpu.cfs_period_us=100000", "cpu.max=max 100000" };
		return true;
	case LCT_KNOB_CPU_QUOTA:
		set(r, LIBCT_CPU_PERIOD, 100000);
		set(r, LIBCT_CPU_QUOTA, 50000);
		*want = (struct sample){ "cpu.cfs_quota_us=50000", "cpu.max=50000 100000" };
		return true;
	case LCT_KNOB_CPU_BURST:
		set(r, LIBCT_CPU_BURST, 1000);
		*want = (struct sample){ "cpu.cfs_burst_us=1000", "cpu.max.burst=1000" };
		return true;
	case LCT_KNOB_CPU_RT_PERIOD:
		set(r, LIBCT_CPU_RT_PERIOD, 1000000);
		*want = (struct sample){ "cpu.rt_period_us=1000000", "IGNORED" };
		return true;
	case LCT_KNOB_CPU_RT_RUNTIME:
		set(r, LIBCT_CPU_RT_RUNTIME, 950000);
		*want = (struct sample){ "cpu.rt_runtime_us=950000", "IGNORED" };
		return true;
	case LCT_KNOB_CPU_IDLE:
		set(r, LIBCT_CPU_IDLE, 1);
		*want = (struct sample){ "cpu.idle=1", "cpu.idle=1" };
		return true;
	case LCT_KNOB_CPUSET_CPUS:
		r->cpuset_cpus = "0-1";
		*want = (struct sample){ "cpuset.cpus=0-1", "cpuset.cpus=0-1" };
		return true;
	case LCT_KNOB_CPUSET_MEMS:
		r->cpuset_mems = "0";
		*want = (struct sample){ "cpuset.mems=0", "cpuset.mems=0" };
		return true;
	case LCT_KNOB_PIDS_LIMIT:
		set(r, LIBCT_PIDS_LIMIT, 10);
		*want = (struct sample){ "pids.max=10", "pids.max=10" };
		return true;
	case LCT_KNOB_BLKIO_WEIGHT:
		set(r, LIBCT_BLKIO_WEIGHT, 500);
		*want = (struct sample){ "blkio.weight=500|blkio.bfq.weight=500",
					 "io.bfq.weight=500|io.weight=4950" };
		return true;
	case LCT_KNOB_BLKIO_LEAF_WEIGHT:
		set(r, LIBCT_BLKIO_LEAF_WEIGHT, 300);
		*want = (struct sample){ "blkio.leaf_weight=300",
					 "ERR: linux.resources.blockIO.leafWeight is not "
					 "supported on cgroup v2" };
		return true;
	case LCT_KNOB_BLKIO_WEIGHT_DEVICE:
		r->weight_dev = &wd;
		r->n_weight_dev = 1;
		*want = (struct sample){ "blkio.weight_device=8:0 200|"
					 "blkio.bfq.weight_device=8:0 200;"
					 "blkio.leaf_weight_device=8:0 100",
					 "io.bfq.weight=8:0 200|io.weight=8:0 1920" };
		return true;
	case LCT_KNOB_BLKIO_THROTTLE:
		r->throttle[LIBCT_BLKIO_READ_BPS] = &rbps;
		r->n_throttle[LIBCT_BLKIO_READ_BPS] = 1;
		r->throttle[LIBCT_BLKIO_WRITE_IOPS] = &wiops;
		r->n_throttle[LIBCT_BLKIO_WRITE_IOPS] = 1;
		*want = (struct sample){ "blkio.throttle.read_bps_device=8:0 1048576;"
					 "blkio.throttle.write_iops_device=8:0 100",
					 "io.max=8:0 rbps=1048576 wiops=100" };
		return true;
	case LCT_KNOB_HUGETLB:
		r->hugetlb = &huge;
		r->n_hugetlb = 1;
		*want = (struct sample){ "hugetlb.2MB.limit_in_bytes=4194304",
					 "hugetlb.2MB.max=4194304" };
		return true;
	case LCT_KNOB_NET_CLS_CLASSID:
		set(r, LIBCT_NET_CLS_CLASSID, 0x100001);
		*want = (struct sample){ "net_cls.classid=1048577",
					 "ERR: net_cls classid is not supported on cgroup v2" };
		return true;
	case LCT_KNOB_NET_PRIO:
		r->net_prio = &prio;
		r->n_net_prio = 1;
		*want = (struct sample){ "net_prio.ifpriomap=eth0 5",
					 "ERR: net_prio ifpriomap is not supported on cgroup v2" };
		return true;
	case LCT_KNOB_RDMA:
		r->rdma = &rdma;
		r->n_rdma = 1;
		*want = (struct sample){ "rdma.max=mlx5_1 hca_handle=3 hca_object=max",
					 "rdma.max=mlx5_1 hca_handle=3 hca_object=max" };
		return true;
	case LCT_KNOB_DEVICES:
		/* v2: an eBPF program (apply_v2), no file */
		r->dev_rules = &rule;
		r->n_dev_rules = 1;
		*want = (struct sample){ "devices.deny=a;devices.allow=c 1:3 rw;"
					 "devices.allow=c *:* m;...",
					 "IGNORED" };
		return true;
	case LCT_KNOB_FREEZER_STATE:
		/* raw files only: nothing typed sets it */
		*want = (struct sample){ "IGNORED", "IGNORED" };
		return true;
	case LCT_KNOB_UNIFIED:
		r->unified = &uni;
		r->n_unified = 1;
		*want = (struct sample){ "ERR: unified resources require cgroup v2",
					 "memory.high=1073741824" };
		return true;
	case LCT_KNOB__MAX:
		break;
	}
	return false;
}

struct raw_sample {
	const char *file, *value, *with, *want_file, *want_value;
};

/* A raw write of knob k's v1 file and its v2 form; false when it has none. */
static bool raw_sample(enum lct_cgroup_knob k, struct raw_sample *s)
{
	switch (k) {
	case LCT_KNOB_MEMORY_LIMIT:
		*s = (struct raw_sample){ "memory.limit_in_bytes", "-1", NULL, "memory.max",
					  "max" };
		return true;
	case LCT_KNOB_MEMORY_SWAP:
		*s = (struct raw_sample){ "memory.memsw.limit_in_bytes", "134217728", "67108864",
					  "memory.swap.max", "67108864" };
		return true;
	case LCT_KNOB_MEMORY_RESERVATION:
		*s = (struct raw_sample){ "memory.soft_limit_in_bytes", "1048576", NULL,
					  "memory.low", "1048576" };
		return true;
	case LCT_KNOB_CPU_SHARES:
		*s = (struct raw_sample){ "cpu.shares", "1024", NULL, "cpu.weight", "39" };
		return true;
	case LCT_KNOB_CPU_PERIOD:
		*s = (struct raw_sample){ "cpu.cfs_period_us", "200000", "50000 100000", "cpu.max",
					  "50000 200000" };
		return true;
	case LCT_KNOB_CPU_QUOTA:
		*s = (struct raw_sample){ "cpu.cfs_quota_us", "-1", "20000 50000", "cpu.max",
					  "max 50000" };
		return true;
	case LCT_KNOB_BLKIO_WEIGHT:
		*s = (struct raw_sample){ "blkio.weight", "500", NULL, "io.weight", "4950" };
		return true;
	case LCT_KNOB_HUGETLB:
		*s = (struct raw_sample){ "hugetlb.2MB.limit_in_bytes", "-1", NULL,
					  "hugetlb.2MB.max", "max" };
		return true;
	case LCT_KNOB_FREEZER_STATE:
		*s = (struct raw_sample){ "freezer.state", "FROZEN", NULL, "cgroup.freeze", "1" };
		return true;
	default:
		return false;
	}
}

static void check_writes(enum lct_cgroup_knob k, const struct lct_knob *kn)
{
	struct lct_resources r = { 0 };
	struct sample want;
	const char *dots;

	if (!sample(k, &r, &want)) {
		CHECK(0, "knob '%s' has a sample in this test", kn->name);
		return;
	}
	CHECK(lct_cgroup_knob_active(&r, k) || !kn->fmt, "the sample of '%s' makes it active",
	      kn->name);
	for (int v = 1; v <= 2; v++) {
		const char *w = v == 1 ? want.v1 : want.v2, *s = writes(&r, k, v == 2);

		dots = strstr(w, "...");
		if (dots)
			CHECK(strncmp(s, w, (size_t)(dots - w)) == 0, "'%s' v%d writes: got '%s'",
			      kn->name, v, s);
		else
			CHECK_STR(s, w, "'%s' v%d writes", kn->name, v);
	}
}

static void check_raw(enum lct_cgroup_knob k, const struct lct_knob *kn)
{
	struct libct_error err = { 0 };
	struct raw_sample s;
	char *f = NULL, *v = NULL;

	if (!raw_sample(k, &s)) {
		CHECK(kn->raw == LCT_RAW_NONE, "raw '%s' files have a sample in this test",
		      kn->name);
		return;
	}
	CHECK(lct_knob_of_v1_file(s.file, NULL, 0) == kn, "'%s' is the v1 file of '%s'", s.file,
	      kn->name);
	CHECK(lct_cgroup_raw_translate(s.file, s.value, s.with, &f, &v, &err) == 0,
	      "raw %s=%s translates: %s", s.file, s.value, err.message);
	CHECK_STR(f, s.want_file, "raw %s -> v2 file", s.file);
	CHECK_STR(v, s.want_value, "raw %s=%s -> v2 value", s.file, s.value);
	free(f);
	free(v);
}

static struct libct_container *new_ct(void)
{
	static int n;
	struct libct_error err = { 0 };
	struct libct_container *ct = NULL;
	char id[32];

	snprintf(id, sizeof(id), "k%d", n++);
	if (libct_container_new(sess, id, &ct, &err) < 0) {
		printf("Bail out! container_new: %s\n", err.message);
		exit(1);
	}
	return ct;
}

/* linux.resources = {"SECTION": {"KEY": value}}: 0 or the error, with the
 * container's resources in *ret_res (set, value) when loaded. */
static int load_value(const char *section, const char *key, const char *value, bool *ret_set,
		      int64_t *ret_value, struct libct_error *err)
{
	struct libct_container *ct = new_ct();
	enum libct_resource res = LIBCT_RESOURCE__MAX;
	struct lct_oci o = { .ct = ct, .err = err };
	char text[256];
	json_object *j;
	int r;

	for (int i = 0; i < LIBCT_RESOURCE__MAX; i++) {
		const char *sect, *k = lct_oci_resource_key(i, &sect);

		if (k && strcmp(k, key) == 0 && strcmp(sect, section) == 0)
			res = i;
	}
	snprintf(text, sizeof(text), "{\"%s\": {\"%s\": %s}}", section, key, value);
	j = json_tokener_parse(text);
	lct_err_clear(err);
	r = lct_oci_resources(&o, j);
	if (r == 0 && res != LIBCT_RESOURCE__MAX) {
		*ret_set = ct->cfg.res.set[res];
		*ret_value = ct->cfg.res.value[res];
	}
	json_object_put(j);
	libct_container_free(ct);
	return r;
}

/* value is taken, and sets the resource to want (or leaves it unset). */
static void check_taken(const char *path, const char *section, const char *key, const char *value,
			bool want_set, int64_t want)
{
	struct libct_error err = { 0 };
	bool is_set = false;
	int64_t v = 0;

	CHECK(load_value(section, key, value, &is_set, &v, &err) == 0, "%s = %s is taken: %s", path,
	      value, err.message);
	if (want_set)
		CHECK(is_set && v == want, "%s = %s sets %" PRId64 " (got %s %" PRId64 ")", path,
		      value, want, is_set ? "set" : "unset", v);
	else
		CHECK(!is_set, "%s = %s leaves it unset", path, value);
}

static void check_refused(const char *path, const char *section, const char *key, const char *value)
{
	struct libct_error err = { 0 };
	bool is_set;
	int64_t v;

	CHECK(load_value(section, key, value, &is_set, &v, &err) < 0, "%s = %s is refused", path,
	      value);
	CHECK_CONTAINS(err.message, path, "  the error names %s", path);
}

static void check_scalar(const struct lct_knob *kn)
{
	enum libct_resource res = kn->res;
	struct libct_error err = { 0 };
	struct libct_container *ct;
	const char *section = NULL, *key = lct_oci_resource_key(res, &section);
	char path[128], num[32];

	CHECK(lct_knob_of_resource(res) == kn, "resource %d is the knob '%s'", (int)res, kn->name);
	CHECK(kn->kind == LCT_KIND_INT || kn->kind == LCT_KIND_BOOL, "'%s' is a number or a flag",
	      kn->name);
	if (!key) {
		CHECK(0, "'%s' has a key in config.json", kn->name);
		return;
	}
	snprintf(path, sizeof(path), "linux.resources.%s.%s", section, key);
	if (kn->kind == LCT_KIND_BOOL) {
		check_taken(path, section, key, "true", true, 1);
		check_taken(path, section, key, "false", true, 0);
		check_refused(path, section, key, "1");
	} else {
		bool zero_unset = kn->flags & LCT_KNOBF_ZERO_UNSET;

		snprintf(num, sizeof(num), "%" PRId64, kn->min);
		check_taken(path, section, key, num, !(zero_unset && kn->min == 0), kn->min);
		snprintf(num, sizeof(num), "%" PRId64, kn->max);
		check_taken(path, section, key, num, true, kn->max);
		snprintf(num, sizeof(num), "%" PRId64, kn->min - 1);
		check_refused(path, section, key, num);
		if (kn->max == INT64_MAX)
			snprintf(num, sizeof(num), "%" PRIu64, (uint64_t)INT64_MAX + 1);
		else
			snprintf(num, sizeof(num), "%" PRId64, kn->max + 1);
		check_refused(path, section, key, num);
	}

	/* the C API: the same range, the error naming the knob */
	ct = new_ct();
	CHECK(libct_container_set_resource(ct, res, kn->min, &err) == 0 &&
		      libct_container_set_resource(ct, res, kn->max, &err) == 0,
	      "'%s' takes %" PRId64 " and %" PRId64 ": %s", kn->name, kn->min, kn->max,
	      err.message);
	CHECK(libct_container_set_resource(ct, res, kn->min - 1, &err) == -ERANGE,
	      "'%s' refuses %" PRId64, kn->name, kn->min - 1);
	CHECK_CONTAINS(err.message, kn->name, "  the error names '%s'", kn->name);
	if (kn->max < INT64_MAX) {
		CHECK(libct_container_set_resource(ct, res, kn->max + 1, &err) == -ERANGE,
		      "'%s' refuses %" PRId64, kn->name, kn->max + 1);
		CHECK_CONTAINS(err.message, "out of range", "  the error says why");
	}
	libct_container_free(ct);
}

static void check_rows(void)
{
	bool covered[LIBCT_RESOURCE__MAX] = { false };

	for (int k = 0; k < LCT_KNOB__MAX; k++) {
		const struct lct_knob *kn = lct_knob_get(k);

		if (!kn || !kn->name) {
			CHECK(0, "knob %d has a row", k);
			continue;
		}
		CHECK(kn->v1 || kn->v2, "'%s' has a file on v1 or v2", kn->name);
		CHECK(kn->fmt || kn->raw != LCT_RAW_NONE, "'%s' is written typed or raw", kn->name);
		CHECK((kn->raw == LCT_RAW_NONE) == !kn->raw_v2, "'%s': raw_v2 goes with raw",
		      kn->name);
		CHECK(!(kn->raw == LCT_RAW_CONVERT || kn->fmt == lct_knob_fmt_weight) || kn->to_v2,
		      "'%s' has its unit conversion", kn->name);
		if (kn->res >= 0 && kn->res < LIBCT_RESOURCE__MAX) {
			CHECK(!covered[kn->res], "resource %d has one row", kn->res);
			covered[kn->res] = true;
			check_scalar(kn);
		} else {
			CHECK(kn->kind == LCT_KIND_LIST && kn->res == -1, "'%s' is a list knob",
			      kn->name);
		}
		check_writes(k, kn);
		check_raw(k, kn);
	}
	for (int i = 0; i < LIBCT_RESOURCE__MAX; i++)
		CHECK(covered[i], "resource %d has a row", i);
}

/* The kernel's limits, pinned: a row that drifts from them fails here. */
static void check_kernel_limits(void)
{
	static const struct {
		enum libct_resource res;
		int64_t max;
	} limits[] = {
		{ LIBCT_CPU_SHARES, 262144 },  /* MAX_SHARES */
		{ LIBCT_CPU_PERIOD, 1000000 }, /* one second */
		{ LIBCT_MEMORY_SWAPPINESS, 100 },
		{ LIBCT_BLKIO_WEIGHT, 1000 }, /* CFQ and BFQ: the spec's uint16 is wider */
		{ LIBCT_BLKIO_LEAF_WEIGHT, 1000 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(limits); i++) {
		const struct lct_knob *kn = lct_knob_of_resource(limits[i].res);

		CHECK(kn && kn->max == limits[i].max, "'%s' goes up to %" PRId64,
		      kn ? kn->name : "?", limits[i].max);
	}
}

/* What the table does not name stays as it is. */
static void check_raw_kept(void)
{
	static const char *const kept[] = { "memory.high", "pids.max", "cpu.cfs_burst_us",
					    "hugetlb.2MB.usage_in_bytes", "hugetlb..max" };
	struct libct_error err = { 0 };

	for (size_t i = 0; i < ARRAY_SIZE(kept); i++) {
		char *f = NULL, *v = NULL;

		CHECK(lct_cgroup_raw_translate(kept[i], "7", NULL, &f, &v, &err) == 0,
		      "raw %s translates", kept[i]);
		CHECK_STR(f, kept[i], "raw %s keeps its name", kept[i]);
		CHECK_STR(v, "7", "raw %s keeps its value", kept[i]);
		free(f);
		free(v);
	}
}

int main(void)
{
	char dir[] = "/tmp/ct-unit-knobs-XXXXXX";
	struct libct_error err = { 0 };

	if (!mkdtemp(dir) || libct_session_new(dir, &sess, &err) < 0) {
		printf("Bail out! session: %s\n", err.message);
		return 1;
	}
	check_rows();
	check_kernel_limits();
	check_raw_kept();
	libct_session_free(sess);
	rmdir(dir);
	return tap_done();
}
