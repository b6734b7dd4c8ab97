/* Unit: the OCI config.json translation (lib/oci): a full valid config lands in the
 * typed configuration, and each malformed field is refused with its JSON path. */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <linux/capability.h>

#include "core/internal.h"
#include "util/util.h"
#include "tap.h"

static struct libct_session *sess;
static char bundle[64];

/* A config with everything valid; the invalid cases patch one field of it. */
static const char full[] =
	"{"
	"\"ociVersion\": \"1.0.2-dev\","
	"\"process\": {"
	"  \"terminal\": true, \"consoleSize\": { \"height\": 10, \"width\": 20 },"
	"  \"user\": { \"uid\": 1000, \"gid\": 1001, \"umask\": 18, \"additionalGids\": [5, 6] },"
	"  \"args\": [\"sh\", \"-c\", \"true\"],"
	"  \"env\": [\"PATH=/bin\", \"TERM=xterm\"],"
	"  \"cwd\": \"/tmp\","
	"  \"capabilities\": { \"bounding\": [\"CAP_KILL\", \"CAP_CHOWN\"],"
	"    \"effective\": [\"CAP_KILL\"], \"permitted\": [\"CAP_KILL\"] },"
	"  \"rlimits\": [ { \"type\": \"RLIMIT_NOFILE\", \"soft\": 1024, \"hard\": 4096 },"
	"    { \"type\": \"RLIMIT_CORE\", \"soft\": 0, \"hard\": 18446744073709551615 } ],"
	"  \"noNewPrivileges\": true, \"oomScoreAdj\": -500,"
	"  \"apparmorProfile\": \"ct-default\", \"selinuxLabel\": \"system_u:system_r:t:s0\","
	"  \"ioPriority\": { \"class\": \"IOPRIO_CLASS_IDLE\" }, \"someFutureField\": 1"
	"},"
	"\"root\": { \"path\": \"rootfs\", \"readonly\": true },"
	"\"hostname\": \"box\", \"domainname\": \"example.org\","
	"\"mounts\": ["
	"  { \"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\" },"
	"  { \"destination\": \"/data\", \"type\": \"bind\", \"source\": \"/tmp\","
	"    \"options\": [\"rbind\", \"ro\", \"nosuid\", \"ridmap\"],"
	"    \"uidMappings\": [ { \"containerID\": 0, \"hostID\": 1000, \"size\": 10 } ],"
	"    \"gidMappings\": [ { \"containerID\": 0, \"hostID\": 2000, \"size\": 20 } ] },"
	"  { \"destination\": \"rel/dir\", \"type\": \"tmpfs\", \"source\": \"tmpfs\","
	"    \"options\": [\"size=1m\"], \"uidMappings\": [] }"
	"],"
	"\"hooks\": { \"prestart\": [ { \"path\": \"/bin/true\", \"args\": [\"true\"],"
	"    \"env\": [\"A=b\"], \"timeout\": 5 } ], \"poststop\": [] },"
	"\"annotations\": { \"org.example.key\": \"value\", \"other\": \"\" },"
	"\"linux\": {"
	"  \"namespaces\": [ { \"type\": \"pid\" },"
	"    { \"type\": \"network\", \"path\": \"/proc/1/ns/net\" },"
	"    { \"type\": \"mount\" }, { \"type\": \"user\" },"
	"    { \"type\": \"ipc\", \"path\": \"\" } ],"
	"  \"uidMappings\": [ { \"containerID\": 0, \"hostID\": 100000, \"size\": 65536 } ],"
	"  \"gidMappings\": [ { \"containerID\": 0, \"hostID\": 200000, \"size\": 1000 } ],"
	"  \"sysctl\": { \"net.ipv4.ip_forward\": \"1\" },"
	"  \"cgroupsPath\": \"/my/cgroup\","
	"  \"devices\": ["
	"    { \"path\": \"/dev/fuse\", \"type\": \"c\", \"major\": 10, \"minor\": 229,"
	"      \"fileMode\": 438, \"uid\": 0, \"gid\": 0 },"
	"    { \"path\": \"/dev/fifo\", \"type\": \"p\" } ],"
	"  \"maskedPaths\": [\"/proc/kcore\"], \"readonlyPaths\": [\"/proc/sys\", \"/proc/bus\"],"
	"  \"rootfsPropagation\": \"rslave\", \"mountLabel\": \"system_u:object_r:f:s0\","
	"  \"timeOffsets\": {}, \"intelRdt\": {}, \"personality\": { \"domain\": \"LINUX\" },"
	"  \"resources\": {"
	"    \"memory\": { \"limit\": -1, \"reservation\": 1048576, \"swap\": 0,"
	"      \"swappiness\": 60,"
	"      \"disableOOMKiller\": true, \"useHierarchy\": false, \"checkBeforeUpdate\": true },"
	"    \"cpu\": { \"shares\": 512, \"quota\": 50000, \"period\": 100000, \"burst\": 0,"
	"      \"cpus\": \"0-1\", \"mems\": \"0\", \"idle\": 1 },"
	"    \"pids\": { \"limit\": 100 },"
	"    \"blockIO\": { \"weight\": 500, \"leafWeight\": 0,"
	"      \"weightDevice\": ["
	"        { \"major\": 8, \"minor\": 0, \"weight\": 300, \"leafWeight\": 20 } ],"
	"      \"throttleReadBpsDevice\": [ { \"major\": 8, \"minor\": 0, \"rate\": 1048576 } ],"
	"      \"throttleWriteIOPSDevice\": [ { \"major\": 8, \"minor\": 16, \"rate\": 100 } ] },"
	"    \"hugepageLimits\": [ { \"pageSize\": \"2MB\", \"limit\": 209715200 } ],"
	"    \"rdma\": { \"mlx5_1\": { \"hcaHandles\": 3, \"hcaObjects\": 10000 },"
	"      \"mlx4_0\": { \"hcaObjects\": 7 } },"
	"    \"network\": { \"classID\": 1048577,"
	"      \"priorities\": [ { \"name\": \"eth0\", \"priority\": 5 } ] },"
	"    \"devices\": [ { \"allow\": false, \"access\": \"rwm\" },"
	"      { \"allow\": true, \"type\": \"c\", \"major\": 1, \"minor\": 3,"
	"        \"access\": \"rw\" } ],"
	"    \"unified\": { \"memory.high\": \"max\" }"
	"  },"
	"  \"seccomp\": { \"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 1,"
	"    \"architectures\": [\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\"],"
	"    \"flags\": [\"SECCOMP_FILTER_FLAG_LOG\"],"
	"    \"syscalls\": [ { \"names\": [\"read\", \"write\"], \"action\": \"SCMP_ACT_ALLOW\" },"
	"      { \"names\": [\"personality\"], \"action\": \"SCMP_ACT_ALLOW\","
	"        \"args\": [ { \"index\": 0, \"value\": 8, \"valueTwo\": 0,"
	"                    \"op\": \"SCMP_CMP_EQ\" } ] },"
	"      { \"names\": [\"mkdir\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 13 } ] }"
	"}"
	"}";

