/* Unit: the cgroup knob table (v1 and v2 files and values), paths (default,
 * systemd form), the serialized handle, rejection cases. No root needed: the
 * apply checks run against a fake hierarchy in a temporary directory. */
#include <fcntl.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "cgroup/cgroup-internal.h"
#include "cgroup/systemd.h"
#include "util/util.h"
#include "knob-writes.h"
#include "tap.h"

static void test_memory(void)
{
	struct lct_resources r = { 0 };

	set(&r, LIBCT_MEMORY_LIMIT, 67108864);
	CHECK_STR(writes(&r, LCT_KNOB_MEMORY_LIMIT, false), "memory.limit_in_bytes=67108864",
		  "memory limit v1");
	CHECK_STR(writes(&r, LCT_KNOB_MEMORY_LIMIT, true), "memory.max=67108864",
		  "memory limit v2");
	CHECK(!lct_cgroup_knob_active(&r, LCT_KNOB_MEMORY_SWAP), "swap inactive without swap");
	set(&r, LIBCT_MEMORY_SWAP, 134217728);
	CHECK_STR(writes(&r, LCT_KNOB_MEMORY_SWAP, false), "memory.memsw.limit_in_bytes=134217728",
		  "swap v1 is memory+swap");
	CHECK_STR(writes(&r, LCT_KNOB_MEMORY_SWAP, true), "memory.swap.max=67108864",
		  "swap v2 is swap - limit");
	set(&r, LIBCT_MEMORY_SWAP, -1);
	CHECK_STR(writes(&r, LCT_KNOB_MEMORY_SWAP, true), "memory.swap.max=max", "swap -1 v2 max");
	set(&r, LIBCT_MEMORY_SWAP, 1000);
	CHECK_CONTAINS(writes(&r, LCT_KNOB_MEMORY_SWAP, true), "must be at least the memory limit",
		       "swap below limit rejected on v2");
	r.set[LIBCT_MEMORY_LIMIT] = false;
	CHECK_CONTAINS(writes(&r, LCT_KNOB_MEMORY_SWAP, true), "without a memory limit",
		       "swap without limit rejected on v2");
	r = (struct lct_resources){ 0 };
	set(&r, LIBCT_MEMORY_LIMIT, -1);
	CHECK_STR(writes(&r, LCT_KNOB_MEMORY_LIMIT, true), "memory.max=max", "memory -1 v2 max");
	CHECK_STR(writes(&r, LCT_KNOB_MEMORY_LIMIT, false), "memory.limit_in_bytes=-1",
		  "memory -1 v1");
	CHECK(lct_cgroup_knob_active(&r, LCT_KNOB_MEMORY_SWAP), "memory -1 implies swap -1");
	CHECK_STR(writes(&r, LCT_KNOB_MEMORY_SWAP, true), "memory.swap.max=max", "implied swap v2");
	CHECK_STR(writes(&r, LCT_KNOB_MEMORY_SWAP, false), "memory.memsw.limit_in_bytes=-1",
		  "implied swap v1");

	r = (struct lct_resources){ 0 };
	set(&r, LIBCT_MEMORY_RESERVATION, 33554432);
	set(&r, LIBCT_MEMORY_SWAPPINESS, 60);
	set(&r, LIBCT_MEMORY_DISABLE_OOM_KILLER, 1);
	set(&r, LIBCT_MEMORY_KERNEL, 1048576);
	set(&r, LIBCT_MEMORY_KERNEL_TCP, 2097152);
	set(&r, LIBCT_MEMORY_USE_HIERARCHY, 1);
	CHECK_STR(writes(&r, LCT_KNOB_MEMORY_RESERVATION, false),
		  "memory.soft_limit_in_bytes=33554432", "reservation v1");
	CHECK_STR(writes(&r, LCT_KNOB_MEMORY_RESERVATION, true), "memory.low=33554432",
		  "reservation v2");
	CHECK_STR(writes(&r, LCT_KNOB_MEMORY_SWAPPINESS, false), "memory.swappiness=60",
		  "swappiness v1");
	CHECK_STR(writes(&r, LCT_KNOB_MEMORY_SWAPPINESS, true), "IGNORED", "swappiness v2 ignored");
	CHECK_STR(writes(&r, LCT_KNOB_MEMORY_OOM_KILL_DISABLE, false), "memory.oom_control=1",
		  "oom killer v1");
	CHECK_STR(writes(&r, LCT_KNOB_MEMORY_OOM_KILL_DISABLE, true), "IGNORED",
		  "oom killer v2 ignored");
	CHECK_STR(writes(&r, LCT_KNOB_MEMORY_KERNEL, false), "memory.kmem.limit_in_bytes=1048576",
		  "kmem v1");
	CHECK_STR(writes(&r, LCT_KNOB_MEMORY_KERNEL, true), "IGNORED", "kmem v2 ignored");
	CHECK_STR(writes(&r, LCT_KNOB_MEMORY_KERNEL_TCP, false),
		  "memory.kmem.tcp.limit_in_bytes=2097152", "kmem tcp v1");
	CHECK_STR(writes(&r, LCT_KNOB_MEMORY_KERNEL_TCP, true),
		  "ERR: linux.resources.memory.kernelTCP is not supported on cgroup v2",
		  "kmem tcp on v2 is an error");
	CHECK_STR(writes(&r, LCT_KNOB_MEMORY_USE_HIERARCHY, false), "memory.use_hierarchy=1",
		  "use_hierarchy v1");
	CHECK_STR(writes(&r, LCT_KNOB_MEMORY_USE_HIERARCHY, true), "IGNORED",
		  "use_hierarchy v2 ignored");
}

static void test_cpu(void)
{
	struct lct_resources r = { 0 };

	CHECK(lct_cgroup_shares_to_weight(2) == 1, "shares 2 -> weight 1");
	CHECK(lct_cgroup_shares_to_weight(1024) == 39, "shares 1024 -> weight 39");
	CHECK(lct_cgroup_shares_to_weight(262144) == 10000, "shares 262144 -> weight 10000");
	set(&r, LIBCT_CPU_SHARES, 1024);
	CHECK_STR(writes(&r, LCT_KNOB_CPU_SHARES, false), "cpu.shares=1024", "shares v1");
	CHECK_STR(writes(&r, LCT_KNOB_CPU_SHARES, true), "cpu.weight=39", "shares v2 weight");
	set(&r, LIBCT_CPU_SHARES, 0);
	CHECK_STR(writes(&r, LCT_KNOB_CPU_SHARES, true), "", "shares 0 is unset");

	set(&r, LIBCT_CPU_QUOTA, 50000);
	set(&r, LIBCT_CPU_PERIOD, 100000);
	CHECK_STR(writes(&r, LCT_KNOB_CPU_PERIOD, false), "cpu.cfs_period_us=100000", "period v1");
	CHECK_STR(writes(&r, LCT_KNOB_CPU_QUOTA, false), "cpu.cfs_quota_us=50000", "quota v1");
	CHECK(LCT_KNOB_CPU_PERIOD < LCT_KNOB_CPU_QUOTA, "v1 period is written before the quota");
	CHECK_STR(writes(&r, LCT_KNOB_CPU_PERIOD, true), "", "period v2 goes with the quota");
	CHECK_STR(writes(&r, LCT_KNOB_CPU_QUOTA, true), "cpu.max=50000 100000", "cpu.max v2");
	set(&r, LIBCT_CPU_QUOTA, -1);
	CHECK_STR(writes(&r, LCT_KNOB_CPU_QUOTA, true), "cpu.max=max 100000", "cpu.max unlimited");
	CHECK_STR(writes(&r, LCT_KNOB_CPU_QUOTA, false), "cpu.cfs_quota_us=-1", "quota -1 v1");
	r.set[LIBCT_CPU_QUOTA] = false;
	CHECK_STR(writes(&r, LCT_KNOB_CPU_PERIOD, true), "cpu.max=max 100000", "period alone v2");
	r.set[LIBCT_CPU_PERIOD] = false;
	set(&r, LIBCT_CPU_QUOTA, 20000);
	CHECK_STR(writes(&r, LCT_KNOB_CPU_QUOTA, true), "cpu.max=20000", "quota alone v2");

	set(&r, LIBCT_CPU_BURST, 1000);
	set(&r, LIBCT_CPU_RT_RUNTIME, 950000);
	set(&r, LIBCT_CPU_RT_PERIOD, 1000000);
	set(&r, LIBCT_CPU_IDLE, 1);
	CHECK_STR(writes(&r, LCT_KNOB_CPU_BURST, false), "cpu.cfs_burst_us=1000", "burst v1");
	CHECK_STR(writes(&r, LCT_KNOB_CPU_BURST, true), "cpu.max.burst=1000", "burst v2");
	CHECK_STR(writes(&r, LCT_KNOB_CPU_RT_RUNTIME, false), "cpu.rt_runtime_us=950000",
		  "rt runtime v1");
	CHECK_STR(writes(&r, LCT_KNOB_CPU_RT_PERIOD, false), "cpu.rt_period_us=1000000",
		  "rt period v1");
	CHECK(LCT_KNOB_CPU_RT_PERIOD < LCT_KNOB_CPU_RT_RUNTIME, "rt period before runtime");
	CHECK_STR(writes(&r, LCT_KNOB_CPU_RT_RUNTIME, true), "IGNORED", "rt runtime v2 ignored");
	CHECK_STR(writes(&r, LCT_KNOB_CPU_IDLE, true), "cpu.idle=1", "cpu idle v2");

	r.cpuset_cpus = "0-1";
	r.cpuset_mems = "0";
	CHECK_STR(writes(&r, LCT_KNOB_CPUSET_CPUS, false), "cpuset.cpus=0-1", "cpuset cpus v1");
	CHECK_STR(writes(&r, LCT_KNOB_CPUSET_MEMS, true), "cpuset.mems=0", "cpuset mems v2");
}