static struct libct_container *new_ct(void)
{
	static int n;
	struct libct_error err = { 0 };
	struct libct_container *ct = NULL;
	char id[32];

	snprintf(id, sizeof(id), "t%d", n++);
	if (libct_container_new(sess, id, &ct, &err) < 0) {
		printf("Bail out! container_new: %s\n", err.message);
		exit(1);
	}
	return ct;
}

/* Load text; returns the error code, message in err. */
static int load(const char *text, struct libct_container **ret_ct,
		struct libct_process_desc **ret_pd, struct libct_error *err)
{
	struct libct_container *ct = new_ct();
	struct libct_process_desc *pd = NULL;
	int r;

	lct_err_clear(err);
	r = libct_oci_load_string(ct, bundle, text, &pd, err);
	if (ret_ct)
		*ret_ct = ct;
	else
		libct_container_free(ct);
	if (ret_pd)
		*ret_pd = pd;
	else
		libct_process_desc_free(pd);
	return r;
}

/* The full config with path (jq-like: "linux.resources.memory.limit", "mounts[1]")
 * set to the JSON value (or deleted when value is NULL). */
static char *patched(const char *path, const char *value)
{
	struct json_object *root = json_tokener_parse(full), *obj = root, *v = NULL;
	char buf[256], *save = NULL, *tok, *next;
	char *out;

	snprintf(buf, sizeof(buf), "%s", path);
	tok = strtok_r(buf, ".", &save);
	while (tok) {
		char *br = strchr(tok, '[');
		int idx = -1;

		next = strtok_r(NULL, ".", &save);
		if (br) {
			idx = atoi(br + 1);
			*br = '\0';
		}
		if (!next && idx < 0) {
			if (value)
				json_object_object_add(obj, tok, json_tokener_parse(value));
			else
				json_object_object_del(obj, tok);
			break;
		}
		if (!json_object_object_get_ex(obj, tok, &v) || !v) {
			/* create missing intermediate objects */
			v = json_object_new_object();
			json_object_object_add(obj, tok, v);
		}
		obj = v;
		if (idx >= 0) {
			if (!next) {
				if (value)
					json_object_array_put_idx(obj, idx,
								  json_tokener_parse(value));
				else
					json_object_array_del_idx(obj, idx, 1);
				break;
			}
			obj = json_object_array_get_idx(obj, idx);
		}
		tok = next;
	}
	out = strdup(json_object_to_json_string(root));
	json_object_put(root);
	return out;
}