static void test_pids_blkio(void)
{
	struct lct_resources r = { 0 };
	struct lct_blkio_dev rbps = { 8, 0, 1048576, 0 }, wiops = { 8, 0, 100, 0 };
	struct lct_blkio_dev riops = { 8, 16, 50, 0 }, wd = { 8, 0, 200, 100 };

	set(&r, LIBCT_PIDS_LIMIT, -1);
	CHECK_STR(writes(&r, LCT_KNOB_PIDS_LIMIT, true), "pids.max=max", "pids -1 max");
	set(&r, LIBCT_PIDS_LIMIT, 0);
	CHECK_STR(writes(&r, LCT_KNOB_PIDS_LIMIT, false), "pids.max=max", "pids 0 max");
	set(&r, LIBCT_PIDS_LIMIT, 10);
	CHECK_STR(writes(&r, LCT_KNOB_PIDS_LIMIT, false), "pids.max=10", "pids 10");

	set(&r, LIBCT_BLKIO_WEIGHT, 500);
	CHECK_STR(writes(&r, LCT_KNOB_BLKIO_WEIGHT, false), "blkio.weight=500|blkio.bfq.weight=500",
		  "blkio weight v1, bfq fallback");
	CHECK_STR(writes(&r, LCT_KNOB_BLKIO_WEIGHT, true), "io.bfq.weight=500|io.weight=4950",
		  "blkio weight v2, io.weight fallback converted");
	set(&r, LIBCT_BLKIO_LEAF_WEIGHT, 300);
	CHECK_STR(writes(&r, LCT_KNOB_BLKIO_LEAF_WEIGHT, false), "blkio.leaf_weight=300",
		  "leaf weight v1");
	CHECK_STR(writes(&r, LCT_KNOB_BLKIO_LEAF_WEIGHT, true),
		  "ERR: linux.resources.blockIO.leafWeight is not supported on cgroup v2",
		  "leaf weight on v2 is an error");

	r.weight_dev = &wd;
	r.n_weight_dev = 1;
	CHECK_STR(writes(&r, LCT_KNOB_BLKIO_WEIGHT_DEVICE, false),
		  "blkio.weight_device=8:0 200|blkio.bfq.weight_device=8:0 200;"
		  "blkio.leaf_weight_device=8:0 100",
		  "weight device v1");
	CHECK_STR(writes(&r, LCT_KNOB_BLKIO_WEIGHT_DEVICE, true),
		  "io.bfq.weight=8:0 200|io.weight=8:0 1920", "weight device v2");

	r.throttle[LIBCT_BLKIO_READ_BPS] = &rbps;
	r.n_throttle[LIBCT_BLKIO_READ_BPS] = 1;
	r.throttle[LIBCT_BLKIO_READ_IOPS] = &riops;
	r.n_throttle[LIBCT_BLKIO_READ_IOPS] = 1;
	r.throttle[LIBCT_BLKIO_WRITE_IOPS] = &wiops;
	r.n_throttle[LIBCT_BLKIO_WRITE_IOPS] = 1;
	CHECK_STR(writes(&r, LCT_KNOB_BLKIO_THROTTLE, false),
		  "blkio.throttle.read_bps_device=8:0 1048576;"
		  "blkio.throttle.read_iops_device=8:16 50;"
		  "blkio.throttle.write_iops_device=8:0 100",
		  "throttle v1");
	CHECK_STR(writes(&r, LCT_KNOB_BLKIO_THROTTLE, true),
		  "io.max=8:0 rbps=1048576 wiops=100;io.max=8:16 riops=50",
		  "throttle v2: one io.max line per device");
}