static void check_full(void)
{
	struct libct_error err = { 0 };
	struct libct_container *ct;
	struct libct_process_desc *pd;
	struct lct_config *c;
	struct lct_resources *res;
	char rootfs[128];
	int r = load(full, &ct, &pd, &err);

	CHECK(r == 0, "full config loads");
	if (r) {
		printf("# %s\n", err.message);
		libct_container_free(ct);
		return;
	}
	c = &ct->cfg;
	res = &c->res;
	snprintf(rootfs, sizeof(rootfs), "%s/rootfs", bundle);
	CHECK_STR(c->root, rootfs, "root.path made absolute from the bundle");
	CHECK(c->root_readonly, "root.readonly");
	CHECK_STR(c->bundle, bundle, "bundle recorded");
	CHECK_STR(c->hostname, "box", "hostname");
	CHECK_STR(c->domainname, "example.org", "domainname");
	CHECK(c->n_mounts == 3, "three mounts");
	if (c->n_mounts == 3) {
		CHECK_STR(c->mounts[1].destination, "/data", "mount destination");
		CHECK(c->mounts[1].bind, "rbind mount is a bind");
		CHECK(c->mounts[1].idmap && c->mounts[1].idmap_recursive &&
			      c->mounts[1].n_uid_maps == 1 &&
			      c->mounts[1].uid_maps[0].host_id == 1000 &&
			      c->mounts[1].n_gid_maps == 1 && c->mounts[1].gid_maps[0].size == 20,
		      "ridmap mount with its own mappings");
		CHECK(!c->mounts[2].idmap, "empty uidMappings: no idmap");
		CHECK_STR(c->mounts[2].destination, "/rel/dir", "relative destination is from /");
		CHECK_STR(c->mounts[2].type, "tmpfs", "mount type");
	}
	CHECK(c->annotations && lct_strv_len(c->annotations) == 4, "annotations");
	CHECK(c->ns_want[LIBCT_NS_PID] && c->ns_want[LIBCT_NS_USER] && c->ns_want[LIBCT_NS_IPC] &&
		      !c->ns_want[LIBCT_NS_UTS] && !c->ns_path[LIBCT_NS_IPC],
	      "namespaces");
	CHECK_STR(c->ns_path[LIBCT_NS_NET], "/proc/1/ns/net", "namespace path");
	CHECK(c->n_uid_maps == 1 && c->uid_maps[0].host_id == 100000 &&
		      c->uid_maps[0].size == 65536,
	      "uid map");
	CHECK(c->n_gid_maps == 1 && c->gid_maps[0].host_id == 200000, "gid map");
	CHECK(c->n_sysctls == 1 && strcmp(c->sysctls[0].key, "net.ipv4.ip_forward") == 0, "sysctl");
	CHECK_STR(c->cgroup_path, "/my/cgroup", "cgroupsPath");
	CHECK(c->n_devices == 2 && c->devices[0].major == 10 && c->devices[0].minor == 229 &&
		      c->devices[0].mode == 0666 && c->devices[1].type == 'p',
	      "devices");
	CHECK(lct_strv_len(c->masked_paths) == 1 && lct_strv_len(c->readonly_paths) == 2,
	      "masked and readonly paths");
	CHECK(c->root_propagation != 0, "rootfsPropagation");

	CHECK(res->set[LIBCT_MEMORY_LIMIT] && res->value[LIBCT_MEMORY_LIMIT] == -1,
	      "memory.limit -1");
	CHECK(res->value[LIBCT_MEMORY_RESERVATION] == 1048576, "memory.reservation");
	CHECK(!res->set[LIBCT_MEMORY_SWAP], "memory.swap 0 is unset");
	CHECK(res->value[LIBCT_MEMORY_SWAPPINESS] == 60, "memory.swappiness");
	CHECK(res->set[LIBCT_MEMORY_DISABLE_OOM_KILLER] &&
		      res->value[LIBCT_MEMORY_DISABLE_OOM_KILLER] == 1,
	      "disableOOMKiller");
	CHECK(res->set[LIBCT_MEMORY_USE_HIERARCHY] && res->value[LIBCT_MEMORY_USE_HIERARCHY] == 0,
	      "useHierarchy false");
	CHECK(res->value[LIBCT_CPU_SHARES] == 512 && res->value[LIBCT_CPU_QUOTA] == 50000 &&
		      res->value[LIBCT_CPU_PERIOD] == 100000,
	      "cpu shares, quota, period");
	CHECK(res->set[LIBCT_CPU_BURST] && res->value[LIBCT_CPU_IDLE] == 1, "cpu burst 0, idle");
	CHECK_STR(res->cpuset_cpus, "0-1", "cpuset cpus");
	CHECK_STR(res->cpuset_mems, "0", "cpuset mems");
	CHECK(res->value[LIBCT_PIDS_LIMIT] == 100, "pids.limit");
	CHECK(res->value[LIBCT_BLKIO_WEIGHT] == 500 && !res->set[LIBCT_BLKIO_LEAF_WEIGHT],
	      "blkio weight");
	CHECK(res->n_weight_dev == 1 && res->weight_dev[0].value == 300 &&
		      res->weight_dev[0].leaf_weight == 20,
	      "blkio weightDevice");
	CHECK(res->n_throttle[LIBCT_BLKIO_READ_BPS] == 1 &&
		      res->throttle[LIBCT_BLKIO_READ_BPS][0].value == 1048576 &&
		      res->n_throttle[LIBCT_BLKIO_WRITE_IOPS] == 1 &&
		      res->throttle[LIBCT_BLKIO_WRITE_IOPS][0].minor == 16,
	      "blkio throttles");
	CHECK(res->n_hugetlb == 1 && strcmp(res->hugetlb[0].key, "2MB") == 0 &&
		      strcmp(res->hugetlb[0].value, "209715200") == 0,
	      "hugepageLimits");
	CHECK(res->n_rdma == 2 && strcmp(res->rdma[0].key, "mlx5_1") == 0 &&
		      strcmp(res->rdma[0].value, "hca_handle=3 hca_object=10000") == 0 &&
		      strcmp(res->rdma[1].value, "hca_handle=max hca_object=7") == 0,
	      "rdma limits, an unset one as max");
	CHECK(res->value[LIBCT_NET_CLS_CLASSID] == 1048577 && res->n_net_prio == 1, "network");
	CHECK(res->n_dev_rules == 2 && !res->dev_rules[0].allow && res->dev_rules[0].type == 'a' &&
		      res->dev_rules[0].major == -1 && res->dev_rules[1].allow &&
		      res->dev_rules[1].type == 'c' && res->dev_rules[1].minor == 3,
	      "device rules");
	CHECK(res->n_unified == 1 && strcmp(res->unified[0].key, "memory.high") == 0, "unified");

	CHECK(pd->argv && lct_strv_len(pd->argv) == 3 && strcmp(pd->argv[2], "true") == 0,
	      "process.args");
	CHECK(pd->env && lct_strv_len(pd->env) == 2, "process.env");
	CHECK_STR(pd->cwd, "/tmp", "process.cwd");
	CHECK(pd->uid == 1000 && pd->gid == 1001, "process.user uid, gid");
	CHECK(pd->has_umask && pd->umask == 18, "process.user.umask");
	CHECK(pd->n_groups == 2 && pd->groups[1] == 6, "additionalGids");
	CHECK(pd->terminal && pd->no_new_privs, "terminal, noNewPrivileges");
	CHECK(pd->has_oom_score_adj && pd->oom_score_adj == -500, "oomScoreAdj");
	CHECK(pd->caps_set &&
		      pd->caps[LIBCT_CAP_BOUNDING] == ((1ULL << CAP_KILL) | (1ULL << CAP_CHOWN)) &&
		      pd->caps[LIBCT_CAP_EFFECTIVE] == (1ULL << CAP_KILL) &&
		      pd->caps[LIBCT_CAP_AMBIENT] == 0 && pd->caps[LIBCT_CAP_INHERITABLE] == 0,
	      "capabilities (missing sets empty)");
	CHECK(pd->n_rlimits == 2 && pd->rlimits[0].resource == RLIMIT_NOFILE &&
		      pd->rlimits[0].hard == 4096 && pd->rlimits[1].hard == UINT64_MAX,
	      "rlimits (uint64 max)");
	CHECK_STR(pd->apparmor_profile, "ct-default", "apparmorProfile");
	CHECK_STR(pd->selinux_label, "system_u:system_r:t:s0", "selinuxLabel");
	CHECK(pd->seccomp && pd->seccomp->default_action == LIBCT_SECCOMP_ERRNO &&
		      pd->seccomp->default_errno == 1,
	      "seccomp default action");
	if (pd->seccomp) {
		struct lct_seccomp *sc = pd->seccomp;

		CHECK(lct_strv_len(sc->archs) == 2 && sc->flags != 0, "seccomp archs, flags");
		CHECK(sc->n_rules == 4 && strcmp(sc->rules[1].syscall, "write") == 0 &&
			      sc->rules[0].errno_ret == -1,
		      "seccomp rules, one per name");
		CHECK(sc->n_rules == 4 && sc->rules[2].n_args == 1 &&
			      sc->rules[2].args[0].value == 8 &&
			      sc->rules[2].args[0].op == LIBCT_SECCOMP_OP_EQ,
		      "seccomp arg");
		CHECK(sc->n_rules == 4 && sc->rules[3].errno_ret == 13, "seccomp errnoRet");
	}
	libct_process_desc_free(pd);
	libct_container_free(ct);
}