static void test_misc_knobs(void)
{
	struct lct_resources r = { 0 };
	struct lct_kv huge = { "2MB", "4194304" }, prio = { "eth0", "5" };
	struct lct_kv rdma = { "mlx5_1", "hca_handle=3 hca_object=max" };
	struct lct_kv uni[2] = { { "memory.high", "1073741824" }, { "../x", "1" } };

	r.hugetlb = &huge;
	r.n_hugetlb = 1;
	CHECK_STR(writes(&r, LCT_KNOB_HUGETLB, false), "hugetlb.2MB.limit_in_bytes=4194304",
		  "hugetlb v1");
	CHECK_STR(writes(&r, LCT_KNOB_HUGETLB, true), "hugetlb.2MB.max=4194304", "hugetlb v2");
	r.rdma = &rdma;
	r.n_rdma = 1;
	CHECK_STR(writes(&r, LCT_KNOB_RDMA, false), "rdma.max=mlx5_1 hca_handle=3 hca_object=max",
		  "rdma v1");
	CHECK_STR(writes(&r, LCT_KNOB_RDMA, true), "rdma.max=mlx5_1 hca_handle=3 hca_object=max",
		  "rdma v2: the same line");
	set(&r, LIBCT_NET_CLS_CLASSID, 0x100001);
	CHECK_STR(writes(&r, LCT_KNOB_NET_CLS_CLASSID, false), "net_cls.classid=1048577",
		  "net_cls v1");
	CHECK_STR(writes(&r, LCT_KNOB_NET_CLS_CLASSID, true),
		  "ERR: net_cls classid is not supported on cgroup v2", "net_cls v2 rejected");
	r.net_prio = &prio;
	r.n_net_prio = 1;
	CHECK_STR(writes(&r, LCT_KNOB_NET_PRIO, false), "net_prio.ifpriomap=eth0 5", "net_prio v1");
	CHECK_CONTAINS(writes(&r, LCT_KNOB_NET_PRIO, true), "ERR: net_prio",
		       "net_prio v2 rejected");

	r.unified = uni;
	r.n_unified = 1;
	CHECK_STR(writes(&r, LCT_KNOB_UNIFIED, true), "memory.high=1073741824", "unified v2");
	CHECK_STR(writes(&r, LCT_KNOB_UNIFIED, false), "ERR: unified resources require cgroup v2",
		  "unified on v1 rejected");
	r.n_unified = 2;
	CHECK_STR(writes(&r, LCT_KNOB_UNIFIED, true),
		  "ERR: unified resources: invalid cgroup file name '../x'",
		  "unified '..' rejected");
	uni[1].key = "memory/high";
	CHECK_CONTAINS(writes(&r, LCT_KNOB_UNIFIED, true), "invalid cgroup file name 'memory/high'",
		       "unified '/' rejected");
}

static void test_devices(void)
{
	struct lct_resources r = { 0 };
	struct lct_device_rule rules[] = {
		{ false, 'a', -1, -1, "rwm" },
		{ true, 'c', 1, 3, "rw" },
		{ true, 'b', 8, -1, "r" },
	};
	const char *s;

	r.dev_rules = rules;
	r.n_dev_rules = 3;
	s = writes(&r, LCT_KNOB_DEVICES, false);
	CHECK(strncmp(s,
		      "devices.deny=a;devices.deny=a *:* rwm;devices.allow=c 1:3 rw;"
		      "devices.allow=b 8:* r;devices.allow=c *:* m;devices.allow=b *:* m;"
		      "devices.allow=c 1:3 rwm;",
		      strlen("devices.deny=a;devices.deny=a *:* "
			     "rwm;devices.allow=c 1:3 rw;devices.allow=b 8:* r;devices.allow=c *:* "
			     "m;"
			     "devices.allow=b *:* m;devices.allow=c 1:3 rwm;")) == 0,
	      "device rules v1: deny all, user rules in order, then defaults");
	CHECK_CONTAINS(s, "devices.allow=c 136:* rwm;devices.allow=c 10:200 rwm",
		       "defaults end with pts and tun");
	CHECK_STR(writes(&r, LCT_KNOB_DEVICES, true), "IGNORED",
		  "device rules on v2 are skipped, not faked");
}