struct bad {
	const char *path, *value; /* value NULL: delete */
	const char *message;
};

static const struct bad bad[] = {
	{ "ociVersion", NULL, "ociVersion: missing" },
	{ "ociVersion", "\"2.0.0\"",
	  "ociVersion: unsupported version '2.0.0' (supported: 1.0.0 to 1.2.x)" },
	{ "ociVersion", "\"1.3.0\"", "ociVersion: unsupported version '1.3.0'" },
	{ "ociVersion", "\"1.2\"", "ociVersion: unsupported version '1.2'" },
	{ "ociVersion", "1", "ociVersion: must be a string" },
	{ "root", NULL, "root: missing" },
	{ "root.path", NULL, "root.path: missing" },
	{ "root.path", "\"nope\"", "/bundle/nope': No such file or directory" },
	{ "root.path", "\"config-file\"", "/bundle/config-file': Not a directory" },
	{ "root.readonly", "\"yes\"", "root.readonly: must be a boolean" },
	{ "process", "[]", "process: must be an object" },
	{ "process.args", "[]", "process.args: must be a non-empty array of strings" },
	{ "process.args", NULL, "process.args: must be a non-empty array of strings" },
	{ "process.args", "\"sh\"", "process.args: must be a non-empty array of strings" },
	{ "process.args", "[\"sh\", 1]", "process.args[1]: must be a string" },
	{ "process.env", "[\"A=b\", null]", "process.env[1]: must be a string" },
	{ "process.env", "[\"NOEQUALS\"]", "process.env: environment entry 'NOEQUALS'" },
	{ "process.cwd", "\"tmp\"", "process.cwd: must be an absolute path" },
	{ "process.cwd", NULL, "process.cwd: missing" },
	{ "process.terminal", "1", "process.terminal: must be a boolean" },
	{ "process.user.uid", "-1",
	  "process.user.uid: must be an integer between 0 and 4294967295" },
	{ "process.user.gid", "4294967296",
	  "process.user.gid: must be an integer between 0 and 4294967295" },
	{ "process.user.uid", "1.5", "process.user.uid: must be an integer between 0 and" },
	{ "process.user.umask", "\"022\"",
	  "process.user.umask: must be an integer between 0 and 4294967295" },
	{ "process.user.umask", "-1",
	  "process.user.umask: must be an integer between 0 and 4294967295" },
	{ "process.user.additionalGids", "[1, \"x\"]",
	  "process.user.additionalGids[1]: must be an integer between 0 and 4294967295" },
	{ "process.capabilities.ambient", "\"CAP_KILL\"",
	  "process.capabilities.ambient: must be an array of strings" },
	{ "process.rlimits[0].type", "\"RLIMIT_FOO\"",
	  "process.rlimits[0].type: unknown rlimit 'RLIMIT_FOO'" },
	{ "process.rlimits[1].type", "\"RLIMIT_NOFILE\"",
	  "process.rlimits: duplicate rlimit 'RLIMIT_NOFILE'" },
	{ "process.rlimits[0].soft", NULL, "process.rlimits[0].soft: missing" },
	{ "process.rlimits[0].hard", "-1",
	  "process.rlimits[0].hard: must be an integer between 0 and 18446744073709551615" },
	{ "process.rlimits[0].soft", "5000", "process.rlimits[0]: soft limit 5000 is above" },
	{ "process.oomScoreAdj", "1001",
	  "process.oomScoreAdj: must be an integer between -1000 and 1000" },
	{ "process.noNewPrivileges", "\"true\"", "process.noNewPrivileges: must be a boolean" },
	{ "process.apparmorProfile", "5", "process.apparmorProfile: must be a string" },
	{ "hostname", "7", "hostname: must be a string" },
	{ "hostname", "\"a-very-long-hostname-that-is-longer-than-sixty-four-characters-for-sure\"",
	  "hostname: hostname 'a-very-long" },
	{ "mounts", "{}", "mounts: must be an array" },
	{ "mounts[1]", "\"x\"", "mounts[1]: must be an object" },
	{ "mounts[1].destination", NULL, "mounts[1].destination: missing" },
	{ "mounts[1].destination", "\"\"", "mounts[1].destination: must be an absolute path" },
	{ "mounts[1].options", "[\"ro\", 3]", "mounts[1].options[1]: must be a string" },
	{ "mounts[1].type", "false", "mounts[1].type: must be a string" },
	{ "mounts[1].gidMappings", "[]",
	  "mounts[1].uidMappings: an idmapped mount needs gidMappings as well" },
	{ "mounts[1].uidMappings[0].size", "0",
	  "mounts[1].uidMappings[0]: mount '/data': uid map: size must be greater than 0" },
	{ "mounts[1].gidMappings[0].hostID", "-1", "mounts[1].gidMappings[0].hostID: must be" },
	{ "mounts[2].options", "[\"idmap\"]",
	  "mounts[2].options: idmap and ridmap need a bind mount (options bind or rbind)" },
	{ "mounts[2].uidMappings", "[{\"containerID\": 0, \"hostID\": 1, \"size\": 1}]",
	  "mounts[2].uidMappings: an idmapped mount needs gidMappings as well" },
	{ "hooks.prestart[0].path", "\"true\"",
	  "hooks.prestart[0].path: must be an absolute path" },
	{ "hooks.prestart[0].path", NULL, "hooks.prestart[0].path: missing" },
	{ "hooks.prestart[0].timeout", "0",
	  "hooks.prestart[0].timeout: must be an integer between 1 and 2147483647" },
	{ "hooks.poststart", "{}", "hooks.poststart: must be an array" },
	{ "annotations.other", "1", "annotations.other: must be a string" },
	{ "linux", "[]", "linux: must be an object" },
	{ "linux.namespaces[2].type", "\"foo\"",
	  "linux.namespaces[2].type: unknown namespace type 'foo'" },
	{ "linux.namespaces[2].type", "\"net\"",
	  "linux.namespaces[2].type: unknown namespace type 'net'" },
	{ "linux.namespaces[2].type", "\"pid\"",
	  "linux.namespaces: duplicate namespace type 'pid'" },
	{ "linux.namespaces[1].path", "\"proc/1/ns/net\"",
	  "linux.namespaces[1].path: must be an absolute path" },
	{ "linux.namespaces[0].type", NULL, "linux.namespaces[0].type: missing" },
	{ "linux.uidMappings[0].size", "\"1\"",
	  "linux.uidMappings[0].size: must be an integer between 0 and 4294967295" },
	{ "linux.gidMappings[0].hostID", NULL, "linux.gidMappings[0].hostID: missing" },
	{ "linux.uidMappings[0].size", "0", "linux.uidMappings[0]: uid map: size must be greater" },
	{ "linux.sysctl", "{\"kernel.x\": 1}", "linux.sysctl.kernel.x: must be a string" },
	{ "linux.devices[0].path", "\"dev/fuse\"",
	  "linux.devices[0].path: must be an absolute path" },
	{ "linux.devices[0].type", "\"x\"", "linux.devices[0].type: unknown device type 'x'" },
	{ "linux.devices[0].major", NULL, "linux.devices[0].major: missing" },
	{ "linux.devices[0].fileMode", "-1",
	  "linux.devices[0].fileMode: must be an integer between" },
	{ "linux.maskedPaths", "[\"/proc/kcore\", 1]", "linux.maskedPaths[1]: must be a string" },
	{ "linux.readonlyPaths", "\"/proc\"", "linux.readonlyPaths: must be an array of strings" },
	{ "linux.cgroupsPath", "[]", "linux.cgroupsPath: must be a string" },
	{ "linux.rootfsPropagation", "\"sideways\"",
	  "linux.rootfsPropagation: unknown root propagation 'sideways'" },
	{ "linux.timeOffsets", "[]", "linux.timeOffsets: must be an object" },
	{ "linux.intelRdt", "{\"closID\": \"x\"}", "linux.intelRdt: not supported" },
	{ "linux.resources.memory.limit", "\"1G\"",
	  "linux.resources.memory.limit: must be an integer" },
	{ "linux.resources.memory.limit", "1e9",
	  "linux.resources.memory.limit: must be an integer" },
	{ "linux.resources.memory.limit", "-5",
	  "linux.resources.memory.limit: must be an integer between -1 and " },
	{ "linux.resources.memory.swappiness", "101",
	  "linux.resources.memory.swappiness: must be an integer between 0 and 100" },
	{ "linux.resources.memory.disableOOMKiller", "1",
	  "linux.resources.memory.disableOOMKiller: must be a boolean" },
	{ "linux.resources.memory.swap", "9223372036854775808",
	  "linux.resources.memory.swap: must be an integer" },
	{ "linux.resources.cpu.shares", "-2",
	  "linux.resources.cpu.shares: must be an integer between 0 and 262144" },
	{ "linux.resources.cpu.cpus", "\"0-x\"", "linux.resources.cpu: invalid cpuset list '0-x'" },
	{ "linux.resources.cpu", "5", "linux.resources.cpu: must be an object" },
	{ "linux.resources.pids.limit", "true", "linux.resources.pids.limit: must be an integer" },
	{ "linux.resources.blockIO.weight", "70000",
	  "linux.resources.blockIO.weight: must be an integer between 0 and 1000" },
	{ "linux.resources.blockIO.weightDevice[0].major", NULL,
	  "linux.resources.blockIO.weightDevice[0].major: missing" },
	{ "linux.resources.blockIO.throttleReadBpsDevice[0].rate", "\"fast\"",
	  "linux.resources.blockIO.throttleReadBpsDevice[0].rate: must be an integer between 0 "
	  "and" },
	{ "linux.resources.rdma.mlx5_1.hcaHandles", "-3",
	  "linux.resources.rdma.mlx5_1.hcaHandles: must be an integer between 0 and" },
	{ "linux.resources.rdma.mlx5_1", "[]", "linux.resources.rdma.mlx5_1: must be an object" },
	{ "linux.resources.hugepageLimits[0].pageSize", NULL,
	  "linux.resources.hugepageLimits[0].pageSize: missing" },
	{ "linux.resources.network.priorities[0].priority", "-1",
	  "linux.resources.network.priorities[0].priority: must be an integer between 0 and" },
	{ "linux.resources.network.classID", "4294967296",
	  "linux.resources.network.classID: must be an integer between 0 and 4294967295" },
	{ "linux.resources.devices[1].allow", NULL, "linux.resources.devices[1].allow: missing" },
	{ "linux.resources.devices[1].type", "\"x\"",
	  "linux.resources.devices[1].type: unknown device type 'x'" },
	{ "linux.resources.devices[1].access", "\"rwx\"",
	  "linux.resources.devices[1]: device rule: invalid access 'rwx'" },
	{ "linux.resources.devices[1]", "7", "linux.resources.devices[1]: must be an object" },
	{ "linux.resources.unified", "{\"memory.max\": 5}",
	  "linux.resources.unified.memory.max: must be a string" },
	{ "linux.seccomp.defaultAction", "\"X\"",
	  "linux.seccomp.defaultAction: unknown action 'X'" },
	{ "linux.seccomp.defaultAction", NULL, "linux.seccomp.defaultAction: missing" },
	{ "linux.seccomp.syscalls[0].action", "\"X\"",
	  "linux.seccomp.syscalls[0].action: unknown action 'X'" },
	{ "linux.seccomp.syscalls[0].names", NULL, "linux.seccomp.syscalls[0].names: missing" },
	{ "linux.seccomp.syscalls[1].args[0].op", "\"SCMP_CMP_FOO\"",
	  "linux.seccomp.syscalls[1].args[0].op: unknown operator 'SCMP_CMP_FOO'" },
	{ "linux.seccomp.syscalls[1].args[0].index", "6",
	  "linux.seccomp.syscalls[1].args[0].index: must be an integer between 0 and 5" },
	{ "linux.seccomp.syscalls[1].args[0].value", NULL,
	  "linux.seccomp.syscalls[1].args[0].value: missing" },
	{ "linux.seccomp.syscalls[2].errnoRet", "-1",
	  "linux.seccomp.syscalls[2].errnoRet: must be an integer between 0 and 2147483647" },
	{ "linux.seccomp.architectures", "[\"SCMP_ARCH_NOPE\"]",
	  "linux.seccomp.architectures[0]: seccomp: unknown architecture 'SCMP_ARCH_NOPE'" },
	{ "linux.seccomp.flags", "[\"SECCOMP_FILTER_FLAG_NOPE\"]",
	  "linux.seccomp.flags[0]: seccomp: unknown flag 'SECCOMP_FILTER_FLAG_NOPE'" },
	{ "linux.seccomp.listenerPath", "\"agent.sock\"",
	  "linux.seccomp.listenerPath: seccomp: listener path 'agent.sock' must be an absolute "
	  "path" },
	{ "linux.seccomp.listenerMetadata", "3",
	  "linux.seccomp.listenerMetadata: must be a string" },
};