static void test_paths(void)
{
	struct libct_error err = { 0 };
	char *p = NULL;
	struct {
		const char *in, *out;
	} ok[] = {
		{ "machine.slice:libpod:abc", "/machine.slice/libpod-abc.scope" },
		{ "a-b.slice:x:y", "/a.slice/a-b.slice/x-y.scope" },
		{ "a-b-c.slice:docker:1", "/a.slice/a-b.slice/a-b-c.slice/docker-1.scope" },
		{ ":docker:abc", "/system.slice/docker-abc.scope" },
		{ "-.slice:p:n", "/p-n.scope" },
		{ "system.slice::n", "/system.slice/n.scope" },
		{ "user.slice:x:sub.slice", "/user.slice/sub.slice" },
	};
	const char *bad[] = { "bad:x",	      "a--b.slice:x:y", "foo:x:y",
			      "-a.slice:x:y", "a.slice:x:",	"a:b:c:d" };

	for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
		p = NULL;
		lct_cgroup_path_from_systemd(ok[i].in, &p);
		CHECK_STR(p, ok[i].out, "systemd path '%s'", ok[i].in);
		free(p);
	}
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		CHECK(lct_cgroup_path_from_systemd(bad[i], &p) == -EINVAL,
		      "systemd path '%s' rejected", bad[i]);

	p = NULL;
	lct_cgroup_path_normalize(NULL, "abc", &p, &err);
	CHECK_STR(p, "ct/abc", "default path ct/<id>");
	free(p);
	p = NULL;
	lct_cgroup_path_normalize("/a//b/", "x", &p, &err);
	CHECK_STR(p, "/a/b", "slashes collapsed");
	free(p);
	p = NULL;
	lct_cgroup_path_normalize("machine.slice:libpod:abc", "x", &p, &err);
	CHECK_STR(p, "/machine.slice/libpod-abc.scope", "systemd form accepted as a path");
	free(p);
	CHECK(lct_cgroup_path_normalize("a/../b", "x", &p, &err) == -EINVAL, "'..' rejected");
	CHECK_CONTAINS(err.message, "must not contain '..'", "'..' message");
	CHECK(lct_cgroup_path_normalize("../b", "x", &p, &err) == -EINVAL, "leading '..' rejected");
	CHECK(lct_cgroup_path_normalize("a\tb", "x", &p, &err) == -EINVAL, "tab rejected");
	CHECK(lct_cgroup_path_normalize("a|b", "x", &p, &err) == -EINVAL, "'|' rejected");
	CHECK(lct_cgroup_path_normalize("/", "x", &p, &err) == -EINVAL, "the root rejected");
	CHECK(lct_cgroup_path_normalize("a--b.slice:x:y", "x", &p, &err) == -EINVAL,
	      "bad systemd path rejected");
	CHECK_CONTAINS(err.message, "invalid systemd cgroup path", "systemd path message");
}

static void test_resolve(void)
{
	struct lct_cgroup_hier h[2] = {
		{ .version = 1,
		  .name = "cpu,cpuacct",
		  .mnt = "/sys/fs/cgroup/cpu,cpuacct",
		  .mnt_root = "/" },
		{ .version = 2, .name = "", .mnt = "/sys/fs/cgroup/unified", .mnt_root = "/" },
	};
	struct libct_error err = { 0 };
	struct lct_cgroup_hier *real = NULL;
	size_t n = 0;
	int layout;

	CHECK(lct_cgroup_paths_resolve(h, 2, "/libct/x", &err) == 0 &&
		      strcmp(h[0].dir, "/sys/fs/cgroup/cpu,cpuacct/libct/x") == 0 &&
		      strcmp(h[1].dir, "/sys/fs/cgroup/unified/libct/x") == 0,
	      "absolute path joined to each mount point");
	free(h[0].dir);
	free(h[1].dir);
	CHECK(lct_cgroup_ctrls_parse("cpu,cpuacct") ==
		      ((1u << LCT_CG_CPU) | (1u << LCT_CG_CPUACCT)),
	      "v1 controller list");
	CHECK(lct_cgroup_ctrls_parse("cpuset cpu io memory hugetlb pids rdma misc") ==
		      ((1u << LCT_CG_CPUSET) | (1u << LCT_CG_CPU) | (1u << LCT_CG_BLKIO) |
		       (1u << LCT_CG_MEMORY) | (1u << LCT_CG_HUGETLB) | (1u << LCT_CG_PIDS) |
		       (1u << LCT_CG_RDMA) | (1u << LCT_CG_MISC)),
	      "v2 controller list (io is blkio)");

	/* this host's own hierarchies: relative paths land below our own cgroups */
	layout = lct_cgroup_detect(NULL, &err);
	if (layout < 0 || lct_cgroup_hiers_discover(layout, &real, &n, &err) < 0) {
		printf("# no cgroups here (%s): skipping the host check\n", err.message);
		return;
	}
	CHECK(lct_cgroup_paths_resolve(real, n, "ct/x", &err) == 0, "relative path resolves: %s",
	      err.message);
	for (size_t i = 0; i < n; i++)
		CHECK(real[i].dir && strncmp(real[i].dir, real[i].mnt, strlen(real[i].mnt)) == 0 &&
			      strcmp(real[i].dir + strlen(real[i].dir) - 5, "/ct/x") == 0,
		      "hierarchy '%s' -> %s", real[i].name, real[i].dir ? real[i].dir : "(null)");
	lct_cgroup_hiers_free(real, n);
}

static void test_serialize(void)
{
	struct lct_cgroup_hier h[2] = {
		{ .version = 1,
		  .name = "cpu,cpuacct",
		  .mnt = "/sys/fs/cgroup/cpu,cpuacct",
		  .dir = "/sys/fs/cgroup/cpu,cpuacct/a b/c",
		  .owned = true },
		{ .version = 2,
		  .name = "",
		  .mnt = "/sys/fs/cgroup/unified",
		  .dir = "/sys/fs/cgroup/unified/a b/c",
		  .owned = false },
	};
	struct lct_cgroup cg = { .layout = LCT_CGROUP_HYBRID, .path = "/a b/c", .h = h, .n = 2 };
	struct libct_error err = { 0 };
	struct lct_cgroup *back = NULL;
	json_object *o = lct_cgroup_to_json(&cg), *again = NULL;
	const char *text = json_object_to_json_string(o);
	const struct {
		const char *json, *msg;
	} bad[] = {
		{ "[]", "cgroup record is not an object" },
		{ "{}", "'layout' is missing or not a non-empty string" },
		{ "{\"layout\":\"v9\",\"path\":\"/x\",\"hierarchies\":[]}", "'layout' 'v9'" },
		{ "{\"layout\":\"v1\",\"path\":\"/x\",\"hierarchies\":[]}",
		  "'hierarchies' is not" },
		{ "{\"layout\":\"v1\",\"path\":\"/x\",\"hierarchies\":[5]}",
		  "'hierarchies[0]' is not an object" },
		{ "{\"layout\":\"v1\",\"path\":\"/x\",\"hierarchies\":[{\"version\":3}]}",
		  "'hierarchies[0].version' is not 1 or 2" },
		{ "{\"layout\":\"v1\",\"path\":\"/x\",\"hierarchies\":[{\"version\":1,"
		  "\"controllers\":\"cpu\",\"mount\":\"/m\",\"dir\":\"/other/x\"}]}",
		  "is not below" },
		{ "{\"layout\":\"v1\",\"path\":\"/x\",\"hierarchies\":[{\"version\":1,"
		  "\"controllers\":\"cpu\",\"mount\":\"/m\",\"dir\":\"/m/../etc\"}]}",
		  "is not below" },
		{ "{\"layout\":\"v1\",\"path\":\"/x\",\"hierarchies\":[{\"version\":1,"
		  "\"controllers\":\"cpu\",\"mount\":\"/m\",\"dir\":\"/m/x\",\"owned\":\"yes\"}]}",
		  "'hierarchies[0].owned' is not a boolean" },
		{ "{\"layout\":\"v2\",\"path\":\"/s.slice/"
		  "u.scope\",\"hierarchies\":[{\"version\":2,"
		  "\"controllers\":\"\",\"mount\":\"/m\",\"dir\":\"/m/s.slice/u.scope\"}],"
		  "\"driver\":\"systemd-session\"}",
		  "'driver' is not \"systemd\" or \"systemd-user\"" },
	};
	/* the user's own systemd: the driver's name says which bus */
	const char *user_scope =
		"{\"layout\":\"v2\",\"path\":\"/user.slice/user-1000.slice/user@1000.service/"
		"user.slice/ct-x.scope\",\"hierarchies\":[{\"version\":2,\"controllers\":\"\","
		"\"mount\":\"/sys/fs/cgroup\",\"dir\":\"/sys/fs/cgroup/user.slice/user-1000.slice/"
		"user@1000.service/user.slice/"
		"ct-x.scope\",\"owned\":true}],\"driver\":\"systemd-user\"}";

	CHECK(lct_cgroup_from_json(NULL, o, &back, &err) == 0, "read back: %s", err.message);
	if (back) {
		CHECK(back->layout == LCT_CGROUP_HYBRID && back->n == 2 &&
			      strcmp(back->path, "/a b/c") == 0,
		      "layout, path, hierarchies back");
		CHECK(back->h[0].version == 1 && strcmp(back->h[0].dir, h[0].dir) == 0 &&
			      back->h[0].owned &&
			      back->h[0].ctrls == ((1u << LCT_CG_CPU) | (1u << LCT_CG_CPUACCT)),
		      "v1 hierarchy back");
		CHECK(back->h[1].version == 2 && !back->h[1].owned &&
			      strcmp(back->h[1].mnt, h[1].mnt) == 0,
		      "v2 hierarchy back (not owned)");
		again = lct_cgroup_to_json(back);
		CHECK_STR(json_object_to_json_string(again), text, "round trip is stable");
		json_object_put(again);
		lct_cgroup_free(back);
	}
	json_object_put(o);
	o = json_tokener_parse(user_scope);
	back = NULL;
	CHECK(lct_cgroup_from_json(NULL, o, &back, &err) == 0, "user scope read: %s", err.message);
	if (back) {
		CHECK(back->sd_user && strcmp(back->sd_unit, "ct-x.scope") == 0 &&
			      strcmp(back->sd_slice, "user.slice") == 0,
		      "user scope: the user's systemd, its unit and slice");
		again = lct_cgroup_to_json(back);
		CHECK_STR(json_object_to_json_string(again), json_object_to_json_string(o),
			  "user scope: round trip is stable");
		json_object_put(again);
		lct_cgroup_free(back);
	}
	json_object_put(o);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		json_object *b = json_tokener_parse(bad[i].json);

		back = NULL;
		memset(&err, 0, sizeof(err));
		CHECK(lct_cgroup_from_json(NULL, b, &back, &err) == -EINVAL && !back &&
			      strstr(err.message, bad[i].msg),
		      "bad record %zu rejected: %s", i, err.message);
		json_object_put(b);
	}
}