static void check_bad(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct libct_error err = { 0 };
		char *text = patched(bad[i].path, bad[i].value);
		int r = load(text, NULL, NULL, &err);

		CHECK(r < 0, "%s = %s is refused", bad[i].path,
		      bad[i].value ? bad[i].value : "(deleted)");
		CHECK_CONTAINS(err.message, bad[i].message, "  message for %s", bad[i].path);
		free(text);
	}
}

/* Versions, JSON syntax, and the things that are fine. */
static void check_misc(void)
{
	static const char *const good_versions[] = { "\"1.0.0\"",	"\"1.0.2-dev\"",
						     "\"1.1.0-rc.1\"",	"\"1.2.0\"",
						     "\"1.2.1+build\"", "\"1.2.10\"" };
	struct libct_error err = { 0 };
	struct libct_container *ct;
	struct libct_process_desc *pd;
	char *text;
	int r;

	for (size_t i = 0; i < ARRAY_SIZE(good_versions); i++) {
		text = patched("ociVersion", good_versions[i]);
		r = load(text, NULL, NULL, &err);
		CHECK(r == 0, "ociVersion %s is accepted", good_versions[i]);
		if (r)
			printf("# %s\n", err.message);
		free(text);
	}

	r = load("{\"ociVersion\": \"1.0.2\", \"process\": ", NULL, NULL, &err);
	CHECK(r == -EINVAL, "truncated JSON is refused");
	CHECK_CONTAINS(err.message, "config.json: invalid JSON at line 1",
		       "truncated JSON message");
	r = load("{\"ociVersion\": \"1.0.2\",\n \"root\": {\"path\": \"rootfs\",}}", NULL, NULL,
		 &err);
	CHECK_CONTAINS(err.message, "config.json: invalid JSON at line 2", "trailing comma: line");
	r = load("[1, 2]", NULL, NULL, &err);
	CHECK_CONTAINS(err.message, "config.json: must be a JSON object", "array at top level");
	r = load("{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"rootfs\"}} x", NULL, NULL,
		 &err);
	CHECK(r < 0, "trailing garbage is refused");

	/* process is optional: a description without args */
	r = load("{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"rootfs\"}}", &ct, &pd, &err);
	CHECK(r == 0 && pd && !pd->argv, "no process: a description without args");
	if (r == 0)
		CHECK(!ct->cfg.ns_want[LIBCT_NS_PID] && ct->cfg.n_mounts == 0, "minimal config");
	libct_process_desc_free(pd);
	libct_container_free(ct);

	/* null is "not given" */
	text = patched("process.user.umask", "null");
	r = load(text, &ct, &pd, &err);
	CHECK(r == 0 && !pd->has_umask, "null means absent");
	libct_process_desc_free(r == 0 ? pd : NULL);
	libct_container_free(ct);
	free(text);

	/* umask: any uint32, as runc and crun; the permission bits are used */
	text = patched("process.user.umask", "4294967295");
	r = load(text, &ct, &pd, &err);
	CHECK(r == 0 && pd->has_umask && pd->umask == 0777, "umask 4294967295: 0777 used");
	libct_process_desc_free(r == 0 ? pd : NULL);
	libct_container_free(ct);
	free(text);

	/* a capabilities object with no sets: all five sets empty */
	text = patched("process.capabilities", "{}");
	r = load(text, &ct, &pd, &err);
	CHECK(r == 0 && pd->caps_set && pd->caps[LIBCT_CAP_BOUNDING] == 0, "empty capabilities");
	libct_process_desc_free(r == 0 ? pd : NULL);
	libct_container_free(ct);
	free(text);

	/* what runc and crun take where ct refused it: timeOffsets without a
	 * time namespace (ignored, with a warning), a seccomp rule for no
	 * syscall; and capability names without "CAP_" are unknown to them */
	text = patched("linux.timeOffsets", "{\"monotonic\": {\"secs\": 1}}");
	r = load(text, &ct, &pd, &err);
	CHECK(r == 0 && !ct->cfg.time_offsets[0].set,
	      "timeOffsets without a time namespace: ignored");
	if (r)
		printf("# %s\n", err.message);
	libct_process_desc_free(r == 0 ? pd : NULL);
	libct_container_free(ct);
	free(text);
	text = patched("linux.seccomp.syscalls[0].names", "[]");
	r = load(text, &ct, &pd, &err);
	CHECK(r == 0, "a seccomp rule with names [] is taken");
	if (r)
		printf("# %s\n", err.message);
	libct_process_desc_free(r == 0 ? pd : NULL);
	libct_container_free(ct);
	free(text);
	text = patched("process.capabilities", "{\"bounding\": [\"KILL\", \"sys_admin\", "
					       "\"cap_chown\", \"CAP_SETUID\"]}");
	r = load(text, &ct, &pd, &err);
	CHECK(r == 0 &&
		      pd->caps[LIBCT_CAP_BOUNDING] == ((1ULL << CAP_CHOWN) | (1ULL << CAP_SETUID)),
	      "capability names without CAP_ are skipped, CAP_ in any case taken");
	libct_process_desc_free(r == 0 ? pd : NULL);
	libct_container_free(ct);
	free(text);

	/* no capabilities object: none at all, as runc and crun (not the
	 * library's default for a description without caps, every one) */
	text = patched("process.capabilities", NULL);
	r = load(text, &ct, &pd, &err);
	CHECK(r == 0 && pd->caps_set && !pd->caps[LIBCT_CAP_BOUNDING] &&
		      !pd->caps[LIBCT_CAP_EFFECTIVE] && !pd->caps[LIBCT_CAP_INHERITABLE] &&
		      !pd->caps[LIBCT_CAP_PERMITTED] && !pd->caps[LIBCT_CAP_AMBIENT],
	      "no capabilities object: all five sets empty");
	libct_process_desc_free(r == 0 ? pd : NULL);
	libct_container_free(ct);
	free(text);

	/* libct_oci_load reads BUNDLE/config.json */
	{
		char path[128];
		FILE *f;

		snprintf(path, sizeof(path), "%s/config.json", bundle);
		f = fopen(path, "w");
		fputs(full, f);
		fclose(f);
		ct = new_ct();
		r = libct_oci_load(ct, bundle, &pd, &err);
		CHECK(r == 0, "libct_oci_load from the bundle");
		if (r == 0)
			libct_process_desc_free(pd);
		libct_container_free(ct);
		unlink(path);
		ct = new_ct();
		r = libct_oci_load(ct, bundle, &pd, &err);
		CHECK(r == -ENOENT, "libct_oci_load without config.json");
		CHECK_CONTAINS(err.message, "config.json': No such file or directory",
			       "missing config.json message");
		libct_container_free(ct);
	}
}

/* maskedPaths and readonlyPaths: a relative path is the root's, an empty
 * one is skipped (as runc and crun). */
static void check_relative_paths(void)
{
	struct libct_error err = { 0 };
	struct libct_container *ct;
	struct libct_process_desc *pd;
	char *text = patched("linux.maskedPaths", "[\"proc/kcore\", \"\", \"./etc/x\", \"/a\"]");
	int r = load(text, &ct, &pd, &err);

	CHECK(r == 0, "relative maskedPaths are accepted");
	if (r == 0) {
		char **m = ct->cfg.masked_paths;

		CHECK(lct_strv_len(m) == 3 && strcmp(m[0], "/proc/kcore") == 0 &&
			      strcmp(m[1], "/./etc/x") == 0 && strcmp(m[2], "/a") == 0,
		      "maskedPaths: relative ones from the root, the empty one skipped");
		libct_process_desc_free(pd);
	} else {
		printf("# %s\n", err.message);
	}
	libct_container_free(ct);
	free(text);
	text = patched("linux.readonlyPaths", "[\"proc/sys\", \"\"]");
	r = load(text, &ct, &pd, &err);
	CHECK(r == 0 && lct_strv_len(ct->cfg.readonly_paths) == 1 &&
		      strcmp(ct->cfg.readonly_paths[0], "/proc/sys") == 0,
	      "readonlyPaths: a relative one from the root, the empty one skipped");
	if (r == 0)
		libct_process_desc_free(pd);
	libct_container_free(ct);
	free(text);
}