/* A fake v1 hierarchy in a temporary directory: apply writes its files. */
static void make_file(const char *dir, const char *name, const char *content)
{
	char p[512];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "w");
	if (f) {
		fputs(content, f);
		fclose(f);
	}
}

static char *slurp(const char *dir, const char *name)
{
	char *s = NULL;

	if (lct_cgroup_read(dir, name, &s, NULL) < 0)
		return NULL;
	return s;
}

static void test_apply_fake(void)
{
	char tmpl[] = "/tmp/test-cgroup-XXXXXX", *dir = mkdtemp(tmpl), *s;
	struct lct_cgroup_hier h = { .version = 1, .name = "memory,blkio,cpu", .mnt = "/tmp" };
	struct lct_cgroup cg = { .layout = LCT_CGROUP_V1,
				 .path = "x",
				 .h = &h,
				 .n = 1,
				 .v2fd = -1 };
	struct lct_resources r = { 0 };
	struct lct_kv uni = { "memory.high", "1" };
	struct libct_error err = { 0 };

	if (!dir) {
		CHECK(0, "mkdtemp");
		return;
	}
	h.dir = dir;
	h.ctrls = (1u << LCT_CG_MEMORY) | (1u << LCT_CG_BLKIO) | (1u << LCT_CG_CPU);
	make_file(dir, "memory.limit_in_bytes", "9223372036854771712\n");
	make_file(dir, "memory.memsw.limit_in_bytes", "9223372036854771712\n");
	make_file(dir, "cpu.cfs_period_us", "100000\n");
	make_file(dir, "cpu.cfs_quota_us", "-1\n");
	set(&r, LIBCT_MEMORY_LIMIT, 67108864);
	set(&r, LIBCT_MEMORY_SWAP, 134217728);
	set(&r, LIBCT_MEMORY_KERNEL, 1048576); /* no such file: skipped with a warning */
	set(&r, LIBCT_CPU_QUOTA, 50000);
	CHECK(lct_cgroup_apply(&cg, &r, false, &err) == 0, "apply to a fake v1 hierarchy: %s",
	      err.message);
	s = slurp(dir, "memory.limit_in_bytes");
	CHECK_STR(s, "67108864", "memory limit written");
	free(s);
	s = slurp(dir, "memory.memsw.limit_in_bytes");
	CHECK_STR(s, "134217728", "memsw written");
	free(s);
	s = slurp(dir, "cpu.cfs_quota_us");
	CHECK_STR(s, "50000", "quota written");
	free(s);

	r = (struct lct_resources){ 0 };
	set(&r, LIBCT_BLKIO_WEIGHT, 500);
	CHECK(lct_cgroup_apply(&cg, &r, false, &err) == -ENOENT, "blkio weight without the file");
	CHECK_CONTAINS(err.message, "blkio weight: neither 'blkio.weight' nor 'blkio.bfq.weight'",
		       "the message names both files");
	r = (struct lct_resources){ 0 };
	r.unified = &uni;
	r.n_unified = 1;
	CHECK(lct_cgroup_apply(&cg, &r, false, &err) < 0, "unified on a v1 host fails");
	CHECK_STR(err.message, "unified resources require cgroup v2", "unified v1 message");
	r = (struct lct_resources){ 0 };
	set(&r, LIBCT_PIDS_LIMIT, 10);
	CHECK(lct_cgroup_apply(&cg, &r, false, &err) < 0, "a missing controller fails");
	CHECK_STR(err.message,
		  "cannot set pids limit: the 'pids' cgroup controller is not "
		  "available",
		  "missing controller message");

	for (const char *f = "memory.limit_in_bytes\0memory.memsw.limit_in_bytes\0"
			     "cpu.cfs_period_us\0cpu.cfs_quota_us\0";
	     *f; f += strlen(f) + 1) {
		char p[512];

		snprintf(p, sizeof(p), "%s/%s", dir, f);
		unlink(p);
	}
	rmdir(dir);
}