/* libct_oci_load_process_file: a bare "process" object, as `exec --process`. */
static void check_process_file(void)
{
	struct libct_error err = { 0 };
	struct libct_process_desc *pd = NULL;
	char path[128];
	FILE *f;
	int r;

	snprintf(path, sizeof(path), "%s/process.json", bundle);
	f = fopen(path, "w");
	fputs("{\"args\": [\"ls\", \"-l\"], \"cwd\": \"/srv\", \"user\": {\"uid\": 7, \"gid\": 8},"
	      " \"capabilities\": {\"bounding\": [\"CAP_KILL\"]}, \"terminal\": false}",
	      f);
	fclose(f);
	r = libct_oci_load_process_file(path, &pd, &err);
	CHECK(r == 0, "process file loads");
	if (r == 0) {
		CHECK(lct_strv_len(pd->argv) == 2 && strcmp(pd->cwd, "/srv") == 0 && pd->uid == 7 &&
			      pd->caps[LIBCT_CAP_BOUNDING] == (1ULL << CAP_KILL),
		      "process file fields");
		libct_process_desc_free(pd);
	}
	/* without cwd: refused (runc, crun), as in config.json */
	f = fopen(path, "w");
	fputs("{\"args\": [\"ls\"]}", f);
	fclose(f);
	r = libct_oci_load_process_file(path, &pd, &err);
	CHECK(r == -EINVAL, "process file without cwd is refused");
	CHECK_CONTAINS(err.message, "process.cwd: missing", "its message");
	/* without capabilities: none set, the container's are merged at exec */
	f = fopen(path, "w");
	fputs("{\"args\": [\"ls\"], \"cwd\": \"/\"}", f);
	fclose(f);
	r = libct_oci_load_process_file(path, &pd, &err);
	CHECK(r == 0 && !pd->caps_set, "process file without capabilities: the container's");
	if (r == 0)
		libct_process_desc_free(pd);
	f = fopen(path, "w");
	fputs("{\"args\": [], \"cwd\": \"/\"}", f);
	fclose(f);
	r = libct_oci_load_process_file(path, &pd, &err);
	CHECK(r == -EINVAL, "process file without args is refused");
	CHECK_CONTAINS(err.message, "process.args: must be a non-empty array of strings",
		       "process file message");
	f = fopen(path, "w");
	fputs("{\"args\": [\"x\"]", f);
	fclose(f);
	r = libct_oci_load_process_file(path, &pd, &err);
	CHECK_CONTAINS(err.message, "process.json: invalid JSON at line 1", "process file syntax");
	unlink(path);
	r = libct_oci_load_process_file(path, &pd, &err);
	CHECK(r == -ENOENT, "missing process file");
}