/* Raw v1 file names and values in their v2 form (libct_container_set_cgroup_file). */
static void test_raw_translate(void)
{
	static const struct {
		const char *file, *value, *cpu_max, *want_file, *want_value;
	} cases[] = {
		{ "memory.limit_in_bytes", "-1", NULL, "memory.max", "max" },
		{ "memory.limit_in_bytes", "67108864", NULL, "memory.max", "67108864" },
		{ "memory.soft_limit_in_bytes", "1048576", NULL, "memory.low", "1048576" },
		{ "cpu.shares", "1024", NULL, "cpu.weight", "39" },
		{ "cpu.cfs_quota_us", "50000", "max 100000", "cpu.max", "50000 100000" },
		{ "cpu.cfs_quota_us", "-1", "20000 50000", "cpu.max", "max 50000" },
		{ "cpu.cfs_period_us", "200000", "50000 100000", "cpu.max", "50000 200000" },
		{ "freezer.state", "FROZEN", NULL, "cgroup.freeze", "1" },
		{ "freezer.state", "THAWED", NULL, "cgroup.freeze", "0" },
		{ "hugetlb.2MB.limit_in_bytes", "-1", NULL, "hugetlb.2MB.max", "max" },
		{ "pids.max", "32", NULL, "pids.max", "32" },
		{ "memory.high", "1G", NULL, "memory.high", "1G" },
	};
	struct libct_error err;
	char *f, *v;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int r = lct_cgroup_raw_translate(cases[i].file, cases[i].value, cases[i].cpu_max,
						 &f, &v, &err);

		CHECK(r == 0, "raw %s=%s translates", cases[i].file, cases[i].value);
		CHECK_STR(f, cases[i].want_file, "raw %s -> file", cases[i].file);
		CHECK_STR(v, cases[i].want_value, "raw %s=%s -> value", cases[i].file,
			  cases[i].value);
		free(f);
		free(v);
	}
	CHECK(lct_cgroup_raw_translate("cpu.shares", "many", NULL, &f, &v, &err) == -EINVAL &&
		      strstr(err.message, "cpu.shares: 'many' is not a number"),
	      "raw cpu.shares with a bad value: %s", err.message);
}

/* The systemd driver's unit and slice names, and its errors naming the bad part. */
static void test_systemd_names(void)
{
	struct libct_error err = { 0 };
	struct {
		const char *in, *slice, *unit;
	} ok[] = {
		{ "machine.slice:libpod:abc", "machine.slice", "libpod-abc.scope" },
		{ ":cri-containerd:1", "system.slice", "cri-containerd-1.scope" },
		{ "kubepods-besteffort.slice:crio:x", "kubepods-besteffort.slice", "crio-x.scope" },
		{ "system.slice::n", "system.slice", "n.scope" },
		{ "user.slice:x:sub.slice", "user.slice", "sub.slice" },
		{ "-.slice:p:n", "-.slice", "p-n.scope" },
	};
	struct {
		const char *in, *msg;
	} bad[] = {
		{ "a:b", "cgroup path 'a:b' is not 'slice:prefix:name'" },
		{ "a.slice:b:c:d", "is not 'slice:prefix:name'" },
		{ "foo:x:y", "slice 'foo' of cgroup path 'foo:x:y' is not a slice name" },
		{ "a--b.slice:x:y", "slice 'a--b.slice'" },
		{ "-a.slice:x:y", "slice '-a.slice'" },
		{ "a.slice:x y:z", "prefix 'x y' of cgroup path" },
		{ "a.slice:x:", "name '' of cgroup path" },
		{ "a.slice:x:a/b", "is not 'slice:prefix:name'" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
		char *slice = NULL, *unit = NULL;

		CHECK(lct_systemd_parse_path(ok[i].in, &slice, &unit, &err) == 0,
		      "systemd name '%s'", ok[i].in);
		CHECK_STR(slice, ok[i].slice, "slice of '%s'", ok[i].in);
		CHECK_STR(unit, ok[i].unit, "unit of '%s'", ok[i].in);
		free(slice);
		free(unit);
	}
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		char *slice = NULL, *unit = NULL;

		CHECK(lct_systemd_parse_path(bad[i].in, &slice, &unit, &err) == -EINVAL,
		      "systemd name '%s' rejected", bad[i].in);
		CHECK_CONTAINS(err.message, bad[i].msg, "message for '%s'", bad[i].in);
	}
}

int main(void)
{
	test_memory();
	test_cpu();
	test_pids_blkio();
	test_misc_knobs();
	test_devices();
	test_paths();
	test_systemd_names();
	test_resolve();
	test_serialize();
	test_apply_fake();
	test_raw_translate();
	return tap_done();
}