static void check_spec(void)
{
	for (int rootless = 0; rootless <= 1; rootless++) {
		struct libct_error err = { 0 };
		struct libct_container *ct;
		struct libct_process_desc *pd;
		char *text = libct_oci_default_spec(rootless);
		int r;

		CHECK(text != NULL, "default spec (rootless %d)", rootless);
		if (!text)
			continue;
		CHECK(strstr(text, "\n\t\"ociVersion\": \"1.2.0\"") != NULL,
		      "  tab-indented, ociVersion 1.2.0");
		CHECK(!strstr(text, "\\/"), "  slashes are not escaped");
		r = load(text, &ct, &pd, &err);
		CHECK(r == 0, "  parses back");
		if (r) {
			printf("# %s\n", err.message);
			free(text);
			continue;
		}
		CHECK(pd->terminal && strcmp(pd->argv[0], "sh") == 0, "  sh on a terminal");
		CHECK(ct->cfg.n_mounts == 7 && lct_strv_len(ct->cfg.masked_paths) == 10 &&
			      lct_strv_len(ct->cfg.readonly_paths) == 5,
		      "  mounts, masked and readonly paths");
		CHECK(pd->caps[LIBCT_CAP_BOUNDING] ==
			      ((1ULL << CAP_AUDIT_WRITE) | (1ULL << CAP_KILL) |
			       (1ULL << CAP_NET_BIND_SERVICE)),
		      "  capabilities");
		CHECK(pd->n_rlimits == 1 && pd->rlimits[0].soft == 1024, "  rlimits");
		if (rootless)
			CHECK(ct->cfg.ns_want[LIBCT_NS_USER] && !ct->cfg.ns_want[LIBCT_NS_NET] &&
				      ct->cfg.n_uid_maps == 1 &&
				      ct->cfg.uid_maps[0].host_id == geteuid() &&
				      ct->cfg.res.n_dev_rules == 0 && ct->cfg.mounts[5].bind,
			      "  rootless: user ns, id map, no network ns, /sys bind");
		else
			CHECK(!ct->cfg.ns_want[LIBCT_NS_USER] && ct->cfg.ns_want[LIBCT_NS_NET] &&
				      ct->cfg.res.n_dev_rules == 1,
			      "  namespaces and device rule");
		libct_process_desc_free(pd);
		libct_container_free(ct);
		free(text);
	}
}

static void check_state(void)
{
	struct libct_error err = { 0 };
	struct libct_container *ct = new_ct();
	struct json_object *st;
	char *text;

	libct_container_set_bundle(ct, "/b/x", &err);
	libct_container_add_annotation(ct, "k", "v", &err);
	text = libct_oci_state_json(ct);
	CHECK(text != NULL, "state json");
	st = text ? json_tokener_parse(text) : NULL;
	CHECK(st != NULL, "state json parses");
	if (st) {
		struct json_object *v;

		CHECK_STR(json_object_get_string(json_object_object_get(st, "ociVersion")), "1.2.0",
			  "state ociVersion");
		CHECK_STR(json_object_get_string(json_object_object_get(st, "id")),
			  libct_container_id(ct), "state id");
		CHECK_STR(json_object_get_string(json_object_object_get(st, "bundle")), "/b/x",
			  "state bundle");
		CHECK(json_object_object_get_ex(st, "pid", &v) &&
			      json_object_is_type(v, json_type_int) && json_object_get_int(v) == 0,
		      "pid 0 without init, as `runc state`");
		CHECK(!json_object_object_get_ex(st, "rootfs", &v), "no rootfs without a root");
		CHECK(json_object_object_get_ex(st, "status", &v), "state status");
		CHECK_STR(json_object_get_string(
				  json_object_object_get(json_object_object_get(st, "annotations"),
							 "k")),
			  "v", "state annotations");
		CHECK(strstr(text, "\n  \"id\": ") != NULL, "two-space indentation");
		json_object_put(st);
	}
	free(text);
	libct_container_set_root(ct, "/b/x/rootfs", false, &err);
	text = libct_oci_state_json(ct);
	st = text ? json_tokener_parse(text) : NULL;
	CHECK_STR(st ? json_object_get_string(json_object_object_get(st, "rootfs")) : NULL,
		  "/b/x/rootfs", "state rootfs: the root's path");
	json_object_put(st);
	free(text);
	libct_container_free(ct);
}

int main(void)
{
	char dir[] = "/tmp/ct-unit-oci-XXXXXX";
	struct libct_error err = { 0 };
	char path[128];
	FILE *f;

	if (!mkdtemp(dir) || libct_session_new(dir, &sess, &err) < 0) {
		printf("Bail out! session: %s\n", err.message);
		return 1;
	}
	snprintf(bundle, sizeof(bundle), "%s/bundle", dir);
	snprintf(path, sizeof(path), "%s/rootfs", bundle);
	if (mkdir(bundle, 0755) < 0 || mkdir(path, 0755) < 0) {
		printf("Bail out! mkdir %s\n", path);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/config-file", bundle);
	f = fopen(path, "w");
	if (f)
		fclose(f);

	check_full();
	check_bad();
	check_misc();
	check_relative_paths();
	check_process_file();
	check_spec();
	check_state();

	libct_session_free(sess);
	if (system(NULL)) {
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			printf("# could not remove %s\n", dir);
	}
	return tap_done();
}
